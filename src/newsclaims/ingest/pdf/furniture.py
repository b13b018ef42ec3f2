"""Page furniture: running headers and footers, and page numbers.

The topmost and bottommost lines of a page are looked at, cut into pieces at wide gaps (a header
often has the paper's name on the left and the date on the right). A piece goes when its text,
digits aside, recurs on most pages, when it is a bare page number ("3", "- 3 -", "3/5", "iv"),
or, on the outermost line, when it is set smaller than the body type and stands apart from the
rest of the page (a header or footer of a one-page PDF).
"""

from __future__ import annotations

import re

from .lines import rows_by_baseline
from .words import Word

EDGE_LEVELS = 2            # lines this close to the top/bottom edge of a page may be headers/footers
REPEAT_SHARE = 0.5         # a header/footer recurs on at least this share of pages (and on 2+)
PIECE_GAP_EM = 1.5         # a gap this many ems wide cuts an edge line into pieces
SMALL_TYPE = 0.92          # furniture type is at most this share of the body type...
APART_EM = 1.8             # ...and its line stands at least this many body ems away from the next

_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_BARE_NUMBER = re.compile(rf"^[\W_]*(?:\d+|{_ROMAN})(?:[\W_]+\d+)?[\W_]*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def _pieces(row: list[Word]) -> list[list[Word]]:
    out = [[row[0]]]
    for a, b in zip(row, row[1:]):
        if b.x0 - a.x1 > PIECE_GAP_EM * max(a.size, b.size):
            out.append([])
        out[-1].append(b)
    return out


def _key(piece: list[Word]) -> str:
    return _DIGITS.sub("#", " ".join(w.text for w in piece).lower())


def _edges(words: list[Word]) -> list[tuple[list[Word], bool, float]]:
    """Edge pieces of a page: (words, on the outermost line, distance to the nearest other line)."""
    levels = sorted({w.y for w in words}, reverse=True)
    if not levels:
        return []
    # only words near the top and bottom baselines are grouped into rows (the rest is never edge)
    depth = 2 * EDGE_LEVELS + 2
    high, low = levels[min(depth, len(levels) - 1)], levels[-min(depth + 1, len(levels))]
    near = [w for w in words if w.y >= high or w.y <= low]
    rows = rows_by_baseline(near, 0.3)  # rows of furniture sit tighter than body lines
    top = rows[:EDGE_LEVELS]
    bottom = rows[-EDGE_LEVELS:] if len(rows) > EDGE_LEVELS else []
    edge = top + [r for r in bottom if not any(r is t for t in top)]
    out = []
    for row in edge:
        index = next(i for i, r in enumerate(rows) if r is row)
        outer = index in (0, len(rows) - 1)
        neighbours = [rows[j][0].y for j in (index - 1, index + 1) if 0 <= j < len(rows)]
        apart = min((abs(row[0].y - y) for y in neighbours), default=0.0)
        out.extend((piece, outer, apart) for piece in _pieces(row))
    return out


def remove_furniture(pages: list[list[Word]], body_size: float) -> list[list[Word]]:
    """The pages' words without running headers, footers and page numbers."""
    edges = [_edges(words) for words in pages]
    counts: dict[str, int] = {}
    for page in edges:
        for key in {_key(piece) for piece, _, _ in page}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= 2 and n >= REPEAT_SHARE * len(pages)}
    out = []
    for words, page in zip(pages, edges):
        drop = set()
        for piece, outer, apart in page:
            text = " ".join(w.text for w in piece)
            small = outer and max(w.size for w in piece) <= SMALL_TYPE * body_size and apart >= APART_EM * body_size
            if _key(piece) in repeated or _BARE_NUMBER.match(text) or small:
                drop.update(id(w) for w in piece)
        out.append([w for w in words if id(w) not in drop] if drop else list(words))
    return out
