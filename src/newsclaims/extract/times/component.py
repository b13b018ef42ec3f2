"""The spaCy component: time expressions resolved against the publication date, written to ``Findings.times``."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from ...report import TimeExpr
from .. import doc_text, findings, mirror_spans
from .grammar import grammar
from .ranges import resolve_ranges

NO_DATE_WARNING = "no publication date: relative times left unresolved"


def extract_times(text: str, lang: str, ref: dt.date | None) -> tuple[list[TimeExpr], bool]:
    """Time expressions of ``text``; the flag says a relative one was left unresolved."""
    g = grammar(lang)
    times = []
    unresolved_relative = False
    for start, end, value, precision, ok, relative in resolve_ranges(text, g.find(text), g, ref):
        if not ok and relative and ref is None:
            unresolved_relative = True
        times.append(TimeExpr(id=f"t{len(times) + 1}", text=text[start:end], start=start, end=end,
                              value=value, precision=precision, resolved=ok))
    return times, unresolved_relative


@Language.factory("newsclaims_times", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_times(nlp: Language, name: str):
    """Reads Findings published; writes times and a warning when relative times stay unresolved."""
    lang = nlp.lang
    grammar(lang)  # compile at pipeline build time

    def times_component(doc):
        found = findings(doc)
        times, unresolved = extract_times(doc_text(doc), lang, found.published)
        found.times = times
        if unresolved and NO_DATE_WARNING not in found.warnings:
            found.warnings.append(NO_DATE_WARNING)
        mirror_spans(doc, "newsclaims_times", times, label=lambda t: t.precision)
        return doc

    return times_component
