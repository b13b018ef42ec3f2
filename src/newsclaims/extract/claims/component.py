"""The spaCy component: one Claim per sentence, from the figures, sources, cues and times found before."""

from __future__ import annotations

import re

from spacy.language import Language

from ...report import Attribution, Claim, Cue, Ref
from ...text.prefilter import Folded
from ...text.sentences import sentences_with_required
from .. import doc_text, findings, mirror_spans
from ..certainty import level, source_cue
from .scoring import checkworthiness, patterns_for, role, scanners_for


SPAN_KEY = "newsclaims_claims"
# Entity kinds that count as "named" for the role and the score (a demonym alone does not make a claim).
NAMED_KINDS = {"person", "organization", "group", "country", "place"}
NOTHING = re.compile(r"(?!)")


@Language.factory("newsclaims_claims", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_claims(nlp: Language, name: str):
    """Reads Findings sentences, entities, times, quantities, sentence_sources, sentence_cues; writes claims."""
    scanners_for(nlp.lang)  # compile at pipeline build time
    return claims


def _by_sentence(records: list, index) -> dict[int, list]:
    """Records grouped by ``index(record)`` (None: in no group), in their order."""
    groups: dict[int, list] = {}
    for r in records:
        i = index(r)
        if i is not None:
            groups.setdefault(i, []).append(r)
    return groups


def _enclosing(found, record) -> int | None:
    """The sentence that holds the record whole, if one does (sentences are disjoint, so it can
    only be the last one starting at or before it): one lookup instead of a scan per sentence."""
    if not found.sentences:
        return None
    s = found.sentences[found.sentence_at(record.start)]
    return s.index if s.start <= record.start and record.end <= s.end else None


def _live_patterns(doc, found) -> dict[int, dict[str, re.Pattern]]:
    """Sentence index -> the role patterns, one none of whose required strings the sentence holds
    replaced by one that matches nothing (``text.sentences``): the same answers, fewer scans."""
    pats = patterns_for(doc.lang_)
    whole, spans = Folded.of(doc_text(doc)), [(s.start, s.end) for s in found.sentences]
    can = {name: sentences_with_required(sc, whole, spans) for name, sc in scanners_for(doc.lang_).items()}
    return {s.index: {name: rx if can[name] is None or k in can[name] else NOTHING for name, rx in pats.items()}
            for k, s in enumerate(found.sentences)}


def _speaker(figures: Attribution | None, sentence: Attribution | None, start: int = 0) -> Attribution | None:
    """The source of a claim's figures, else its sentence's speaker; the speaker where it is the
    same source, named in the sentence by a pronoun ("Er sagte, 500 ...": the pronoun, with antecedent),
    or where the sentence (starting at ``start``) names it while the figures' source was carried
    from before it or is an agency credit ("X geht davon aus, dass ... rund hundert Staaten ...
    anerkennen würden")."""
    if figures is None or sentence is not None and sentence.antecedent is not None and sentence.name == figures.name:
        return sentence
    if sentence is not None and sentence.antecedent is None and figures.start < start <= sentence.start:
        return sentence  # not a pronoun: "..., weil sie Nachbeben fürchteten" names no speaker of the figures
    return figures


def claims(doc):
    found = findings(doc)
    live = _live_patterns(doc, found)
    attributed = found.sentence_sources
    sentence_cues = found.sentence_cues
    existing = {c.sentence: c for c in found.claims}
    figures = _by_sentence(found.quantities, lambda q: q.sentence)
    inside = {name: _by_sentence(records, lambda r: _enclosing(found, r))
              for name, records in (("entities", found.entities), ("times", found.times))}
    out = []
    for s in found.sentences:
        i = s.index
        qs = figures.get(i, [])
        ents = inside["entities"].get(i, [])
        named = len({e.norm.name for e in ents if e.kind in NAMED_KINDS and not getattr(e, "generic", False)})
        mentioned = len(ents)
        times = inside["times"].get(i, [])
        time = next((q.time for q in qs if q.time is not None), None) if qs else None  # most sentences: no figure
        if time is None and times:
            t = times[0]
            time = Ref(id=t.id, text=t.text, start=t.start, end=t.end)
        if i in existing and existing[i].time is not None:
            time = existing[i].time
        source = _speaker(next((q.source for q in qs if q.source is not None), None) if qs else None, attributed.get(i),
                          s.start)
        cues: list[Cue] = list(sentence_cues.get(i, []))
        extra = source_cue(source)
        if extra is not None and s.start <= extra.start < s.end and all(c.start != extra.start for c in cues):
            cues.append(extra)
        cues.sort(key=lambda c: c.start)
        certainty = level(cues, source is not None)
        speculative = certainty == "speculative"
        r = role(s.text, figures=len(qs), source=source, named=mentioned, timed=time is not None,
                 speculative=speculative, pats=live[i], distanced=certainty in ("alleged", "estimated", "reported"))
        if r == "filler":
            certainty, cues_out = "asserted", []
        else:
            cues_out = cues
        out.append(Claim(
            id=f"c{i + 1}", text=s.text, start=s.start, end=s.end, sentence=i, role=r,
            quantities=[q.id for q in qs], entities=[e.id for e in ents], time=time,
            source=source.clone() if source is not None and r != "filler" else None,
            more_sources=[a.clone() for a in found.sentence_more_sources.get(i, [])] if r != "filler" else [],
            certainty=certainty, cues=cues_out, negated=any(c.kind == "negation" for c in cues_out),
            checkworthiness=checkworthiness(r, approxes=[q.approx for q in qs], source_kind=source.kind if source else None,
                                            named=named, timed=time is not None, speculative=speculative),
        ))
    found.claims = out
    mirror_spans(doc, SPAN_KEY, out, label=lambda c: c.role)
    return doc
