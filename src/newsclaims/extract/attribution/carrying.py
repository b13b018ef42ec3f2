"""Carrying: a source named in another sentence than the figure (docs/attribution.md, *Scope*).

The annotation contract (docs/annotation.md, closing conventions) lets attribution run through
a paragraph only when reported speech carries it: Konjunktiv I, "demnach", "hieß es",
"according to the same report". So a sentence whose source is such a carry (a ``carried`` or
``prev`` frame) opens a reported stretch: the figures of the sentences after it in its
paragraph keep that source, and so do those before it back to the paragraph's start or the
last sentence with a source of its own. The stretch ends at a sentence with a source of its
own, at a sentence without figures that is not reported speech (the writer speaks again:
"Die Lage war schon vorher schlecht."), and at the paragraph's end. A plain indicative
sentence after "..., the ministry said." is the writer's (contract: otherwise asserted).
A sentence without figures that announces figures ("Die Polizei hat Bilanz gezogen.") names
the origin of the figures right after it in its paragraph (contract G: an adjacent sentence
that names the origin), up to a sentence with a source or none of either.
Everything here is position and structure; which words make a frame or reported speech is
the language's data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SentenceInfo:
    """What the scope rule needs to know of one sentence."""

    block: int  # the paragraph (layout block) it stands in
    sourced: bool  # it names a source (a frame with a mention)
    reporting: bool  # that source is carried by reported speech ("demnach", Konjunktiv I)
    figures: bool  # it holds a figure
    links_back: bool = False  # it names the origin of figures before it ("These data are from X")
    announces: bool = False  # it announces the figures after it ("Die Polizei hat Bilanz gezogen.")


def carry_scope(sentences: list[SentenceInfo]) -> dict[int, int]:
    """Sentence index -> the index of the reporting sentence whose source covers it.

    Only sentences without a source of their own are keys."""
    out: dict[int, int] = {}
    for i, s in enumerate(sentences):
        if s.sourced and s.reporting:
            out.update({j: i for j in _before(sentences, i)})
        if s.sourced and s.announces and not s.figures:
            out.update({j: i for j in _after(sentences, i)})
    note = _closing_note(sentences)
    if note is not None:
        first = sentences[0].block
        out.update({j: note for j, s in enumerate(sentences[:note])
                    if s.figures and not s.sourced and s.block != first and j not in out})
    return out


def _closing_note(sentences: list[SentenceInfo]) -> int | None:
    """A closing paragraph without figures whose first sentence names the origin of the
    figures before it ("These data are from the statistics office."): the source of every
    figure of the body that nothing else attributes."""
    if not sentences:
        return None
    last = sentences[-1].block
    start = next(i for i, s in enumerate(sentences) if s.block == last)
    if start == 0 or any(s.figures for s in sentences[start:]) or not sentences[start].links_back:
        return None
    return start


def _after(sentences: list[SentenceInfo], i: int) -> list[int]:
    """The sentences with figures and no source after ``i`` in its paragraph, up to the
    paragraph's end or a sentence with a source or none of either."""
    out = []
    for j in range(i + 1, len(sentences)):
        s = sentences[j]
        if s.block != sentences[i].block or s.sourced or not s.figures:
            break
        out.append(j)
    return out


def _before(sentences: list[SentenceInfo], i: int) -> list[int]:
    """The sentences with figures and no source before ``i`` in its paragraph, back to the
    paragraph's start or a sentence with a source or none of either."""
    out = []
    for j in range(i - 1, -1, -1):
        s = sentences[j]
        if s.block != sentences[i].block or s.sourced or not s.figures:
            break
        out.append(j)
    return out
