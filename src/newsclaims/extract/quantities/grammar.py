"""A language's figure grammar (``lang/<code>/quantities.yaml``), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...lang import alternation, load
from ...text.prefilter import Scanner

FILE = "quantities"
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
    # round 3 (issue 16): mixed numbers, cents, lone number words, "1.8m tall"
    mixed_re: re.Pattern | None = None  # "five *and a half* million"
    mixed_fractions: dict = field(default_factory=dict)
    word_suffixes: tuple = ()  # ("einhalb", 0.5): "siebeneinhalb"
    number_word_cut: re.Pattern | None = None
    subunit_after: re.Pattern | None = None
    number_alone_after: re.Pattern | None = None
    attached_measures: dict = field(default_factory=dict)
    measure_after: re.Pattern | None = None
    # issue 15: what a value is of, named before it (shares.py)
    share_model: str = ""
    share_noun: re.Pattern | None = None
    share_modifier: re.Pattern | None = None
    share_preposition: re.Pattern | None = None
    share_determiner: re.Pattern | None = None
    share_article: re.Pattern = re.compile(r"(?!)")  # before a figure inside a noun phrase ("den sieben ...")
    share_common_noun: re.Pattern | None = None  # a noun right after a figure counts only if common
    share_conjunction: re.Pattern | None = None  # keeps a preposition on over "und", "and"
    share_genitive: frozenset = frozenset()  # "Die Verluste *der* Armee": an attribute follows
    share_last: bool = False  # the subject is the last free noun phrase of its clause, not the first
    share_clause_words: re.Pattern | None = None  # words that open a clause ("that", "while")
    share_first_before: re.Pattern | None = None  # before a figure whose subject is the first phrase ("mit")
    share_link_before: re.Pattern | None = None  # "Quote *von*", "cost *of*": the noun before it counts
    share_noun_after: re.Pattern | None = None  # where a noun right after a share or sum counts ("a 30% chance")
    partitive_between: re.Pattern | None = None  # "116 *der* 160 Bezirke", "22 *out of* 33 drones"
    share_time_words: frozenset = frozenset()
    value_before: re.Pattern | None = None
    share_not_subject: re.Pattern | None = None
    subset_before: re.Pattern | None = None
    cue_over_noun: frozenset = frozenset()  # noun categories a casualty verb overrides ("Flüchtlinge ertranken")


def key(s: str) -> str:
    """A phrase as the data maps key it: lowercased, single spaces."""
    return " ".join(s.lower().split())


@lru_cache(maxsize=None)
def scanner(rx: re.Pattern) -> Scanner:
    """``rx`` tried only where it can start (the same matches as ``rx.finditer``)."""
    return Scanner(rx)


@lru_cache(maxsize=None)
def grammar(code: str) -> Grammar:
    data = load(code)
    lexicon = _lexicon(data)
    nouns = []
    for cat, endings in data.mapping(FILE, "category_nouns").items():
        nouns.extend((key(str(e)), cat) for e in endings)
    nouns.sort(key=lambda p: -len(p[0]))
    patterns = data.patterns(FILE)
    currencies, currency_symbols, units = lexicon["currencies"], lexicon["currency_symbols"], lexicon["units"]
    return Grammar(
        code=code, locale=data.get(FILE, "locale", str), t2n=data.get(FILE, "text2num", str),
        **_core_patterns(data, patterns, lexicon), **_context_patterns(data), **_counted_patterns(data),
        **{name: patterns.get(name) for name in _DATA_PATTERNS}, **lexicon,  # optional ones absent: None
        **{name: patterns.get(name) or _NEVER for name in _CHECKS},
        cue_join_gap=int(data.get(FILE, "cue_join_gap", int)),
        percent_units=frozenset(data.words(FILE, "percent_units")),
        money_units=frozenset(currencies.values()) | frozenset(currency_symbols.values()),
        measure_units=frozenset(units.values()) - frozenset(data.words(FILE, "percent_units")),
        durations=frozenset(key(w) for w in data.words(FILE, "duration_nouns")),
        noun_suffixes=nouns, suffix_in_word=bool(data.get(FILE, "category_nouns_in_word", bool)),
        **_candidate_patterns(data),
        suffix_lengths=tuple(sorted({len(a) for a, _ in nouns}, reverse=True)),
        suffix_map={a: c for a, c in reversed(nouns)},
        type_name_category=data.get(FILE, "type_name_category", str),
        points_units=frozenset(data.words(FILE, "points_units")),
        cue_over_noun=frozenset(data.words(FILE, "category_cue_over_noun")),
        alt_locale=data.get(FILE, "alt_locale", str) or None,
        mixed_re=_mixed_pattern(data), **_share_subject(data),
        word_suffixes=tuple((key(str(a)), float(b)) for a, b in data.mapping(FILE, "number_word_suffixes").items()),
    )


# Checks of issues 15/16 that a language may leave out: absent, they never fire.
_NEVER = re.compile(r"(?!)")
_CHECKS = ("number_word_cut", "subunit_after", "number_alone_after", "measure_after", "value_before",
           "share_not_subject", "subset_before")
# Patterns of quantities.yaml used as they are.
_DATA_PATTERNS = ("blocked_before", "blocked_after", "frac_blocked_before", "name_before", "ordinal_before",
                  "ordinal_after", "ordinal_any", "year", "year_before", "compound_ok", "phone", "month_before",
                  "month_number", "age_before", "age_after", "approx_blocked_before", "partitive_after",
                  "in_parens_before", "coord_between", "elliptic_before", "elliptic_after", "alt_locale_evidence",
                  "share_link_before", "share_noun_after", "partitive_between")


def _lexicon(data) -> dict:
    """The word maps: phrase (as ``key`` spells it) -> value, unit or approximator."""
    def mapping(name: str) -> dict:
        return {key(str(a)): b for a, b in data.mapping(FILE, name).items()}

    return {
        "approximators": mapping("approximators"), "approximators_after": mapping("approximators_after"),
        "pairs": {key(a): key(str(b)) for a, b in data.mapping(FILE, "range_pairs").items()},
        "joiners": {key(j) for j in data.words(FILE, "range_joiners")},
        "scales": {a: float(b) for a, b in mapping("scales").items()},
        "scales_attached": {a: float(b) for a, b in mapping("scales_attached").items()},
        "fractions": {a: float(b) for a, b in mapping("fractions").items()},
        "vague": {a: (float(b[0]), float(b[1])) for a, b in mapping("vague").items()},
        "currencies": mapping("currencies"), "currency_symbols": mapping("currency_symbols"),
        "units": mapping("units"),
        "word_forms": {a: float(b) for a, b in mapping("number_word_forms").items()},
        "mixed_fractions": {a: float(b) for a, b in mapping("mixed_fractions").items()},
        "attached_measures": mapping("attached_measures"),
    }


def _share_subject(data) -> dict:
    """The tagger and tag classes that find what a value is of (``share_subject``)."""
    conf = data.get(FILE, "share_subject", dict)
    if not conf:  # the language names no tagger: no subject search
        return {}
    return {
        "share_model": str(conf["model"]),
        **{f"share_{k}": re.compile(str(conf[f"{k}_tag"])) for k in ("noun", "modifier", "preposition", "determiner")},
        "share_article": re.compile(str(conf.get("article_tag") or "(?!)")),
        "share_common_noun": re.compile(str(conf.get("common_noun_tag") or conf["noun_tag"])),
        "share_genitive": frozenset(key(str(w)) for w in conf.get("genitive_words") or ()),
        "share_last": conf.get("subject_position") == "last",
        "share_clause_words": re.compile(rf"\b(?:{conf['clause_words']})\b", re.IGNORECASE) if conf.get("clause_words") else None,
        "share_first_before": re.compile(rf"\b(?:{conf['first_before']})\s+\Z", re.IGNORECASE) if conf.get("first_before") else None,
        "share_conjunction": re.compile(str(conf["conjunction_tag"])) if conf.get("conjunction_tag") else None,
        "share_time_words": frozenset(key(str(w)) for k in ("months", "duration_nouns") for w in data.words(FILE, k))
        | frozenset(key(str(w)) for w in conf.get("time_words") or ()),
    }


def _mixed_pattern(data) -> re.Pattern:
    """The fraction a whole number takes after a joiner: "five and a half", "fünf und drei Viertel"."""
    joiners = _spaced(alternation(data.words(FILE, "mixed_joiners")))
    fractions = _spaced(alternation(data.mapping(FILE, "mixed_fractions")))
    return re.compile(rf"\s+{joiners}\s+(?P<f>{fractions})(?!\w)", re.IGNORECASE)


def _spaced(alternatives: str) -> str:
    """A space in a phrase matches any whitespace."""
    return alternatives.replace(r"\ ", r"\s+")


def _core_patterns(data, patterns: dict, lexicon: dict) -> dict:
    """The number core and what extends it to the right: scale, range, unit."""
    scale_alt = alternation(data.mapping(FILE, "scales"))
    digits, number_word = patterns["digits"].pattern, patterns["number_word"].pattern
    core = re.compile(
        r"(?<!\w)(?:"
        rf"(?P<vague>{_spaced(alternation(data.mapping(FILE, 'vague')))})(?!\w)"
        rf"|(?P<frac>{_spaced(alternation(data.mapping(FILE, 'fractions')))})(?!\w)"
        rf"|(?P<words>{number_word})(?!\w)"
        rf"|(?P<one>{alternation(data.words(FILE, 'articles_one'))})(?=\s+(?:{scale_alt}|{patterns['one_before'].pattern})(?!\w))"
        rf"|(?<![^\W\d_]-)(?<!\d[.,])(?P<digits>{digits})(?P<attached>[^\W\d_]+)?"
        r")", re.IGNORECASE)
    join_words = sorted(lexicon["joiners"] | set(lexicon["pairs"].values()))
    range_re = re.compile(
        rf"\s*(?P<j>{_spaced(alternation(join_words))})\s*"
        rf"(?P<n2>(?<![^\W\d_])(?:{digits}|{number_word}))(?![^\W\d_])", re.IGNORECASE) if join_words else None
    unit_alt = _spaced(alternation(list(data.mapping(FILE, "units")) + list(data.mapping(FILE, "currencies"))))
    unit_links = _opt(data.words(FILE, "unit_links"))
    linked = rf"(?:(?:{unit_links})\s+)?" if unit_links else ""
    return {"core": core, "scale_re": re.compile(rf"(?:\s*|-)(?P<s>{scale_alt})(?!\w)", re.IGNORECASE), "range_re": range_re,
            "unit_re": re.compile(rf"\s*{linked}(?P<u>{unit_alt})(?![^\W\d_])", re.IGNORECASE)}


def _context_patterns(data) -> dict:
    """What may stand around the figure: approximators, a range opener, a currency symbol."""
    after = _opt(data.mapping(FILE, "approximators_after"))
    opener = _opt(data.mapping(FILE, "range_pairs"))
    symbols = _opt(data.mapping(FILE, "currency_symbols"))
    not_after = _opt(data.words(FILE, "range_not_after"))
    approximators = _spaced(alternation(data.mapping(FILE, "approximators")))
    return {
        "approx_after_re": re.compile(rf"\s+(?P<a>{_spaced(after)})(?!\w)", re.IGNORECASE) if after else None,
        "approx_before_re": re.compile(rf"{LETTER_BEFORE}(?P<a>{approximators})\s+\Z", re.IGNORECASE),
        "opener_re": re.compile(rf"{LETTER_BEFORE}(?P<o>{_spaced(opener)})\s+\Z", re.IGNORECASE) if opener else None,
        "cur_before_re": re.compile(rf"(?<![^\W\d_])(?P<c>{symbols})\s?\Z", re.IGNORECASE) if symbols else None,
        "not_after_re": re.compile(rf"{LETTER_BEFORE}{not_after}\s+\Z", re.IGNORECASE) if not_after else None,
    }


# Whitespace between a figure and its counted noun: never a blank line (a headline ends there).
_GAP = r"(?:(?!\n[^\S\n]*\n)\s)+"


def _counted_patterns(data) -> dict:
    """The counted noun after a figure ("Menschen", "of the population") and the category cues."""
    patterns = data.patterns(FILE)
    cased = data.patterns(FILE, "patterns_cased", flags=0)
    links = _opt(data.words(FILE, "counted_links"))
    link_part = rf"(?:(?P<link>{_spaced(links)})\s+)?" if links else ""
    cue_flags = 0 if data.get(FILE, "cues_case_sensitive", bool) else re.IGNORECASE
    cues = "|".join(rf"(?<!\w)(?P<{cat}>{rx})" for cat, rx in data.mapping(FILE, "category_cues").items())
    return {
        "counted_after": re.compile(rf"{_GAP}{link_part}(?P<noun>{cased['counted'].pattern})"),
        "link_re": re.compile(rf"\s+(?:{_spaced(links)})\s", re.IGNORECASE) if links else None,
        "counted_linked": re.compile(rf"{_GAP}(?P<link>{_spaced(links)})\s+(?P<noun>{cased['counted_after_link'].pattern})") if links else None,
        "counted_frame": cased["counted_frame"], "cues": re.compile(cues, cue_flags),
        "type_name": cased["type_name"],
        "noun_join": re.compile(rf"{patterns['noun_join'].pattern}(?P<noun>{cased['counted'].pattern})"),
    }


def _candidate_patterns(data) -> dict:
    """Where a figure may start: a digit, or a word that begins like a vague/fraction/article/number word."""
    firsts = {key(str(p)).split(" ")[0] for k in ("vague", "fractions", "articles_one")
              for p in data.get(FILE, k, (list, dict))} | {key(str(w)) for w in data.words(FILE, "number_words")}
    heads = "".join(sorted({re.escape(w[0]) for w in firsts if w}))
    candidate = rf"(?<!\w)(?=[\d{heads}])(?:\d|{alternation(firsts)})"
    return {"cand_lower": re.compile(candidate), "cand_any": re.compile(candidate, re.IGNORECASE)}
