"""Resolving: which frame governs a position; sources carried to the next sentence."""

from __future__ import annotations

import re

from ...report import Attribution
from ...text.clauses import clause_bounds, clause_of, quote_spans
from .frame import Frame
from .rules import Rules

# A quote's speaker frame must start within this many characters after the closing mark
# ("“, sagte X") or end within this many before the opening mark ("X: „").
QUOTE_SPEAKER_GAP = 4
# A speaker frame may end this many characters before "X sagte BILD: „...".
QUOTE_COLON_GAP = 40
# A link back reaches the figures of this many sentences before it in its paragraph.
LINK_REACH = 3
# A comparison with an earlier period continues the statistic of a sentence this many back.
COMPARE_REACH = 3
# How many characters before a clause start are looked at to tell a word break from punctuation.
WORD_BREAK_WINDOW = 8


class Resolver:
    """Which frame governs a position in the text."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], frames: list[Frame], rules: Rules,
                 blocks: list[int] | None = None):
        self.text, self.sentences, self.frames, self.rules = text, sentences, frames, rules
        self.blocks = blocks
        self.by_sentence: dict[int, list[Frame]] = {}
        for f in frames:
            self.by_sentence.setdefault(f.sentence, []).append(f)
        self.bounds = [clause_bounds(text, s, e, rules.clause_breaks) for s, e in sentences]
        self.quotes = []
        for q in quote_spans(text, rules.quotes):
            speaker = self._speaker(q)
            if speaker is not None:
                self.quotes.append((q, speaker))
        self.quotes += self._run_on_quotes()

    def _paragraphs(self) -> list[tuple[int, int]]:
        """Paragraph spans from the sentences' blocks."""
        out: list[tuple[int, int]] = []
        for i, (a, b) in enumerate(self.sentences):
            if out and self.blocks[i] == self.blocks[i - 1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def _run_on_quotes(self) -> list[tuple[tuple[int, int], Frame]]:
        """Quoted speech over paragraphs ("X said: 'Text ... / 'More text.'"): a paragraph that
        ends inside a quote a speaker opened with a colon goes on in the next paragraph when
        that one opens with a quote mark, up to the paragraph that ends with the closing mark."""
        if not self.blocks or not self.rules.paragraph_quotes:
            return []
        out, speaker, close = [], None, None
        for a, b in self._paragraphs():
            body = self.text[a:b].rstrip()
            if speaker is not None and body[:1] == close.get("open"):
                out.append(((a, b), speaker))
            else:
                speaker, close = self._opened_quote(a, b)
                if speaker is None:
                    continue
            if body.endswith(close["close"]):
                speaker = None
        return out

    def _opened_quote(self, a: int, b: int) -> tuple[Frame | None, dict | None]:
        """The speaker of a quote opened after a colon in text[a:b] and not closed there."""
        for mark, closer in self.rules.paragraph_quotes.items():
            o = self.text.rfind(mark, a, b)
            if o < 0 or not re.search(r":\s*$", self.text[max(a, o - 3):o]):
                continue
            if re.search(re.escape(closer) + r"(?!\w)", self.text[o + 1:b]):
                continue  # closed in its own paragraph
            f = self._speaker((o, b))
            if f is not None and f.last <= o:
                return f, {"open": mark, "close": closer}
        return None, None

    def _speaker(self, q: tuple[int, int]) -> Frame | None:
        for f in self.frames:
            if not (0 <= f.first - q[1] <= QUOTE_SPEAKER_GAP + 4 or 0 <= q[0] - f.last <= QUOTE_COLON_GAP):
                continue
            gap_after = self.text[q[1]:f.first]
            # "...,” Mr Dujarric said": an article or a title may stand between quote and speaker
            words = [w for w in re.findall(r"\w+", gap_after) if not self.rules.det_word.match(w) and w not in self.rules.titles]
            # "„...“. Der Sender berichtete, ...": a full stop after the quote ends its sentence,
            # the next one reports something else
            if f.first >= q[1] and len(gap_after) <= QUOTE_SPEAKER_GAP + 4 and not words \
                    and not re.match(r"\s*[.!?]", gap_after):
                return f
            gap_before = self.text[f.last:q[0]]
            if f.last <= q[0] and len(gap_before) <= QUOTE_COLON_GAP and re.fullmatch(r"[^.!?]*:\s*", gap_before):
                return f
        return None

    def quote_frame(self, pos: int) -> Frame | None:
        for (a, b), f in self.quotes:
            if a <= pos < b:
                return f
        return None

    def at(self, pos: int, sentence: int, figures: list[int] | None = None) -> Frame | None:
        """The frame governing a figure at ``pos``; ``figures`` are the sentence's figure starts."""
        f = self.quote_frame(pos)
        if f is not None:
            return f
        here = self.by_sentence.get(sentence, [])
        if here and all(f.name == "carried" for f in here):
            # a link back from the next sentence names the origin more directly than a carry
            return self.linked(sentence) or here[0]
        if here and all(f.name in self.rules.reporting_verb_frames and f.src is not None and not f.titled for f in here):
            # "Das Bamf registrierte 6.850 Anträge. Das teilte das Innenministerium mit.": the
            # next sentence names who released the figures; the subject only did the counting
            link = self.linked(sentence)
            if link is not None:
                return link
        if not here:
            return self.linked(sentence)
        figures = figures or [pos]
        bounds = self.bounds[sentence]
        clause = clause_of(pos, bounds)
        local = [f for f in here if f.scope == "clause" and clause_of(f.start, bounds) == clause]
        reaching = [f for f in here if self._reaches(f, sentence, clause, figures)
                    and not self._relative_elsewhere(f, sentence, clause, figures)
                    and not self._after_postposed(f, pos, sentence, clause, figures)]
        pool = local or reaching
        # "nach vorläufigen Zahlen ..., wie das Innenministerium mitteilte", "the final tally showed
        # ...": a named origin of the figures wins over a bare information word
        named = [f for f in pool if not f.bare]
        if not named and local:
            named = [f for f in reaching if not f.bare and f.scope != "clause"]
        pool = named or pool
        if not pool:
            return None
        best = min(pool, key=lambda f: min(abs(pos - f.first), abs(pos - f.last)))
        return self._reported_over(best, pos, sentence, pool) or best

    def _reported_over(self, f: Frame, pos: int, sentence: int, pool: list[Frame]) -> Frame | None:
        """"So far, the country has confirmed 312 cases, the ministry announced": a reporting verb
        after the figure's clause reports that clause, the report inside it included; an outlet
        passing on an institution's report ("X said ..., TASS reported") keeps the origin."""
        if f.scope != "speech" or f.last > pos:
            return None
        media = self.rules.kind_patterns["media_report"]
        for g in pool:
            if g.name in self.rules.reporting_verb_frames and g.src is not None and g.first > pos \
                    and self._postposed(g, sentence) and not media.search(self.text, g.src[0], g.src[1]):
                return g
        return None

    def _postposed(self, f: Frame, sentence: int) -> bool:
        """Whether a frame follows a comma, semicolon or closing quote ("..., the Office said")."""
        head = self.text[self.sentences[sentence][0]:f.first].rstrip()
        last = head.rsplit(None, 1)[-1] if head else ""
        if last and self.rules.det_word.match(last):
            head = head[:len(head) - len(last)].rstrip()
        return bool(head) and head[-1] in ",;" + "".join(self.rules.quotes.values())

    def _reaches(self, f: Frame, sentence: int, clause: int, figures: list[int]) -> bool:
        """Whether a frame outside the figure's clause reaches it. A clause frame ("laut X",
        "according to X") standing in a clause of its own reaches forward when it opens the
        sentence ("Laut X, ...", "A und B brauchen X zufolge Hilfe, C ...") and backward
        otherwise ("..., according to X, and ...")."""
        bounds = self.bounds[sentence]
        fc = clause_of(f.first, bounds)
        if f.scope == "speech" and fc > clause and any(
                clause_of(p, bounds) == fc and not (f.src and f.src[0] <= p < f.src[1]) for p in figures):
            # "..., Analysten hatten mit 1,8 Milliarden gerechnet": a speech clause with
            # figures of its own does not reach back into the clauses before it
            return False
        if f.scope != "clause" or fc in {clause_of(p, bounds) for p in figures}:
            return True
        if fc < clause and all(self.rules.continuation.match(self.text, bounds[c - 1]) for c in range(fc + 1, clause + 1)):
            return True
        return fc > clause or all(self._word_break(b) for b in bounds[:fc])

    def _word_break(self, bound: int) -> bool:
        """Whether the clause break ending at ``bound`` is a word ("und", "and") rather than
        punctuation: such a break may split a noun phrase ("Einwohner und Einwohnerinnen")."""
        return self.text[max(0, bound - WORD_BREAK_WINDOW):bound].rstrip()[-1:].isalpha()

    def _after_postposed(self, f: Frame, pos: int, sentence: int, clause: int, figures: list[int]) -> bool:
        """A figure in a clause after a postposed speech frame ("..., the Office said on Sunday,
        but it will need at least two partners", "..., the air force said, leaving hundreds of
        thousands ...") is the writer's, unless the clause goes on reporting ("adding that")."""
        if f.scope != "speech" or pos < f.last or f.src is None or not any(p < f.first for p in figures):
            return False  # postposed: after figures of its own ("Separately, the ONS said ..." is not)
        if not self._postposed(f, sentence):
            return False
        bounds = self.bounds[sentence]
        if clause_of(f.last, bounds) == clause:
            return False
        return not self.rules.speech_goes_on.match(self.text, bounds[clause - 1])

    def _relative_elsewhere(self, f: Frame, sentence: int, clause: int, figures: list[int]) -> bool:
        """A frame inside a relative clause with a figure of its own (", which officials
        estimate would cost 150 billion") that does not hold this figure. A relative clause
        without a figure ("Nach dem Ergebnis, das X bekanntgab, kommt ...") reaches on."""
        bounds = self.bounds[sentence]
        fc = clause_of(f.first, bounds)
        if fc == 0 or fc == clause or all(clause_of(p, bounds) != fc for p in figures):
            return False
        # a relative clause follows punctuation: "... und der Ausfahrt X krachten ..." is none
        return bool(self.rules.relative.match(self.text, bounds[fc - 1])) and not self._word_break(bounds[fc - 1])

    def linked(self, sentence: int) -> Frame | None:
        """A link back ("Das teilte X mit") in a later sentence of the paragraph, reached over
        at most LINK_REACH - 1 sentences without frames ("20 ... vermisst. ... 45 Tote geborgen.
        Das hat der Zivilschutz mitgeteilt.")."""
        for j in range(sentence + 1, min(sentence + 1 + LINK_REACH, len(self.sentences))):
            if self.blocks is not None and self.blocks[j] != self.blocks[sentence]:
                return None  # "Die Bilanz ist verheerend: ..." opening the next paragraph points at its own figures
            here = self.by_sentence.get(j, [])
            for f in here:
                if f.link_next:
                    return f
            if here:
                return None
        return None

    def for_sentence(self, sentence: int) -> Frame | None:
        """The source of a whole sentence (for its claim)."""
        s, e = self.sentences[sentence]
        f = self.quote_frame(s)
        if f is not None:
            return f
        here = self.by_sentence.get(sentence, [])
        if here:
            return here[0]
        return self.linked(sentence)



def carry_adjacent(sentences: list[tuple[int, int]], figures: list[tuple[int, str, Attribution | None, str]],
                   resolver: Resolver, text: str, rules: Rules, blocks: list[int] | None = None,
                   go_on: bool = True) -> dict[int, Attribution]:
    """Sources handed on to the unattributed figures of a sentence without frames of its own
    that compares with an earlier period ("Some 180,000 more people ... than a year earlier"),
    from the sentence right before it in the same paragraph when that one names its source in
    a frame of its own (the same category's source first). A mere list of further figures
    ("Die AfD erreicht 30,6 Prozent.") is not carried: the gold does not carry it either, unless
    the language lets a sentence go on with the figures right before it (_continued) and
    ``go_on`` allows it.
    ``figures``: (sentence, category, source, counted head) per figure, in order; returns index -> source."""
    by_sentence: dict[int, list[tuple[int, str, Attribution | None, str]]] = {}
    for i, (si, cat, src, head) in enumerate(figures):
        by_sentence.setdefault(si, []).append((i, cat, src, head))
    out: dict[int, Attribution] = {}
    for si, items in by_sentence.items():
        if resolver.by_sentence.get(si) or resolver.linked(si) is not None:
            continue
        same = None if not go_on or any(src for _, _, src, _ in items) else \
            _continued(si, items, by_sentence, resolver, text, sentences, rules)
        if same is not None:
            out.update({i: same for i, *_ in items})
            continue
        prev = _framed_before(si, resolver, blocks)
        if prev is None:
            continue
        before = [(cat, src) for _, cat, src, _ in by_sentence.get(prev, []) if src is not None]
        s, e = sentences[si]
        if not before or not rules.carry_compare.search(text, s, e):
            continue
        for i, cat, _, _ in (x for x in items if x[2] is None):
            same = [b for c, b in before if c == cat]
            out[i] = same[-1] if same else before[-1][1]
    return out


def _continued(si: int, items: list, by_sentence: dict, resolver: Resolver, text: str,
               sentences: list[tuple[int, int]], rules: Rules) -> Attribution | None:
    """The source a sentence goes on with from the sentence right before it, over a paragraph
    break too: the sentence adds to its figures ("Another 40 ...", carry_continue) or counts what
    one of its sourced figures counts ("... 250 homes destroyed, the service said. / 259 homes
    were razed ...", carry_same_counted). The sentence before must name its source itself, and
    the sentence must not be hedged on its own ("are said to": unnamed sources, carry_hedged)."""
    prev = si - 1
    frames = [f for f in resolver.by_sentence.get(prev, []) if f.name != "carried"] if prev >= 0 else []
    if not frames or (rules.carry_not_after is not None
                      and any(rules.carry_not_after.search(text, f.start, f.end) for f in frames)):
        return None  # no source of its own, or an expectation the next sentence answers
    before = [(head, src) for _, _, src, head in by_sentence.get(prev, []) if src is not None]
    if not before or (rules.carry_hedged is not None and rules.carry_hedged.search(text, *sentences[si])):
        return None
    if rules.carry_continue is not None and rules.carry_continue.match(text, sentences[si][0]):
        return before[-1][1]
    if rules.carry_same_counted:
        heads = {head for *_, head in items if head}
        same = [src for head, src in before if head in heads]
        return same[-1] if same else None
    return None


def _framed_before(si: int, resolver: Resolver, blocks: list[int] | None) -> int | None:
    """The nearest sentence before ``si`` in its paragraph with a frame of its own, over at most
    COMPARE_REACH - 1 sentences without frames ("Dem X zufolge ... 19.687. Afghanen kamen mit
    9.772 (2023: 15.980). ..."); None when another frame or the paragraph's start comes first."""
    for prev in range(si - 1, max(-1, si - 1 - COMPARE_REACH), -1):
        if blocks is not None and blocks[prev] != blocks[si]:
            return None
        here = resolver.by_sentence.get(prev, [])
        if any(f.name != "carried" and not f.link_next for f in here):
            return prev
        if here:
            return None
    return None
