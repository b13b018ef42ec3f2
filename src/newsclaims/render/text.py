"""A readable terminal summary: headline, structure, then every figure with its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import Stream, count, renderer
from .labels import category, interval, source_kind

if TYPE_CHECKING:
    from ..report import Report


def _piece(report: "Report") -> str:
    return to_text(report)


@renderer("text", suffix=".txt", help="a readable summary: headline, structure, every figure with its source",
          stream=Stream(piece=_piece, sep="\n\n", tail="\n"))
def to_text(report: "Report") -> str:
    d = report.document
    out = [f"{d.title or '(no headline)'}", f"  lang={d.lang} published={d.published or 'unknown'} id={d.id}"]
    if d.standfirst:
        out.append(f"  standfirst: {d.standfirst}")
    heads = [b.text for b in d.blocks if b.kind == "subheading"]
    if heads:
        out.append("  subheadings: " + " | ".join(heads))
    out.append(f"  {count(len(d.blocks), 'block')}, {count(len(d.sentences), 'sentence')}, tone {report.tone.score:.0f}/100")
    if report.quantities:
        out.append("")
        out.append("Figures")
    for q in report.quantities:
        src = f"{q.source.name} ({source_kind(q.source.kind, d.lang)})" if q.source else "no source"
        counted = q.counted.text if q.counted else "?"
        when = f", {q.time.text}" if q.time else ""
        out.append(f"  {q.start:>6}  {q.text!r} = {interval(q, d.lang)}, {category(q.category, d.lang)}: {counted}"
                   f" | {src} | {q.certainty}{when}")
    for w in report.warnings:
        out.append(f"warning: {w}")
    return "\n".join(out)
