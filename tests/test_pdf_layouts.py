"""PDFs as newspapers print them: each layout in ``pdf_layouts.LAYOUTS`` read back and compared
with the text it was made from (word-sequence similarity, block kinds, no page furniture)."""

from __future__ import annotations

import difflib

import pytest
from pdf_layouts import LAYOUTS, build

from newsclaims.ingest.pdf import from_pdf
from newsclaims.report import SourceInfo

BOXED = ("sidebar", "caption")


def similarity(expected: str, got: str) -> float:
    return difflib.SequenceMatcher(None, expected.split(), got.split(), autojunk=False).ratio()


@pytest.fixture(scope="module", params=LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def case(request):
    built = build(request.param)
    return request.param, built, from_pdf(built.data, SourceInfo(kind="pdf"), lang=request.param.lang)


def test_running_text_in_reading_order(case):
    layout, built, doc = case
    running = " ".join(b.text for b in doc.blocks if b.kind not in BOXED)
    assert similarity(" ".join(built.blocks), running) >= 0.98
    if layout.scramble:  # the order must come from the geometry: the stream's order is far off
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(built.data)
        stream = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert similarity(" ".join(built.blocks), stream) < 0.8


def test_blocks_are_the_paragraphs(case):
    layout, built, doc = case
    assert [b.text for b in doc.blocks if b.kind not in BOXED] == built.blocks


def test_block_kinds(case):
    layout, built, doc = case
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == ("headline", built.headline)
    assert kinds[1] == ("standfirst", built.standfirst)
    assert [t for k, t in kinds if k == "subheading"] == built.subheadings
    assert doc.title == built.headline


def test_boxes_and_captions_kept_apart(case):
    layout, built, doc = case
    for kind, expected in (("sidebar", built.sidebar), ("caption", built.caption)):
        got = " ".join(b.text for b in doc.blocks if b.kind == kind)
        if expected:
            assert similarity(expected, got) >= 0.98, kind
        else:
            assert got == "", kind


def test_no_furniture_and_no_hyphen_marks(case):
    layout, built, doc = case
    for text in built.furniture:
        assert text not in doc.text
    assert not any(ch in doc.text for ch in "\x02\ufffe\u00ad")
    for word in built.hyphenated:
        assert word in doc.text, word
    assert len(doc.pages) == built.pages
