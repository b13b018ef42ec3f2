"""The spaCy component: frames found, figures and sentences resolved, results on Findings."""

from __future__ import annotations

from spacy.language import Language

from ...report import Attribution
from ...ingest.dateline import credit, release
from .. import doc_text, findings, mirror_spans
from .classifying import EntityIndex, to_attribution
from .carrying import SentenceInfo, carry_scope
from .first_person import voices
from .frame import Frame
from .frames import find_frames, prefilters
from .pronouns import as_spoken
from .resolving import Resolver, carry_adjacent
from .rules import Rules, rules_for
from .speakers import fill, others

SPAN_KEY = "newsclaims_attribution"
# The kinds of body a bare class noun can refer back to ("das Büro", "die Einrichtung").
REFERRED_KINDS = ("named_organization", "government_or_military")


def analyse(text: str, sentences: list[tuple[int, int]], code: str, blocks: list[int] | None = None,
            persons: list[tuple[int, int]] | None = None, figures: set[int] | None = None,
            counted: list[tuple[int, int, int]] | None = None) -> tuple[Resolver, Rules]:
    rules = rules_for(code)
    frames = find_frames(text, sentences, rules, blocks, persons, figures, counted)
    return Resolver(text, sentences, frames, rules, blocks), rules



@Language.factory("newsclaims_attribution", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_attribution(nlp: Language, name: str):
    """Reads Findings sentences, entities, quantities; writes quantities[].source, sentence_sources."""
    prefilters(rules_for(nlp.lang))  # compile at pipeline build time, with the prefilters of find_frames
    return attribution


def attribution(doc):
    found = findings(doc)
    text = doc_text(doc)
    sentences = [(s.start, s.end) for s in found.sentences]
    persons = [(e.start, e.end) for e in found.entities if e.kind == "person" and len(e.text.split()) > 1]
    counted = [(q.start, q.counted.start, q.counted.end) for q in found.quantities if q.counted is not None]
    resolver, rules = analyse(text, sentences, doc.lang_, [s.block for s in found.sentences], sorted(persons),
                              {q.sentence for q in found.quantities}, counted)
    # by id, the frame kept with its attribution: a frame freed early (the agency credit's) would
    # leave its id to a later frame, which then got the credit's attribution now and then
    cache: dict[int, tuple[Frame, Attribution]] = {}
    index = EntityIndex(found.entities)

    def known(frame: Frame) -> Attribution:
        """The frame's attribution, made once: only to be read (``attr`` gives a copy to keep)."""
        kept = cache.get(id(frame))
        if kept is None:
            kept = cache[id(frame)] = frame, to_attribution(frame, text, found.entities, rules, index.near(*frame.src))
        return kept[1]

    def attr(frame: Frame | None) -> Attribution | None:
        return None if frame is None else known(frame).clone()

    starts: dict[int, list[int]] = {}
    for q in found.quantities:
        starts.setdefault(q.sentence, []).append(q.start)
    for q in found.quantities:
        a = attr(resolver.at(q.start, q.sentence, starts.get(q.sentence)))
        # a figure inside its own source mention ("Two officials said") is not attributed to it
        q.source = None if a is not None and a.start <= q.start and q.end <= a.end else a
    # in agency copy the agency stands behind the figures a sentence does not attribute itself
    carried = carry_adjacent(sentences, [(q.sentence, q.category, q.source, _head(q)) for q in found.quantities], resolver,
                             text, rules, [s.block for s in found.sentences], go_on=credit(text, doc.lang_) is None)
    for i, a in carried.items():
        found.quantities[i].source = a.clone()
    carried_sentences = _carry(found, resolver, attr)
    credited = _release(text, doc.lang_, resolver.frames, known) or _credit(text, doc.lang_, found, attr)
    chosen = {i: resolver.for_sentence(i) for i in range(len(sentences))}
    spoken = _first_person(text, sentences, found, chosen, rules)
    for q in found.quantities:
        if q.source is None and q.sentence in carried_sentences:
            q.source = carried_sentences[q.sentence].clone()
        if q.source is None and q.sentence in spoken:
            q.source = attr(spoken[q.sentence])
        if q.source is None and credited is not None and credited[0](q.start):
            q.source = credited[1].clone()
    actors = sorted((e.start, e.end) for e in found.entities if e.kind in ("person", "organization", "country"))
    chosen = fill(chosen, text, sentences, rules, [s.block for s in found.sentences], sorted(persons), actors)
    per_sentence = {i: as_spoken(attr(f), f, text, sentences[i], rules) for i, f in chosen.items()}
    # a sentence with no speaker of its own, covered by a source named elsewhere (reported speech,
    # a closing data note); an agency credit is a figure's source, not a claim's speaker
    for i, a in carried_sentences.items():
        if per_sentence[i] is None:
            per_sentence[i] = a.clone()
    found.sentence_sources = per_sentence
    more = others(chosen, resolver.by_sentence, text, sentences, rules)
    found.sentence_more_sources = {i: [as_spoken(attr(f), f, text, sentences[i], rules) for f in fs] for i, fs in more.items()}
    _refer_back(found, resolver.frames, known, rules)
    mirror_spans(doc, SPAN_KEY, [a for _, a in cache.values()])
    return doc


def _refer_back(found, frames: list[Frame], known, rules: Rules) -> None:
    """A bare class noun ("das Büro berichtete") names the body named as a source before it:
    it takes that body's kind, not the kind its own word would give. ``known``: a frame's
    attribution, read only."""
    if not rules.anaphoric_bodies:
        return
    named = sorted((a.start, a.kind) for f in frames if f.src is not None and (a := known(f)) is not None
                   and a.text not in rules.anaphoric_bodies and a.kind in REFERRED_KINDS)
    mentions = [q.source for q in found.quantities] + list(found.sentence_sources.values())
    mentions += [a for more in found.sentence_more_sources.values() for a in more]
    for a in mentions:
        if a is not None and a.text in rules.anaphoric_bodies:
            before = [kind for start, kind in named if start < a.start]
            if before:
                a.kind = before[-1]


def _head(q) -> str:
    """The last word of what a figure counts, lowercased ("" without one)."""
    words = q.counted.text.split() if q.counted is not None else []
    return words[-1].lower() if words else ""


def _carry(found, resolver: Resolver, attr) -> dict[int, Attribution]:
    """Sentence -> the source carried to it by reported speech in its paragraph (``carrying``)."""
    with_figures = {q.sentence for q in found.quantities}
    infos = []
    for i, s in enumerate(found.sentences):
        own = [f for f in resolver.by_sentence.get(i, []) if f.src is not None]
        reporting = bool(own) and all(f.name == "carried" or f.scope == "prev" for f in own)
        links_back = any(f.link_next for f in own)
        announces = any(f.name in resolver.rules.announcing_frames for f in own)
        infos.append(SentenceInfo(s.block, bool(own), reporting, i in with_figures, links_back, announces))
    out = {}
    for i, j in carry_scope(infos).items():
        out[i] = attr([f for f in resolver.by_sentence[j] if f.src is not None][-1])
    return out


def _first_person(text: str, sentences, found, chosen: dict[int, Frame | None], rules: Rules) -> dict[int, Frame]:
    """Sentence -> the institution speaking in it in the first person plural (``first_person``);
    ``chosen``: each sentence's own frame (``Resolver.for_sentence``)."""
    orgs = [(e.start, e.end) for e in found.entities if e.kind == "organization" and not e.generic]
    framed = {i: f.src for i, f in chosen.items() if f is not None and f.src is not None}
    spoken = voices(text, sentences, [s.block for s in found.sentences], orgs, rules,
                    {q.sentence for q in found.quantities}, framed)
    frames: dict[tuple, Frame] = {}
    for i, voice in spoken.items():
        frames.setdefault(voice, Frame("first_person", "sentence", i, voice[0], voice[1], src=voice[2:]))
    return {i: frames[voice] for i, voice in spoken.items()}


def _release(text: str, lang: str, frames: list[Frame], known):
    """(covers, source) for a press release ("Wiesbaden (ots)"): the body a link back names
    ("Wie das Bundesamt weiter mitteilt") issued it, headline included, and is the source of
    the figures that nothing else attributes. A release that names no such body credits no one.
    ``known``: a frame's attribution, read only (each figure gets a copy)."""
    span = release(text, lang)
    if span is None:
        return None
    issuer = next((a for f in frames if f.link_next and f.src is not None
                   and (a := known(f)) is not None and a.kind in REFERRED_KINDS), None)
    if issuer is None:
        return None
    return (lambda pos: True), issuer


def _credit(text: str, lang: str, found, attr):
    """(covers, source) for the agency credited with the copy ("Kiew (AFP) -", a closing
    "dpa/jp/est"): it is the source of the figures after an opening credit, or below the
    headline for a closing one, that nothing else attributes (docs/annotation.md)."""
    span = credit(text, lang)
    if span is None or not found.sentences:
        return None
    at = found.sentence_at(span[0])
    body = next((s.start for s in found.sentences if s.block != found.sentences[0].block), len(text))
    start = span[0] if at < len(found.sentences) - 1 or span[0] < body else body
    source = attr(Frame("credit", "document", at, span[0], span[1], src=span))
    source.kind = "media_report"  # an agency's credit names a news agency, whatever it is called
    return (lambda pos: pos >= start), source
