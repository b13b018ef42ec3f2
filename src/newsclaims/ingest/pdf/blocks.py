"""Pieces to a Document: block kinds from the type, the text repaired like plain text, boxes and
captions kept apart, and the page map.

Kinds come from the geometry: the largest type on page one (if clearly larger than the body) is
the headline, bold or larger type right after it the standfirst, a short bold or larger line in
the running text a subheading, a long passage in much larger type a pull quote (a sidebar).
Where the type tells nothing (one size throughout) the plain-text rules decide
(``LayoutRepair._kind``).

The running text between two headings goes through the shared layout repair in one piece, so
that a sentence cut by a column or page break is joined and line-end hyphens are undone exactly
as for plain text. Boxes and captions are repaired on their own and placed after the running
text block in which their page ends, never inside a sentence.
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass

from ... import settings
from ..text import TERMINAL, LayoutRepair
from .lines import Piece

TITLE_SIZE = 1.15        # the headline's type is at least this much larger than the body type
STANDFIRST_SIZE = 1.05   # a standfirst is bold or at least this much larger than the body type
SUBHEADING_SIZE = 1.1    # a subheading is bold or at least this much larger
SPANNING = 1.3           # a piece this much wider than the usual column runs across the columns
QUOTE_SIZE = 1.3         # a passage this much larger, too long for a heading, is a pull quote
WORD_SPACE_EM = 0.3      # width of a word space in ems, for "would the next word have fit?"
BREAK = "\n\n\n"         # two blank lines: LayoutRepair reads them as a page or column break
HEADINGS = ("headline", "standfirst", "subheading")


@dataclass
class OutBlock:
    kind: str
    text: str
    pages: list[int]     # the page of each letter or digit of the text (once for a flow all on one page)


def classify(pieces: list[Piece], body_size: float) -> set[str]:
    """Sets each piece's kind from its type and place; returns the kinds found this way."""
    first = [p for p in pieces if p.page == 1]
    biggest = max((p.size for p in first), default=0.0)
    headline = biggest >= TITLE_SIZE * body_size
    column = statistics.median(p.right - p.left for p in pieces) if pieces else 0.0
    limit = settings.get("heading_max_words")
    # the first run of pieces in the largest type (a kicker line above it stays what it is)
    top = next((i for i, p in enumerate(pieces) if p.page == 1 and p.size >= biggest - 0.5), None) if headline else None
    prev = None
    for i, p in enumerate(pieces):
        if top is not None and i >= top and p.page == 1 and p.size >= biggest - 0.5 \
                and (i == top or prev.kind == "headline"):
            p.kind = "headline"
        elif prev is not None and prev.kind == "headline" and (p.bold or p.size >= STANDFIRST_SIZE * body_size
                                                               or p.right - p.left > SPANNING * column):
            p.kind = "standfirst"
        elif (p.bold or p.size >= SUBHEADING_SIZE * body_size) and p.words <= limit \
                and not p.text.rstrip().endswith("."):
            p.kind = "subheading"
        elif p.size >= QUOTE_SIZE * body_size and p.words > limit:
            p.kind = "sidebar"
        prev = p
    return {p.kind for p in pieces}


def merge_headings(pieces: list[Piece]) -> list[Piece]:
    """A heading cut in two (over two lines with a wide gap, or by a column break) is one piece."""
    out: list[Piece] = []
    for p in pieces:
        if out and p.kind == out[-1].kind and (p.kind in ("headline", "standfirst")
                                                or (p.kind == "subheading" and p.chunk != out[-1].chunk)):
            out[-1].lines.extend(p.lines)
        else:
            out.append(p)
    return out


def separator(prev: Piece, nxt: Piece) -> str:
    """Between two pieces of running text: a paragraph break within a column chunk; across a
    chunk, a line wrap when the sentence runs on and the next word would not have fit on the
    last line, else two blank lines left to the layout repair."""
    if prev.chunk == nxt.chunk:
        return "\n\n"
    last, first = prev.lines[-1], nxt.lines[0].words[0]
    room = (prev.right - prev.left) - (last.x1 - last.x0)
    open_end = last.text.rstrip()[-1:] not in TERMINAL
    fits = room >= (first.x1 - first.x0) + WORD_SPACE_EM * first.size
    same_type = max(last.size, first.size) <= 1.12 * min(last.size, first.size)
    return "\n" if open_end and not fits and same_type else BREAK


def repair(pieces: list[Piece], repairer: LayoutRepair, kind: str) -> list[OutBlock]:
    """Pieces of one flow (running text between headings, a heading, or one box) to repaired
    blocks of one kind, each with the page of every letter or digit. A flow on one page (the usual
    case) needs no count of letters: each of its blocks gets the page once (none without letters)."""
    raw, pages = [], []
    one_page = all(p.page == pieces[0].page for p in pieces)
    for i, p in enumerate(pieces):
        if i:
            raw.append(separator(pieces[i - 1], p))
        text = p.text
        raw.append(text)
        if not one_page:
            pages.extend([p.page] * _alnum(text))
        elif not pages and any(map(str.isalnum, text)):
            pages.append(p.page)
    if one_page:
        return [OutBlock(kind, text, list(pages)) for _, text in repairer("".join(raw))]
    out, seen = [], 0
    for _, text in repairer("".join(raw)):
        n = _alnum(text)
        mine = pages[seen:seen + n] or pages[-1:]
        out.append(OutBlock(kind, text, mine + mine[-1:] * (n - len(mine))))
        seen += n
    return out


def _alnum(text: str) -> int:
    """Letters and digits as the layout repair will see them (it composes to NFC first)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return sum(map(str.isalnum, text))


def flows(pieces: list[Piece]) -> list[list[Piece]]:
    """Running text cut at the headings: each heading alone, the text between in one flow."""
    out: list[list[Piece]] = []
    for p in pieces:
        if p.kind in HEADINGS or not out or out[-1][-1].kind in HEADINGS:
            out.append([p])
        else:
            out[-1].append(p)
    return out


def text_kinds(blocks: list[OutBlock], found: set[str]) -> None:
    """Running-text blocks that the type did not mark get the plain-text rules' kind, unless the
    type already found that kind of block (then the rule would only guess)."""
    if found.issuperset(HEADINGS):
        return
    texts = [b.text for b in blocks]
    for i, b in enumerate(blocks):
        if b.kind == "paragraph":
            kind = LayoutRepair._kind(i, b.text, texts)
            b.kind = kind if kind not in found else "paragraph"


def place_extras(running: list[OutBlock], extras: list[tuple[int, list[OutBlock]]]) -> list[OutBlock]:
    """Boxes and captions after the running block in which their page's running text ends."""
    after: dict[int, list[OutBlock]] = {}
    for page, blocks in extras:
        anchor = max((i for i, b in enumerate(running) if b.pages and min(b.pages) <= page), default=-1)
        after.setdefault(anchor, []).extend(blocks)
    out = list(after.get(-1, []))
    for i, b in enumerate(running):
        out.append(b)
        out.extend(after.get(i, []))
    return out
