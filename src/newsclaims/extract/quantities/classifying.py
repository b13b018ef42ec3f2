"""Classifying figures: what they count (a category) from the counted noun and the verbs around them."""

from __future__ import annotations

from ...text.prefilter import Folded, Scanner
from .finding import FoundFigure
from .grammar import Grammar, key

# Upper bound (characters) on the window after a figure searched for category cues.
CUE_WINDOW_AFTER = 160
# ... and before it (the nearest cue wins there).
CUE_WINDOW_BEFORE = 100
# A cue ending this close before a figure, with only whitespace between, is its verb.
CUE_ADJACENT = 24
# People nouns whose category comes from the verbs around them.
MILITARY, PEOPLE = "_military", "_people"
CASUALTY_CUES = ("killed", "wounded", "casualties", "missing", "captured")
# Categories a coordinated figure shares with the one before it ("six children and three medics").
SHARED_FATES = CASUALTY_CUES + ("civilians_displaced",)


# How many counted nouns' categories a grammar keeps (then it starts afresh).
NOUN_MEMO = 5_000
_UNKNOWN = object()


def noun_category(g: Grammar, phrase: str) -> str | None:
    """The category a counted noun's ending gives (``_noun_category``), kept per noun text: the
    same nouns recur, and a noun with no category tries every ending length (~3 us)."""
    memo = g.categories.noun_memo
    found = memo.get(phrase, _UNKNOWN)
    if found is _UNKNOWN:
        if len(memo) >= NOUN_MEMO:
            memo.clear()
        found = memo[phrase] = _noun_category(g, phrase)
    return found


def _noun_category(g: Grammar, phrase: str) -> str | None:
    if g.categories.type_name.fullmatch(phrase.rsplit(None, 1)[-1]):
        return g.categories.type_name_category  # "zwei F-16", "two Su-25s"
    low = key(phrase)
    n = len(low)
    for k in g.categories.ending_lengths:
        if k > n:
            continue
        cat = g.categories.noun_endings.get(low[n - k:])
        if cat is not None and (g.categories.endings_in_word or k == n or not low[n - k - 1].isalpha()):
            return cat
    return None


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
            if gap <= g.categories.join_gap:
                return "casualties"
    return cat


def category(g: Grammar, text: str, q: FoundFigure, lo: int, hi: int, cues) -> str:
    """The figure's category; ``cues()`` gives its sentence's category cues (start, end, category),
    asked only when the unit or the counted noun leaves the category open."""
    if q.unit is not None:
        if q.unit in g.units.percent_units:
            return "percent"
        if q.unit in g.units.money_units:
            return "money"
        if q.unit in g.units.measure_units:
            return "other"
    ncat = noun_category(g, q.counted.text) if q.counted is not None else None
    if ncat is None and q.counted is None and q.vague:
        ncat = PEOPLE  # "Hunderte mussten ins Krankenhaus": a vague amount alone counts people
    if ncat in ("killed", "wounded") and not q.inherited:
        jm = g.counted.noun_join.match(text, q.counted.end)  # "Getötete und Verwundete"
        if jm and {ncat, noun_category(g, jm.group("noun"))} == {"killed", "wounded"}:
            return "casualties"
    if ncat is not None and not ncat.startswith("_") and not q.inherited and ncat not in g.categories.cue_over_noun:
        return ncat
    # a cue right before the figure ("killed at least 12 people") binds tightest, then the first
    # one after it ("1.000 Soldaten wurden getötet"), then the nearest one before it
    hits = cues()
    cue = _cue(g, text, hits, max(lo, q.start - CUE_ADJACENT), q.start, last=True, adjacent=True)
    if cue is None:
        cue = _cue(g, text, hits, q.end, min(hi, q.expr_end + CUE_WINDOW_AFTER), last=False)
    if cue is None:
        cue = _cue(g, text, hits, max(lo, q.start - CUE_WINDOW_BEFORE), q.start, last=True)
    if ncat in g.categories.cue_over_noun and not q.inherited:  # "fünf Flüchtlinge ertranken": killed
        fate = _cue(g, text, hits, q.expr_end, min(hi, q.expr_end + CUE_WINDOW_AFTER), last=False) or cue
        return fate if fate in CASUALTY_CUES else ncat
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


def inherit_units(g: Grammar, folded: Folded, found: list[FoundFigure]) -> None:
    """Units a figure leaves unsaid: "18 Milliarden Euro ..., Deutschland rund acht Milliarden"
    (money, same sentence), "27,5 Prozent (2021: 31,0)" (percent, in brackets), and "1,6 Punkte"
    next to a percentage (percentage points; elsewhere plain points)."""
    parens = Scanner.of(g.units.in_parens_before)
    _units_from_next(g, folded.text, found)
    for i, q in enumerate(found):
        if q.unit in g.units.points_units:
            small = q.high is not None and abs(q.high) <= 100  # "38.500 Punkte" is an index
            near = small and [f for f in found[max(0, i - 4):i + 4]
                    if f is not q and f.unit in g.units.percent_units and q.sentence - 1 <= f.sentence <= q.sentence + 1]
            if near:
                q.unit = "percentage_points"
                q.counted = None
            continue
        if q.unit is not None or q.counted is not None or i == 0:
            continue
        prev = found[i - 1]
        if prev.sentence != q.sentence or prev.unit is None:
            continue
        if q.scaled and prev.unit in g.units.money_units:
            q.unit = prev.unit
        elif prev.unit in g.units.percent_units and parens.search(folded, max(0, q.start - 24), q.start):
            q.unit = prev.unit


def _units_from_next(g: Grammar, text: str, found: list[FoundFigure]) -> None:
    """"von 29 auf 38 Milliarden Euro", "from 4.5 to 4.25 percent": a bare starting value is in
    the unit and scale of the value it changes to (and counts what a sum or measure counts)."""
    for q, nxt in zip(found, found[1:]):
        if (q.unit is not None or q.counted is not None or q.scaled or q.low is None or q.low != q.high
                or nxt.unit is None or nxt.sentence != q.sentence or nxt.approx == "range"
                or not g.units.to_between.fullmatch(text, q.end, nxt.start)
                or not g.units.from_before.search(text, max(0, q.start - 24), q.start)):
            continue
        q.unit = nxt.unit
        scale = g.numbers.scale_re.search(text, nxt.start, nxt.end)
        factor = g.numbers.scales.get(key(scale.group("s"))) if scale and nxt.scaled else None
        if factor:
            q.low, q.high, q.scaled = q.low * factor, q.high * factor, True
        if nxt.unit not in g.units.percent_units:
            q.counted = nxt.counted
