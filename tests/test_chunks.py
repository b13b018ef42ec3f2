"""Long texts are analysed in chunks cut at paragraph ends; the joined Report equals the Report
of the whole text wherever no attribution crosses a paragraph, with every offset, index and id
moved into the whole document."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import INPUTS_PARAGRAPHS, INPUTS_TITLE

from newsclaims import chunks
from newsclaims.ingest.text import from_text
from newsclaims.pipeline import analyze_document

TEXT = INPUTS_TITLE + "\n\n" + "\n\n".join(INPUTS_PARAGRAPHS)


def _analyse(monkeypatch, chunk_chars: int):
    monkeypatch.setenv("NEWSCLAIMS_CHUNK_CHARS", str(chunk_chars))
    document = from_text(TEXT, lang="de")
    return document, analyze_document(document, lang="de", published=dt.date(2025, 3, 4))


def _view(report):
    """Everything compared, with references shown as what they point at (ids may be numbered
    differently: a chunk numbers its records from 1)."""
    at = {r.id: (r.text, r.start) for r in (*report.entities, *report.quantities, *report.times)}
    quantities = [(q.text, q.start, q.low, q.high, q.category, q.counted and q.counted.text,
                   q.source and q.source.text, q.certainty, q.time and at[q.time.id]) for q in report.quantities]
    return {
        "quantities": quantities,
        "entities": [(e.text, e.start, e.kind, e.norm.code) for e in report.entities],
        "times": [(t.text, t.start, t.value) for t in report.times],
        "claims": [(c.start, c.end, c.sentence, [at[i] for i in c.quantities], [at[i] for i in c.entities], c.role)
                   for c in report.claims],
        "sentences": [(s.index, s.start, s.end, s.block) for s in report.document.sentences],
        "tone": (report.tone.score, [(s.kind, s.start) for s in report.tone.signals],
                 [(s.index, s.score) for s in report.tone.sentences]),
    }


def test_split_cuts_at_block_ends(monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_CHUNK_CHARS", "700")
    document = from_text(TEXT, lang="de")
    pieces = chunks.split(document)
    assert len(pieces) > 3
    block_ends = {b.end for b in document.blocks}
    assert all(p.end in block_ends for p in pieces)
    assert all(p.end - p.start <= 700 for p in pieces)
    assert [b.text for p in pieces for _, b in p.blocks] == [b.text for b in document.blocks]


def test_a_block_longer_than_a_chunk_is_cut_at_a_sentence_end(monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_CHUNK_CHARS", "120")
    document = from_text(INPUTS_PARAGRAPHS[1], lang="de")
    pieces = chunks.split(document)
    assert len(pieces) >= 3
    for piece in pieces[:-1]:
        assert document.text[piece.end - 2] in ".!?" and document.text[piece.end - 1] == " "


def test_chunked_report_equals_the_whole(monkeypatch):
    _, whole = _analyse(monkeypatch, 1_000_000)
    document, chunked = _analyse(monkeypatch, 700)
    assert len(chunks.split(document)) > 3
    assert _view(chunked) == _view(whole)
    assert chunked.document.id == whole.document.id and chunked.document.blocks == whole.document.blocks
    for path, span in chunked.spans():
        assert chunked.document.text[span.start:span.end] == span.text, path


def test_ids_stay_unique_and_references_resolve(monkeypatch):
    _, report = _analyse(monkeypatch, 400)
    for records in (report.entities, report.quantities, report.times, report.claims):
        ids = [r.id for r in records]
        assert len(ids) == len(set(ids))
    entity_ids, quantity_ids = {e.id for e in report.entities}, {q.id for q in report.quantities}
    time_ids = {t.id for t in report.times}
    for claim in report.claims:
        assert set(claim.quantities) <= quantity_ids and set(claim.entities) <= entity_ids
    assert all(q.time.id in time_ids for q in report.quantities if q.time)
    assert all(q.source.entity in entity_ids for q in report.quantities if q.source and q.source.entity)


@pytest.mark.parametrize("size", [1_000_001])
def test_texts_over_spacys_limit_are_analysed(size):
    paragraph = INPUTS_PARAGRAPHS[1]
    text = "\n\n".join([paragraph] * (size // (len(paragraph) + 2) + 1))
    report = analyze_document(from_text(text, lang="de"), lang="de")
    assert len(report.document.text) >= size
    assert len(report.quantities) >= 2 * (size // (len(paragraph) + 2))
    last = report.quantities[-1]
    assert report.document.text[last.start:last.end] == last.text
