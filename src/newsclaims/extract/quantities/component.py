"""The spaCy component: figures found, classified and written to ``Findings.quantities``."""

from __future__ import annotations

from spacy.language import Language

from ...report import Quantity, Span
from ...text.prefilter import Folded
from .. import doc_text, findings, mirror_spans
from .classifying import MILITARY, PEOPLE, SHARED_FATES, category, inherit_units, noun_category
from .finding import find
from .grammar import grammar, scanner

SPAN_KEY = "newsclaims_quantities"


#####COMPONENT
def extract(doc_text: str, code: str, times=(), sentences=(), sentence_at=lambda i: 0) -> list[Quantity]:
    """The figures of a text, as Quantity records (usable without spaCy)."""
    g = grammar(code)
    folded = Folded(doc_text)
    found = find(g, doc_text, sorted(times), sentence_at, folded)
    bounds = {s.index: (s.start, s.end) for s in sentences}
    cue_hits: dict[int, list] = {}
    counted_frame, cues = scanner(g.counted_frame), scanner(g.cues)
    inherit_units(g, folded, found)
    out = []
    for i, q in enumerate(found):
        lo, hi = bounds.get(q.sentence, (0, len(doc_text)))
        prev = found[i - 1] if i > 0 and found[i - 1].sentence == q.sentence else None
        # the next figure bounds the cue window; a percentage in apposition does not
        # ("1,9 Millionen Menschen, rund 90 Prozent der Bevölkerung, sind vertrieben")
        nxt = next((f for f in found[i + 1:i + 4] if f.sentence == q.sentence and f.unit not in g.percent_units), None)
        if q.counted is None and q.unit not in g.percent_units and q.unit is None:
            fm = None
            for fm in counted_frame.finditer(folded, lo, q.start):
                pass
            grp = next((k for k, v in fm.groupdict().items() if v), None) if fm is not None else None
            if grp is not None:
                q.counted = Span(text=fm.group(grp), start=fm.start(grp), end=fm.end(grp))
            elif prev is not None and prev.counted is not None and prev.unit is None:
                q.counted = prev.counted
                q.inherited = True
        if q.sentence not in cue_hits:
            slo, shi = bounds.get(q.sentence, (0, len(doc_text)))
            cue_hits[q.sentence] = [(c.start(), c.end(), c.lastgroup) for c in cues.finditer(folded, slo, shi)]
        cat = category(g, doc_text, q, prev.expr_end if prev else lo, nxt.start if nxt else hi, cue_hits[q.sentence])
        if (cat in ("people_other", "other") and prev is not None and out and out[-1].category in SHARED_FATES
                and q.unit is None and g.coord_between.fullmatch(doc_text, prev.expr_end, q.start)
                and (q.counted is None or noun_category(g, q.counted.text) in (None, PEOPLE, MILITARY))):
            cat = out[-1].category  # "sechs Kinder und drei Sanitäter" share what happened to them
        out.append(Quantity(
            id=f"q{i + 1}", text=doc_text[q.start:q.end], start=q.start, end=q.end, sentence=q.sentence,
            low=q.low, high=q.high, approx=q.approx, unit=q.unit, category=cat,
            # "600 Zivilisten getötet und 4.000 verwundet": the 4.000 count the carried-over noun too
            counted=q.counted,
        ))
    return out


@Language.factory("newsclaims_quantities", assigns=["doc._.nc", "doc.spans"], requires=["token.is_sent_start"], default_config={})
def make_quantities(nlp: Language, name: str):
    """Reads Findings times, sentences; writes quantities (without source and certainty)."""
    code = nlp.lang
    grammar(code)  # compile at pipeline build time

    def quantities(doc):
        found = findings(doc)
        times = [(t.start, t.end) for t in found.times]
        found.quantities = extract(doc_text(doc), code, times=times, sentences=found.sentences,
                                   sentence_at=found.sentence_at)
        mirror_spans(doc, SPAN_KEY, found.quantities, label=lambda q: q.category)
        return doc

    return quantities

