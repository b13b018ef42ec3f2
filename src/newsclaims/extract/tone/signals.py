"""Tone signals (``lang/<code>/tone.yaml``) found in a text, and the score curve."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ...lang import load
from ...report import ToneSignal
from ...text import regexes
from ...text.prefilter import Folded, Scanner


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
        out[kind] = regexes.compile(r"(?<!\w)(?:" + "|".join(_phrase(w) for w in words) + ")" + end + r"(?!\w)", re.IGNORECASE)
    for kind in PHRASE_LISTS:
        words = sorted(data.words("tone", kind), key=len, reverse=True)
        out[kind] = regexes.compile(r"(?<!\w)(?:" + "|".join(_phrase(w) for w in words) + r")(?!\w)", re.IGNORECASE)
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
    folded = Folded.of(text)
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


def article_score(signals, text: str) -> float:
    """The article's score: signal weight per 100 words, saturated (see the package docstring)."""
    density = 100.0 * sum(sig.weight for sig in signals) / max(len(text.split()), ARTICLE_MIN_WORDS)
    return saturate(density, ARTICLE_SCALE)


def sentence_role(claim_role: str | None, *, checkable: bool, score: float) -> str:
    if claim_role is not None:
        return claim_role
    if not checkable and score >= FILLER_MIN_SCORE:
        return "filler"
    return "opinion"
