"""A language's figure grammar (``lang/<code>/quantities.yaml``), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache

from ...lang import alternation, load
from ...text import regexes
from ...text.prefilter import DIGIT, analysis

FILE = "quantities"
LETTER_BEFORE = r"(?<![^\W\d_])"


def _opt(words) -> str | None:
    words = [w for w in words if w]
    return alternation(words) if words else None


# A check the language leaves out never fires.
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class NumberWords:
    """How a number core reads: where one may start, digits in the locale, number words, scales,
    fractions and vague amounts."""

    locale: str
    alt_locale: str | None  # a second digit convention some documents write ("1,000.5" in German text)
    alt_locale_evidence: re.Pattern | None  # what shows a document writes it
    text2num: str  # the text_to_num language
    core: re.Pattern  # one number core: vague amount, fraction, number words, "one" before a scale, digits
    core_at_digit: re.Pattern  # what core matches where a decimal digit stands (``_core_at_digit``)
    cand_lower: re.Pattern  # where a figure may start, over the lowercased text
    cand_any: re.Pattern  # the same, case-insensitive, for texts lower() resizes
    scale_re: re.Pattern  # a scale word after the number ("Millionen")
    scales: dict  # scale word -> factor
    scales_attached: dict  # scale glued to digits ("3m") -> factor
    fractions: dict  # fraction word -> value
    vague: dict  # vague amount -> (low, high)
    word_forms: dict  # inflected number words text2num misses ("zweier") -> value
    mixed_re: re.Pattern  # "five *and a half* million"
    mixed_fractions: dict  # the fraction of a mixed number -> value
    word_suffixes: tuple  # ("einhalb", 0.5): "siebeneinhalb"
    number_word_cut: re.Pattern  # where a run of number words stops reading as one number


@dataclass(frozen=True)
class Ranges:
    """A second number after the first: "10 bis 12", "zwischen 10 und 12"."""

    range_re: re.Pattern | None  # joiner and second number
    pairs: dict  # opener ("zwischen") -> the joiner it pairs with ("und")
    joiners: set  # joiners that make a range without an opener
    opener_re: re.Pattern | None  # an opener before the figure
    not_after_re: re.Pattern | None  # words before the figure that make a lone joiner no range


@dataclass(frozen=True)
class Units:
    """Units and currencies around a figure, and the unit sets categories and counting go by."""

    unit_re: re.Pattern  # a unit or currency word after the figure
    units: dict  # unit word -> unit
    currencies: dict  # currency word -> currency
    currency_symbols: dict  # symbol -> currency
    cur_before_re: re.Pattern | None  # a currency symbol before the figure
    attached_measures: dict  # a measure glued to digits ("1.8m") -> unit, read so only before measure_after
    measure_after: re.Pattern  # what shows a glued letter is a measure ("tall")
    subunit_after: re.Pattern  # cents after a sum ("und 15 Cent")
    in_parens_before: re.Pattern | None  # a bracket that repeats the previous percentage ("(2021: 31,0)")
    from_before: re.Pattern  # "*von* 29 auf 38 Milliarden Euro": a starting value ...
    to_between: re.Pattern  # "von 29 *auf* 38 Milliarden Euro": ... stated in the unit of the value after it
    percent_units: frozenset
    money_units: frozenset
    measure_units: frozenset
    points_units: frozenset  # points, percentage points next to a percentage


@dataclass(frozen=True)
class Approximators:
    """Words that make a figure approximate or a bound: "rund", "more than", "or so"."""

    before_re: re.Pattern
    after_re: re.Pattern | None
    kinds_before: dict  # phrase -> approx kind
    kinds_after: dict
    blocked_before: re.Pattern | None  # "edge *up to* 3.5%": a verb particle, not "up to"


@dataclass(frozen=True)
class Exclusions:
    """Numbers that are no figure: phone numbers, dates, ages, ordinals, years, names' numbers."""

    phone: re.Pattern | None
    blocked_before: re.Pattern | None
    blocked_after: re.Pattern | None
    frac_blocked_before: re.Pattern | None
    month_before: re.Pattern | None
    month_number: re.Pattern | None
    age_before: re.Pattern | None
    age_after: re.Pattern | None
    ordinal_before: re.Pattern | None  # optional in the language data
    ordinal_after: re.Pattern | None
    ordinal_any: re.Pattern | None
    year: re.Pattern | None
    year_before: re.Pattern | None
    name_before: re.Pattern | None  # "Boeing 737": a name's number
    compound_ok: re.Pattern | None  # compounds after digits that keep the figure ("20-jährige")
    number_alone_after: re.Pattern  # where a lone number word is still a figure
    number_alone_before: re.Pattern | None  # ... and after what ("killed three"; optional)
    elliptic_before: re.Pattern | None  # "17 Sitze, die SPD 16": kept after a counted figure
    elliptic_after: re.Pattern | None


@dataclass(frozen=True)
class CountedNouns:
    """The noun a figure counts and how figures share one ("600 Zivilisten getötet und 4.000 verwundet")."""

    after: re.Pattern  # the counted noun right after a figure
    link_re: re.Pattern | None  # a link word after a figure ("of")
    after_link: re.Pattern | None  # "90% *of the population*"
    frame: re.Pattern  # "die Zahl der Toten stieg auf 12"
    durations: frozenset  # nouns that make a figure a duration ("drei Jahre"), never counted
    noun_join: re.Pattern  # "Getötete *und Verwundete*"
    partitive_after: re.Pattern | None  # "dozens *of them*"
    partitive_between: re.Pattern | None  # "116 *der* 160 Bezirke", "22 *out of* 33 drones"
    coord_between: re.Pattern | None  # "sechs Kinder *und* drei Sanitäter"
    subset_before: re.Pattern  # "45 Tote, *darunter* sechs Kinder"
    place_after: re.Pattern = _NEVER  # "... 20 people in the north and 13 *in* the south": the same fate, elsewhere
    places: frozenset = frozenset()  # country names and capitals: "200.000 *Ägypten* erreicht" counts no noun


@dataclass(frozen=True)
class CategoryCues:
    """What a figure counts: from its noun's ending, or from the verbs around it."""

    cues: re.Pattern  # one named group per category
    join_gap: int  # "killed and wounded" this close apart: casualties
    cue_over_noun: frozenset  # noun categories a casualty verb overrides ("Flüchtlinge ertranken")
    noun_endings: dict  # noun ending -> category
    ending_lengths: tuple  # lengths of noun_endings' keys, longest first
    endings_in_word: bool  # German compounds: "Todesopfer" ends in "opfer"
    type_name: re.Pattern  # "zwei F-16"
    type_name_category: str | None
    # a counted noun's category by its text (classifying.noun_category), kept: nouns recur
    noun_memo: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class ShareSubjectSearch:
    """What a share, sum or value is of, named before it ("Die Inflationsrate lag bei 2,1 Prozent")."""

    model: str = ""  # the tagger; none: no subject search
    noun_tag: re.Pattern | None = None
    modifier_tag: re.Pattern | None = None
    preposition_tag: re.Pattern | None = None
    determiner_tag: re.Pattern | None = None
    article_tag: re.Pattern = _NEVER  # before a figure inside a noun phrase ("den sieben ...")
    common_noun_tag: re.Pattern | None = None  # a noun right after a figure counts only if common
    conjunction_tag: re.Pattern | None = None  # keeps a preposition on over "und", "and"
    relative_tag: re.Pattern = _NEVER  # a relative pronoun ("Die Eurozone, *der* auch Österreich angehört, ...")
    genitive_words: frozenset = frozenset()  # "Die Verluste *der* Armee": an attribute follows
    subject_last: bool = False  # the subject is the last free noun phrase of its clause, not the first
    clause_words: re.Pattern | None = None  # words that open a clause ("that", "while")
    first_before: re.Pattern | None = None  # before a figure whose subject is the first phrase ("mit")
    time_words: frozenset = frozenset()
    link_before: re.Pattern | None = None  # "Quote *von*", "cost *of*": the noun before it counts
    noun_after: re.Pattern | None = None  # where a noun right after a share or sum counts ("a 30% chance")
    sum_noun_after: re.Pattern | None = None  # ... after a sum, where it differs ("£40,000 in cash")
    value_before: re.Pattern = _NEVER  # "auf", "bei" before a bare number: a value whose subject is searched
    not_subject: re.Pattern = _NEVER
    change_in: re.Pattern = _NEVER  # a change noun and its preposition: the phrase after it is free


@dataclass(frozen=True)
class Grammar:
    """Everything compiled for one language, built once, grouped by job."""

    numbers: NumberWords
    ranges: Ranges
    units: Units
    approx: Approximators
    exclusions: Exclusions
    counted: CountedNouns
    categories: CategoryCues
    shares: ShareSubjectSearch


def key(s: str) -> str:
    """A phrase as the data maps key it: lowercased, single spaces."""
    return " ".join(s.lower().split())


@lru_cache(maxsize=None)
def grammar(code: str) -> Grammar:
    data = load(code)
    patterns = data.patterns(FILE)
    units = _units(data, patterns)
    return Grammar(
        numbers=_number_words(data, patterns), ranges=_ranges(data, patterns), units=units,
        approx=_approximators(data, patterns), exclusions=_exclusions(patterns),
        counted=_counted_nouns(data, patterns), categories=_category_cues(data),
        shares=_share_subject(data, patterns),
    )


def _mapping(data, name: str) -> dict:
    """A word map of the data: phrase (as ``key`` spells it) -> value, unit or approximator."""
    return {key(str(a)): b for a, b in data.mapping(FILE, name).items()}


def _floats(data, name: str) -> dict:
    return {a: float(b) for a, b in _mapping(data, name).items()}


def _number_words(data, patterns) -> NumberWords:
    """The number core and what reads it: scales, fractions, vague amounts, number words."""
    scale_alt = alternation(data.mapping(FILE, "scales"))
    digits, number_word = patterns["digits"].pattern, patterns["number_word"].pattern
    spelled = (
        rf"(?P<vague>{_spaced(alternation(data.mapping(FILE, 'vague')))})(?!\w)"
        rf"|(?P<frac>{_spaced(alternation(data.mapping(FILE, 'fractions')))})(?!\w)"
        rf"|(?P<words>{number_word})(?!\w)"
        rf"|(?P<one>{alternation(data.words(FILE, 'articles_one'))})(?=\s+(?:{scale_alt}|{patterns['one_before'].pattern})(?!\w))")
    written = rf"(?<![^\W\d_]-)(?<!\d[.,])(?P<digits>{digits})(?P<attached>[^\W\d_]+)?"
    core = regexes.compile(rf"(?<!\w)(?:{spelled}|{written})", re.IGNORECASE)
    cand_lower, cand_any = _candidates(data)
    return NumberWords(
        locale=data.get(FILE, "locale", str), alt_locale=data.get(FILE, "alt_locale", str) or None,
        alt_locale_evidence=patterns.get("alt_locale_evidence"), text2num=data.get(FILE, "text2num", str),
        core=core, core_at_digit=_core_at_digit(spelled, written), cand_lower=cand_lower, cand_any=cand_any,
        scale_re=regexes.compile(rf"(?:\s*|-)(?P<s>{scale_alt})(?!\w)", re.IGNORECASE),
        scales=_floats(data, "scales"), scales_attached=_floats(data, "scales_attached"),
        fractions=_floats(data, "fractions"),
        vague={a: (float(b[0]), float(b[1])) for a, b in _mapping(data, "vague").items()},
        word_forms=_floats(data, "number_word_forms"),
        mixed_re=_mixed_pattern(data), mixed_fractions=_floats(data, "mixed_fractions"),
        word_suffixes=tuple((key(str(a)), float(b)) for a, b in data.mapping(FILE, "number_word_suffixes").items()),
        number_word_cut=patterns.get("number_word_cut") or _NEVER,
    )


def _core_at_digit(spelled: str, written: str) -> re.Pattern:
    """The core's digits branch alone, where no other branch can start with a decimal digit (none
    of their leading strings does: every match starts with one): at a digit the core matches
    what that branch matches, without trying the word lists first (a third of the time). Else
    the whole core."""
    lead = analysis(f"(?:{spelled})", re.IGNORECASE)[1]
    alone = lead is not None and DIGIT not in lead and not any(s[:1].isdecimal() for s in lead)
    return regexes.compile(rf"(?<!\w)(?:{written})" if alone else rf"(?<!\w)(?:{spelled}|{written})", re.IGNORECASE)


def _ranges(data, patterns) -> Ranges:
    """A second number: joiners, and openers paired with theirs ("zwischen ... und")."""
    pairs = {key(a): key(str(b)) for a, b in data.mapping(FILE, "range_pairs").items()}
    joiners = {key(j) for j in data.words(FILE, "range_joiners")}
    digits, number_word = patterns["digits"].pattern, patterns["number_word"].pattern
    join_words = sorted(joiners | set(pairs.values()))
    range_re = regexes.compile(
        rf"\s*(?P<j>{_spaced(alternation(join_words))})\s*"
        rf"(?P<n2>(?<![^\W\d_])(?:{digits}|{number_word}))(?![^\W\d_])", re.IGNORECASE) if join_words else None
    opener = _opt(data.mapping(FILE, "range_pairs"))
    not_after = _opt(data.words(FILE, "range_not_after"))
    return Ranges(
        range_re=range_re, pairs=pairs, joiners=joiners,
        opener_re=regexes.compile(rf"{LETTER_BEFORE}(?P<o>{_spaced(opener)})\s+\Z", re.IGNORECASE) if opener else None,
        not_after_re=regexes.compile(rf"{LETTER_BEFORE}{not_after}\s+\Z", re.IGNORECASE) if not_after else None,
    )


def _units(data, patterns) -> Units:
    """Unit and currency words after a figure, symbols before it, and the unit sets."""
    units, currencies, symbols = _mapping(data, "units"), _mapping(data, "currencies"), _mapping(data, "currency_symbols")
    unit_alt = _spaced(alternation(list(data.mapping(FILE, "units")) + list(data.mapping(FILE, "currencies"))))
    unit_links = _opt(data.words(FILE, "unit_links"))
    linked = rf"(?:(?:{unit_links})\s+)?" if unit_links else ""
    symbol_alt = _opt(data.mapping(FILE, "currency_symbols"))
    percent = frozenset(data.words(FILE, "percent_units"))
    return Units(
        unit_re=regexes.compile(rf"\s*{linked}(?P<u>{unit_alt})(?![^\W\d_])", re.IGNORECASE),
        units=units, currencies=currencies, currency_symbols=symbols,
        cur_before_re=regexes.compile(rf"(?<![^\W\d_])(?P<c>{symbol_alt})\s?\Z", re.IGNORECASE) if symbol_alt else None,
        attached_measures=_mapping(data, "attached_measures"),
        measure_after=patterns.get("measure_after") or _NEVER, subunit_after=patterns.get("subunit_after") or _NEVER,
        in_parens_before=patterns.get("in_parens_before"),
        from_before=patterns.get("from_before") or _NEVER, to_between=patterns.get("to_between") or _NEVER,
        percent_units=percent, money_units=frozenset(currencies.values()) | frozenset(symbols.values()),
        measure_units=frozenset(units.values()) - percent,
        points_units=frozenset(data.words(FILE, "points_units")),
    )


def _approximators(data, patterns) -> Approximators:
    """Approximators before the figure ("rund") and after it ("or so")."""
    after = _opt(data.mapping(FILE, "approximators_after"))
    before = _spaced(alternation(data.mapping(FILE, "approximators")))
    return Approximators(
        before_re=regexes.compile(rf"{LETTER_BEFORE}(?P<a>{before})\s+\Z", re.IGNORECASE),
        after_re=regexes.compile(rf"\s+(?P<a>{_spaced(after)})(?!\w)", re.IGNORECASE) if after else None,
        kinds_before=_mapping(data, "approximators"), kinds_after=_mapping(data, "approximators_after"),
        blocked_before=patterns.get("approx_blocked_before"),
    )


def _exclusions(patterns) -> Exclusions:
    """The exclusion patterns, used as the data writes them; ones a language leaves out: None."""
    optional = {f.name: patterns.get(f.name) for f in fields(Exclusions)}
    return Exclusions(**{**optional, "number_alone_after": patterns.get("number_alone_after") or _NEVER})


# Whitespace between a figure and its counted noun: never a blank line (a headline ends there).
_GAP = r"(?:(?!\n[^\S\n]*\n)\s)+"


def _counted_nouns(data, patterns) -> CountedNouns:
    """The counted noun after a figure ("Menschen", "of the population") and how figures share one."""
    cased = data.patterns(FILE, "patterns_cased", flags=0)
    links = _opt(data.words(FILE, "counted_links"))
    link_part = rf"(?:(?P<link>{_spaced(links)})\s+)?" if links else ""
    return CountedNouns(
        after=regexes.compile(rf"{_GAP}{link_part}(?P<noun>{cased['counted'].pattern})"),
        link_re=regexes.compile(rf"\s+(?:{_spaced(links)})\s", re.IGNORECASE) if links else None,
        after_link=regexes.compile(rf"{_GAP}(?P<link>{_spaced(links)})\s+(?P<noun>{cased['counted_after_link'].pattern})") if links else None,
        frame=cased["counted_frame"],
        durations=frozenset(key(w) for w in data.words(FILE, "duration_nouns")),
        noun_join=regexes.compile(rf"{patterns['noun_join'].pattern}(?P<noun>{cased['counted'].pattern})"),
        partitive_after=patterns.get("partitive_after"), partitive_between=patterns.get("partitive_between"),
        coord_between=patterns.get("coord_between"), subset_before=patterns.get("subset_before") or _NEVER,
        place_after=patterns.get("place_after") or _NEVER,
        places=frozenset(str(f) for c in data.mapping("countries", "countries").values()
                         for f in (c.get("names") or []) + (c.get("capitals") or [])),
    )


def _category_cues(data) -> CategoryCues:
    """Category cues (verbs and phrases) and noun endings -> category."""
    cased = data.patterns(FILE, "patterns_cased", flags=0)
    cue_flags = 0 if data.get(FILE, "cues_case_sensitive", bool) else re.IGNORECASE
    # one look-behind for all: the prefilter then sees that every cue starts a word (its candidate
    # starts: the leading words at word starts only)
    cues = r"(?<!\w)(?:" + "|".join(rf"(?P<{cat}>{rx})" for cat, rx in data.mapping(FILE, "category_cues").items()) + ")"
    endings = sorted(((key(str(e)), cat) for cat, es in data.mapping(FILE, "category_nouns").items() for e in es),
                     key=lambda p: -len(p[0]))
    return CategoryCues(
        cues=regexes.compile(cues, cue_flags), join_gap=int(data.get(FILE, "cue_join_gap", int)),
        cue_over_noun=frozenset(data.words(FILE, "category_cue_over_noun")),
        noun_endings={a: c for a, c in reversed(endings)},
        ending_lengths=tuple(sorted({len(a) for a, _ in endings}, reverse=True)),
        endings_in_word=bool(data.get(FILE, "category_nouns_in_word", bool)),
        type_name=cased["type_name"], type_name_category=data.get(FILE, "type_name_category", str),
    )


def _share_subject(data, patterns) -> ShareSubjectSearch:
    """The tagger and tag classes that find what a value is of (``share_subject``)."""
    checks = {"link_before": patterns.get("share_link_before"), "noun_after": patterns.get("share_noun_after"),
              "sum_noun_after": patterns.get("sum_noun_after") or patterns.get("share_noun_after"),
              "value_before": patterns.get("value_before") or _NEVER,
              "not_subject": patterns.get("share_not_subject") or _NEVER,
              "change_in": patterns.get("share_change_in") or _NEVER}
    conf = data.get(FILE, "share_subject", dict)
    if not conf:  # the language names no tagger: no subject search
        return ShareSubjectSearch(**checks)
    return ShareSubjectSearch(
        model=str(conf["model"]), **checks,
        **{f"{k}_tag": regexes.compile(str(conf[f"{k}_tag"])) for k in ("noun", "modifier", "preposition", "determiner")},
        article_tag=regexes.compile(str(conf.get("article_tag") or "(?!)")),
        common_noun_tag=regexes.compile(str(conf.get("common_noun_tag") or conf["noun_tag"])),
        genitive_words=frozenset(key(str(w)) for w in conf.get("genitive_words") or ()),
        subject_last=conf.get("subject_position") == "last",
        clause_words=regexes.compile(rf"\b(?:{conf['clause_words']})\b", re.IGNORECASE) if conf.get("clause_words") else None,
        first_before=regexes.compile(rf"\b(?:{conf['first_before']})\s+\Z", re.IGNORECASE) if conf.get("first_before") else None,
        conjunction_tag=regexes.compile(str(conf["conjunction_tag"])) if conf.get("conjunction_tag") else None,
        relative_tag=regexes.compile(str(conf.get("relative_tag") or "(?!)")),
        time_words=frozenset(key(str(w)) for k in ("months", "duration_nouns") for w in data.words(FILE, k))
        | frozenset(key(str(w)) for w in conf.get("time_words") or ()),
    )


def _mixed_pattern(data) -> re.Pattern:
    """The fraction a whole number takes after a joiner: "five and a half", "fünf und drei Viertel"."""
    joiners = _spaced(alternation(data.words(FILE, "mixed_joiners")))
    fractions = _spaced(alternation(data.mapping(FILE, "mixed_fractions")))
    return regexes.compile(rf"\s+{joiners}\s+(?P<f>{fractions})(?!\w)", re.IGNORECASE)


def _spaced(alternatives: str) -> str:
    """A space in a phrase matches any whitespace."""
    return alternatives.replace(r"\ ", r"\s+")


def _candidates(data) -> tuple[re.Pattern, re.Pattern]:
    """Where a figure may start: a digit, or a word that begins like a vague/fraction/article/number word;
    over the lowercased text, and case-insensitive for texts lower() resizes."""
    firsts = {key(str(p)).split(" ")[0] for k in ("vague", "fractions", "articles_one")
              for p in data.get(FILE, k, (list, dict))} | {key(str(w)) for w in data.words(FILE, "number_words")}
    heads = "".join(sorted({re.escape(w[0]) for w in firsts if w}))
    candidate = rf"(?<!\w)(?=[\d{heads}])(?:\d|{alternation(firsts)})"
    return regexes.compile(candidate), regexes.compile(candidate, re.IGNORECASE)
