"""What a value is of, named before it: "Die Inflationsrate lag bei 2,1 Prozent", "Die SPD kam auf
27,4 Prozent", "The unemployment rate rose to 6.1%", "Die Verluste würden auf 2.000 geschätzt".

A percentage with nothing counted after it (and a bare number after ``value_before``: "auf", "bei")
counts the subject of its clause: the first noun phrase before it that no preposition governs and
that is no time word. Noun phrases come from the language's part-of-speech tagger (HanTa, named
with its tag classes in ``share_subject``), run only on the clause before such a figure.
"""

from __future__ import annotations

import re

from ...report import Span
from ...text.tagger import hanta
from .grammar import Grammar

# Where a clause may start, searched backwards from a figure (the sentence start bounds it too).
CLAUSE_MARKS = re.compile(r"[,;:()\u2013\u2014\"„“”]")
TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]|\d[\d.,]*|\S")
# How far (characters) a subject may stand before its figure.
SUBJECT_WINDOW = 160


def _tags(model: str, words: list[str]) -> list[str]:
    """Part-of-speech tags of a clause's words: the tags alone (taglevel 0 skips HanTa's lemmas,
    about four fifths of its time)."""
    return hanta(model).tag_sent(words, taglevel=0)


def subject(g: Grammar, text: str, lo: int, start: int, figures: list[tuple[int, int]],
            previous: Span | None = None) -> Span | None:
    """The noun phrase text[lo:start] names as what the figure at ``start`` is of, or None;
    ``figures`` (start, end of each figure with its unit) are never part of it. A figure whose own
    clause names nothing is of the ``previous`` figure's noun when there is one ("rund 230.000
    Erstanträge, etwa 30 Prozent mehr als im Vorjahr"; "28,4 Prozent (2019: 30,1)")."""
    lo = max(lo, start - SUBJECT_WINDOW)
    cuts = [lo] + [m.end() for m in CLAUSE_MARKS.finditer(text, lo, start)]
    for seg_start in reversed(cuts):  # the figure's own clause first, then the ones before it
        seg_end = start if seg_start == cuts[-1] else next(c for c in cuts if c > seg_start) - 1
        found = _first_free_noun_phrase(g, text, seg_start, seg_end, figures)
        if found is not None:
            return found
        if previous is not None:
            return previous
    return None


def _first_free_noun_phrase(g: Grammar, text: str, lo: int, hi: int, figures) -> Span | None:
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text, lo, hi)]
    if not tokens:
        return None
    tags = _tags(g.share_model, [text[a:b] for a, b in tokens])
    # another figure is no part of a noun phrase and ends one ("registrierte 6.850 Erstanträge")
    tags = ["" if any(a <= s < b for a, b in figures) else tag for (s, _), tag in zip(tokens, tags)]
    governed = False  # inside a phrase a preposition opened ("im Mai", "laut Statistikamt")
    i = 0
    while i < len(tokens):
        tag = tags[i]
        if g.share_preposition.fullmatch(tag):
            governed = True
        elif g.share_noun.fullmatch(tag) or g.share_modifier.fullmatch(tag):
            j = i
            while j + 1 < len(tokens) and (g.share_noun.fullmatch(tags[j + 1]) or g.share_modifier.fullmatch(tags[j + 1])):
                j += 1
            while j >= i and not g.share_noun.fullmatch(tags[j]):
                j -= 1  # the phrase ends in a noun
            if j >= i:
                words = text[tokens[i][0]:tokens[j][1]]
                if (not governed and not _time_word(g, text[tokens[j][0]:tokens[j][1]])
                        and not g.share_not_subject.match(text, tokens[j][0])):
                    return Span(text=words, start=tokens[i][0], end=tokens[j][1])
                governed = False
                i = j
        elif not g.share_determiner.fullmatch(tag):
            governed = False
        i += 1
    return None


def _time_word(g: Grammar, word: str) -> bool:
    return word.lower() in g.share_time_words
