"""The spaCy component: signals, sentence and article scores written to ``Findings.tone``."""

from __future__ import annotations

from spacy.language import Language

from ...report import SentenceTone, Tone
from .. import doc_text, findings, mirror_spans
from .signals import HEADING_KINDS, SENTENCE_SCALE, article_score, SPAN_KEY, find_signals, saturate, scanners, sentence_role


@Language.factory("newsclaims_tone", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_tone(nlp: Language, name: str):
    """Reads Findings blocks, sentences, claims, entities, times, quantities; writes tone."""
    scanners(nlp.lang)  # compile at pipeline build time
    return tone


def tone(doc):
    found = findings(doc)
    text = doc_text(doc)
    headings = []
    for b in found.blocks:
        if b.kind in HEADING_KINDS:
            headings.append((b.start, b.end))
    signals = find_signals(doc.lang_, text, headings=headings,
                           entity_spans=[(e.start, e.end) for e in found.entities],
                           block_starts=[b.start for b in found.blocks])
    sentences = found.sentences
    weights = [0.0] * len(sentences)
    if sentences:
        for sig in signals:
            weights[found.sentence_at(sig.start)] += sig.weight
    roles = {}
    for c in found.claims:
        if c.sentence not in roles or c.role == "claim":
            roles[c.sentence] = c.role
    out = []
    checkable = _checkable_sentences(found) if sentences else set()
    for s, w in zip(sentences, weights):
        score = saturate(w, SENTENCE_SCALE)
        out.append(SentenceTone(index=s.index, score=score,
                                role=sentence_role(roles.get(s.index), checkable=s.index in checkable, score=score)))
    found.tone = Tone(score=article_score(signals, text), signals=signals, sentences=out)
    mirror_spans(doc, SPAN_KEY, signals)
    return doc


def _checkable_sentences(found) -> set[int]:
    """Indices of sentences that hold a figure, a time or a named entity (one pass over each)."""
    starts = [q.start for q in found.quantities] + [t.start for t in found.times] + \
        [e.start for e in found.entities if not getattr(e, "generic", False)]
    out = set()
    for pos in starts:
        i = found.sentence_at(pos)
        if found.sentences[i].start <= pos < found.sentences[i].end:  # not in the gap between sentences
            out.add(i)
    return out
