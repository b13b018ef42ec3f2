"""The prefilter's reading of regex syntax (``text.regex_syntax``) and the cache that keeps it.

Soundness: every match of a pattern contains one of its required strings and starts with one
of its leading strings (compared folded), for patterns that use each construct the parser reads;
constructs it does not read fail as a one-line E202; the on-disk cache gives back what it was
given and keeps only what JSON gives back unchanged.
"""

from __future__ import annotations

import json
import re

import pytest

from newsclaims.cache import DiskCache
from newsclaims.errors import NewsclaimsError
from newsclaims.text.prefilter import DIGIT, Folded, Scanner, analysis, fold, match_width, required_window

PATTERNS = [
    r"(?<![\w.])(?:sagte|sagten|erklärte)\s+(?P<src>[A-ZÄÖÜ]\w+)",
    r"\b(?:am|im)\s+(?:Montag|Dienstag)\b",
    r"(?i:straße|strasse)\s+\d{1,3}",
    r"[Pp]rozent(?:punkte?)?",
    r"\d+(?:[.,]\d+)?\s*(?:Mio\.|Millionen)",
    r"(?:in\ der\ Nacht\ (?:zum|auf)|über\ Nacht)\s+\w+",
    r"\x41b[\u00df]|\101c|[\x30-\x39]{2}x",
    r"(?P<q>[„\"])(?P<body>[^\"“”]{3,80})(?P=q)|«([^»]+)»\1?",
    r"(?=Bundes)\w+amt|(?!x)Land(?:es)?amt",
    r"(?>ab|a)c[.]d(?#comment)e",
    r"(?:the|a)?\s*(?:police|ministry)\s+said",
    r"you(?:r|rs|rself)?\b|you'(?:ll|re|ve)",
    r"\b(?:[Ww]ir|[Uu]nser(?:e|er)?)\b(?!\s+alle\b)",
    r"[Tt]ote|gro[ßẞ]e[Ss]|(?i:[Kk]ilo)",
    r"(?<!\w)(?:am|im)\s+\w+|(?<![\w.])ab\d",
    r"\b(?:der|über|\d+)\b|\b_x",
    r"(?<!\w)(?:am|im|in)\s+(?:dem\s+)?\d",
    r"(?:sagte|erklärte)(?!\w)[^\S\n]+(?P<x>\w+)|\s+(?:und|oder)\s+x|a\nb|c[ \t]d",
]
TEXTS = [
    "Am Montag sagte Müller, 12,5 Millionen seien in der Nacht zum Sonntag über Nacht geflohen. Straße 12",
    "Der Streik kostete 3 Prozentpunkte; im Dienstag-Takt. „Zitat hier„ «eins»eins The police said you're late.",
    "Inflation in 3 Fällen am\n\n dem 4., im\t5; sagte\tMüller sagte\nX erklärte\u2009 Y; a und\n x a\nb c\td c d",
    "Kamm im Haus, am Ende; xab1 .ab2 ab3 oder der über Rüber 12 a34 _x a_x",
    "Wir alle, wir und Unsere; unserer Tote, TOTE tote Totem großeS GROẞES, KILO \u212aILO",
    "Ab\u00df, Ac, 42x; Bundesamt und Landesamt und Landamt; abc.de acXde, a ministry said. STRASSE 9, yourself",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_required_and_leading_strings_hold_for_every_match(pattern):
    rx = re.compile(pattern)
    required, leading, at_word = analysis(pattern, 0)
    leading = None if leading is None else [s for s in leading if s != DIGIT] + (list("0123456789") if DIGIT in leading else [])
    for text in TEXTS:
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            folded = fold(m.group())
            assert required is None or any(s in folded for s in required), (m.group(), required)
            assert leading is None or any(folded.startswith(s) for s in leading), (m.group(), leading)
            assert not at_word or m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
        scanner = Scanner(rx)
        assert [m.span() for m in scanner.finditer(Folded(text))] == [m.span() for m in rx.finditer(text)]


@pytest.mark.parametrize("pattern", PATTERNS + [r"(?:am|im)\s+(?:dem\s*)?\d{1,2}\.\s*(?:März|Mai)", r"a[ \t]*b{2,3}"])
def test_match_width_bounds_every_match(pattern):
    """``match_width``: no match is longer than its characters plus its runs times the text's
    longest run of whitespace; unbounded repeats of anything else give no bound."""
    rx = re.compile(pattern)
    width = match_width(pattern, 0)
    texts = TEXTS + ["am      3.\n\n\n\n   März", "a \t \t bbb"]
    for text in texts:
        longest = Folded(text).ws_run
        for m in rx.finditer(text):
            assert width is None or m.end() - m.start() <= width[0] + width[1] * longest, (pattern, m.group())
    assert match_width(r"\d+\s*(?:Prozent|%)", 0) is None
    assert match_width(r"(?:am|im)\s+(?:dem\s*)?\d{1,2}\.\s*(?:März|Mai)", 0) == (2 + 3 + 2 + 1 + 4, 3)


THOUSANDS = r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d,])|(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d"


@pytest.mark.parametrize("pattern", PATTERNS + [THOUSANDS, r"x(?:abc|ab)yz+", r"(?:wxyz|y)+q\s+[ab]"])
def test_required_window_bounds_where_a_required_string_starts(pattern):
    """``required_window``: every match starting at p holds a required string starting before
    p + its characters + its runs times the text's longest run of whitespace (the strings'
    reach: what comes before them in the pattern, and inside a left-out longer string)."""
    rx = re.compile(pattern)
    required, window = analysis(pattern, 0)[0], required_window(pattern, 0)
    texts = TEXTS + ["1,234,567 and 12,345.6, 1,2,3 xabcyzzz xabyz wxyzwxyzq  a yq b"]
    for text in texts:
        folded = Folded(text)
        starts = folded.starts(required, False) if required else []
        for m in rx.finditer(text):
            if window is not None:
                limit = m.start() + window[0] + window[1] * folded.ws_run
                assert any(m.start() <= q < limit for q in starts), (pattern, m.group())
    assert required_window(THOUSANDS, 0) == (4, 0)  # "," after three digits at most
    assert required_window(r"x(?:abc|ab)yz+", 0) == (2, 0)
    assert required_window(r"(?:am|im)\s+(?:dem\s*)?\d{1,2}\.\s*(?:März|Mai)", 0) == (2 + 3 + 2 + 1 + 1, 3)


def test_strings_are_read_through_groups_and_kept_minimal():
    assert analysis(r"(?P<frame>(?i:warnt|warnte|warnen))(?=\s+vor\b)", 0)[:2] == (("warnen", "warnt"), ("warnen", "warnt"))
    assert analysis(r"(?<!\w)(?:you|your|yours)(?!\w)", 0) == (("you",), ("you",), True)
    assert analysis(r"\d+\s*(?:Prozent|%)", 0)[1] == (DIGIT,)


def test_a_class_whose_members_fold_alike_continues_the_literal():
    """"[Tt]ote" requires and starts with "tote" (not every "t" of a text): each character the
    class matches folds to "t" (test_required_and_leading_strings_hold_for_every_match runs
    such patterns over texts)."""
    def strings(pattern):  # (required strings are listed longest first, ties in no set order)
        required, leading, _ = analysis(pattern, 0)
        return set(required), leading

    assert strings(r"\b(?:[Ww]ir|[Uu]nser(?:e|er)?)\b(?!\s+alle\b)") == ({"unser", "wir"}, ("unser", "wir"))
    assert strings(r"[Tt]ote|gro[ßẞ]e[Ss]|(?i:[Kk]ilo)") == ({"grosses", "kilo", "tote"}, ("grosses", "kilo", "tote"))
    assert strings(r"[Tt][a-c]x") == ({"t"}, ("t",))  # a range is no one letter


def test_whitespace_folds_to_a_space_and_a_run_goes_on_into_it():
    """``\\s`` (and [ \\t], [^\\S\\n], a newline) reads as " ", as every whitespace character of
    the text folds to " ": "in" followed by ``\\s+`` leads with "in " (a branch's run goes on into
    what follows the alternation, past lookarounds); whitespace alone is left out
    (test_required_and_leading_strings_hold_for_every_match runs such patterns over texts)."""
    def strings(pattern):
        required, leading, _ = analysis(pattern, 0)
        return required and set(required), leading

    assert fold("a\nb\tc\xa0d\u2009e\u3000F") == "a b c d e f"
    assert strings(r"(?<!\w)(?:am|im|in)\s+(?:dem\s+)?\d") == ({"am ", "im ", "in "}, ("am ", "im ", "in "))
    assert strings(r"(?:sagte|erklärte)(?!\w)[^\S\n]+(?P<x>\w+)") == ({"sagte ", "erklärte "}, ("erklärte ", "sagte "))
    assert strings(r"a\nb|c[ \t]d") == ({"a b", "c d"}, ("a b", "c d"))
    assert strings(r"\s*(?:[,.;)]|und\b)") == ({",", ".", ";", ")", "und"}, None)
    assert strings(r"\s+") == (None, None)


@pytest.mark.parametrize("pattern,at_word", [
    (r"(?<!\w)abc|(?<![\w.])def", True), (r"(?:(?<!\w)a|\bb)c", True), (r"\bder\b", True),
    (r"\b(?:über|\d+|_x)", True), (r"\b(?:a|-)", False), (r"(?<!\w)a|b", False), (r"\b(?:ιx|a)", False),
    (r"(?a)\bder", False), (r"\b(?:a)?", False)])
def test_a_match_starts_at_a_word_after_a_lookbehind_or_boundary(pattern, at_word):
    """Every match starts where no word character precedes it: after ``(?<!\\w)`` in every
    branch, or after ``\\b`` where it starts with a word character (U+0345, not one, folds to
    "ι"; test_required_and_leading_strings_hold_for_every_match runs such patterns over texts)."""
    assert analysis(pattern, 0)[2] is at_word


def test_no_character_but_a_word_character_folds_to_a_word_character_but_those_listed_and_spaces_to_a_space():
    import sys

    from newsclaims.text.prefilter import FOLDS_OF_NON_WORD

    found = set()
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        folded = fold(ch)
        first = folded[:1]
        if not (ch.isalnum() or ch == "_") and (first.isalnum() or first == "_"):
            found.add(first)
        assert (folded == " ") if ch.isspace() else (" " not in folded), hex(cp)  # whitespace: " " alone
    assert found == FOLDS_OF_NON_WORD


@pytest.mark.parametrize("pattern,construct", [("(?x) a b", "verbose"), ("(a)?(?(1)b|c)", "group construct"),
                                                ("ab(c", "missing ')'"), ("[ab", "unterminated")])
def test_an_unread_construct_is_a_one_line_e202(pattern, construct):
    with pytest.raises(NewsclaimsError, match=r"^E202: a pattern the prefilter cannot read \(.*" + re.escape(construct)):
        analysis(pattern, 0)


def test_text_with_eszett_takes_the_anchored_path_with_the_same_matches():
    rx = re.compile(r"(?i)(?<!\w)(?:am|im)\s+\w+")
    text = "Die Straße ließ am Montag im Maß ﬁnal am Ende Spaß am Abend"
    folded = Folded(text)
    assert folded.anchorable and not folded.aligned and len(folded.folded) > len(text)
    assert folded.starts(("am",), True) == [m.start() for m in re.finditer(r"(?<!\w)am", text, re.IGNORECASE)]
    assert [m.span() for m in Scanner(rx).finditer(folded)] == [m.span() for m in rx.finditer(text)]


def test_disk_cache_keeps_what_json_gives_back(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_CACHE_DIR", str(tmp_path))
    first = DiskCache("t", "v1")
    assert first.get("a", lambda: {"x": [1, 2.5, None, True]}) == {"x": [1, 2.5, None, True]}
    assert first.get("b", lambda: (1, 2)) == (1, 2)  # a tuple comes back a list: not kept
    first.save()
    again = DiskCache("t", "v1")
    assert again.get("a", lambda: pytest.fail("computed again")) == {"x": [1, 2.5, None, True]}
    assert again.get("b", lambda: "computed") == "computed"
    again.save()
    other = DiskCache("t", "v2")
    assert other.get("a", lambda: "new code") == "new code"
    other.save()  # each saved here: at exit the cache folder is the user's again
    assert list(tmp_path.iterdir()) == [tmp_path / "t.json"]  # no temporary file left behind


def test_disk_cache_drops_what_no_process_used_for_several_writes(tmp_path, monkeypatch):
    """Each write is a generation; an entry unused for KEEP_WRITES of them goes (an old
    version's patterns), one read in a writing process stays, a run that computes nothing
    writes nothing, and a file of the old layout is read as empty."""
    from newsclaims import cache

    monkeypatch.setenv("NEWSCLAIMS_CACHE_DIR", str(tmp_path))
    (tmp_path / "t.json").write_text('{"deadbeef": 1}', encoding="utf-8")  # the old layout
    first = DiskCache("t", "v1")
    assert first.get("old", lambda: "computed") == "computed"
    first.save()
    for i in range(cache.KEEP_WRITES):
        run = DiskCache("t", "v1")
        assert run.get("kept", lambda: "k") == "k"
        run.get(f"new{i}", lambda: i)
        run.save()
    entries = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 1 + cache.KEEP_WRITES  # "kept" and the newN; "old" and the old layout's key gone
    before = (tmp_path / "t.json").stat().st_mtime_ns
    reader = DiskCache("t", "v1")
    assert reader.get("kept", lambda: pytest.fail("computed again")) == "k"
    reader.save()
    assert (tmp_path / "t.json").stat().st_mtime_ns == before


def test_one_pass_finds_what_a_scan_per_string_finds():
    """Registered strings come from the text's one automaton pass, others from str.find; both
    give every (overlapping) occurrence at its text offset, also past a character folded longer."""
    from newsclaims.text import prefilter

    text = "Straße abab aaa ab😀ab xab AB"
    prefilter._register(["ab", "aa", "b", "😀a"])
    folded = Folded(text)
    for s in ["ab", "aa", "b", "😀a", "ba", "zz"]:  # the last two never registered
        for at_word in (False, True):
            expected = [m.start() for m in re.finditer(f"(?=(?i:{re.escape(s)}))", text)]
            if at_word:
                expected = [i for i in expected if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")]
            assert folded.occurrences(s, at_word) == expected, (s, at_word)
        assert folded.present(s) == (s in fold(text))
    assert folded.any_present(("zz", "ab")) and not folded.any_present(("zz", "qq"))
    # merged from the strings' lists (none a prefix of another, an aligned text) or through a set
    for txt in (text, "abab xab ba aab b ssab sab"):
        for strings in [("ss", "s"), ("ab", "b", "ba"), ("zz",), ("ba", "ab", "ss"), ("ab", "ab"), ("b",)]:
            for at_word in (False, True):
                expected = sorted({i for s in strings for i in Folded(txt).occurrences(s, at_word)})
                assert Folded(txt).starts(strings, at_word) == expected, (txt, strings, at_word)
    assert Folded.of(text) is Folded.of(text)
