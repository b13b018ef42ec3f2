"""Long reports in chunks, so that any text up to the input limit is analysed in linear time.

spaCy refuses texts over ``nlp.max_length`` and no extractor needs more context than a few
paragraphs. A text over the ``chunk_chars`` setting is cut at block ends (a block longer than
that at a sentence end, else at a space); each chunk is analysed on its own, and the partial
Reports are joined with every offset, sentence and block index and id moved into the whole
document. What is lost: attribution and time links across a chunk border, which lies between
paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import settings
from .ingest.document import Document
from pydantic import BaseModel

from .report import Block, Report, Span

_SENTENCE_END = re.compile(r"[.!?…]\s")
_ID = re.compile(r"([a-z]+)(\d+)")


@dataclass
class Piece:
    """One chunk: where it lies in the whole text, and which original block each of its blocks is."""

    start: int
    end: int
    blocks: list[tuple[int, Block]]  # (index of the original block, the block in chunk offsets)


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut a too-long block between ``start`` and ``start + limit``."""
    window = text[start:start + limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 4)]
    if ends:
        return start + ends[-1]
    space = window.rfind(" ", limit // 4)
    return start + (space + 1 if space > 0 else limit)


def _spans_of(document: Document) -> list[tuple[int, int, int]]:
    """(original block index, start, end): the blocks, long ones cut into parts of at most the limit."""
    limit = settings.get("chunk_chars")
    blocks = document.blocks or [Block(kind="paragraph", text=document.text, start=0, end=len(document.text))]
    out = []
    for i, block in enumerate(blocks):
        start = block.start
        while block.end - start > limit:
            cut = _cut_point(document.text, start, limit)
            out.append((i, start, cut))
            start = cut
        out.append((i, start, block.end))
    return out


def split(document: Document) -> list[Piece]:
    """The chunks of a document (one, when it is short enough)."""
    limit = settings.get("chunk_chars")
    pieces: list[Piece] = []
    for index, start, end in _spans_of(document):
        if not pieces or end - pieces[-1].start > limit:
            pieces.append(Piece(start, end, []))
        piece = pieces[-1]
        piece.end = end
        kind = document.blocks[index].kind if document.blocks else "paragraph"
        piece.blocks.append((index, Block(kind=kind, text=document.text[start:end],
                                          start=start - piece.start, end=end - piece.start)))
    return pieces


def sub_document(document: Document, piece: Piece, *, first: bool) -> Document:
    """The chunk as a Document of its own; the ingest warnings travel with the first chunk."""
    return replace(document, text=document.text[piece.start:piece.end], blocks=[b for _, b in piece.blocks],
                   pages=[], warnings=list(document.warnings) if first else [])


def analyse_in_chunks(document: Document, analyse: Callable[[Document], Report]) -> Report:
    """``analyse`` over each chunk, joined into one Report over the whole document."""
    if len(document.text) <= settings.get("chunk_chars"):  # nearly every report: no block copies
        return analyse(document)
    pieces = split(document)
    if len(pieces) == 1:
        return analyse(document)
    parts = [(piece, analyse(sub_document(document, piece, first=i == 0))) for i, piece in enumerate(pieces)]
    return join(document, parts)


class _Shift:
    """Moves one partial Report into the whole document: offsets, indices, ids."""

    def __init__(self, offset: int, sentences: int, blocks: dict[int, int], ids: dict[str, str]):
        self.offset, self.sentences, self.blocks, self.ids = offset, sentences, blocks, ids
        self.seen: set[int] = set()  # records shared by several parents (a cue, a source) move once

    def id(self, value: str | None) -> str | None:
        return self.ids.get(value, value) if value else value

    def walk(self, node) -> None:
        if isinstance(node, list):
            for item in node:
                self.walk(item)
            return
        if not isinstance(node, BaseModel) or id(node) in self.seen:
            return
        self.seen.add(id(node))
        # the field values changed in place, as pydantic's setattr does (it marks them set)
        values, changed = node.__dict__, node.__pydantic_fields_set__
        if isinstance(node, Span):
            values["start"] += self.offset
            values["end"] += self.offset
            changed.update(("start", "end"))
        for name, value in values.items():
            if name in ("id", "entity") and isinstance(value, str):
                values[name] = self.id(value)
            elif name in ("quantities", "entities") and value and isinstance(value[0], str):
                values[name] = [self.id(v) for v in value]
            elif name in ("sentence", "index") and isinstance(value, int):
                values[name] = value + self.sentences
            elif name == "block" and isinstance(value, int):
                values[name] = self.blocks.get(value, value)
            else:
                if isinstance(value, (list, BaseModel)):  # a plain value has nothing to move
                    self.walk(value)
                continue
            changed.add(name)


def _new_ids(part: Report, counts: dict[str, int]) -> dict[str, str]:
    """The part's record ids renumbered after those of the parts before it ("e3" -> "e41")."""
    out = {}
    for record in (*part.entities, *part.quantities, *part.times, *part.claims):
        m = _ID.fullmatch(record.id)
        prefix = m.group(1) if m else record.id.rstrip("0123456789")
        counts[prefix] = counts.get(prefix, 0) + 1
        out[record.id] = f"{prefix}{counts[prefix]}"
    return out


def join(document: Document, parts: list[tuple[Piece, Report]]) -> Report:
    """One Report from the partial Reports of consecutive chunks."""
    from .extract.tone.signals import article_score

    first = parts[0][1]
    whole = first.clone()
    whole.entities, whole.quantities, whole.times, whole.claims, whole.warnings = [], [], [], [], []
    whole.tone.signals, whole.tone.sentences, whole.document.sentences = [], [], []
    counts: dict[str, int] = {}
    for piece, part in parts:
        shift = _Shift(piece.start, len(whole.document.sentences),
                       {i: original for i, (original, _) in enumerate(piece.blocks)}, _new_ids(part, counts))
        for name in ("entities", "quantities", "times", "claims"):
            records = getattr(part, name)
            shift.walk(records)
            getattr(whole, name).extend(records)
        shift.walk(part.document.sentences)
        whole.document.sentences.extend(part.document.sentences)
        shift.walk(part.tone.signals)
        shift.walk(part.tone.sentences)
        whole.tone.signals.extend(part.tone.signals)
        whole.tone.sentences.extend(part.tone.sentences)
        whole.warnings.extend(w for w in part.warnings if w not in whole.warnings)
    whole.document.id, whole.document.text = document.id, document.text
    whole.document.blocks, whole.document.pages = document.blocks, document.pages
    whole.tone.score = article_score(whole.tone.signals, document.text)
    return whole
