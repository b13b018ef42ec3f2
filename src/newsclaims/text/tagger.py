"""The part-of-speech tagger (HanTa), one instance per model in a process: the entity lexicon
and the share subjects of a language may name the same model (loading one takes about a second)."""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def hanta(model: str):
    from HanTa import HanoverTagger

    class Tagger(HanoverTagger.HanoverTagger):
        def reachable(self):
            """HanTa's table of the states that can lead to each final state, a fifth of loading
            a model: kept in the user cache, by the model and HanTa's code."""
            found = _reachability().get(_model_version(model), lambda: _computed(self))
            self.reachability = {int(state): frozenset(states) for state, states in found.items()}

        def tag_sent_viterbi(self, sent, casesensitive=True):
            return viterbi(self, sent, casesensitive)

    return Tagger(model)


# HanTa's tag numbers (HanoverTagger's module constants).
_EMPTY, _START, _END, _UNKNOWN = 0, 1, 2, 3
_LOWER_BOUND = -1e6


def viterbi(tagger, sent: list[str], casesensitive: bool = True, prefixes: dict | None = None) -> list[int]:
    """HanTa's ``tag_sent_viterbi`` (2026 version), step for step and with the same float sums,
    but a word's row visits only the transitions into the tags the word can have (one to six)
    instead of all of a state's 56-64, in the order HanTa visits them (its ties go to the first
    one reached, so the order is kept). A word with no tags still visits them all.

    ``prefixes``: the rows of the word sequences this tagger read before in the same text (see
    ``tag_words``): a row depends only on the words up to it, so a sequence that starts as one
    read before (the clause before each of a sentence's figures) reads only the words after."""
    table: list[dict] = []
    backpointer: list[dict] = []
    node = prefixes.setdefault(casesensitive, {}) if prefixes is not None else None
    for i, w in enumerate(sent):
        step = node.get(w) if node is not None else None
        if step is None:
            wprobs, steps = _word_tags(tagger, w, casesensitive and i > 0)
            prevrow = table[i - 1] if i else {(_EMPTY, _START): 0.0}
            step = (*_row(tagger, prevrow, wprobs, steps), {})  # row, back pointers, the words after
            if node is not None:
                node[w] = step
        table.append(step[0])
        backpointer.append(step[1])
        node = step[2] if node is not None else None
    return _best_path(tagger, table, backpointer)


def tag_words(model: str, words: list[str], prefixes: dict | None = None) -> list[str]:
    """The tags HanTa's ``tag_sent(words, taglevel=0)`` gives (the tags alone: no lemmas, about
    four fifths of its time), reading the rows of ``prefixes`` (a dict kept for one text; the
    rows of the sequences read are added) where the words start as a sequence read before."""
    if not words:
        return []
    tagger = hanta(model)
    return [tagger.int2tag[t] for t in viterbi(tagger, words, True, prefixes)]


# How many words' tags a tagger keeps (then it starts afresh): under 10 MB.
WORD_MEMO = 20_000


def _word_tags(tagger, word: str, cased: bool) -> tuple[dict[int, float], dict]:
    """Tag -> log probability of ``word`` as the sentence Viterbi reads it (HanTa's
    ``_tag_word``, a function of the word and the model), kept per tagger: a text's words recur
    ("der", "Prozent", a name), and a word HanTa's own cache lacks costs a morphological
    analysis. With it, the word's steps from each state reached before it (``_row``: also a
    function of the word and the model), filled as rows ask. Read only by ``_row``."""
    memo = tagger.__dict__.setdefault("_nc_word_tags", {})
    key = (word, cased)
    found = memo.get(key)
    if found is None:
        tags = dict(tagger._tag_word(word, cutoff=5, casesensitive=cased, conditional=True))
        if len(tags) == 1 and _UNKNOWN in tags:  # HanTa: "should not occur"
            tags = {}
        if len(memo) >= WORD_MEMO:
            memo.clear()
            tagger.__dict__["_nc_step_count"] = 0  # the steps went with their words
        found = memo[key] = (tags, {})
    return found


def _row(tagger, prevrow: dict, wprobs: dict, steps: dict) -> tuple[dict, dict]:
    """One word's row of the table and its back pointers. ``steps``: the word's steps by state
    (``_steps``), kept with the word: a row reads a few per state instead of looking up the
    transition table and making the new states' tuples again."""
    if not wprobs:
        return _row_all(tagger, prevrow)
    row: dict = {}
    back: dict = {}
    for state, lp0 in _beam(prevrow):
        from_state = steps.get(state)
        if from_state is None:
            from_state = _new_steps(tagger, steps, state, wprobs)
        for newstate, lp_t, lp_w in from_state:
            lp = lp0 + lp_t + lp_w  # HanTa's sum, in its order
            if lp > _LOWER_BOUND:
                best = row.get(newstate)
                if best is None or lp > best:
                    row[newstate] = lp
                    back[newstate] = state
    return row, back


# How many (word, state) steps a tagger keeps in all (then they are worked out afresh; the
# words' tags stay): about 8 MB. A word is reached from about five states, two steps each.
STEP_MEMO = 40_000


def _new_steps(tagger, steps: dict, state: tuple, wprobs: dict) -> tuple:
    """The word's steps from ``state``, added to its ``steps`` (all words' dropped when full)."""
    kept = tagger.__dict__
    count = kept.get("_nc_step_count", 0)
    if count >= STEP_MEMO:
        for _, word_steps in kept["_nc_word_tags"].values():
            word_steps.clear()
        count = 0
    kept["_nc_step_count"] = count + 1
    found = steps[state] = _steps(tagger.LP_trans_word[state], state[1], wprobs)
    return found


def _steps(lp_t: dict, last: int, wprobs: dict) -> tuple:
    """(new state, transition and word log probabilities) of each of the word's tags that
    transition table ``lp_t`` (a state's) leads to, in the table's order (HanTa's ties go to the
    first one reached); the new states' tuples shared (``_STATES``)."""
    at = _places(lp_t)
    return tuple((_STATES.setdefault((last, c), (last, c)), lp_t[c], wprobs[c])
                 for _, c in sorted((at[c], c) for c in wprobs if c in at and c != _END))


def _row_all(tagger, prevrow: dict) -> tuple[dict, dict]:
    """The row of a word with no tags (HanTa's unknown): every transition of a state, in its order."""
    row: dict = {}
    back: dict = {}
    for state, lp0 in _beam(prevrow):
        for c, lp_tc in tagger.LP_trans_word[state].items():
            if c == _END:
                continue
            lp = lp0 + lp_tc + 0
            if lp > _LOWER_BOUND:
                newstate = (state[1], c)
                if newstate not in row or lp > row[newstate]:
                    row[newstate] = lp
                    back[newstate] = state
    return row, back


def _beam(prevrow: dict) -> list[tuple]:
    """The (state, log probability) of the row before that the next row is built from, in its
    order: HanTa's beam, those not below the sixth best less one."""
    rowbound = sorted(prevrow.values(), reverse=True)[5] - 1 if len(prevrow) > 5 else _LOWER_BOUND
    return [(state, lp0) for state, lp0 in prevrow.items() if lp0 >= rowbound]


def _places(lp_t: dict) -> dict[int, int]:
    """Tag -> its place in the order of transition table ``lp_t``."""
    order = _ORDER.get(id(lp_t))
    if order is None or order[0] is not lp_t:
        keys = tuple(lp_t)
        shared = _PLACES.get(keys)
        if shared is None:
            shared = _PLACES[keys] = {c: k for k, c in enumerate(keys)}
        order = _ORDER[id(lp_t)] = (lp_t, shared)
    return order[1]


# id of a transition table -> (the table, tag -> its place in the table's order); the table is
# kept with it, so an id is never reused for another one while it is here. The places are shared
# by the tables listing the same tags in the same order (all of a HanTa model's states do).
_ORDER: dict[int, tuple[dict, dict[int, int]]] = {}
_PLACES: dict[tuple, dict[int, int]] = {}
# (tag, tag) states, one tuple each (at most the square of a model's tags).
_STATES: dict[tuple[int, int], tuple[int, int]] = {}


def _best_path(tagger, table: list[dict], backpointer: list[dict]) -> list[int]:
    """The last row (the transition to END) and the tags read back from it, as HanTa does."""
    finalstate = (_END, _EMPTY)
    row: dict = {}
    last: dict = {}
    backpointer.append(last)
    for state, lp0 in table[-1].items():
        lp = lp0 + tagger.LP_trans_word[state].get(_END, -math.inf)
        if lp > row.get(finalstate, -math.inf):
            row[finalstate] = lp
            last[finalstate] = state
    table.append(row)
    tags = []
    state = finalstate
    for i in range(len(backpointer) - 1, 0, -1):
        state = backpointer[i][state]
        tags.append(state[1])
    return tags[::-1]


def _computed(tagger) -> dict[str, list[int]]:
    super(type(tagger), tagger).reachable()
    return {str(state): sorted(states) for state, states in tagger.reachability.items()}


@lru_cache(maxsize=1)
def _reachability():
    from HanTa import HanoverTagger

    from ..cache import DiskCache, code_version

    return DiskCache("hanta", code_version(HanoverTagger.__file__, __file__))


def _model_version(model: str) -> str:
    from HanTa import HanoverTagger

    from ..cache import code_version

    path = Path(model) if Path(model).exists() else Path(HanoverTagger.__file__).with_name(model)  # where HanTa looks
    return f"{model}\0{code_version(str(path))}"
