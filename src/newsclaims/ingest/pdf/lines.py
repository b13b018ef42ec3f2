"""Words to lines, and lines to pieces: the paragraphs, headings and boxes of one column chunk.

A piece ends where the line gap grows (PARAGRAPH_GAP times the chunk's usual pitch for that
type), where a first-line indent starts a paragraph, and where the type changes size or weight.
"""

from __future__ import annotations

import statistics
from operator import attrgetter
from dataclasses import dataclass

from .words import SOFT_HYPHEN, Word

PARAGRAPH_GAP = 1.2      # a line gap this many times the usual pitch starts a paragraph (lines of
                         # one paragraph keep their pitch to a fraction of a point)
INDENT_EM = 0.8          # a first-line indent of at least this many ems starts a paragraph
SIZE_CHANGE = 1.12       # type this much larger or smaller than the line before starts a piece
BOLD_SHARE = 0.6         # a line with at least this share of bold letters is a bold line


@dataclass
class Line:
    words: list[Word]
    x0: float = 0.0
    x1: float = 0.0
    y: float = 0.0
    size: float = 0.0
    bold: bool = False
    text: str = ""

    def __post_init__(self):
        words = self.words
        self.x0, self.x1, self.y = words[0].x0, words[-1].x1, words[0].y
        self.size = max(w.size for w in words)
        texts = [w.text for w in words]
        letters = sum(map(len, texts))
        self.bold = sum(len(w.text) for w in words if w.bold) >= BOLD_SHARE * letters
        # a line-end hyphen (soft or not) becomes a plain '-', which the layout repair keeps or joins
        text = " ".join(texts).replace(SOFT_HYPHEN, "-")
        self.text = text[:-1] + "-" if text.endswith("\u00ad") else text


@dataclass
class Piece:
    lines: list[Line]
    page: int
    chunk: int                    # running number of the column chunk it came from
    left: float = 0.0             # the chunk's left and right edges
    right: float = 0.0
    kind: str = "paragraph"

    @property
    def size(self) -> float:
        return statistics.median(line.size for line in self.lines)

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def words(self) -> int:
        return sum(len(line.words) for line in self.lines)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def to_lines(words: list[Word]) -> list[Line]:
    """Words of one chunk as lines, top to bottom: a word within 0.35 em of a line's first
    baseline is on that line."""
    rows: list[list[Word]] = []
    base = reach = 0.0
    for w in sorted(words, key=attrgetter("y"), reverse=True):
        if rows and base - w.y <= reach:
            rows[-1].append(w)
        else:
            rows.append([w])
            base, reach = w.y, 0.35 * max(w.size, 1.0)
    for row in rows:
        row.sort(key=attrgetter("x0"))
    return [Line(row) for row in rows]


def to_pieces(lines: list[Line], page: int, chunk: int) -> list[Piece]:
    if not lines:
        return []
    pitch = _pitches(lines)
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    pieces = [Piece([lines[0]], page, chunk, left, right)]
    for prev, line in zip(lines, lines[1:]):
        gap = prev.y - line.y
        usual = pitch.get(line.size, 1.25 * line.size) if line.size == prev.size else 1.25 * max(line.size, prev.size)
        indent = INDENT_EM * line.size
        new = gap > PARAGRAPH_GAP * usual \
            or (line.x0 - left >= indent and prev.x0 - left < indent) \
            or max(line.size, prev.size) > SIZE_CHANGE * min(line.size, prev.size) \
            or line.bold != prev.bold
        if new:
            pieces.append(Piece([line], page, chunk, left, right))
        else:
            pieces[-1].lines.append(line)
    return pieces


def _pitches(lines: list[Line]) -> dict[float, float]:
    """The usual distance between consecutive lines of each type size."""
    gaps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.size == b.size and a.y > b.y:
            gaps.setdefault(a.size, []).append(a.y - b.y)
    return {size: statistics.median(g) for size, g in gaps.items()}
