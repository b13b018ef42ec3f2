"""Finding figures: number cores in the text, extended left and right, exclusions dropped.

One regex per language finds number cores (digits, spelled-out numbers, fractions, vague
amounts); small anchored regexes extend each core to the left (approximator, currency symbol,
range opener) and right (scale, range, unit or currency, trailing modifier); exclusions
(dates, clock times, ages, references, years, durations, numbers in names) drop it. The
resolvers in ``numbers`` turn the pieces into ``low``/``high``/``approx``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...report import Span
from ...text.prefilter import Folded, Scanner
from . import numbers as N
from .grammar import Grammar, key

# How far (characters) the extractor looks left of a number for its modifier or a reference word.
CONTEXT_BEFORE = 48
# A vague amount this large reads like a scaled one ("mehrere Milliarden" after a sum in euros).
LARGE_VAGUE = 1e6
# "17 Sitze, die SPD 16": an elliptical figure after a name this close to a counted one is kept.
ELLIPSIS_GAP = 80
# Where a sign or a leading decimal mark may open a number ("um -1", "(−3,5)", " .08").
OPENS_NUMBER = " \t\n\r\u00a0([/"
# Web addresses and URL-encoded text ("q=30%25&n=12"): no number in them is a figure.
WEB_TEXT = re.compile(r"://|\bwww\.|[?&][\w.-]+=|%[0-9A-Fa-f]{2}(?![^\W\d_])")
# Digits after a spelled-out round number: "four-thousand-100".
WORD_DIGIT_TAIL = re.compile(r"-(\d{1,3})(?![\d.,]|[^\W\d_])")


@dataclass
class FoundFigure:
    start: int
    end: int
    low: float | None
    high: float | None
    approx: str
    unit: str | None
    counted: Span | None
    sentence: int
    expr_end: int  # end of the figure incl. its counted noun (cue windows start here)
    inherited: bool = False  # counted carried over from the previous figure
    scaled: bool = False  # has a scale word ("acht Milliarden")
    vague: bool = False  # a vague amount ("Hunderte", "dozens")
    elliptic: bool = False  # a bare number after a name, kept for the counted figure before it



def _in_times(times: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and times[i][0] <= pos < times[i][1]


def _may_hold_web_text(text: str) -> bool:
    """Whether WEB_TEXT can match: each of its branches needs one of these strings (a scan of
    the text with the regex costs ten times these searches)."""
    return "://" in text or "www." in text or "%" in text or ("=" in text and ("?" in text or "&" in text))


def web_spans(text: str) -> list[tuple[int, int]]:
    """The whitespace-delimited tokens that are web addresses or URL-encoded text."""
    spans: list[tuple[int, int]] = []
    if not _may_hold_web_text(text):
        return spans
    for m in WEB_TEXT.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        lo = max(text.rfind(c, 0, m.start()) for c in " \t\n\r") + 1
        hi = min((i for i in (text.find(c, m.end()) for c in " \t\n\r") if i >= 0), default=len(text))
        spans.append((lo, hi))
    return spans


def _excluded_spans(times, text: str) -> list[tuple[int, int]]:
    """Dates, clock times and web text, sorted and merged (``_in_times`` needs disjoint spans)."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(list(times) + web_spans(text)):
        if merged and lo < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged



#####FIND
@dataclass
class _Draft:
    """A figure being read: its number core and what was found around it so far."""

    kind: str  # digits | words | frac | one | vague
    core_start: int
    core_end: int
    core_text: str
    context_from: int  # where the look-behind patterns start
    attached: str | None  # letters glued to the digits ("5km", "$3m")
    start: int = 0  # the whole figure; moves left over an opener, currency symbol, approximator
    end: int = 0  # where reading has got to; the figure's end once read
    value: float | None = None
    vague: tuple[float, float] | None = None
    unit: str | None = None
    scale: float | None = None
    compound_end: int | None = None  # "20-jährige": the end of the compound word
    second: tuple[float, float] | None = None  # a range's bounds
    approx: str = "exact"
    low: float | None = None
    high: float | None = None
    approximator: re.Match | None = None
    counted: Span | None = None
    via_link: bool = False
    expr_end: int = 0
    unit_word: Span | None = None  # "Dollar" of "2,6 Milliarden Dollar", "Kilometer" of "70 Kilometer"


def find(g: Grammar, text: str, times, sentence_at, folded: Folded | None = None) -> list[FoundFigure]:
    """The figures of ``text``; ``times`` (sorted spans) are dates and clock times, never figures."""
    return _Finder(g, text, times, sentence_at, folded).run()


class _Finder:
    def __init__(self, g: Grammar, text: str, times, sentence_at, folded: Folded | None):
        self.g, self.text, self.sentence_at = g, text, sentence_at
        self.times = _excluded_spans(times, text)
        self.time_starts = [t[0] for t in self.times]
        # The look-behind patterns are tried only where they can start (same results).
        self.folded = folded if folded is not None else Folded.of(text)
        self._alt: bool | None = None  # the document writes numbers in the alt_locale (``_digits``)
        self.decimal = N.decimal_mark(g.numbers.locale)
        self.opens_digits = N.SIGNS + self.decimal  # what may open a number before its digits
        self.out: list[FoundFigure] = []
        self.consumed = 0

    def _digits(self, digits: str) -> float | None:
        """Digits in the language's locale, or in its ``alt_locale`` where that is the better
        reading (see numbers.parse_digits_either). Whether the document writes numbers the alt
        way is asked only of digits holding the locale's decimal mark, the only ones whose
        reading it decides (a search of the whole text: asked once, when first needed)."""
        g = self.g
        if self._alt is None and g.numbers.alt_locale and self.decimal in digits:
            # the schema pairs them; a plain search: the data spells the pattern from a literal
            # comma, which the regex engine skips to faster than a scanner tries its commas
            self._alt = g.numbers.alt_locale_evidence.search(self.text) is not None
        return N.parse_digits_either(digits, g.numbers.locale, g.numbers.alt_locale, bool(self._alt))

    def before(self, rx: re.Pattern | None, lo: int, hi: int):
        """``rx.search`` over text[lo:hi] through its scanner (None for a pattern the language lacks)."""
        return Scanner.of(rx).search(self.folded, lo, hi) if rx is not None else None

    def run(self) -> list[FoundFigure]:
        g, text = self.g, self.text
        lowered = text.lower()
        candidates = g.numbers.cand_lower.finditer(lowered) if len(lowered) == len(text) else g.numbers.cand_any.finditer(text)
        core, at_digit = g.numbers.core, g.numbers.core_at_digit
        for candidate in candidates:
            at = candidate.start()
            if at < self.consumed:
                continue
            m = (at_digit if text[at].isdecimal() else core).match(text, at)
            draft = self._core(m) if m is not None else None
            if draft is None or not self._read_value(draft, m):
                continue
            self._read_scale(draft)
            self._read_range(draft)
            self._read_unit(draft)
            self._read_approximator(draft)
            if self._read_counted(draft):
                found = self._keep(draft)
                if found is not None:
                    self.out.append(found)
        return self.out

    def _core(self, m: re.Match) -> _Draft | None:
        """The number core, unless it is a phone number, a time, a date, an age or an ordinal."""
        g, text = self.g, self.text
        s, e = m.span()
        if s < self.consumed or _in_times(self.times, self.time_starts, s):
            return None
        kind = "digits" if m.group("digits") is not None or m.lastgroup == "attached" else m.lastgroup
        if kind == "digits":
            e = m.end("digits")
            phone = g.exclusions.phone.match(text, s - 1 if text[s - 1:s] == "+" else s)
            if phone:  # "0711 216-0", "+1-222-2222": a phone number or code, never an amount
                self.consumed = phone.end()
                return None
            s = self._sign(s)
        core_text = text[s:e]
        context_from = max(0, s - CONTEXT_BEFORE)
        if self.before(g.exclusions.blocked_before, context_from, s) or g.exclusions.blocked_after.match(text, e):
            return None
        if kind == "digits" and g.exclusions.month_number.fullmatch(core_text) and self.before(g.exclusions.month_before, context_from, s):
            return None  # "Mai 2022", "May 3" (but "im Juli 450 Migranten" is an amount)
        if (kind == "digits" and core_text.isdigit() and len(core_text) <= 3 and not m.group("attached")
                and g.exclusions.age_after.match(text, e) and self.before(g.exclusions.age_before, context_from, s)
                and not (self.out and text[self.out[-1].end:s].strip() in ("(", ","))):
            return None  # "Brenner (54)", "Benes, 51, said": an age ("30 Prozent (27)" is no age)
        if (g.exclusions.ordinal_any and g.exclusions.ordinal_any.match(text, e)) or (  # ordinals: optional in the data
                g.exclusions.ordinal_after and g.exclusions.ordinal_after.match(text, e) and self.before(g.exclusions.ordinal_before, context_from, s)):
            return None
        return _Draft(kind, s, e, core_text, context_from, m.group("attached"), start=s)

    def _sign(self, s: int) -> int:
        """The start of digits moved over a sign or a leading decimal mark ("-1", "−3,5", ".08")."""
        text = self.text
        if s == 0 or text[s - 1] not in self.opens_digits:
            return s
        if s >= 2 and text[s - 2] not in OPENS_NUMBER:
            return s
        return s - 1

    def _read_value(self, d: _Draft, m: re.Match) -> bool:
        """The core's value (or vague bounds) and a unit or scale glued to its digits."""
        g, text, e = self.g, self.text, d.core_end
        d.end = e
        if d.kind == "vague":
            d.vague = g.numbers.vague.get(key(d.core_text))
        elif d.kind == "frac":
            if self.before(g.exclusions.frac_blocked_before, d.context_from, d.core_start):
                return False
            d.value = g.numbers.fractions.get(key(d.core_text))
        elif d.kind == "one":
            d.value = 1.0
        elif d.kind == "words":
            self._read_words(d)
        else:
            d.value = self._digits(d.core_text)
            if d.kind == "digits" and d.attached:
                suffix = d.attached.lower()
                if suffix in g.units.units:
                    d.unit = g.units.units[suffix]
                elif suffix in g.units.attached_measures and g.units.measure_after.match(text, m.end()):
                    d.unit = g.units.attached_measures[suffix]  # "1.8m tall": metres, not millions
                elif suffix in g.numbers.scales_attached:
                    d.scale = g.numbers.scales_attached[suffix]
                else:
                    return False
                d.end = m.end()
            elif (d.kind == "digits" and text.startswith("-", e) and not text[e + 1:e + 2].isdigit()
                    and not g.numbers.scale_re.match(text, e)):  # "15-thousand" is a scale
                if not g.exclusions.compound_ok.match(text, e):
                    return False
                d.compound_end = e + 1 + len(re.match(r"[\w-]*", text[e + 1:e + 40]).group(0))
        if d.value is not None and d.kind in ("words", "digits") and not d.attached:
            mixed = g.numbers.mixed_re.match(text, d.end)
            if mixed and d.value == int(d.value):  # "five and a half million"
                d.value += g.numbers.mixed_fractions[key(mixed.group("f"))]
                d.end = mixed.end()
        return d.value is not None or d.vague is not None

    def _read_words(self, d: _Draft) -> None:
        """A spelled-out number: the longest start that reads as one ("five" of "five and seven"),
        and digits after a round one ("four-thousand-100")."""
        g, text = self.g, self.text
        read = N.longest_words(d.core_text, g.numbers.text2num, g.numbers.number_word_cut, g.numbers.word_suffixes)
        if read is None:
            d.value = g.numbers.word_forms.get(key(d.core_text))  # "dank zweier Direktmandate"
            return
        d.value, length = read
        d.core_end = d.end = d.core_start + length
        d.core_text = text[d.core_start:d.core_end]
        tail = WORD_DIGIT_TAIL.match(text, d.end)
        if tail and d.value >= 100:
            n = int(tail.group(1))
            if n < 1000 and d.value % 1000 == 0 or n < 100 and d.value % 100 == 0:
                d.value += n
                d.end = tail.end()

    def _read_scale(self, d: _Draft) -> None:
        """A scale word after the number ("1,5 Millionen")."""
        if d.scale is None:
            m = self.g.numbers.scale_re.match(self.text, d.end)
            if m:
                d.scale = self.g.numbers.scales.get(key(m.group("s")))
                d.end = m.end()

    def _read_range(self, d: _Draft) -> None:
        """A second number ("10.000 bis 12.000", "zwischen 10 und 12")."""
        g, text = self.g, self.text
        m = g.ranges.range_re.match(text, d.end) if d.vague is None and g.ranges.range_re is not None else None
        if not m:
            return
        joiner = key(m.group("j"))
        opener = self.before(g.ranges.opener_re, d.context_from, d.core_start)
        paired = bool(opener) and g.ranges.pairs.get(key(opener.group("o"))) == joiner
        if not paired and not (joiner in g.ranges.joiners and not self.before(g.ranges.not_after_re, d.context_from, d.core_start)):
            return
        second_text = m.group("n2")
        second = self._digits(second_text) if second_text[:1].isdigit() else N.parse_words(second_text, g.numbers.text2num)
        if second is None or g.exclusions.blocked_after.match(text, m.end()):
            return
        end, second_scale = m.end(), None
        scaled = g.numbers.scale_re.match(text, end)
        if scaled:
            second_scale = g.numbers.scales.get(key(scaled.group("s")))
            end = scaled.end()
        low, high = N.range_scale(d.value, second, d.scale, second_scale)
        if low is not None and high is not None and low < high:
            d.second, d.end = (low, high), end
            if paired:
                d.start = opener.start()

    def _read_unit(self, d: _Draft) -> None:
        """A unit or currency after the figure, a currency symbol before it ("$2 million", "€ 3,2 Mrd.")."""
        g = self.g
        m = g.units.unit_re.match(self.text, d.end)
        if m and d.unit is None:
            unit = key(m.group("u"))
            d.unit = g.units.units.get(unit) or g.units.currencies.get(unit)
            d.unit_word = Span(text=m.group("u"), start=m.start("u"), end=m.end("u"))
            d.end = m.end()
            cents = g.units.subunit_after.match(self.text, d.end) if d.unit in g.units.money_units else None
            if cents and d.scale is None and d.second is None and d.value is not None:
                d.value += int(cents.group("n")) / 100  # "15 Dollar und 15 Cent"
                d.end = cents.end()
        if d.start == d.core_start:
            symbol = self.before(g.units.cur_before_re, d.context_from, d.core_start)
            if symbol:
                d.unit = g.units.currency_symbols.get(key(symbol.group("c")), d.unit)
                d.start = symbol.start()

    def _read_approximator(self, d: _Draft) -> None:
        """The approximator before or after ("rund", "more than", "at least") and the interval."""
        g = self.g
        if d.second is not None:
            d.approx = "range"
            d.low, d.high = d.second
        m = self.before(g.approx.before_re, max(0, d.start - CONTEXT_BEFORE), d.start)
        if m and self.before(g.approx.blocked_before, max(0, m.start() - CONTEXT_BEFORE), d.start):
            m = None  # "edge up to 3.5%": a verb particle, not "up to"
        d.approximator = m
        if m and d.vague is None:
            if d.second is None:
                d.approx = g.approx.kinds_before[key(m.group("a"))]
            d.start = m.start()
        if d.vague is not None:
            d.approx = "vague"
            d.low, d.high = d.vague
            if d.scale is not None:
                d.low, d.high = d.low * d.scale, d.high * d.scale
        elif d.second is None:
            value = N.scaled(d.value, d.scale)
            after = g.approx.after_re.match(self.text, d.end) if g.approx.after_re is not None and d.approx == "exact" else None
            if after:
                d.approx = g.approx.kinds_after[key(after.group("a"))]
                d.end = after.end()
            d.low, d.high = N.interval(d.approx, value)

    def _read_counted(self, d: _Draft) -> bool:
        """The counted noun after the figure; False for a duration ("drei Jahre"), never a figure."""
        g, text = self.g, self.text
        d.expr_end = d.end
        # money counts its currency, a measure its unit (ANNOTATION E: "2,6 Milliarden *Dollar*",
        # "70 *Kilometer*"), never the noun after it ("1,2 Tonnen Kokain"); percentages count on
        if d.unit in g.units.money_units or (d.unit in g.units.measure_units and d.unit not in g.units.points_units):
            d.counted = d.unit_word
            return True
        at = d.compound_end or d.end
        m = g.counted.after.match(text, at)
        if m is None and g.counted.after_link is not None and not g.counted.partitive_after.match(text, d.end):
            m = g.counted.after_link.match(text, at)  # "90% of the population"
        if m and text[m.start("noun"):m.end("noun")] in g.counted.places:
            m = None  # "gut 200.000 Ägypten erreicht": a place is where they went, not what is counted
        if m and key(text[m.start("noun"):m.end("noun")].split()[-1]) in g.counted.durations:
            if d.unit is None and d.scale is None:
                self.consumed = m.end("noun")
                return False
            m = None  # "27,1 Prozent vier Jahre zuvor": the duration is not counted
        if m:
            start, end = m.span("noun")
            d.counted = Span(text=text[start:end], start=start, end=end)
            d.via_link = "link" in m.re.groupindex and m.group("link") is not None
            d.expr_end = end
        return True

    def _keep(self, d: _Draft) -> FoundFigure | None:
        """The figure, unless it is a year, a name's number or a lone number word."""
        g, text, s = self.g, self.text, d.core_start
        bare = d.unit is None and d.scale is None
        # years: a bare 4-digit number in year range, with no modifier, unit or scale
        if (d.kind == "digits" and g.exclusions.year.fullmatch(d.core_text) is not None and bare and d.approximator is None
                and (d.counted is None or g.exclusions.year_before.search(text, max(0, s - CONTEXT_BEFORE), s))):
            self.consumed = d.end
            return None
        elliptic = False
        if (d.kind == "digits" and (d.counted is None or d.via_link) and bare and d.approximator is None
                and d.second is None and d.core_text.isdigit() and g.exclusions.name_before.search(text, d.context_from, s)):
            elliptic = self._elliptic(d)
            if not elliptic and not self._part_of_whole(d):
                return None  # "Boeing 737", "Leopard 2", "Tag 1000": a name or reference, not an amount
        if d.kind in ("words", "frac", "one") and d.counted is None and bare:
            if not ((d.kind == "frac" and g.counted.link_re is not None and g.counted.link_re.match(text, d.end))
                    or (d.kind == "words" and (g.counted.partitive_after.match(text, d.end) or d.approximator is not None
                                               or g.exclusions.number_alone_after.match(text, d.end)
                                               or self._alone_after_verb(d)))):
                return None
        if d.kind == "words" and d.value == 1 and d.scale is None:
            return None
        if d.kind == "frac" and bare and (d.counted is None or d.via_link):
            # a fraction of something is a share, given as a percentage ("die Hälfte der Soldaten" 50)
            d.low, d.high, d.unit = *(None if v is None else N.share(v) for v in (d.low, d.high)), "percent"
        self.consumed = d.end
        return FoundFigure(start=d.start, end=d.end, low=N.tidy(d.low), high=N.tidy(d.high), approx=d.approx,
                           unit=d.unit,
                      counted=d.counted, sentence=self.sentence_at(d.start), expr_end=d.expr_end,
                      scaled=d.scale is not None or (d.vague is not None and d.vague[0] >= LARGE_VAGUE),
                      vague=d.vague is not None, elliptic=elliptic)

    def _alone_after_verb(self, d: _Draft) -> bool:
        """"The blast killed three and injured six": a lone number word right after a verb of
        what happened to people (number_alone_before)."""
        rx = self.g.exclusions.number_alone_before
        return rx is not None and rx.search(self.text, d.context_from, d.core_start) is not None

    def _part_of_whole(self, d: _Draft) -> bool:
        """"Nur 45 der 120 Panzer": a number before the whole it is part of is no name's number."""
        m = self.g.counted.partitive_between.match(self.text, d.end) if self.g.counted.partitive_between is not None else None
        return m is not None and self.g.numbers.cand_any.match(self.text, m.end()) is not None

    def _elliptic(self, d: _Draft) -> bool:
        """"17 Sitze, die SPD 16": a bare number after a name, close after a counted figure."""
        g, text, s, out = self.g, self.text, d.core_start, self.out
        return bool(out and (out[-1].counted is not None or out[-1].elliptic)
                    and out[-1].sentence == self.sentence_at(s) and s - out[-1].expr_end <= ELLIPSIS_GAP
                    and g.exclusions.elliptic_after.match(text, d.end) and g.exclusions.elliptic_before.search(text, d.context_from, s))
