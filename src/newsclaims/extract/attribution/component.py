"""The spaCy component: frames found, figures and sentences resolved, results on Findings."""

from __future__ import annotations

from spacy.language import Language

from ...report import Attribution
from .. import doc_text, findings, mirror_spans
from .classifying import to_attribution
from .frame import Frame
from .frames import find_frames
from .resolving import Resolver, carry_adjacent
from .rules import Rules, rules_for

SPAN_KEY = "newsclaims_attribution"


def analyse(text: str, sentences: list[tuple[int, int]], code: str, blocks: list[int] | None = None,
            persons: list[tuple[int, int]] | None = None) -> tuple[Resolver, Rules]:
    rules = rules_for(code)
    frames = find_frames(text, sentences, rules, blocks, persons)
    return Resolver(text, sentences, frames, rules, blocks), rules



@Language.factory("newsclaims_attribution", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_attribution(nlp: Language, name: str):
    """Reads Findings sentences, entities, quantities; writes quantities[].source, sentence_sources."""
    rules_for(nlp.lang)  # compile at pipeline build time
    return attribution


def attribution(doc):
    found = findings(doc)
    text = doc_text(doc)
    sentences = [(s.start, s.end) for s in found.sentences]
    persons = [(e.start, e.end) for e in found.entities if e.kind == "person" and len(e.text.split()) > 1]
    resolver, rules = analyse(text, sentences, doc.lang_, [s.block for s in found.sentences], sorted(persons))
    cache: dict[int, Attribution] = {}

    def shared(frame: Frame | None) -> Attribution | None:
        """The frame's Attribution, made once; a record that keeps it keeps a copy."""
        if frame is None:
            return None
        if id(frame) not in cache:
            cache[id(frame)] = to_attribution(frame, text, found.entities, rules)
        return cache[id(frame)]

    def attr(frame: Frame | None) -> Attribution | None:
        a = shared(frame)
        return None if a is None else a.model_copy(deep=True)

    starts: dict[int, list[int]] = {}
    for q in found.quantities:
        starts.setdefault(q.sentence, []).append(q.start)
    for q in found.quantities:
        a = attr(resolver.at(q.start, q.sentence, starts.get(q.sentence)))
        # a figure inside its own source mention ("Two officials said") is not attributed to it
        q.source = None if a is not None and a.start <= q.start and q.end <= a.end else a
    carried = carry_adjacent(sentences, [(q.sentence, q.category, q.source) for q in found.quantities], resolver,
                             text, rules, [s.block for s in found.sentences])
    for i, a in carried.items():
        found.quantities[i].source = a.model_copy(deep=True)
    # read only: claims copies the source it keeps
    found.sentence_sources = {i: shared(resolver.for_sentence(i)) for i in range(len(sentences))}
    mirror_spans(doc, SPAN_KEY, [a for a in cache.values()])
    return doc

