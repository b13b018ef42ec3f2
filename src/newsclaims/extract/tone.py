"""Tone: how loud the writing around the claims is.

Signals come from the language's ``tone.yaml``: word lists (``emotive``, ``loaded``,
``intensifier``, ``superlative``; matched case-insensitively as whole words plus the language's
``inflection`` endings), phrase lists (``clickbait``, ``danger_metaphor``; any whitespace between
words) and regex ``patterns`` (``exclamation``, ``question``, ``shouting``, ``second_person``).
A question counts only as the last sentence of a headline, standfirst or subheading
(a rhetorical question). All-capitals words that are entities (acronyms) do not count as shouting.
Where signals overlap, the earlier kind in ``KINDS`` wins (a clickbait phrase swallows the emotive
word inside it).

Scores (documented in docs/tone.md):

* sentence: ``100 * (1 - exp(-W / SENTENCE_SCALE))`` where W is the sum of the weights of the
  sentence's signals (``WEIGHTS``; repeated "!!!" adds ``EXCLAMATION_REPEAT`` per extra mark);
* article: ``100 * (1 - exp(-D / ARTICLE_SCALE))`` where D is the total weight per 100 words
  (texts shorter than ``ARTICLE_MIN_WORDS`` count as that long).

Sentence roles come from the claims component (``findings(doc).claims``, one per sentence);
a sentence without a claim is ``filler`` when it has no checkable content (no figure, time or
named entity) and scores at least ``FILLER_MIN_SCORE``, else ``opinion``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from spacy.language import Language

from ..lang import load
from ..report import SentenceTone, Tone, ToneSignal
from . import doc_text, findings, mirror_spans
from ..text.prefilter import Folded, Scanner

SPAN_KEY = "newsclaims_tone"

# Signal kinds in priority order (earlier wins an overlap) and their weights.
KINDS = ["clickbait", "danger_metaphor", "loaded", "superlative", "emotive", "intensifier",
         "second_person", "shouting", "rhetorical_question", "exclamation"]
WEIGHTS = {
    "clickbait": 14.0,
    "danger_metaphor": 10.0,
    "loaded": 7.0,
    "superlative": 5.0,
    "emotive": 6.0,
    "intensifier": 4.0,
    "second_person": 6.0,
    "shouting": 8.0,
    "rhetorical_question": 8.0,
    "exclamation": 10.0,
}
EXCLAMATION_REPEAT = 3.0      # each further "!" in a run
SENTENCE_SCALE = 20.0         # W at which a sentence reaches 63
ARTICLE_SCALE = 25.0          # weight per 100 words at which an article reaches 63
ARTICLE_MIN_WORDS = 100       # shorter texts are scored as if this long (a lone "!" is not 100)
FILLER_MIN_SCORE = 30.0       # a sentence without a claim and checkable content is filler from here
HEADING_KINDS = {"headline", "standfirst", "subheading"}
WORD_LISTS = ["emotive", "loaded", "intensifier", "superlative"]
PHRASE_LISTS = ["clickbait", "danger_metaphor"]


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


@lru_cache(maxsize=None)
def lexicon(code: str) -> dict[str, re.Pattern]:
    """One compiled regex per signal kind for a language."""
    data = load(code)
    endings = data.words("tone", "inflection")
    end = "(?:" + "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True)) + ")?" if endings else ""
    out = {}
    for kind in WORD_LISTS:
        words = sorted(data.words("tone", kind), key=len, reverse=True)
        out[kind] = re.compile(r"(?<!\w)(?:" + "|".join(_phrase(w) for w in words) + ")" + end + r"(?!\w)", re.IGNORECASE)
    for kind in PHRASE_LISTS:
        words = sorted(data.words("tone", kind), key=len, reverse=True)
        out[kind] = re.compile(r"(?<!\w)(?:" + "|".join(_phrase(w) for w in words) + r")(?!\w)", re.IGNORECASE)
    pats = data.patterns("tone")
    for kind in ("exclamation", "question", "shouting", "second_person"):
        out[kind] = pats[kind]
    return out


@lru_cache(maxsize=None)
def scanners(code: str) -> dict[str, Scanner]:
    """The lexicon's regexes, each tried only where one of its words occurs (same matches)."""
    return {kind: Scanner(rx) for kind, rx in lexicon(code).items()}


def find_signals(code: str, text: str, *, headings=(), entity_spans=(), block_starts=()) -> list[ToneSignal]:
    """Tone signals in ``text`` (pure). ``headings``: (start, end) of heading blocks;
    ``entity_spans``: (start, end) of entities and ``block_starts``: offsets where blocks
    begin (datelines), neither of which is shouting."""
    lex = scanners(code)
    folded = Folded(text)
    block_starts = set(block_starts)
    cands = []
    for kind in KINDS:
        if kind == "rhetorical_question":
            for s, e in headings:
                seg = text[s:e].rstrip()
                if seg.endswith("?"):
                    q = s + len(seg) - 1
                    cands.append((kind, q, q + 1, WEIGHTS[kind]))
            continue
        for m in lex[kind].finditer(folded):
            if not m.group().strip():
                continue
            if kind == "shouting" and (m.start() in block_starts
                                       or any(s <= m.start() and m.end() <= e for s, e in entity_spans)):
                continue  # an entity's acronym, or a dateline opening a block ("KESSAR (nc) -")
            weight = WEIGHTS[kind]
            if kind == "exclamation":
                weight += EXCLAMATION_REPEAT * (len(m.group()) - 1)
            cands.append((kind, m.start(), m.end(), weight))
    kept: list[tuple] = []
    for kind, s, e, w in cands:  # already in priority order
        if any(s < ke and ks < e for _, ks, ke, _ in kept):
            continue
        kept.append((kind, s, e, w))
    kept.sort(key=lambda k: (k[1], k[2]))
    return [ToneSignal(kind=k, text=text[s:e], start=s, end=e, weight=w) for k, s, e, w in kept]


def saturate(x: float, scale: float) -> float:
    return round(100.0 * (1.0 - math.exp(-x / scale)), 1) if x > 0 else 0.0


def sentence_role(claim_role: str | None, *, checkable: bool, score: float) -> str:
    if claim_role is not None:
        return claim_role
    if not checkable and score >= FILLER_MIN_SCORE:
        return "filler"
    return "opinion"


@Language.factory("newsclaims_tone", assigns=["doc.spans"])
def make_tone(nlp: Language, name: str):
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
