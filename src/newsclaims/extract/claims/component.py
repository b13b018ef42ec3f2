"""The spaCy component: one Claim per sentence, from the figures, sources, cues and times found before."""

from __future__ import annotations

from spacy.language import Language

from ...report import Claim, Cue, Ref
from .. import findings, mirror_spans
from ..certainty import level, source_cue
from .scoring import checkworthiness, patterns_for, role


SPAN_KEY = "newsclaims_claims"
# Entity kinds that count as "named" for the role and the score (a demonym alone does not make a claim).
NAMED_KINDS = {"person", "organization", "group", "country", "place"}


@Language.factory("newsclaims_claims", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_claims(nlp: Language, name: str):
    """Reads Findings sentences, entities, times, quantities, sentence_sources, sentence_cues; writes claims."""
    patterns_for(nlp.lang)  # compile at pipeline build time
    return claims


def claims(doc):
    found = findings(doc)
    pats = patterns_for(doc.lang_)
    attributed = found.sentence_sources
    sentence_cues = found.sentence_cues
    existing = {c.sentence: c for c in found.claims}
    out = []
    for s in found.sentences:
        i = s.index
        qs = [q for q in found.quantities if q.sentence == i]
        ents = [e for e in found.entities if e.start >= s.start and e.end <= s.end]
        named = len({e.norm.name for e in ents if e.kind in NAMED_KINDS and not getattr(e, "generic", False)})
        mentioned = len(ents)
        times = [t for t in found.times if t.start >= s.start and t.end <= s.end]
        time = next((q.time for q in qs if q.time is not None), None)
        if time is None and times:
            t = times[0]
            time = Ref(id=t.id, text=t.text, start=t.start, end=t.end)
        if i in existing and existing[i].time is not None:
            time = existing[i].time
        source = next((q.source for q in qs if q.source is not None), None) or attributed.get(i)
        cues: list[Cue] = list(sentence_cues.get(i, []))
        extra = source_cue(source)
        if extra is not None and s.start <= extra.start < s.end and all(c.start != extra.start for c in cues):
            cues.append(extra)
        cues.sort(key=lambda c: c.start)
        certainty = level(cues, source is not None)
        speculative = certainty == "speculative"
        r = role(s.text, figures=len(qs), source=source, named=mentioned, timed=time is not None,
                 speculative=speculative, pats=pats, distanced=certainty in ("alleged", "estimated", "reported"))
        if r == "filler":
            certainty, cues_out = "asserted", []
        else:
            cues_out = cues
        out.append(Claim(
            id=f"c{i + 1}", text=s.text, start=s.start, end=s.end, sentence=i, role=r,
            quantities=[q.id for q in qs], entities=[e.id for e in ents], time=time,
            source=source.model_copy(deep=True) if source is not None and r != "filler" else None,
            certainty=certainty, cues=cues_out, negated=any(c.kind == "negation" for c in cues_out),
            checkworthiness=checkworthiness(r, approxes=[q.approx for q in qs], source_kind=source.kind if source else None,
                                            named=named, timed=time is not None, speculative=speculative),
        ))
    found.claims = out
    mirror_spans(doc, SPAN_KEY, out, label=lambda c: c.role)
    return doc
