"""Skip a regex over a text when it cannot match there (a speed-up that never changes results).

``analysis(pattern, flags)`` reads a pattern's syntax tree (:mod:`.regex_syntax`) for a set of
case-folded strings such that every match contains at least one of them (None when no such
set can be told), and the strings every match starts with. ``Prefilter.may_match(folded_text)``
is then a few substring searches instead of a regex scan: most of a language's many time or
cue patterns have no key word in a given report. The text must be folded with :func:`fold`.
A :class:`Folded` text finds every string its Scanners ask about in one Aho-Corasick pass.

Folding is a superset test: every pair of characters that IGNORECASE treats as equal folds
to the same string (checked over all of Unicode for the running Python), so a text the regex
matches, with or without IGNORECASE, always contains a folded required string. Every whitespace
character (what ``\\s`` matches) folds to " ", so the analysis reads ``\\s`` as " " too.
"""

from __future__ import annotations

import bisect
import re
import threading
from functools import lru_cache

import ahocorasick

from ..cache import DiskCache, code_version
from . import regex_syntax as S
from .regex_syntax import ANY, ASSERT, AT, BRANCH, CAT, IN, LIT, RANGE, REPEAT

# A character class of at most this many literal characters counts as a required "string".
_MAX_CLASS = 4


# What casefold leaves apart but re's IGNORECASE treats as equal: dotless i, and the dot that
# "İ".casefold() adds (re lowers "İ" to "i").
_FOLD_EXTRA = {0x131: "i", 0x307: None}


# Every whitespace character but " " (what ``\\s`` matches: str.isspace); none is printable.
_OTHER_SPACE = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def fold(text: str) -> str:
    """The form both the text and the required strings are compared in. Whitespace folds to " "
    (one character for one: offsets stay), so that ``\\s`` reads as " " and "in" followed by
    ``\\s+`` leads with "in " (not the "in" of every "Inflation")."""
    folded = text.casefold()
    if "\u0131" in folded or "\u0307" in folded:
        folded = folded.translate(_FOLD_EXTRA)
    folded = folded.replace("\n", " ")
    if not folded.isprintable():
        folded = _OTHER_SPACE.sub(" ", folded)
    return folded


def _score(strings: set[str]) -> tuple[int, int]:
    """Prefer sets whose shortest string is longest (fewer false hits; a space at either end, from
    ``\\s``, counts for nothing: "am " is no rarer than "am"), then smaller sets."""
    return min(len(s.strip(" ")) for s in strings), -len(strings)


def _minimal(strings: set[str], covers) -> set[str]:
    """``strings`` less those another one covers (``covers(t, s)``): where "you" will do, "your"
    adds a search and no information."""
    by_length = sorted(strings, key=len)
    return {s for i, s in enumerate(by_length) if not any(covers(t, s) for t in by_length[:i] if len(t) < len(s))}


def _one_fold(op, av) -> str | None:
    """The folded string of every character the node matches, where they all fold alike: a
    literal, or a class of literals such as ``[Tt]`` (then "[Tt]ote" requires "tote", not "t")."""
    if op is LIT:
        return fold(av)
    if op is IN and av[0]:
        items, negated = av
        if negated:  # [^\\S\\n]: whitespace only
            return " " if (CAT, "notspace") in items else None
        if all(o is LIT or (o is CAT and a == "space") for o, a in items):
            folds = {fold(c) if o is LIT else " " for o, c in items}
            if len(folds) == 1:
                return folds.pop()
    return None


def _repeated_fold(op, av) -> str | None:
    """What a repeat at least once of one-fold nodes (``\\s+``) starts with, else None."""
    if op is not REPEAT or av[0] < 1:
        return None
    folds = [_one_fold(*node) for node in av[2]]
    return "".join(folds) if folds and None not in folds else None


def _informative(s: str) -> bool:
    """Not whitespace alone (" " from ``\\s``: in every text, hundreds of times)."""
    return bool(s.strip(" "))


def _prefix_fold(seq: list, tail: str) -> str:
    """The folded string every match of ``seq`` followed by ``tail`` starts with, as far as it is
    fixed: its one-fold nodes (lookarounds match no characters) up to the first other node (of a
    repeat at least once such as ``\\s+``, its first round), or all of them and ``tail``."""
    out = []
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue
        one = _one_fold(op, av)
        if one is None:
            out.append(_repeated_fold(op, av) or "")
            return "".join(out)
        out.append(one)
    return "".join(out) + tail


def _plus(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    return None if a is None or b is None else (a[0] + b[0], a[1] + b[1])


def _required_reach(seq: list, tail: str = "") -> tuple[set[str] | None, tuple[int, int] | None]:
    """The best-scoring set of folded strings one of which every match of ``seq`` holds, where
    every match is followed by ``tail`` (a branch's "sagte" followed by ``\\s+``: "sagte "), and
    their reach: one of them starts no further into every match than that (characters, runs of
    whitespace: as ``_width``; None when unbounded). A run's string starts where the run does,
    after ``_width`` of what comes before it."""
    best: list = [None, None]
    run: list[str] = []  # folded characters (folding is per character: the run's fold)
    run_at = 0

    def consider(found: set[str] | None, reach) -> None:
        if found and all(found):
            kept = _minimal(found, lambda t, s: t in s)
            if not all(map(_informative, kept)):
                return
            if kept != found:  # a kept string inside a left-out one may start up to its length later
                reach = _plus(reach, (max(map(len, found)), 0))
            if best[0] is None or _score(kept) > _score(best[0]):
                best[:] = kept, reach

    for i, (op, av) in enumerate(seq + [(None, None)]):
        if op in _ZERO_WIDTH:
            continue  # a run goes on past a lookaround: it matches no characters
        one = _one_fold(op, av) if op is LIT or op is IN else None
        if one is not None:
            run_at = i if not run else run_at
            run.append(one)
            continue
        if run:  # "in" + "\\s+": "in "; at the end what follows the sequence
            consider({"".join(run) + (tail if op is None else _repeated_fold(op, av) or "")}, _width(seq[:run_at]))
            run = []
        if op is BRANCH:
            after = _prefix_fold(seq[i + 1:], tail)
            outs = [_required_reach(b, after) for b in av]
            if all(o[0] for o in outs):
                reaches = [o[1] for o in outs]
                inner = None if None in reaches else (max(r[0] for r in reaches), max(r[1] for r in reaches))
                consider(set().union(*(o[0] for o in outs)), _plus(_width(seq[:i]), inner))
        elif op is REPEAT:
            if av[0] >= 1:  # in its first round
                inner, reach = _required_reach(av[2])
                consider(inner, _plus(_width(seq[:i]), reach))
        elif op is IN:
            items, negated = av
            if not negated and 0 < len(items) <= _MAX_CLASS and all(o is LIT for o, _ in items):
                consider({fold(c) for _, c in items}, _width(seq[:i]))
        # anything else (categories, backreferences ...) requires nothing
    return best[0], best[1]


# Stands for "any decimal digit" (``\\d``) among leading strings; see Scanner.
DIGIT = "\x00digit"
_MAX_LEAD_CLASS = 12  # digits and a few more; a letter range folds to most of a text
# Past this many candidate starts per character of text, a plain regex scan is cheaper.
MAX_DENSITY = 0.05
# Past this many candidate starts, those far from a required string are left out (Scanner).
NEAR_MIN = 4
_ZERO_WIDTH = (AT, ASSERT)


def _class_leading(items, negated: bool) -> set[str] | None:
    if negated:
        return None
    out: set[str] = set()
    for o, a in items:
        if o is LIT:
            out.add(fold(a))
        elif o is RANGE and a[1] - a[0] < _MAX_LEAD_CLASS:
            out.update(fold(chr(c)) for c in range(a[0], a[1] + 1))
        elif o is CAT and a == "digit":
            out.add(DIGIT)
        else:
            return None
    return out if 0 < len(out) <= _MAX_LEAD_CLASS else None


def _leading(seq: list, tail: str = "") -> set[str] | None:
    """Folded strings one of which every match of ``seq`` starts with (None when unknown), where
    every match is followed by ``tail``.

    An optional element adds its own leading strings and looks on to the next one: a match
    starts either with it or with what follows it."""
    out: set[str] = set()
    i = 0
    while i < len(seq):
        op, av = seq[i]
        if op in _ZERO_WIDTH:
            i += 1
            continue
        if _one_fold(op, av) is not None:
            head = _prefix_fold(seq[i:], tail)
            return out | {head} if _informative(head) else None
        if op is REPEAT and av[0] == 0:
            inner = _leading(av[2])
            if inner is None:
                return None
            out |= inner
            i += 1
            continue
        if op is BRANCH:
            after = _prefix_fold(seq[i + 1:], tail)
            outs = [_leading(b, after) for b in av]
            inner = set().union(*outs) if all(outs) else None
        elif op is REPEAT:
            inner = _leading(av[2])
        elif op is IN:
            inner = _class_leading(*av)
        else:  # ANY, BACKREF: anything may come first
            inner = None
        return None if inner is None else out | inner
    return None  # the whole sequence may match nothing


# The word characters some character that is not one folds to the start of (U+0345, a combining
# mark, folds to "ι"): a match starting with one of them may start with a non-word character.
FOLDS_OF_NON_WORD = frozenset("ι")


def _word_first(seq: list) -> bool:
    """Does every match of ``seq`` begin with a word character (all its leading strings do)?"""
    lead = _leading(seq)
    return bool(lead) and all(s == DIGIT or (s and _is_word(s[0]) and s[0] not in FOLDS_OF_NON_WORD) for s in lead)


def _starts_at_word(seq: list) -> bool:
    """Does every match begin where no word character precedes: after a leading ``(?<![\\w...])``,
    in each branch of a leading alternation, or after ``\\b`` where it begins with a word character?"""
    if not seq:
        return False
    if seq[0][0] is BRANCH:
        return all(_starts_at_word(branch + seq[1:]) for branch in seq[0][1])
    if seq[0] == (AT, "boundary"):
        return _word_first(seq[1:])
    if seq[0][0] is not ASSERT:
        return False
    behind, negated, body = seq[0][1]
    if not (behind and negated) or len(body) != 1 or body[0][0] is not IN:
        return False
    items, negated_class = body[0][1]
    return not negated_class and (CAT, "word") in items


_WHITESPACE = frozenset(" \t\n\r\x0b\x0c")


def _whitespace_only(seq: list) -> bool:
    """Does ``seq`` match only whitespace characters, one per element (``\\s``, ``[ \\t]``, " ")?"""
    def one(op, av) -> bool:
        if op is LIT:
            return av in _WHITESPACE
        return op is IN and not av[1] and all((o is CAT and a == "space") or (o is LIT and a in _WHITESPACE)
                                              for o, a in av[0])
    return bool(seq) and all(one(op, av) for op, av in seq)


def _width(seq: list) -> tuple[int, int] | None:
    """(characters, runs): no match of ``seq`` is longer than ``characters`` plus ``runs`` times
    the text's longest run of whitespace (an unbounded repeat of whitespace matches one such
    run at most); None when no such bound can be told (another unbounded repeat, a backreference)."""
    chars = runs = 0
    for op, av in seq:
        if op in (LIT, IN, ANY):
            chars += 1  # one character of the text, with or without IGNORECASE
        elif op is BRANCH:
            widths = [_width(b) for b in av]
            if None in widths:
                return None
            chars += max(c for c, _ in widths)
            runs += max(r for _, r in widths)
        elif op is REPEAT:
            low, high, sub = av
            if high is None:
                if not _whitespace_only(sub):
                    return None
                runs += 1
            else:
                inner = _width(sub)
                if inner is None:
                    return None
                chars, runs = chars + high * inner[0], runs + high * inner[1]
        elif op not in _ZERO_WIDTH:  # BACKREF
            return None
    return chars, runs


def _analysis(pattern: str, flags: int) -> list:
    """[required strings longest first, leading strings, starts only after a non-word character,
    the bound on a match's length (``_width``), the required strings' reach (``_required_reach``)]."""
    try:
        tree = S.parse(pattern, flags)
    except S.Unsupported as exc:
        from ..errors import E202, NewsclaimsError

        raise NewsclaimsError(E202, f"a pattern the prefilter cannot read ({exc}): {pattern[:60]!r}") from None
    req, reach = _required_reach(tree)
    lead = _leading(tree)
    lead = _minimal(lead, lambda t, s: s.startswith(t)) if lead else None
    at_word = not S.ascii_flags(pattern, flags) and _starts_at_word(tree)
    width = _width(tree)
    return [sorted(req, key=len, reverse=True) if req and all(req) else None,
            sorted(lead) if lead and all(lead) else None, at_word, list(width) if width is not None else None,
            list(reach) if req and all(req) and reach is not None else None]


# Reading the patterns is most of a cold start's work after spaCy's import: kept between runs.
_CACHE = DiskCache("prefilter", code_version(__file__, S.__file__))


@lru_cache(maxsize=None)
def _analysed(pattern: str, flags: int) -> list:
    return _CACHE.get(f"{flags}:{pattern}", lambda: _analysis(pattern, flags))


@lru_cache(maxsize=None)
def analysis(pattern: str, flags: int) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None, bool]:
    """(required strings, leading strings, starts only after a non-word character) of a pattern,
    computed once per pattern and flags."""
    req, lead, at_word = _analysed(pattern, flags)[:3]
    return (tuple(req) if req else None), (tuple(lead) if lead else None), at_word


def required_window(pattern: str, flags: int) -> tuple[int, int] | None:
    """(characters, runs): every match starting at p holds one of the required strings starting
    before p + characters + runs times the text's longest run of whitespace; None when unbounded.
    Tighter than the match's width where the required strings come early ("," in
    ``\\d{1,3}(?:,\\d{3}){2,}``: after three characters at most, in a match of any length)."""
    reach = _analysed(pattern, flags)[4]
    return (reach[0] + 1, reach[1]) if reach is not None else None


def match_width(pattern: str, flags: int) -> tuple[int, int] | None:
    """(characters, runs): no match is longer than ``characters`` plus ``runs`` times the longest
    run of whitespace in the text searched; None when unbounded."""
    width = _analysed(pattern, flags)[3]
    return tuple(width) if width is not None else None


# Every string a Scanner asks a Folded about, and the automaton that finds them all in one pass
# over a text (rebuilt when strings were added: while pipelines are built).
_STRINGS: dict[str, None] = {}
_BUILT: tuple | None = None


def _register(strings) -> None:
    for s in strings or ():
        _STRINGS.setdefault(s, None)


def _in_pass(s: str) -> bool:
    """Whether the pass looks for ``s``. A single letter ("s", "t", "h": a required string of a
    pattern such as ``\\d+\\s*h``) occurs a hundred times a report, and was four in ten of the
    pass's hits; it is asked about rarely and mostly whether it occurs at all (``in``)."""
    return not (len(s) == 1 and s.isalpha())


def _automaton() -> tuple:
    """(automaton, the strings in it); a text's pass finds only these (the others: str.find)."""
    global _BUILT
    built = _BUILT
    if built is None or built[2] != len(_STRINGS):
        registered = list(_STRINGS)
        strings = frozenset(s for s in registered if _in_pass(s))
        automaton = ahocorasick.Automaton()
        for s in strings:
            automaton.add_word(s, s)
        automaton.make_automaton()
        built = _BUILT = (automaton if strings else None, strings, len(registered))
    return built


class Prefilter:
    __slots__ = ("strings",)

    def __init__(self, strings: tuple[str, ...] | None):
        # Longest first: a longer string is rarer, so a miss is found fast and a hit early.
        self.strings = strings
        _register(strings)

    def may_match(self, folded) -> bool:
        """``folded``: a string made by :func:`fold`, or a :class:`Folded` (its answers cached)."""
        strings = self.strings
        if strings is None:
            return True
        if isinstance(folded, Folded):
            return folded.any_present(strings)
        for s in strings:
            if s in folded:
                return True
        return False


_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a digit other than 0-9 (as "(?![0-9])\d", several times faster)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # re's \\w for str patterns


_NON_ASCII = re.compile(r"[^\x00-\x7f]")  # only these may fold to more or fewer characters
_WS_RUNS = re.compile(r"\s{2,}")  # runs of whitespace longer than one character (Folded.ws_run)


# The texts last analysed, with their Folded (a few: threads of a server analyse several at once).
_RECENT: dict[str, "Folded"] = {}
_RECENT_MAX = 4
_RECENT_LOCK = threading.Lock()


class Folded:
    """A text with its folded form. ``aligned``: offsets into the two agree (no character folds
    to more or fewer than one: true for most news text). Where they do not ("ß" folds to "ss",
    ligatures), :meth:`occurrences` maps a found string's offset back to the character whose
    fold holds it. ``anchorable``: every offset maps back, so the Scanner can try a regex only
    there; false for a text holding U+0307, which folds to nothing, so that a match may start
    before the folded string it begins with."""

    __slots__ = ("text", "folded", "aligned", "anchorable", "_shifts", "_occ", "_starts", "_ascii_digits", "_found",
                 "_known", "memo", "_ws_run")

    def __init__(self, text: str):
        self.text = text
        self.folded = fold(text)
        self.anchorable = "\u0307" not in text
        self.aligned = self.anchorable and len(self.folded) == len(text)
        self._shifts = _shifts(text) if self.anchorable and not self.aligned else None
        self._occ: dict = {}  # (string, at_word) -> offsets; (string, None), Scanner -> present
        self._starts: dict = {}  # (strings, at_word), (Scanner, at_word), Scanner (its required strings) -> offsets
        self._ascii_digits: bool | None = None
        self._ws_run: int | None = None
        self._found, self._known = self._pass()  # folded offsets of the registered strings; those strings
        self.memo: dict = {}  # what other modules derive from the text alone, kept with it (text.clauses)

    @classmethod
    def of(cls, text: str) -> Folded:
        """The Folded of ``text``, shared by the components analysing it (one pass over it)."""
        found = _RECENT.get(text)
        if found is None:
            found = cls(text)
            with _RECENT_LOCK:
                if len(_RECENT) >= _RECENT_MAX:
                    del _RECENT[next(iter(_RECENT))]
                _RECENT[text] = found
        return found

    @classmethod
    def release(cls, text: str) -> None:
        """Drop the shared Folded of ``text`` once its analysis is done: kept, its many small
        lists outlive the collector's young generations and make it walk the whole heap."""
        with _RECENT_LOCK:
            _RECENT.pop(text, None)

    def _pass(self) -> tuple[dict[str, list[int]], frozenset[str]]:
        """Where every registered string occurs in the folded text (all overlapping hits, as
        repeated ``str.find`` gives them), found in one pass instead of a scan per string."""
        automaton, known, _ = _automaton()
        found: dict[str, list[int]] = {}
        if automaton is not None:
            for end, s in automaton.iter(self.folded):
                hits = found.get(s)
                if hits is None:
                    found[s] = [end - len(s) + 1]
                else:
                    hits.append(end - len(s) + 1)
        return found, known

    @property
    def ws_run(self) -> int:
        """The length of the longest run of whitespace in the text (at least 1)."""
        if self._ws_run is None:
            runs = _WS_RUNS.findall(self.text)
            self._ws_run = max(map(len, runs)) if runs else 1
        return self._ws_run

    @property
    def ascii_digits(self) -> bool:
        """No decimal digit other than 0-9 (which ``\\d`` would match too)?"""
        if self._ascii_digits is None:
            self._ascii_digits = self.text.isascii() or _OTHER_DIGIT.search(self.text) is None
        return self._ascii_digits

    def present(self, s: str) -> bool:
        if s in self._known:
            return s in self._found
        key = (s, None)
        hit = self._occ.get(key)
        if hit is None:
            hit = self._occ[key] = s in self.folded
        return hit

    def any_present(self, strings: tuple[str, ...]) -> bool:
        if self._known.issuperset(strings):
            return not self._found.keys().isdisjoint(strings)
        return any(self.present(s) for s in strings)

    def occurrences(self, s: str, at_word: bool) -> list[int]:
        """Text offsets where ``s`` occurs in the folded text (only after a non-word char: at_word)."""
        key = (s, at_word)
        found = self._occ.get(key)
        if found is None:
            found = self._occ[key] = self._text_offsets(self._hits(s), at_word)
        return found

    def _hits(self, s: str):
        """Folded offsets of ``s``: from the pass where it was registered then, else str.find."""
        return self._found.get(s, ()) if s in self._known else self._find(s)

    def _text_offsets(self, hits, at_word: bool) -> list[int]:
        """The text offsets of folded offsets (only those after a non-word char: at_word)."""
        text, shifts = self.text, self._shifts
        if shifts is not None:
            hits = [_text_offset(shifts, i) for i in hits]
        if not at_word:
            return list(hits)
        # _is_word inlined (a call per hit: "in", "an", "die" occur a hundred times a report)
        return [at for at in hits if not at or not ((ch := text[at - 1]).isalnum() or ch == "_")]

    def _find(self, s: str) -> list[int]:
        folded, out = self.folded, []
        i = folded.find(s)
        while i >= 0:
            out.append(i)
            i = folded.find(s, i + 1)
        return out

    def starts(self, strings: tuple[str, ...], at_word: bool) -> list[int]:
        """Sorted offsets where one of ``strings`` occurs (cached per tuple of strings: by value, as
        a tuple built for one call may be freed and its id reused by another)."""
        key = (strings, at_word)
        found = self._starts.get(key)
        if found is None:
            found = self._starts[key] = self.starts_of(string_set(strings), at_word)
        return found

    def starts_of(self, strings: StringSet, at_word: bool) -> list[int]:
        """What :meth:`starts` gives for ``strings.strings``, not cached. Only the strings the text
        holds are visited (one set intersection with what the pass found: a time pattern has two
        dozen leading strings, a text a few of them); their offset lists are merged."""
        if strings.known is not self._known:
            strings.split(self._known)
        present = self._found.keys() & strings.in_pass
        others = [s for s in strings.others if self.present(s)] if strings.others else ()
        if not present and not others:
            return []
        if at_word:
            lists = []
            occ = self._occ  # occurrences() inlined: a call per present string, ~400 a report
            for s in (*present, *others):
                offsets = occ.get((s, True))
                lists.append(offsets if offsets is not None else self.occurrences(s, True))
        elif self._shifts is None:
            lists = [self._found[s] for s in present] + [self._find(s) for s in others]
        else:
            lists = [self.occurrences(s, False) for s in (*present, *others)]
        if len(lists) == 1:
            return lists[0]  # (shared: no caller changes a list of offsets)
        if not (strings.prefix_free and self._shifts is None):  # two strings may start at one offset
            return sorted(set().union(*lists))
        merged = []
        for offsets in lists:
            merged += offsets
        merged.sort()  # sorted runs: timsort merges them
        return merged


class StringSet:
    """A tuple of folded strings as :meth:`Folded.starts_of` reads them: those the text pass
    looks for (a set), the others (``str.find``), and whether none is a prefix of another
    (then no two of them start at one offset of an aligned text, and their offsets are merged
    without a set)."""

    __slots__ = ("strings", "known", "in_pass", "others", "prefix_free")

    def __init__(self, strings: tuple[str, ...]):
        self.strings = strings
        self.known: frozenset | None = None
        self.in_pass: frozenset[str] = frozenset()
        self.others: tuple[str, ...] = ()
        distinct = sorted(set(strings))  # a string's extensions follow it in sorted order
        self.prefix_free = len(distinct) == len(strings) and not any(
            b.startswith(a) for a, b in zip(distinct, distinct[1:]))

    def split(self, known: frozenset) -> None:
        """Split by the strings of the text pass (``known``: anew when strings were registered)."""
        self.in_pass = frozenset(s for s in self.strings if s in known)
        self.others = tuple(s for s in self.strings if s not in known)
        self.known = known


_STRING_SETS: dict[tuple, StringSet] = {}


def string_set(strings: tuple[str, ...]) -> StringSet:
    """The one StringSet of a tuple of strings."""
    found = _STRING_SETS.get(strings)
    if found is None:
        found = _STRING_SETS[strings] = StringSet(strings)
    return found


def _shifts(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where the folded text's offsets part from the text's: for each character whose fold is
    not one character long, the folded offset its fold starts at, its text offset and the
    folded text's lead over the text after it."""
    starts, offsets, leads = [], [], []
    lead = 0
    for m in _NON_ASCII.finditer(text):
        width = len(fold(m.group()))
        if width != 1:
            starts.append(m.start() + lead)
            offsets.append(m.start())
            lead += width - 1
            leads.append(lead)
    return starts, offsets, leads


def _text_offset(shifts: tuple[list[int], list[int], list[int]], i: int) -> int:
    """The text offset of the character whose fold holds folded offset ``i``."""
    starts, offsets, leads = shifts
    k = bisect.bisect_right(starts, i) - 1
    if k < 0:
        return i
    if i - starts[k] <= leads[k] - (leads[k - 1] if k else 0):  # inside that character's fold
        return offsets[k]
    return i - leads[k]


def _near(starts: list[int], first: int, last: int, required: list[int], width: int, endpos: int) -> list[int]:
    """``starts[first:last]`` (sorted) less those p with no q in ``required`` (sorted) such that
    p <= q < p + width and q < endpos; walked from the shorter side."""
    lo = bisect.bisect_left(required, starts[first])
    hi = bisect.bisect_left(required, min(endpos, starts[last - 1] + width))
    if last - first < hi - lo:  # fewer candidates than required strings ("h", "."): test each candidate
        return _near_each(starts, first, last, required, hi, width)
    return _near_by_required(starts, first, last, required, lo, hi, width)


def _near_by_required(starts: list[int], first: int, last: int, required: list[int], lo: int, hi: int,
                      width: int) -> list[int]:
    """For each required string q in required[lo:hi], the candidates p with q - width < p <= q."""
    out: list[int] = []
    done = first  # candidates before this index are taken or out of reach
    for q in required[lo:hi]:
        a = max(done, bisect.bisect_left(starts, q - width + 1, first, last))
        b = bisect.bisect_right(starts, q, first, last)
        if a < b:
            out += starts[a:b]
            done = b
    return out


def _near_each(starts: list[int], first: int, last: int, required: list[int], hi: int, width: int) -> list[int]:
    """What ``_near_by_required`` gives, one bisect per candidate p: kept when the first required
    string at or after p starts before p + width (and before ``required[hi]``, the first one at
    or past endpos or out of reach of every candidate)."""
    out: list[int] = []
    for p in starts[first:last]:
        k = bisect.bisect_left(required, p, 0, hi)
        if k < hi and required[k] < p + width:
            out.append(p)
    return out


# id of a compiled pattern -> (the pattern, its Scanner): ``Scanner.of``.
_OF_PATTERN: dict[int, tuple[re.Pattern, "Scanner"]] = {}


class Scanner:
    """``finditer`` with exactly the matches of ``rx.finditer(text, pos, endpos)``, faster when
    the pattern must start with one of some literal strings: the regex is then tried only where
    one of them occurs; otherwise the regex is skipped when none of its required strings occurs."""

    __slots__ = ("_rx", "_compile", "pre", "leading", "at_word", "digits", "pre_first", "width", "_lead_set",
                 "_required_set")

    def __init__(self, rx: re.Pattern):
        self._rx, self._compile = rx, None
        self._read(rx.pattern, rx.flags)

    @classmethod
    def of(cls, rx: re.Pattern) -> Scanner:
        """The one Scanner of a compiled pattern, kept by the pattern's id (with the pattern, so
        the id stays its own): a compiled pattern's hash reads its whole code (50 us for the
        largest), and the callers ask for a scanner a hundred times a report."""
        entry = _OF_PATTERN.get(id(rx))
        if entry is None:
            entry = _OF_PATTERN[id(rx)] = (rx, cls(rx))
        return entry[1]

    @classmethod
    def deferred(cls, pattern: str, flags: int, compile) -> Scanner:
        """A Scanner of ``pattern`` whose regex is compiled (by ``compile()``) only when first
        needed: a pattern none of whose required strings occurs in a text is never compiled."""
        self = cls.__new__(cls)
        self._rx, self._compile = None, compile
        self._read(pattern, flags)
        return self

    @property
    def rx(self) -> re.Pattern:
        if self._rx is None:
            self._rx = self._compile()
        return self._rx

    def _read(self, pattern: str, flags: int) -> None:
        required, lead, self.at_word = analysis(pattern, flags)
        self.pre = Prefilter(required)
        self.digits = bool(lead) and DIGIT in lead
        if self.digits:  # (kept minimal: "1" leaves out "19")
            lead = tuple(sorted(_minimal((set(lead) - {DIGIT}) | set("0123456789"), lambda t, s: s.startswith(t))))
        self.leading = lead
        self._lead_set = string_set(lead) if lead else None
        _register(lead)
        # The required-strings test pays only when they are rarer than the leading strings
        # (times: "in", "am" lead, "Montag" is required); with the same strings it is repeated work.
        self.pre_first = self.pre.strings is not None and (lead is None or set(self.pre.strings) != set(lead))
        # Where the required strings are not the leading ones, a candidate start is tried only
        # when one of them starts within their reach after it (``_near_required``).
        self.width = required_window(pattern, flags) if self.pre_first else None
        self._required_set = string_set(required) if required else None

    def _ruled_out(self, ft: Folded) -> bool:
        """None of the required strings occurs in the text (tested once per text)."""
        if not self.pre_first:
            return False
        ok = ft._occ.get(self)
        if ok is None:
            ok = ft._occ[self] = self.pre.may_match(ft)
        return not ok

    def _anchorable(self, ft: Folded) -> bool:
        return self.leading is not None and ft.anchorable and (not self.digits or ft.ascii_digits)

    def finditer(self, ft: Folded, pos: int = 0, endpos: int | None = None):
        if endpos is None:
            endpos = len(ft.text)
        if self._ruled_out(ft):
            return iter(())
        if self._anchorable(ft):
            return self._anchored(ft, pos, endpos)
        return self.rx.finditer(ft.text, pos, endpos)

    def search(self, ft: Folded, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """``rx.search(text, pos, endpos)``: the first match ``finditer`` gives, without its
        generator (a figure's look-behind patterns: a hundred calls a report)."""
        if endpos is None:
            endpos = len(ft.text)
        if self._ruled_out(ft):
            return None
        if self._anchorable(ft):
            starts = self._candidates(ft, self.at_word, pos, endpos)
            if starts is not None:
                text, match = ft.text, self.rx.match
                for p in starts:
                    m = match(text, p, endpos)
                    if m is not None:
                        return m
                return None
        return self.rx.search(ft.text, pos, endpos)

    def _candidates(self, ft: Folded, at_word: bool, pos: int, endpos: int) -> list[int] | None:
        """Sorted offsets in [pos, endpos) where a match may start; None where a plain scan is
        cheaper (too many)."""
        # kept by scanner too: hashing the tuple of leading strings (two dozen on average) for
        # the text's cache cost more than the lookup itself, several hundred times a report
        key = (self, at_word)
        starts = ft._starts.get(key)
        if starts is None:
            starts = ft._starts[key] = ft.starts_of(self._lead_set, at_word)
        first, last = bisect.bisect_left(starts, pos), bisect.bisect_left(starts, endpos)
        if first == last:  # none here (most sentences, for most of attribution's patterns)
            return []
        if self.width is not None and last - first > NEAR_MIN:
            found = self._near_required(ft, starts, first, last, endpos)
        else:
            found = starts[first:last]
        return None if len(found) > MAX_DENSITY * (endpos - pos) + 8 else found

    def _near_required(self, ft: Folded, starts: list[int], first: int, last: int, endpos: int) -> list[int]:
        """``starts[first:last]`` less those no required string starts after within their reach
        (``required_window``: at most a match's length): every match holds one of them whole
        (lookarounds require nothing), so a match starting at p holds one starting at q with
        p <= q < p + width ("im" far from any month name starts no "im 3. Dezember")."""
        chars, runs = self.width
        width = chars + runs * ft.ws_run
        required = ft._starts.get(self)  # by scanner, as in _candidates
        if required is None:
            required = ft._starts[self] = ft.starts_of(self._required_set, False)
        return _near(starts, first, last, required, width, endpos)

    def _anchored(self, ft: Folded, pos: int, endpos: int):
        starts = self._candidates(ft, self.at_word, pos, endpos)
        if starts is None:
            yield from self.rx.finditer(ft.text, pos, endpos)
            return
        text, match = ft.text, self.rx.match
        nxt = pos
        for p in starts:
            if p < nxt:
                continue
            m = match(text, p, endpos)
            if m is not None:  # never empty: it starts with a leading string
                yield m
                nxt = m.end()

    def finditer_slice(self, ft: Folded, start: int, end: int, sub: str | None = None):
        """Exactly ``rx.finditer(ft.text[start:end])`` (offsets into the slice), with the
        candidate starts of the whole text: a sentence of a long report. The regex runs on the
        slice itself, so lookbehinds, ``\\b`` and ``^`` see what they see in the slice; a
        leading ``(?<!\\w)`` is left to the regex (the character before ``start`` is not part
        of the slice). ``sub``: the slice, when the caller has it already."""
        if sub is None:
            sub = ft.text[start:end]
        if self.leading is None or not ft.anchorable or (self.digits and not ft.ascii_digits):
            return self.rx.finditer(sub)
        starts = self._candidates(ft, False, start, end)
        if starts is None:
            return self.rx.finditer(sub)
        if not starts:
            return iter(())
        return self._anchored_slice(sub, starts, start)

    def _anchored_slice(self, sub: str, starts: list[int], offset: int):
        match = self.rx.match
        nxt = 0
        for p in starts:
            p -= offset
            if p < nxt:
                continue
            m = match(sub, p)
            if m is not None:  # never empty: it starts with a leading string
                yield m
                nxt = m.end()


class Gated:
    """A compiled pattern run on short strings (a source mention, a word): ``search`` and
    ``finditer`` give what the pattern's own give, and skip the regex when the string (the
    part of it between pos and endpos) holds none of the pattern's required strings. A word
    list searched anywhere in a string is tried at every offset of it (several microseconds
    for a few words); the containment test costs a fraction of that. Its strings are not
    registered for the text pass (``Folded``): they are looked for in the short string only."""

    __slots__ = ("rx", "strings")

    def __init__(self, rx: re.Pattern, written: str | None = None):
        """``written``: the pattern as written, where ``rx`` is a rewriting of it with the same
        matches (``text.factoring``), whose strings the analysis reads less well."""
        self.rx = rx
        self.strings = analysis(rx.pattern if written is None else written, rx.flags)[0]

    def _may_match(self, string: str, span: tuple) -> bool:
        strings = self.strings
        if strings is None:
            return True
        folded = fold(string[span[0]:span[1] if len(span) > 1 else None] if span else string)
        for s in strings:
            if s in folded:
                return True
        return False

    def search(self, string: str, *span):
        return self.rx.search(string, *span) if self._may_match(string, span) else None

    def finditer(self, string: str, *span):
        return self.rx.finditer(string, *span) if self._may_match(string, span) else iter(())

    def __getattr__(self, name: str):
        if name in Gated.__slots__:  # not set yet (a copy being made)
            raise AttributeError(name)
        return getattr(self.rx, name)  # match, fullmatch, pattern, ...: the pattern's own
