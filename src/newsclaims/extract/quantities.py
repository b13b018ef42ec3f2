"""newsclaims_quantities: figures as intervals, with what they count and a category.

Find, then resolve. One regex per language finds number cores in ``doc.text`` (digits,
spelled-out numbers, fractions, vague amounts); small anchored regexes extend each core to
the left (approximator, currency symbol, range opener) and right (scale, range, unit or
currency, trailing modifier); exclusions (dates, clock times, ages, references, years,
durations, numbers in names) drop it. The resolvers in ``numbers.py`` turn the pieces into
``low``/``high``/``approx``. Then the counted noun phrase is found after the figure (or named
before it, or carried over from the previous figure in the sentence) and the category is
decided by that noun and the verbs around the figure.

All words come from ``lang/<code>/quantities.yaml``; this module contains none.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language

from ..lang import alternation, load
from ..report import Quantity, Span
from . import doc_text, findings, mirror_spans
from . import numbers as N
from .prefilter import Folded, Scanner

FILE = "quantities"
SPAN_KEY = "newsclaims_quantities"
# How far (characters) the extractor looks left of a number for its modifier or a reference word.
CONTEXT_BEFORE = 48
# Upper bound (characters) on the window after a figure searched for category cues.
CUE_WINDOW_AFTER = 160
# ... and before it (the nearest cue wins there).
CUE_WINDOW_BEFORE = 100
# A cue ending this close before a figure, with only whitespace between, is its verb.
CUE_ADJACENT = 24
# A vague amount this large reads like a scaled one ("mehrere Milliarden" after a sum in euros).
LARGE_VAGUE = 1e6
# "17 Sitze, die SPD 16": an elliptical figure after a name this close to a counted one is kept.
ELLIPSIS_GAP = 80
# People nouns whose category comes from the verbs around them.
MILITARY, PEOPLE = "_military", "_people"
CASUALTY_CUES = ("killed", "wounded", "casualties", "missing", "captured")
# Categories a coordinated figure shares with the one before it ("six children and three medics").
SHARED_FATES = CASUALTY_CUES + ("civilians_displaced",)
LETTER_BEFORE = r"(?<![^\W\d_])"



def _opt(words) -> str | None:
    words = [w for w in words if w]
    return alternation(words) if words else None


@dataclass
class Grammar:
    """Everything compiled for one language, built once."""

    code: str
    locale: str
    t2n: str
    core: re.Pattern
    scale_re: re.Pattern
    range_re: re.Pattern | None
    unit_re: re.Pattern
    approx_after_re: re.Pattern | None
    approx_before_re: re.Pattern
    opener_re: re.Pattern | None
    cur_before_re: re.Pattern | None
    not_after_re: re.Pattern | None
    blocked_before: re.Pattern
    blocked_after: re.Pattern
    frac_blocked_before: re.Pattern
    name_before: re.Pattern
    ordinal_before: re.Pattern | None  # optional in the language data
    ordinal_after: re.Pattern | None
    ordinal_any: re.Pattern | None
    year: re.Pattern
    year_before: re.Pattern
    compound_ok: re.Pattern
    counted_after: re.Pattern
    link_re: re.Pattern | None
    counted_linked: re.Pattern | None
    counted_frame: re.Pattern
    cues: re.Pattern
    cue_join_gap: int
    approximators: dict = field(default_factory=dict)
    approximators_after: dict = field(default_factory=dict)
    pairs: dict = field(default_factory=dict)
    joiners: set = field(default_factory=set)
    scales: dict = field(default_factory=dict)
    scales_attached: dict = field(default_factory=dict)
    fractions: dict = field(default_factory=dict)
    vague: dict = field(default_factory=dict)
    currencies: dict = field(default_factory=dict)
    currency_symbols: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    percent_units: frozenset = frozenset()
    money_units: frozenset = frozenset()
    measure_units: frozenset = frozenset()
    durations: frozenset = frozenset()
    noun_suffixes: list = field(default_factory=list)  # (suffix, category), longest first
    suffix_in_word: bool = True  # German compounds: "Todesopfer" ends in "opfer"
    cand_lower: re.Pattern | None = None  # where a figure may start, over the lowercased text
    cand_any: re.Pattern | None = None  # the same, case-insensitive, for texts lower() resizes
    suffix_lengths: tuple = ()
    suffix_map: dict = field(default_factory=dict)
    # round 2: phone numbers, ages, verb particles, partitives, points, noun pairs, "12,000"
    phone: re.Pattern | None = None
    month_before: re.Pattern | None = None
    month_number: re.Pattern | None = None
    age_before: re.Pattern | None = None
    age_after: re.Pattern | None = None
    approx_blocked_before: re.Pattern | None = None
    partitive_after: re.Pattern | None = None
    in_parens_before: re.Pattern | None = None
    noun_join: re.Pattern | None = None
    coord_between: re.Pattern | None = None
    elliptic_before: re.Pattern | None = None
    type_name: re.Pattern | None = None
    word_forms: dict = field(default_factory=dict)
    type_name_category: str | None = None
    elliptic_after: re.Pattern | None = None
    points_units: frozenset = frozenset()
    alt_locale: str | None = None
    alt_locale_evidence: re.Pattern | None = None


def _key(s: str) -> str:
    return " ".join(s.lower().split())


@lru_cache(maxsize=None)
def scanner(rx: re.Pattern) -> Scanner:
    """``rx`` tried only where it can start (the same matches as ``rx.finditer``)."""
    return Scanner(rx)


@lru_cache(maxsize=None)
def grammar(code: str) -> Grammar:
    L = load(code)
    m = lambda k: {_key(str(a)): b for a, b in L.mapping(FILE, k).items()}
    P = L.patterns(FILE)
    C = L.patterns(FILE, "patterns_cased", flags=0)
    I = re.IGNORECASE

    approximators, approximators_after = m("approximators"), m("approximators_after")
    pairs = {_key(a): _key(str(b)) for a, b in L.mapping(FILE, "range_pairs").items()}
    joiners = {_key(j) for j in L.words(FILE, "range_joiners")}
    scales = {a: float(b) for a, b in m("scales").items()}
    scales_attached = {a: float(b) for a, b in m("scales_attached").items()}
    fractions = {a: float(b) for a, b in m("fractions").items()}
    vague = {a: (float(b[0]), float(b[1])) for a, b in m("vague").items()}
    currencies, currency_symbols, units = m("currencies"), m("currency_symbols"), m("units")
    scale_alt = alternation(L.mapping(FILE, "scales"))
    ws = lambda a: a.replace(r"\ ", r"\s+")  # a space in a phrase matches any whitespace

    core = re.compile(
        r"(?<!\w)(?:"
        rf"(?P<vague>{ws(alternation(L.mapping(FILE, 'vague')))})(?!\w)"
        rf"|(?P<frac>{ws(alternation(L.mapping(FILE, 'fractions')))})(?!\w)"
        rf"|(?P<one>{alternation(L.words(FILE, 'articles_one'))})(?=\s+(?:{scale_alt}|{P['one_before'].pattern})(?!\w))"
        rf"|(?P<words>{P['number_word'].pattern})(?!\w)"
        rf"|(?<![^\W\d_]-)(?<!\d[.,])(?P<digits>{P['digits'].pattern})(?P<attached>[^\W\d_]+)?"
        r")", I)
    scale_re = re.compile(rf"\s*(?P<s>{scale_alt})(?!\w)", I)
    join_words = sorted(joiners | set(pairs.values()))
    range_re = re.compile(
        rf"\s*(?P<j>{ws(alternation(join_words))})\s*"
        rf"(?P<n2>(?<![^\W\d_])(?:{P['digits'].pattern}|{P['number_word'].pattern}))(?![^\W\d_])", I) if join_words else None
    unit_alt = alternation(list(L.mapping(FILE, "units")) + list(L.mapping(FILE, "currencies")))
    ul = _opt(L.words(FILE, "unit_links"))
    unit_re = re.compile(rf"\s*(?:(?:{ul})\s+)?(?P<u>{ws(unit_alt)})(?![^\W\d_])" if ul else
                         rf"\s*(?P<u>{ws(unit_alt)})(?![^\W\d_])", I)
    aa = _opt(L.mapping(FILE, "approximators_after"))
    approx_after_re = re.compile(rf"\s+(?P<a>{ws(aa)})(?!\w)", I) if aa else None
    approx_before_re = re.compile(rf"{LETTER_BEFORE}(?P<a>{ws(alternation(L.mapping(FILE, 'approximators')))})\s+\Z", I)
    op = _opt(L.mapping(FILE, "range_pairs"))
    opener_re = re.compile(rf"{LETTER_BEFORE}(?P<o>{ws(op)})\s+\Z", I) if op else None
    cs = _opt(L.mapping(FILE, "currency_symbols"))
    cur_before_re = re.compile(rf"(?<![^\W\d_])(?P<c>{cs})\s?\Z", I) if cs else None
    na = _opt(L.words(FILE, "range_not_after"))
    not_after_re = re.compile(rf"{LETTER_BEFORE}{na}\s+\Z", I) if na else None

    links = _opt(L.words(FILE, "counted_links"))
    link_part = rf"(?:(?P<link>{ws(links)})\s+)?" if links else ""
    counted_after = re.compile(rf"\s+{link_part}(?P<noun>{C['counted'].pattern})")
    link_re = re.compile(rf"\s+(?:{ws(links)})\s", I) if links else None
    counted_linked = re.compile(rf"\s+(?P<link>{ws(links)})\s+(?P<noun>{C['counted_after_link'].pattern})") if links else None

    nouns = []
    for cat, endings in L.mapping(FILE, "category_nouns").items():
        nouns.extend((_key(str(e)), cat) for e in endings)
    nouns.sort(key=lambda p: -len(p[0]))
    cue_map = L.mapping(FILE, "category_cues")
    cue_flags = 0 if L.get(FILE, "cues_case_sensitive", bool) else I
    cues = re.compile("|".join(rf"(?<!\w)(?P<{cat}>{rx})" for cat, rx in cue_map.items()), cue_flags)

    # candidate starts: a digit, or a word that begins like a vague/fraction/article/number word
    firsts = {_key(str(p)).split(" ")[0] for k in ("vague", "fractions", "articles_one")
              for p in L.get(FILE, k, (list, dict))} | {_key(str(w)) for w in L.words(FILE, "number_words")}
    heads = "".join(sorted({re.escape(w[0]) for w in firsts if w}))
    cand = rf"(?<!\w)(?=[\d{heads}])(?:\d|{alternation(firsts)})"
    return Grammar(
        code=code, locale=L.get(FILE, "locale", str), t2n=L.get(FILE, "text2num", str),
        core=core, scale_re=scale_re, range_re=range_re, unit_re=unit_re,
        approx_after_re=approx_after_re, approx_before_re=approx_before_re, opener_re=opener_re,
        cur_before_re=cur_before_re, not_after_re=not_after_re,
        blocked_before=P["blocked_before"], blocked_after=P["blocked_after"], frac_blocked_before=P["frac_blocked_before"],
        name_before=P["name_before"],
        ordinal_before=P.get("ordinal_before"), ordinal_after=P.get("ordinal_after"), ordinal_any=P.get("ordinal_any"),
        year=P["year"], year_before=P["year_before"], compound_ok=P["compound_ok"],
        counted_after=counted_after, link_re=link_re, counted_linked=counted_linked, counted_frame=C["counted_frame"], cues=cues,
        cue_join_gap=int(L.get(FILE, "cue_join_gap", int)),
        approximators=approximators, approximators_after=approximators_after, pairs=pairs,
        joiners=joiners, scales=scales, scales_attached=scales_attached, fractions=fractions,
        vague=vague, currencies=currencies, currency_symbols=currency_symbols, units=units,
        percent_units=frozenset(L.words(FILE, "percent_units")),
        money_units=frozenset(currencies.values()) | frozenset(currency_symbols.values()),
        measure_units=frozenset(units.values()) - frozenset(L.words(FILE, "percent_units")),
        durations=frozenset(_key(w) for w in L.words(FILE, "duration_nouns")),
        noun_suffixes=nouns, suffix_in_word=bool(L.get(FILE, "category_nouns_in_word", bool)),
        cand_lower=re.compile(cand), cand_any=re.compile(cand, I),
        suffix_lengths=tuple(sorted({len(a) for a, _ in nouns}, reverse=True)),
        suffix_map={a: c for a, c in reversed(nouns)},
        phone=P["phone"], month_before=P["month_before"], month_number=P["month_number"], age_before=P["age_before"], age_after=P["age_after"],
        approx_blocked_before=P["approx_blocked_before"], partitive_after=P["partitive_after"],
        in_parens_before=P["in_parens_before"], coord_between=P["coord_between"],
        word_forms={a: float(b) for a, b in m("number_word_forms").items()}, type_name=C["type_name"], type_name_category=L.get(FILE, "type_name_category", str),
        elliptic_before=P["elliptic_before"], elliptic_after=P["elliptic_after"],
        noun_join=re.compile(rf"{P['noun_join'].pattern}(?P<noun>{C['counted'].pattern})"),
        points_units=frozenset(L.words(FILE, "points_units")),
        alt_locale=L.get(FILE, "alt_locale", str) or None, alt_locale_evidence=P.get("alt_locale_evidence"),
    )


@dataclass
class _Found:
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


def _digits(g: Grammar, text: str, alt: bool) -> float | None:
    """Digits in the language's locale, or in its ``alt_locale`` where that is the better reading
    (``alt``: the document writes numbers that way; see numbers.parse_digits_either)."""
    return N.parse_digits_either(text, g.locale, g.alt_locale, alt)


def _value(g: Grammar, text: str, kind: str, alt: bool = False) -> float | None:
    if kind == "digits":
        return _digits(g, text, alt)
    if kind == "words":
        v = N.parse_words(text, g.t2n)
        return v if v is not None else g.word_forms.get(_key(text))  # "dank zweier Direktmandate"
    return None


def _noun_category(g: Grammar, phrase: str) -> str | None:
    if g.type_name.fullmatch(phrase.rsplit(None, 1)[-1]):
        return g.type_name_category  # "zwei F-16", "two Su-25s"
    low = _key(phrase)
    n = len(low)
    for k in g.suffix_lengths:
        if k > n:
            continue
        cat = g.suffix_map.get(low[n - k:])
        if cat is not None and (g.suffix_in_word or k == n or not low[n - k - 1].isalpha()):
            return cat
    return None


def _in_times(times: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and times[i][0] <= pos < times[i][1]


def _find(g: Grammar, text: str, times, sentence_at, folded: Folded | None = None) -> list[_Found]:
    # The look-behind patterns below are tried only where they can start (same results).
    ft = folded if folded is not None else Folded(text)
    sc = lambda rx: scanner(rx) if rx is not None else None  # noqa: E731
    blocked_before, ordinal_before, frac_blocked_before = sc(g.blocked_before), sc(g.ordinal_before), sc(g.frac_blocked_before)
    month_before, age_before, approx_blocked = sc(g.month_before), sc(g.age_before), sc(g.approx_blocked_before)
    alt = bool(g.alt_locale) and g.alt_locale_evidence.search(text) is not None
    opener_re, not_after_re, cur_before_re, approx_before_re = sc(g.opener_re), sc(g.not_after_re), sc(g.cur_before_re), sc(g.approx_before_re)
    out: list[_Found] = []
    t_starts = [t[0] for t in times]
    consumed = 0
    low = text.lower()
    cands = g.cand_lower.finditer(low) if len(low) == len(text) else g.cand_any.finditer(text)
    for tok in cands:
        if tok.start() < consumed:
            continue
        m = g.core.match(text, tok.start())
        if m is None:
            continue
        s, e = m.span()
        if s < consumed or _in_times(times, t_starts, s):
            continue
        kind = m.lastgroup if m.lastgroup != "attached" else "digits"
        if m.group("digits") is not None:
            kind = "digits"
        if kind == "digits":
            e = m.end("digits")
            ph = g.phone.match(text, s)
            if ph:  # "0711 216-0": a phone number or code, never an amount
                consumed = ph.end()
                continue
        core_text = text[s:e]
        before_lo = max(0, s - CONTEXT_BEFORE)
        if blocked_before.search(ft, before_lo, s) or g.blocked_after.match(text, e):
            continue
        if kind == "digits" and g.month_number.fullmatch(core_text) and month_before.search(ft, before_lo, s):
            continue  # "Mai 2022", "May 3" (but "im Juli 450 Migranten" is an amount)
        if (kind == "digits" and core_text.isdigit() and len(core_text) <= 3 and not m.group("attached")
                and age_before.search(ft, before_lo, s) and g.age_after.match(text, e)
                and not (out and text[out[-1].end:s].strip() in ("(", ","))):
            continue  # "Brenner (54)", "Benes, 51, said": an age ("30 Prozent (27)" is no age)
        if (g.ordinal_any and g.ordinal_any.match(text, e)) or (
                g.ordinal_after and ordinal_before and g.ordinal_after.match(text, e) and ordinal_before.search(ft, before_lo, s)):
            continue
        unit = None
        scale = None
        vague = None
        compound_end = None
        if kind == "vague":
            vague = g.vague.get(_key(core_text))
            value = None
        elif kind == "frac":
            if frac_blocked_before.search(ft, before_lo, s):
                continue
            value = g.fractions.get(_key(core_text))
        elif kind == "one":
            value = 1.0
        else:
            value = _value(g, core_text, kind, alt)
            if kind == "digits" and m.group("attached"):
                att = m.group("attached").lower()
                if att in g.units:
                    unit = g.units[att]
                elif att in g.scales_attached:
                    scale = g.scales_attached[att]
                else:
                    continue
                e = m.end()
            elif kind == "digits" and text.startswith("-", e) and not text[e + 1:e + 2].isdigit():
                cm_ = g.compound_ok.match(text, e)
                if not cm_:
                    continue
                compound_end = e + 1 + len(re.match(r"[\w-]*", text[e + 1:e + 40]).group(0))
        if value is None and vague is None:
            continue
        pos = e
        # scale ("1,5 Millionen")
        if scale is None:
            sm = g.scale_re.match(text, pos)
            if sm:
                scale = g.scales.get(_key(sm.group("s")))
                pos = sm.end()
        # range ("10.000 bis 12.000", "zwischen 10 und 12")
        approx = "exact"
        low = high = None
        start = s
        second = None
        if vague is None and g.range_re is not None:
            rm = g.range_re.match(text, pos)
            if rm:
                j = _key(rm.group("j"))
                opener = opener_re.search(ft, before_lo, s) if g.opener_re else None
                ok = False
                if opener and g.pairs.get(_key(opener.group("o"))) == j:
                    ok = True
                elif j in g.joiners and not (g.not_after_re and not_after_re.search(ft, before_lo, s)):
                    ok = True
                if ok:
                    n2text = rm.group("n2")
                    v2 = _digits(g, n2text, alt) if n2text[:1].isdigit() else N.parse_words(n2text, g.t2n)
                    if v2 is not None and not g.blocked_after.match(text, rm.end()):
                        p2 = rm.end()
                        s2 = None
                        sm2 = g.scale_re.match(text, p2)
                        if sm2:
                            s2 = g.scales.get(_key(sm2.group("s")))
                            p2 = sm2.end()
                        a, b = N.range_scale(value, v2, scale, s2)
                        if a is not None and b is not None and a < b:
                            second = (a, b)
                            pos = p2
                            if opener and g.pairs.get(_key(opener.group("o"))) == j:
                                start = opener.start()
        # unit or currency after
        um = g.unit_re.match(text, pos)
        if um and unit is None:
            u = _key(um.group("u"))
            unit = g.units.get(u) or g.currencies.get(u)
            pos = um.end()
        # currency symbol before ("$2 million", "€ 3,2 Mrd.")
        if g.cur_before_re is not None and start == s:
            cm = cur_before_re.search(ft, before_lo, s)
            if cm:
                unit = g.currency_symbols.get(_key(cm.group("c")), unit)
                start = cm.start()
        # attached scales ("$3m") only count with a currency
        # approximator before / after
        if second is not None:
            approx = "range"
            low, high = second
        am = approx_before_re.search(ft, max(0, start - CONTEXT_BEFORE), start)
        if am and approx_blocked.search(ft, max(0, am.start() - CONTEXT_BEFORE), start):
            am = None  # "edge up to 3.5%": a verb particle, not "up to"
        if am and vague is None:
            if second is None:
                approx = g.approximators[_key(am.group("a"))]
            start = am.start()
        if vague is not None:
            approx = "vague"
            low, high = vague
            if scale is not None:
                low, high = low * scale, high * scale
        elif second is None:
            v = N.scaled(value, scale)
            if g.approx_after_re is not None and approx == "exact":
                aa = g.approx_after_re.match(text, pos)
                if aa:
                    approx = g.approximators_after[_key(aa.group("a"))]
                    pos = aa.end()
            low, high = N.interval(approx, v)
        end = pos
        # years: a bare 4-digit number in year range, with no modifier, unit or scale
        year_like = (kind == "digits" and g.year.fullmatch(core_text) is not None and unit is None
                     and scale is None and am is None)
        # counted noun
        counted = None
        via_link = False
        expr_end = end
        # money and measures count nothing ("1,2 Tonnen Kokain", "80 Liter Regen"); percentages may
        if unit not in g.money_units and unit not in g.measure_units:
            cm2 = g.counted_after.match(text, compound_end or end)
            if cm2 is None and g.counted_linked is not None and not g.partitive_after.match(text, end):
                cm2 = g.counted_linked.match(text, compound_end or end)  # "90% of the population"
            if cm2:
                ns, ne = cm2.span("noun")
                phrase = text[ns:ne]
                head = phrase.split()[-1]
                if _key(head) in g.durations:
                    if unit is None and scale is None:
                        consumed = ne
                        continue
                    cm2 = None  # "27,1 Prozent vier Jahre zuvor": the duration is not counted
            if cm2:
                ns, ne = cm2.span("noun")
                phrase = text[ns:ne]
                counted = Span(text=phrase, start=ns, end=ne)
                via_link = "link" in cm2.re.groupindex and cm2.group("link") is not None
                expr_end = ne
        if year_like and (counted is None or g.year_before.search(text, max(0, s - CONTEXT_BEFORE), s)):
            consumed = end
            continue
        elliptic = False
        if (kind == "digits" and (counted is None or via_link) and unit is None and scale is None and am is None
                and second is None and core_text.isdigit() and g.name_before.search(text, before_lo, s)):
            elliptic = bool(out and (out[-1].counted is not None or out[-1].elliptic)
                            and out[-1].sentence == sentence_at(s) and s - out[-1].expr_end <= ELLIPSIS_GAP
                            and g.elliptic_after.match(text, end) and g.elliptic_before.search(text, before_lo, s))
            if not elliptic:
                continue  # "Boeing 737", "Leopard 2", "Tag 1000": a name or reference, not an amount
        if kind in ("words", "frac", "one") and counted is None and unit is None and scale is None:
            if not ((kind == "frac" and g.link_re is not None and g.link_re.match(text, end))
                    or (kind == "words" and g.partitive_after.match(text, end))):
                continue
        if kind in ("words",) and value == 1 and scale is None:
            continue
        sent = sentence_at(start)
        consumed = end
        out.append(_Found(start=start, end=end, low=N.tidy(low), high=N.tidy(high), approx=approx,
                          unit=("fraction" if kind == "frac" and unit is None and scale is None else unit),
                          counted=counted, sentence=sent, expr_end=expr_end,
                          scaled=scale is not None or (vague is not None and vague[0] >= LARGE_VAGUE),
                          vague=vague is not None, elliptic=elliptic))
    return out


def _cue(g: Grammar, text: str, sentence_hits, lo: int, hi: int, last: bool, adjacent: bool = False) -> str | None:
    """The category cue in text[lo:hi]: the first (after a figure) or last (before it).

    ``adjacent``: only a cue that ends right at ``hi`` (whitespace between) counts.
    """
    if hi <= lo:
        return None
    hits = [h for h in sentence_hits if h[0] >= lo and h[1] <= hi]
    if adjacent:
        hits = [h for h in hits if not text[h[1]:hi].strip()]
    if not hits:
        return None
    i = len(hits) - 1 if last else 0
    cat = hits[i][2]
    pair = {"killed": "wounded", "wounded": "killed"}
    if cat in pair:
        j = i - 1 if last else i + 1
        if 0 <= j < len(hits) and hits[j][2] == pair[cat]:
            gap = hits[j][0] - hits[i][1] if not last else hits[i][0] - hits[j][1]
            if gap <= g.cue_join_gap:
                return "casualties"
    return cat


def _category(g: Grammar, text: str, q: _Found, lo: int, hi: int, hits) -> str:
    if q.unit is not None:
        if q.unit in g.percent_units:
            return "percent"
        if q.unit in g.money_units:
            return "money"
        if q.unit in g.measure_units:
            return "other"
    ncat = _noun_category(g, q.counted.text) if q.counted is not None else None
    if ncat is None and q.counted is None and q.vague:
        ncat = PEOPLE  # "Hunderte mussten ins Krankenhaus": a vague amount alone counts people
    if ncat in ("killed", "wounded") and not q.inherited:
        jm = g.noun_join.match(text, q.counted.end)  # "Getötete und Verwundete"
        if jm and {ncat, _noun_category(g, jm.group("noun"))} == {"killed", "wounded"}:
            return "casualties"
    if ncat is not None and not ncat.startswith("_") and not q.inherited:
        return ncat
    # a cue right before the figure ("killed at least 12 people") binds tightest, then the first
    # one after it ("1.000 Soldaten wurden getötet"), then the nearest one before it
    cue = _cue(g, text, hits, max(lo, q.start - CUE_ADJACENT), q.start, last=True, adjacent=True)
    if cue is None:
        cue = _cue(g, text, hits, q.end, min(hi, q.expr_end + CUE_WINDOW_AFTER), last=False)
    if cue is None:
        cue = _cue(g, text, hits, max(lo, q.start - CUE_WINDOW_BEFORE), q.start, last=True)
    if q.inherited and ncat is not None and not ncat.startswith("_"):
        # what happens to the people counted before happens to these; things keep their category
        return cue if cue in CASUALTY_CUES and ncat in SHARED_FATES else ncat
    if ncat == MILITARY:
        return cue if cue in CASUALTY_CUES else "troops"
    if ncat == PEOPLE:
        if cue in CASUALTY_CUES or cue == "civilians_displaced":
            return cue
        return "people_other"
    if cue in CASUALTY_CUES or cue == "civilians_displaced":
        return cue
    return "other"


def _inherit_units(g: Grammar, folded: Folded, found: list[_Found]) -> None:
    """Units a figure leaves unsaid: "18 Milliarden Euro ..., Deutschland rund acht Milliarden"
    (money, same sentence), "27,5 Prozent (2021: 31,0)" (percent, in brackets), and "1,6 Punkte"
    next to a percentage (percentage points; elsewhere plain points)."""
    parens = scanner(g.in_parens_before)
    for i, q in enumerate(found):
        if q.unit in g.points_units:
            small = q.high is not None and abs(q.high) <= 100  # "38.500 Punkte" is an index
            near = small and [f for f in found[max(0, i - 4):i + 4]
                    if f is not q and f.unit in g.percent_units and q.sentence - 1 <= f.sentence <= q.sentence + 1]
            if near:
                q.unit = "percentage_points"
                q.counted = None
            continue
        if q.unit is not None or q.counted is not None or i == 0:
            continue
        prev = found[i - 1]
        if prev.sentence != q.sentence or prev.unit is None:
            continue
        if q.scaled and prev.unit in g.money_units:
            q.unit = prev.unit
        elif prev.unit in g.percent_units and parens.search(folded, max(0, q.start - 24), q.start):
            q.unit = prev.unit


def extract(doc_text: str, code: str, times=(), sentences=(), sentence_at=lambda i: 0) -> list[Quantity]:
    """The figures of a text, as Quantity records (usable without spaCy)."""
    g = grammar(code)
    folded = Folded(doc_text)
    found = _find(g, doc_text, sorted(times), sentence_at, folded)
    bounds = {s.index: (s.start, s.end) for s in sentences}
    cue_hits: dict[int, list] = {}
    counted_frame, cues = scanner(g.counted_frame), scanner(g.cues)
    _inherit_units(g, folded, found)
    out = []
    for i, q in enumerate(found):
        lo, hi = bounds.get(q.sentence, (0, len(doc_text)))
        prev = found[i - 1] if i > 0 and found[i - 1].sentence == q.sentence else None
        # the next figure bounds the cue window; a percentage in apposition does not
        # ("1,9 Millionen Menschen, rund 90 Prozent der Bevölkerung, sind vertrieben")
        nxt = next((f for f in found[i + 1:i + 4] if f.sentence == q.sentence and f.unit not in g.percent_units), None)
        if q.counted is None and q.unit not in g.percent_units and q.unit is None:
            fm = None
            for fm in counted_frame.finditer(folded, lo, q.start):
                pass
            grp = next((k for k, v in fm.groupdict().items() if v), None) if fm is not None else None
            if grp is not None:
                q.counted = Span(text=fm.group(grp), start=fm.start(grp), end=fm.end(grp))
            elif prev is not None and prev.counted is not None and prev.unit is None:
                q.counted = prev.counted
                q.inherited = True
        if q.sentence not in cue_hits:
            slo, shi = bounds.get(q.sentence, (0, len(doc_text)))
            cue_hits[q.sentence] = [(c.start(), c.end(), c.lastgroup) for c in cues.finditer(folded, slo, shi)]
        cat = _category(g, doc_text, q, prev.expr_end if prev else lo, nxt.start if nxt else hi, cue_hits[q.sentence])
        if (cat in ("people_other", "other") and prev is not None and out and out[-1].category in SHARED_FATES
                and q.unit is None and g.coord_between.fullmatch(doc_text, prev.expr_end, q.start)
                and (q.counted is None or _noun_category(g, q.counted.text) in (None, PEOPLE, MILITARY))):
            cat = out[-1].category  # "sechs Kinder und drei Sanitäter" share what happened to them
        out.append(Quantity(
            id=f"q{i + 1}", text=doc_text[q.start:q.end], start=q.start, end=q.end, sentence=q.sentence,
            low=q.low, high=q.high, approx=q.approx, unit=q.unit, category=cat,
            # "600 Zivilisten getötet und 4.000 verwundet": the 4.000 count the carried-over noun too
            counted=q.counted,
        ))
    return out


@Language.factory("newsclaims_quantities", assigns=["doc._.nc"], requires=["token.is_sent_start"])
def make_quantities(nlp: Language, name: str):
    code = nlp.lang
    grammar(code)  # compile at pipeline build time

    def quantities(doc):
        found = findings(doc)
        times = [(t.start, t.end) for t in found.times]
        found.quantities = extract(doc_text(doc), code, times=times, sentences=found.sentences,
                                   sentence_at=found.sentence_at)
        mirror_spans(doc, SPAN_KEY, found.quantities, label=lambda q: q.category)
        return doc

    return quantities
