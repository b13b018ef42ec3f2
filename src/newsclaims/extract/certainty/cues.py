"""Certainty cues: found in a sentence, the ones that govern a figure, and the level they give."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...lang import load
from ...report import Cue
from ...text.clauses import clause_of
from ...text.patterns import case_sensitive_patterns
from ...text.prefilter import Folded, Scanner
from ...text.sentences import sentences_with_required


# Levels in the order in which they apply (the contract's order, not a language's).
LEVELS = ["speculative", "alleged", "estimated", "reported"]
CUE_KINDS = LEVELS + ["negation"]
# A cue at most this many characters after its clause boundary opens the clause.
CLAUSE_OPENING_GAP = 2


@dataclass
class CueRules:
    patterns: dict
    clause_breaks: list
    baseline: object = None  # the words before a figure that is the starting point of a change
    attributive: object = None  # a cue's words that tie it to the one figure they lead to
    relative: object = None  # the words opening a relative clause ("which", "die")
    scanners: dict = field(default_factory=dict)  # kind -> Scanner of its pattern (its required strings)

    def __post_init__(self):
        self.scanners = {kind: Scanner(rx) for kind, rx in self.patterns.items()}

    def kinds_by_sentence(self, text: str, sentences: list[tuple[int, int]]) -> list[set[str]]:
        """The cue kinds that can match in each sentence (see ``text.sentences``)."""
        whole = Folded.of(text)
        out = [set(self.patterns) for _ in sentences]
        for kind, scanner in self.scanners.items():
            holding = sentences_with_required(scanner, whole, sentences)
            if holding is not None:
                for i, kinds in enumerate(out):
                    if i not in holding:
                        kinds.discard(kind)
        return out


@lru_cache(maxsize=None)
def rules_for(code: str) -> CueRules:
    pats = case_sensitive_patterns(code, "certainty")
    # "reported" and "baseline" are optional: a language may have no such words
    data = load(code)
    relative = re.compile(r"\s*(?:" + "|".join(map(re.escape, data.words("attribution", "relative_openers"))) + r")\b")
    return CueRules({k: pats[k] for k in CUE_KINDS if k in pats}, data.words("attribution", "clause_breaks"),
                    pats.get("baseline"), pats.get("attributive"), relative)


def find_cues(text: str, start: int, end: int, rules: CueRules, kinds: set[str] | None = None) -> list[Cue]:
    """Every cue in the sentence text[start:end], in order; overlapping cues keep the stronger.
    ``kinds``: the only kinds that can match there (``CueRules.kinds_by_sentence``)."""
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    whole = Folded.of(text)
    for kind in filter((kinds if kinds is not None else rules.patterns).__contains__, CUE_KINDS):
        for m in rules.scanners[kind].finditer(whole, start, end):  # exactly the pattern's finditer
            a, b = m.span()
            if a == b or (kind != "negation" and any(a < y and x < b for x, y in taken)):
                continue
            if kind != "negation":
                taken.append((a, b))
            cues.append(Cue(text=text[a:b], start=a, end=b, kind=kind))
    return sorted(cues, key=lambda c: c.start)


def relative_clauses(text: str, bounds: list[int], rules: CueRules) -> set[int]:
    """The clauses of a sentence that open with a relative word ("..., which meant that ...")."""
    return {k + 1 for k, b in enumerate(bounds) if rules.relative.match(text, b)}


def governing(cues: list[Cue], pos: int, figure_clauses: set[int], bounds: list[int],
              relative: set[int] = frozenset()) -> list[Cue]:
    """The cues that reach a figure at ``pos`` (clause-level scoping).

    A cue reaches the figures of its own clause. A cue in a clause without figures reaches
    the figures of later clauses ("Nach Schätzungen ..., sind 12.000 ..."), and those of
    earlier clauses only when it opens its clause, i.e. it continues a main clause that a
    relative clause interrupted ("1.000 Soldaten, die ..., sollen ... worden sein"), not
    when a new clause starts ("19 Tote, die Zahl könnte aber steigen").
    """
    mine = clause_of(pos, bounds)
    with_figures = figure_clauses | {mine}  # the clauses of the sentence's figures, computed once
    out = []
    for c in cues:
        cc = clause_of(c.start, bounds)
        if cc == mine:
            out.append(c)
        elif cc not in with_figures:
            opens = cc > 0 and c.start - bounds[cc - 1] <= CLAUSE_OPENING_GAP
            # a hedge of the main clause does not reach past a relative clause, which states
            # its own facts ("The result is likely to raise questions, which meant that ... 0.6%")
            past_relative = cc < mine and any(k in relative for k in range(cc + 1, mine + 1))
            if (cc < mine and not past_relative) or opens:
                out.append(c)
    return out


def bound_figure(cue: Cue, text: str, rules: CueRules, spans: list[tuple[int, int]]) -> int | None:
    """The start of the one figure a cue qualifies ("an estimated £300"; the figure's text may
    hold the cue), or None when the cue is not attributive and reaches its clause as usual."""
    m = rules.attributive.match(text, cue.start) if rules.attributive else None
    if m is None:
        return None
    return next((a for a, b in spans if b > cue.start and a <= m.end()), None)


def level(cues: list[Cue], has_source: bool) -> str:
    kinds = {c.kind for c in cues}
    for lvl in LEVELS:
        if lvl in kinds:
            return lvl
    return "reported" if has_source else "asserted"


def source_cue(source) -> Cue | None:
    """The attribution frame as a 'reported' cue ("laut", "sagte")."""
    if source is None or source.frame is None:
        return None
    f = source.frame
    return Cue(text=f.text, start=f.start, end=f.end, kind="reported")
