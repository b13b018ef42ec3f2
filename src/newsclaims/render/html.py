"""The annotated article as HTML: every figure, source, certainty cue, time, entity and tone
signal of a Report highlighted in place, with details on hover (``title``) and on click (a
side panel fed from a JSON blob the page's script reads).

Article text is untrusted input. It is never inserted as markup: the text is split at every
span boundary and each piece is escaped with markupsafe. Spans never nest as elements: each
piece becomes at most one ``<span>`` carrying the classes of *all* annotations covering it, so
overlapping or crossing spans cannot produce broken HTML. Each annotation gets an anchor
(``<a id="nc-...">``) where it starts, so claims and tables can link back to the exact place.

Used by the web app (``newsclaims.web``) and usable on its own: ``to_html(report)`` returns a
complete, self-contained page (CSS and script inlined, nothing fetched).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from markupsafe import Markup, escape

from . import labels
from ..report import Attribution, Report, Span

# Display order in titles and the panel: the most specific annotation first.
KINDS = {
    "figure": "Figure",
    "counted": "What is counted",
    "source": "Source",
    "cue": "Certainty cue",
    "time": "Time",
    "entity": "Entity",
    "tone": "Tone signal",
    "claim": "Claim",
}
KIND_ORDER = list(KINDS)
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")

# Block kinds to the element that shows them.
BLOCK_TAGS = {
    "headline": ("h2", "headline"),
    "standfirst": ("p", "standfirst"),
    "subheading": ("h3", "subheading"),
    "caption": ("p", "caption"),
    "sidebar": ("aside", "sidebar"),
    "byline": ("p", "byline"),
    "dateline": ("p", "dateline"),
    "paragraph": ("p", "paragraph"),
}


@dataclass
class Annotation:
    """One highlighted span: ``id`` is unique within the page (used as ``nc-<id>`` anchor)."""

    id: str
    kind: str
    start: int
    end: int
    text: str
    summary: str  # one line for the hover title
    rows: list[tuple[str, str]] = field(default_factory=list)  # details for the panel
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, annotation id)

    @property
    def anchor(self) -> str:
        return f"nc-{self.id}"


def _safe_id(raw: str) -> str:
    return _SAFE_ID.sub("_", raw)[:80] or "x"


def _date(v) -> str:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else "–"


def _time_value(t) -> str:
    if t.value is None:
        return "unresolved"
    start, end = _date(t.value.start), _date(t.value.end)
    return start if start == end else f"{start} – {end}"


def _source_line(src: Attribution, lang: str | None) -> str:
    return f"{src.name} ({labels.source_kind(src.kind, lang)}): “{src.text}”"


class _Collector:
    def __init__(self, report: Report):
        self.report = report
        self.by_id: dict[str, Annotation] = {}
        self.by_span: dict[tuple[str, int, int], str] = {}
        self.lang = report.document.lang

    def add(self, ann: Annotation) -> str:
        base, n = ann.id, 1
        while ann.id in self.by_id:
            n += 1
            ann.id = f"{base}-{n}"
        self.by_id[ann.id] = ann
        self.by_span.setdefault((ann.kind, ann.start, ann.end), ann.id)
        return ann.id

    def shared(self, kind: str, span: Span, make) -> str:
        """An annotation shared by several records (a source named for three figures)."""
        key = (kind, span.start, span.end)
        if key in self.by_span:
            return self.by_span[key]
        return self.add(make())

    def source(self, src: Attribution) -> str:
        kind = labels.source_kind(src.kind, self.lang)
        rows = [("name", src.name), ("kind", kind), ("mention", src.text)]
        if src.frame:
            rows.append(("frame", src.frame.text))
        if src.relay:
            rows.append(("passed on by", src.relay.text))
        links = [("entity", self.entity_ids[src.entity])] if src.entity in self.entity_ids else []
        return self.shared("source", src, lambda: Annotation(
            f"src-{src.start}-{src.end}", "source", src.start, src.end, src.text,
            f"Source: {src.name} ({kind})", rows, links))

    def cue(self, cue) -> str:
        return self.shared("cue", cue, lambda: Annotation(
            f"cue-{cue.start}-{cue.end}", "cue", cue.start, cue.end, cue.text,
            f"Certainty cue: {cue.text} ({cue.kind})", [("cue", cue.text), ("kind", cue.kind)]))

    def collect(self) -> dict[str, Annotation]:
        """Every annotation, added in a fixed order (entities, times, figures, claims, tone): ids
        made unique by ``add`` depend on it."""
        r = self.report
        self.entity_ids = {e.id: self._entity(e) for e in r.entities}
        self.time_ids = {t.id: self._time(t) for t in r.times}
        self.figure_ids = {q.id: self._figure(q) for q in r.quantities}
        for c in r.claims:
            self._claim(c)
        for i, s in enumerate(r.tone.signals):
            self.add(Annotation(
                f"tone-{i}", "tone", s.start, s.end, s.text,
                f"Tone: {s.text} ({s.kind}, weight {s.weight:g})", [("signal", s.kind), ("weight", f"{s.weight:g}")]))
        return self.by_id

    def _entity(self, e) -> str:
        rows = [("kind", e.kind), ("name", e.norm.name)]
        if e.norm.code:
            rows.append(("code", e.norm.code))
        if e.role:
            rows.append(("role", e.role))
        if e.long_form:
            rows.append(("long form", e.long_form.text))
        code = f", {e.norm.code}" if e.norm.code else ""
        return self.add(Annotation(
            f"ent-{_safe_id(e.id)}", "entity", e.start, e.end, e.text,
            f"Entity: {e.norm.name} ({e.kind}{code})", rows))

    def _time(self, t) -> str:
        return self.add(Annotation(
            f"time-{_safe_id(t.id)}", "time", t.start, t.end, t.text,
            f"Time: {t.text} → {_time_value(t)} ({t.precision})",
            [("value", _time_value(t)), ("precision", t.precision), ("resolved", "yes" if t.resolved else "no")]))

    def _figure(self, q) -> str:
        """A figure's annotation; what it links to (counted phrase, source, cues, time) is added
        after it, so its links list is filled in afterwards."""
        words, cat = labels.interval(q, self.lang), labels.category(q.category, self.lang)
        rows = [("value", words), ("category", cat)]
        if q.unit:
            rows.append(("unit", labels.unit_label(q.unit, self.lang)))
        if q.counted:
            rows.append(("counted", q.counted.text))
        rows.append(("source", _source_line(q.source, self.lang) if q.source else "none named"))
        rows.append(("certainty", q.certainty))
        if q.cues:
            rows.append(("cues", ", ".join(f"{c.text} ({c.kind})" for c in q.cues)))
        rows += self._time_and_negation(q)
        links: list[tuple[str, str]] = []
        fid = self.add(Annotation(
            f"fig-{_safe_id(q.id)}", "figure", q.start, q.end, q.text,
            f"Figure: {q.text} = {words}, {cat}" + (f", source {q.source.name}" if q.source else "") + f", {q.certainty}",
            rows, links))
        if q.counted:
            links.append(("counted", self.shared("counted", q.counted, lambda: Annotation(
                f"cnt-{q.counted.start}-{q.counted.end}", "counted", q.counted.start, q.counted.end,
                q.counted.text, f"Counted: {q.counted.text} ({cat})", [("counted", q.counted.text), ("category", cat)]))))
        links += self._evidence_links(q)
        return fid

    def _claim(self, c) -> str:
        rows = [("role", c.role), ("check-worthiness", f"{c.checkworthiness:.2f}"), ("certainty", c.certainty),
                ("source", _source_line(c.source, self.lang) if c.source else "none named")]
        rows += self._time_and_negation(c)
        links = [("figure", self.figure_ids[q]) for q in c.quantities if q in self.figure_ids]
        links += [("entity", self.entity_ids[e]) for e in c.entities if e in self.entity_ids]
        links += self._evidence_links(c)
        return self.add(Annotation(
            f"claim-{_safe_id(c.id)}", "claim", c.start, c.end, c.text,
            f"Claim ({c.role}, check-worthiness {c.checkworthiness:.2f}, {c.certainty})", rows, links))

    @staticmethod
    def _time_and_negation(rec) -> list[tuple[str, str]]:
        """The time and negation rows of a figure or claim."""
        return ([("time", rec.time.text)] if rec.time else []) + ([("negated", "yes")] if rec.negated else [])

    def _evidence_links(self, rec) -> list[tuple[str, str]]:
        """Links of a figure or claim to its source, certainty cues and time (adding the shared
        source and cue annotations on first use)."""
        links = [("source", self.source(rec.source))] if rec.source else []
        links += [("cue", self.cue(c)) for c in rec.cues]
        if rec.time and rec.time.id in self.time_ids:
            links.append(("time", self.time_ids[rec.time.id]))
        return links


def annotations(report: Report) -> dict[str, Annotation]:
    """Every annotation of the report, keyed by page-unique id; spans outside the text are dropped."""
    n = len(report.document.text)
    anns = _Collector(report).collect()
    return {k: a for k, a in anns.items() if 0 <= a.start < a.end <= n}


def panel_data(anns: dict[str, Annotation]) -> dict:
    """The JSON the page's script shows in the side panel (embed with Jinja's ``tojson``)."""
    return {
        a.id: {"kind": KINDS[a.kind], "text": a.text, "rows": a.rows,
               "links": [[label, target, anns[target].text] for label, target in a.links if target in anns]}
        for a in anns.values()
    }


def _regions(report: Report) -> list[tuple[str, int, int]]:
    """(block kind, start, end) in text order; uncovered non-blank text becomes a paragraph."""
    text = report.document.text
    blocks = sorted((b for b in report.document.blocks if 0 <= b.start < b.end <= len(text)), key=lambda b: b.start)
    out, pos = [], 0
    for b in blocks:
        if b.start < pos:  # overlapping blocks: show the rest only
            if b.end <= pos:
                continue
            out.append((b.kind, pos, b.end))
        else:
            if text[pos:b.start].strip():
                out.append(("paragraph", pos, b.start))
            out.append((b.kind, b.start, b.end))
        pos = max(pos, b.end)
    if text[pos:].strip():
        out.append(("paragraph" if blocks else "plain", pos, len(text)))
    return out


def annotate(report: Report, anns: dict[str, Annotation] | None = None) -> Markup:
    """The article body as safe HTML with every annotation highlighted in place."""
    text = report.document.text
    anns = annotations(report) if anns is None else anns
    ordered = sorted(anns.values(), key=lambda a: (a.start, -a.end, KIND_ORDER.index(a.kind)))
    bounds = {0, len(text)}
    for a in ordered:
        bounds.update((a.start, a.end))
    anchored: set[str] = set()
    html: list[str] = []
    for kind, rstart, rend in _regions(report):
        tag, cls = BLOCK_TAGS.get(kind, ("p", "plain"))
        cuts = sorted(b for b in bounds if rstart < b < rend)
        points = [rstart, *cuts, rend]
        html.append(f'<{tag} class="block {cls}">')
        for a, b in zip(points, points[1:]):
            active = [x for x in ordered if x.start <= a and x.end >= b]
            for x in active:
                if x.id not in anchored:
                    anchored.add(x.id)
                    html.append(f'<a class="anchor" id="{escape(x.anchor)}"></a>')
            piece = escape(text[a:b])
            if not active:
                html.append(str(piece))
                continue
            active.sort(key=lambda x: KIND_ORDER.index(x.kind))
            classes = " ".join(dict.fromkeys(f"k-{x.kind}" for x in active))
            title = "\n".join(x.summary for x in active)
            ids = " ".join(x.id for x in active)
            focus = ' tabindex="0" role="button"' if any(x.kind != "claim" for x in active) else ""
            html.append(f'<span class="nc {classes}" data-ann="{escape(ids)}" title="{escape(title)}"{focus}>{piece}</span>')
        html.append(f"</{tag}>\n")
    return Markup("".join(html))


def claim_rows(report: Report, anns: dict[str, Annotation]) -> list[dict]:
    """Claims for the table, most check-worthy first, each with its anchor."""
    figures = {q.id: q for q in report.quantities}
    lang = report.document.lang
    rows = []
    for c in report.claims:
        anchor = f"nc-claim-{_safe_id(c.id)}"
        aid = anchor[3:]
        rows.append({
            "id": c.id, "anchor": anchor if aid in anns else None, "text": c.text, "role": c.role,
            "checkworthiness": c.checkworthiness, "certainty": c.certainty,
            "source": c.source.name if c.source else "",
            "source_kind": labels.source_kind(c.source.kind, lang) if c.source else "",
            "time": c.time.text if c.time else "", "negated": c.negated,
            "figures": [figures[q].text for q in c.quantities if q in figures],
        })
    rows.sort(key=lambda r: -r["checkworthiness"])
    return rows


def figure_rows(report: Report, anns: dict[str, Annotation]) -> list[dict]:
    lang = report.document.lang
    rows = []
    for q in report.quantities:
        aid = f"fig-{_safe_id(q.id)}"
        rows.append({
            "id": q.id, "anchor": f"nc-{aid}" if aid in anns else None, "text": q.text,
            "interval": labels.interval(q, lang), "low": q.low, "high": q.high,
            "category": labels.category(q.category, lang), "counted": q.counted.text if q.counted else "",
            "source": q.source.name if q.source else "",
            "source_kind": labels.source_kind(q.source.kind, lang) if q.source else "",
            "certainty": q.certainty, "time": q.time.text if q.time else "",
        })
    return rows


def context(report: Report) -> dict:
    """Everything the report templates need."""
    anns = annotations(report)
    return {
        "report": report,
        "article": annotate(report, anns),
        "panel": panel_data(anns),
        "claims": claim_rows(report, anns),
        "figures": figure_rows(report, anns),
        "kinds": KINDS,
        "counts": {k: sum(1 for a in anns.values() if a.kind == k) for k in KINDS},
    }


# ---------------------------------------------------------------- templates and the standalone page

def _asset(name: str) -> Markup:
    """A file of the package's own static folder, for inlining (trusted: not article text)."""
    return Markup(resources.files("newsclaims.web").joinpath("static", name).read_text(encoding="utf-8"))


_TICKS = re.compile(r"`([^`]+)`")


def code_ticks(value) -> Markup:
    """Escape, then show `backticked` words as code (for the API page's own descriptions)."""
    return Markup(_TICKS.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(value))))


@lru_cache(maxsize=1)
def environment():
    """The Jinja environment for every newsclaims page: autoescape on, templates from the package."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("newsclaims.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = labels.number
    env.filters["language"] = labels.language_name
    env.filters["ticks"] = code_ticks
    env.globals["asset"] = _asset
    return env


def to_html(report: Report) -> str:
    """A complete, self-contained HTML page for one report (CSS and script inlined)."""
    return environment().get_template("standalone.html").render(**context(report), standalone=True)
