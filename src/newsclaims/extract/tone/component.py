"""The spaCy component: signals, sentence and article scores written to ``Findings.tone``."""

from __future__ import annotations

from spacy.language import Language

from ...report import SentenceTone, Tone
from .. import doc_text, findings, mirror_spans
from .signals import ARTICLE_MIN_WORDS, ARTICLE_SCALE, HEADING_KINDS, SENTENCE_SCALE, SPAN_KEY, find_signals, saturate, scanners, sentence_role


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
    for s, w in zip(sentences, weights):
        score = saturate(w, SENTENCE_SCALE)
        checkable = any(s.start <= q.start < s.end for q in found.quantities) \
            or any(s.start <= t.start < s.end for t in found.times) \
            or any(s.start <= e.start < s.end and not getattr(e, "generic", False) for e in found.entities)
        out.append(SentenceTone(index=s.index, score=score,
                                role=sentence_role(roles.get(s.index), checkable=checkable, score=score)))
    words = len(text.split())
    density = 100.0 * sum(sig.weight for sig in signals) / max(words, ARTICLE_MIN_WORDS)
    found.tone = Tone(score=saturate(density, ARTICLE_SCALE), signals=signals, sentences=out)
    mirror_spans(doc, SPAN_KEY, signals)
    return doc
