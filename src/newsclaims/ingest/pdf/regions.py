"""Text that is not the article's running text: framed boxes (sidebars, quote boxes) and captions.

A drawn rectangle holding some but not most of a page's words frames a box; an image, or a
rectangle holding no words (an image placeholder), carries a caption: lines in smaller type
right under it (or, failing that, right over it), within its width.
"""

from __future__ import annotations

from dataclasses import dataclass

from .words import Graphic, PageContent, Word

BOX_MAX_SHARE = 0.6      # a rectangle around more of the page's words than this is a page frame
MAX_GRAPHICS = 60        # only the largest graphics are looked at (vector art has thousands)
CAPTION_SIZE = 0.95      # caption type is at most this share of the body type
CAPTION_GAP = 2.2        # the first caption line is at most this many of its ems from the image
CAPTION_PITCH = 1.9      # caption lines follow each other at most this many ems apart


@dataclass
class Region:
    kind: str            # "sidebar" or "caption"
    words: list[Word]


def split_regions(page: PageContent, body_size: float) -> tuple[list[Word], list[Region]]:
    """The page's running-text words, and its boxes and captions (in page order, top first)."""
    graphics = sorted(page.graphics, key=lambda g: -(g.x1 - g.x0) * (g.y1 - g.y0))[:MAX_GRAPHICS]
    words = page.words
    regions: list[tuple[Graphic, Region]] = []
    taken: set[int] = set()
    figures = []
    for g in graphics:
        inside = [w for w in words if id(w) not in taken and g.holds(w)]
        if g.image or not inside:
            if not any(g.holds(w) for w in words):
                figures.append(g)
            continue
        if len(inside) > BOX_MAX_SHARE * len(words) or len({round(w.y) for w in inside}) < 2:
            continue  # a page frame, or a highlight behind a line of running text
        taken.update(id(w) for w in inside)
        regions.append((g, Region("sidebar", inside)))
    for g in figures:
        caption = _caption(g, [w for w in words if id(w) not in taken], body_size)
        if caption:
            taken.update(id(w) for w in caption)
            regions.append((g, Region("caption", caption)))
    regions.sort(key=lambda gr: (-gr[0].y1, gr[0].x0))
    return [w for w in words if id(w) not in taken] if taken else list(words), [r for _, r in regions]


def _caption(fig: Graphic, words: list[Word], body_size: float) -> list[Word]:
    near = [w for w in words if fig.x0 - 2 <= (w.x0 + w.x1) / 2 <= fig.x1 + 2 and w.size <= CAPTION_SIZE * body_size]
    below = _follow(sorted((w for w in near if w.top <= fig.y0 + 1), key=lambda w: -w.y), fig.y0, down=True)
    return below or _follow(sorted((w for w in near if w.bottom >= fig.y1 - 1), key=lambda w: w.y), fig.y1, down=False)


def _follow(words: list[Word], edge: float, *, down: bool) -> list[Word]:
    """Lines of small type that start next to the image's edge and follow each other closely."""
    out: list[Word] = []
    prev = edge
    for w in words:
        gap = (prev - w.y) if down else (w.y - prev)
        if out and abs(w.y - out[-1].y) <= 0.3 * w.size:
            out.append(w)  # the same line
            continue
        limit = CAPTION_GAP * w.size if not out else CAPTION_PITCH * w.size
        if gap > limit:
            break
        out.append(w)
        prev = w.y
    return out
