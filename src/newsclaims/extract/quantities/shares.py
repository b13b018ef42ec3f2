"""What a value is of, named before or right after it: "Die Inflationsrate lag bei 2,1 Prozent",
"Die SPD kam auf 27,4 Prozent", "eine Quote von 4,4 Prozent", "The unemployment rate rose to
6.1%", "a street value of £457,000", "a $1,000 fine", "Die Verluste würden auf 2.000 geschätzt".

A percentage with nothing counted after it (and a bare number after ``value_before``: "auf", "bei")
counts, in this order: the noun a link word ties it to ("Quote *von*", "cost *of*"; not a change
noun such as "Plus von"), the noun phrase right after it where the language allows that ("a 30%
chance"), else the subject of its clause: the last noun phrase before it that no preposition
governs and that is no time word. Clauses end at punctuation and at other figures; a clause that
an earlier figure opens and that names nothing counts what that figure counts ("8,5% and 4,9%").
Noun phrases come from the language's part-of-speech tagger (HanTa, named with its tag classes in
``share_subject``), run only on the clause around such a figure.
"""

from __future__ import annotations

import re

from ...report import Span
from ...text.prefilter import Folded
from ...text.tagger import tag_words
from .grammar import Grammar

# Where a clause may start, searched backwards from a figure (the sentence start bounds it too).
CLAUSE_MARKS = re.compile(r"[,;:()\u2013\u2014\"„“”]|--|(?<=\s)-(?=\s)")
TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]|\d(?:[\d.,]*\d)?|\S")
# How far (characters) a subject may stand before its figure.
SUBJECT_WINDOW = 160
# How far (characters) a noun phrase right after a figure is read.
AFTER_WINDOW = 60
# How far (characters) before a figure its article is looked for ("a $1,000 fine").
ARTICLE_WINDOW = 6
ARTICLE_BEFORE = re.compile(r"(?<!\w)(\w+)\s+\Z")


def _tags(model: str, words: list[str], text: str | None = None) -> list[str]:
    """Part-of-speech tags of a clause's words; ``text``: the text they are from, whose clauses
    read before share their rows with the clauses that start the same way (kept with the text)."""
    prefixes = Folded.of(text).memo.setdefault(("tagger rows", model), {}) if text is not None else None
    return tag_words(model, words, prefixes)


def _tagged(g: Grammar, text: str, lo: int, hi: int, figures) -> list[tuple[int, int, str]]:
    """(start, end, tag) of the tokens in text[lo:hi]; a figure's tokens get no tag (they end a
    noun phrase: "registrierte 6.850 Erstanträge")."""
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text, lo, hi)]
    if not tokens:
        return []
    tags = _tags(g.shares.model, [text[a:b] for a, b in tokens], text)
    near = [(s, e) for s, e in figures if s < hi and e > lo]  # the others hold no token here
    if not near:  # most windows: no figure of their own, no test per token
        return [(a, b, tag) for (a, b), tag in zip(tokens, tags)]
    return [(a, b, "" if any(s <= a < e for s, e in near) else tag) for (a, b), tag in zip(tokens, tags)]


def subject(g: Grammar, text: str, lo: int, start: int, figures: list[tuple[int, int]],
            previous: Span | None = None, full: bool = True) -> Span | None:
    """The noun phrase text[lo:start] names as what the figure at ``start`` is of, or None;
    ``figures`` (start, end of every figure) are never part of it. ``previous``: what the figure
    before counts, for a clause it opens that names nothing ("rund 230.000 Erstanträge, etwa 30
    Prozent mehr"; "28,4 Prozent (2019: 30,1)"). Not ``full``: only a linked noun (a sum "worth"
    or "of" something; "Die Regierung zahlt 5 Millionen" counts no "Regierung")."""
    lo = max(lo, start - SUBJECT_WINDOW)
    linked = _linked(g, text, lo, start, figures)
    if linked is not None or not full:
        return linked
    last = g.shares.subject_last and not (g.shares.first_before and g.shares.first_before.search(text, max(lo, start - 12), start))
    verb = g.shares.value_before.search(text, max(lo, start - 24), start)  # "rose" is no noun here
    tagged = _tagged(g, text, lo, verb.start() if verb else start, figures)  # the window as context
    breaks, holes = _breaks(g, text, lo, start, _clause_figures(g, tagged, figures, lo, start))
    tagged = [t for t in tagged if not any(a <= t[0] < b for a, b in holes)]
    segments, at, opened_by_figure = [], lo, False
    for b_start, b_end, is_figure in breaks:
        segments.append((at, max(at, b_start), opened_by_figure))
        at, opened_by_figure = max(at, b_end), is_figure
    segments.append((at, start, opened_by_figure))
    antecedent = False  # the figure stands in a relative clause: the noun before it counts
    for n, (seg_lo, seg_hi, after_figure) in enumerate(reversed(segments)):  # the figure's own clause first
        if n and after_figure and previous is not None and previous.start >= seg_lo:
            return previous  # "61.300 Menschen stellten einen Antrag, rund 38 Prozent weniger"
        seg = [t for t in tagged if seg_lo <= t[0] and t[1] <= seg_hi]
        if antecedent:
            return _last_noun_phrase(g, seg, text)
        if any(g.shares.relative_tag.fullmatch(t[2]) for t in seg[:2]):
            antecedent = n == 0
            continue
        found = _free_noun_phrase(g, seg, text, last)
        if found is not None or after_figure:
            return found or previous
    return None


def _last_noun_phrase(g: Grammar, tagged, text: str) -> Span | None:
    """The last noun phrase of a clause, governed or not: a relative pronoun's antecedent."""
    ends = [i for i, t in enumerate(tagged) if g.shares.noun_tag.fullmatch(t[2])]
    if not ends:
        return None
    j = i = ends[-1]
    while i > 0 and (g.shares.noun_tag.fullmatch(tagged[i - 1][2]) or g.shares.modifier_tag.fullmatch(tagged[i - 1][2])):
        i -= 1
    return Span(text=text[tagged[i][0]:tagged[j][1]], start=tagged[i][0], end=tagged[j][1])


def _clause_figures(g: Grammar, tagged, figures, lo: int, hi: int) -> list[tuple[int, int]]:
    """The figures in text[lo:hi] that end a clause: not one after an article, inside a noun
    phrase ("in den sieben größten Städten")."""
    out = []
    for s, e in figures:
        if lo < e <= hi:
            before = [t[2] for t in tagged if t[1] <= s][-1:]
            if not (before and g.shares.article_tag.fullmatch(before[0])):
                out.append((s, e))
    return out


def _breaks(g: Grammar, text: str, lo: int, hi: int, figures):
    """Where clauses end between lo and hi, as (start, end, whether a figure stands there):
    punctuation, clause words, figures; and the closed brackets, read past as a whole ("Samajwadi
    Party (SP) at 37", "die Bierpartei (2,0 Prozent) sowie die KPÖ")."""
    marks, holes, opened = [], [], None
    for m in CLAUSE_MARKS.finditer(text, lo, hi):
        if opened is not None:  # inside a bracket: wait for its end
            if m.group() == ")":
                holes.append((opened, m.end()))
                opened = None
            continue
        if m.group() == "(":
            opened = m.start()
        else:
            marks.append((m.start(), m.end(), False))
    if opened is not None:
        marks.append((opened, opened + 1, False))
    words = g.shares.clause_words.finditer(text, lo, hi) if g.shares.clause_words is not None else ()
    marks += [(m.start(), m.end(), False) for m in words if not any(a <= m.start() < b for a, b in holes)]
    marks += [(max(s, lo), e, True) for s, e in figures if not any(a <= s < b for a, b in holes)]
    return sorted(marks), holes


def noun_after(g: Grammar, text: str, start: int, end: int, hi: int, figures, money: bool = False) -> Span | None:
    """The common-noun phrase right after the figure text[start:end], where the language counts
    it ("a 30% chance", "a $1,000 fine", a sum's "£40,000 in cash"); tagged with the figure
    before it for context."""
    after = g.shares.sum_noun_after if money else g.shares.noun_after
    if after is None:
        return None
    m = after.match(text, end)
    if m is None:
        return None
    stop = CLAUSE_MARKS.search(text, m.end(), min(hi, m.end() + AFTER_WINDOW))
    tagged = _tagged(g, text, start, stop.start() if stop else min(hi, m.end() + AFTER_WINDOW), figures)
    first = next((i for i, t in enumerate(tagged) if t[0] >= m.end()), None)
    phrase = _phrase_at(g, tagged, first) if first is not None else None
    if phrase is None and first is not None and _lone_modifier_head(g, text, start, end, tagged, first):
        phrase = (first, first)  # "a $1,000 fine": the tagger reads "fine" as an adjective
    elif phrase is None or not g.shares.common_noun_tag.fullmatch(tagged[phrase[1]][2]):
        return None
    if _time_word(g, text[tagged[phrase[1]][0]:tagged[phrase[1]][1]]):
        return None  # "27.1% four years ago"
    a, b = tagged[phrase[0]][0], tagged[phrase[1]][1]
    return Span(text=text[a:b], start=a, end=b)


def _lone_modifier_head(g: Grammar, text: str, start: int, end: int, tagged, i: int) -> bool:
    """Whether token i, tagged a modifier, heads the phrase after an attributive figure: an
    article right before the figure and no noun or modifier after the token ("a $1,000 fine.").
    The article is tagged with the figure as one word (the tagger misreads "a $ 1,000")."""
    nxt = tagged[i + 1][2] if i + 1 < len(tagged) else ""
    if not g.shares.modifier_tag.fullmatch(tagged[i][2]) or (
            nxt and (g.shares.noun_tag.fullmatch(nxt) or g.shares.modifier_tag.fullmatch(nxt))):
        return False
    word = ARTICLE_BEFORE.search(text, max(0, start - ARTICLE_WINDOW), start)
    if word is None:
        return False
    tags = _tags(g.shares.model, [word.group(1), text[start:end], text[tagged[i][0]:tagged[i][1]]])
    return g.shares.article_tag.fullmatch(tags[0]) is not None


def _linked(g: Grammar, text: str, lo: int, start: int, figures) -> Span | None:
    """The noun a link word ties the figure to: "eine Quote von 4,4 Prozent", "a cost of $8
    million"; not a noun naming a change ("ein Plus von 6 Prozent": see ``share_not_subject``)."""
    if g.shares.link_before is None:
        return None
    link = g.shares.link_before.search(text, lo, start)
    if link is None or g.shares.not_subject.search(text, max(lo, link.start() - 24), start):
        return None
    mark = max((m.end() for m in CLAUSE_MARKS.finditer(text, lo, link.start())), default=lo)
    tagged = _tagged(g, text, mark, link.start(), figures)
    if not tagged or not g.shares.noun_tag.fullmatch(tagged[-1][2]):
        return None
    i = len(tagged) - 1
    while i > 0 and (g.shares.noun_tag.fullmatch(tagged[i - 1][2]) or g.shares.modifier_tag.fullmatch(tagged[i - 1][2])):
        i -= 1
    return Span(text=text[tagged[i][0]:tagged[-1][1]], start=tagged[i][0], end=tagged[-1][1])


def _phrase_at(g: Grammar, tagged, i: int) -> tuple[int, int] | None:
    """The noun phrase starting at token i (modifiers, then nouns; it ends in a noun), as (i, j)."""
    j = i
    while j < len(tagged) and (g.shares.noun_tag.fullmatch(tagged[j][2]) or g.shares.modifier_tag.fullmatch(tagged[j][2])):
        j += 1
    j -= 1
    while j >= i and not g.shares.noun_tag.fullmatch(tagged[j][2]):
        j -= 1
    return (i, j) if j >= i else None


def _free_noun_phrase(g: Grammar, tagged, text: str, last: bool) -> Span | None:
    """The first or ``last`` noun phrase no preposition governs; a change noun's preposition
    ("the drop in inflation") governs nothing. A conjunction after a
    governed phrase carries the preposition on ("ohne Energie und Lebensmittel": both are); a
    genitive attribute belongs to the phrase before it ("Die Verluste der Armee")."""
    governed = False  # inside a phrase a preposition opened ("im Mai", "laut Statistikamt")
    carried = False  # the phrase just read was governed
    found = None
    ended = joined = -2  # the last token of the free phrase just read; a conjunction right after it
    i = 0
    while i < len(tagged):
        tag = tagged[i][2]
        if g.shares.preposition_tag.fullmatch(tag):
            governed, carried = True, False
        elif g.shares.noun_tag.fullmatch(tag) or g.shares.modifier_tag.fullmatch(tag):
            phrase = _phrase_at(g, tagged, i)
            if phrase is not None:
                a, j = phrase
                head = tagged[j]
                if not governed and g.shares.change_in.match(text, head[0]) and j + 1 < len(tagged):
                    i = j + 2  # "the drop in inflation": inflation is what changed, not governed
                    continue
                if (not governed and not _time_word(g, text[head[0]:head[1]])
                        and not g.shares.not_subject.match(text, head[0])):
                    begin = tagged[a][0]
                    if found is not None and joined == a - 1:  # "gas and electricity prices"
                        begin = found.start
                    found = Span(text=text[begin:head[1]], start=begin, end=head[1])
                    if not last:
                        return found
                free = found is not None and found.end == head[1]
                governed, carried = False, governed
                i = _after_genitive(g, tagged, text, j)
                ended = i if free else -2
        elif not tag:  # a figure: "in den sieben größten Städten" stays governed
            pass
        elif g.shares.conjunction_tag is not None and g.shares.conjunction_tag.fullmatch(tag):
            governed = carried
            joined = i if ended == i - 1 else -2
        elif not g.shares.determiner_tag.fullmatch(tag):
            governed = carried = False
        i += 1
    return found


def _after_genitive(g: Grammar, tagged, text: str, j: int) -> int:
    """The last token of a genitive attribute right after token j ("Verluste *der Armee*"), else j."""
    k = j + 1
    if k + 1 < len(tagged) and text[tagged[k][0]:tagged[k][1]].lower() in g.shares.genitive_words:
        phrase = _phrase_at(g, tagged, k + 1)
        if phrase is not None:
            return phrase[1]
    return j


def _time_word(g: Grammar, word: str) -> bool:
    return word.lower() in g.shares.time_words
