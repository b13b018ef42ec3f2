"""A readable terminal summary: headline, structure, then every figure with its source."""

from __future__ import annotations

from ..report import Report
from .labels import category, interval, source_kind


def to_text(report: Report) -> str:
    d = report.document
    out = [f"{d.title or '(no headline)'}", f"  lang={d.lang} published={d.published or 'unknown'} id={d.id}"]
    if d.standfirst:
        out.append(f"  standfirst: {d.standfirst}")
    heads = [b.text for b in d.blocks if b.kind == "subheading"]
    if heads:
        out.append("  subheadings: " + " | ".join(heads))
    out.append(f"  {len(d.blocks)} blocks, {len(d.sentences)} sentences, tone {report.tone.score:.0f}/100")
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
