"""Claims: one record per sentence, assembling what the extractors before found.

For sentence i the claim ``c{i+1}`` carries the figures and entities inside it, the time
(the linked time of its first timed figure, else the first time expression in it), the
source (the first attributed figure's, else the sentence's own attribution, see
``attribution.Resolver.for_sentence``), the certainty over every cue in the sentence
(speculative > alleged > estimated > reported > asserted), ``negated``, a role and a
checkworthiness score.

Role, first that applies (``role``):

1. filler  — the sentence matches the language's filler pattern, or it is short
   (<= FILLER_MAX_WORDS words), ends in "!" or "?", and has no figure, source, entity or
   evaluative word;
2. claim   — it holds a figure or an attributed statement;
3. opinion — it is speculative with no source, uses evaluative words (claims.yaml
   ``opinion``), or is an exclamation or a question;
4. claim   — it mentions an entity or a time, or is worded with distance (alleged,
   estimated, reported): a statement about the world;
5. opinion — anything else.

Checkworthiness (``checkworthiness``), clamped to [0, 1]: for a claim
``CW_BASE[claim] + CW_FIGURE * specificity(best figure) + CW_EXTRA_FIGURE * (figures - 1)
(at most CW_EXTRA_FIGURE_MAX) + CW_SOURCE[source kind] + CW_ENTITY * named entities (at most
CW_ENTITY_MAX) + CW_TIME (a time) + CW_SPECULATIVE (when speculative)``; for an opinion
``CW_BASE[opinion] + CW_OPINION_SHARE * (entity and time parts)``; a filler scores 0.
Specific, attributed figures rank first.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language

from ..report import Claim, Cue, Ref
from . import findings, mirror_spans
from ..text.patterns import case_sensitive_patterns
from .certainty import level, source_cue

SPAN_KEY = "newsclaims_claims"

FILLER_MAX_WORDS = 8
CW_BASE = {"claim": 0.2, "opinion": 0.05, "filler": 0.0}
CW_FIGURE = 0.35
# How specific a figure is, by its approx (multiplies CW_FIGURE).
CW_SPECIFICITY = {"exact": 1.0, "about": 0.9, "range": 0.85, "more_than": 0.8, "at_least": 0.8,
                  "almost": 0.8, "less_than": 0.7, "at_most": 0.7, "vague": 0.4}
CW_EXTRA_FIGURE = 0.05
CW_EXTRA_FIGURE_MAX = 0.1
CW_SOURCE = {"named_person": 0.2, "named_organization": 0.2, "government_or_military": 0.2,
             "anonymous_officials": 0.12, "media_report": 0.1, "estimate_unattributed": 0.06, "none": 0.0}
CW_ENTITY = 0.04
CW_ENTITY_MAX = 0.12
CW_TIME = 0.08
CW_SPECULATIVE = -0.1
CW_OPINION_SHARE = 0.5
# Entity kinds that count as "named" for the role and the score (a demonym alone does not make a claim).
NAMED_KINDS = {"person", "organization", "group", "country", "place"}


@lru_cache(maxsize=None)
def patterns_for(code: str) -> dict[str, re.Pattern]:
    pats = case_sensitive_patterns(code, "claims")
    return {"filler": pats["filler"], "opinion": pats["opinion"]}


def role(text: str, *, figures: int, source, named: int, timed: bool, speculative: bool, pats, distanced: bool = False) -> str:
    words = len(text.split())
    stripped = text.rstrip()
    exclaim = stripped.endswith(("!", "?"))
    evaluative = bool(pats["opinion"].search(text))
    if pats["filler"].search(text) or (not figures and source is None and not named and not evaluative
                                        and words <= FILLER_MAX_WORDS and exclaim):
        return "filler"
    if figures or source is not None:
        return "claim"
    if speculative or evaluative or exclaim:
        return "opinion"
    if named or timed or distanced:
        return "claim"
    return "opinion"


def checkworthiness(role_: str, *, approxes: list[str], source_kind: str | None, named: int, timed: bool, speculative: bool) -> float:
    if role_ == "filler":
        return 0.0
    entity_part = min(CW_ENTITY * named, CW_ENTITY_MAX)
    time_part = CW_TIME if timed else 0.0
    if role_ == "opinion":
        score = CW_BASE["opinion"] + CW_OPINION_SHARE * (entity_part + time_part)
    else:
        score = CW_BASE["claim"] + entity_part + time_part
        if approxes:
            score += CW_FIGURE * max(CW_SPECIFICITY.get(a, 0.5) for a in approxes)
            score += min(CW_EXTRA_FIGURE * (len(approxes) - 1), CW_EXTRA_FIGURE_MAX)
        score += CW_SOURCE.get(source_kind or "none", 0.0)
        if speculative:
            score += CW_SPECULATIVE
    return round(max(0.0, min(1.0, score)), 3)


@Language.factory("newsclaims_claims", assigns=["doc._.nc", "doc.spans"],
                  default_config={})
def make_claims(nlp: Language, name: str):
    """Reads Findings sentences, entities, times, quantities, sentence_sources, sentence_cues; writes claims."""
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
