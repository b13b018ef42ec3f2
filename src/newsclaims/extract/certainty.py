"""Certainty: how sure the wording is about a figure or a sentence (ANNOTATION.md H).

Find, then resolve:

* ``find_cues`` runs the language's cue patterns (``lang/<code>/certainty.yaml``) over a
  sentence: speculative, alleged, estimated, reported (German Konjunktiv I) and negation.
* ``governing`` decides which cues reach a figure: the cues of its own clause, plus the
  cues of clauses that hold no figure at all (a cue in a figure-less clause such as
  "Schätzungen westlicher Dienste zufolge, ..." reaches the whole sentence). Two figures in
  one sentence can so carry different levels.
* ``level`` applies the first level that applies: speculative > alleged > estimated >
  reported (a cue, or a source) > asserted.

The clause split is the attribution's (``clause_breaks`` in attribution.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language

from ..report import Cue
from . import doc_text, findings, mirror_spans
from .attribution import case_sensitive_patterns, clause_bounds, clause_of, rules_for as attribution_rules

SPAN_KEY = "newsclaims_certainty"
USER_DATA_KEY = "newsclaims.certainty"

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


# How many characters before a figure the baseline pattern looks at.
BASELINE_WINDOW = 12
# Hedges that do not reach a baseline figure ("less likely that the BoE will cut from 4.25%").
HEDGES = {"speculative", "alleged", "estimated"}


@lru_cache(maxsize=None)
def rules_for(code: str) -> CueRules:
    pats = case_sensitive_patterns(code, "certainty")
    # "reported" and "baseline" are optional: a language may have no such words
    return CueRules({k: pats[k] for k in CUE_KINDS if k in pats}, attribution_rules(code).clause_breaks, pats.get("baseline"))


def find_cues(text: str, start: int, end: int, rules: CueRules) -> list[Cue]:
    """Every cue in the sentence text[start:end], in order; overlapping cues keep the stronger."""
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for kind in filter(rules.patterns.__contains__, CUE_KINDS):
        for m in rules.patterns[kind].finditer(text, start, end):
            a, b = m.span()
            if a == b or (kind != "negation" and any(a < y and x < b for x, y in taken)):
                continue
            if kind != "negation":
                taken.append((a, b))
            cues.append(Cue(text=text[a:b], start=a, end=b, kind=kind))
    return sorted(cues, key=lambda c: c.start)


def governing(cues: list[Cue], pos: int, figure_positions: list[int], bounds: list[int]) -> list[Cue]:
    """The cues that reach a figure at ``pos`` (clause-level scoping).

    A cue reaches the figures of its own clause. A cue in a clause without figures reaches
    the figures of later clauses ("Nach Schätzungen ..., sind 12.000 ..."), and those of
    earlier clauses only when it opens its clause, i.e. it continues a main clause that a
    relative clause interrupted ("1.000 Soldaten, die ..., sollen ... worden sein"), not
    when a new clause starts ("19 Tote, die Zahl könnte aber steigen").
    """
    with_figures = {clause_of(p, bounds) for p in figure_positions} | {clause_of(pos, bounds)}
    mine = clause_of(pos, bounds)
    out = []
    for c in cues:
        cc = clause_of(c.start, bounds)
        if cc == mine:
            out.append(c)
        elif cc not in with_figures:
            opens = cc > 0 and c.start - bounds[cc - 1] <= CLAUSE_OPENING_GAP
            if cc < mine or opens:
                out.append(c)
    return out


def _inside_attribution(cue: Cue, source) -> bool:
    if source is None:
        return False
    spans = [(source.start, source.end)] + ([(source.frame.start, source.frame.end)] if source.frame else [])
    return any(cue.start < b and a < cue.end for a, b in spans)


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


@Language.component("newsclaims_certainty", assigns=["doc.spans"])
def certainty(doc):
    found = findings(doc)
    text = doc_text(doc)
    rules = rules_for(doc.lang_)
    per_sentence: dict[int, tuple[list[Cue], list[int]]] = {}
    figures: dict[int, list[int]] = {}
    for q in found.quantities:
        figures.setdefault(q.sentence, []).append(q.start)
    all_cues = []
    for i, s in enumerate(found.sentences):
        cues = find_cues(text, s.start, s.end, rules)
        bounds = clause_bounds(text, s.start, s.end, rules.clause_breaks)
        per_sentence[i] = (cues, bounds)
        all_cues.extend(cues)
    for q in found.quantities:
        cues, bounds = per_sentence.get(q.sentence, ([], []))
        mine = governing(cues, q.start, figures.get(q.sentence, []), bounds)
        # a cue inside the figure's attribution ("nach Schätzungen des X") reaches as far as it does
        mine += [c for c in cues if c not in mine and _inside_attribution(c, q.source)]
        if rules.baseline and rules.baseline.search(text, max(0, q.start - BASELINE_WINDOW), q.start):
            # the starting point of a hedged change is the present state, stated as such
            mine = [c for c in mine if c.kind not in HEDGES or _inside_attribution(c, q.source)]
        # A figure's own text never cues itself ("schätzungsweise 500" keeps its cue: it is one).
        extra = source_cue(q.source)
        q.cues = sorted(mine + ([extra] if extra and all(c.start != extra.start for c in mine) else []), key=lambda c: c.start)
        q.certainty = level(mine, q.source is not None)
        q.negated = any(c.kind == "negation" for c in mine)
    doc.user_data[USER_DATA_KEY] = {i: cues for i, (cues, _) in per_sentence.items()}
    mirror_spans(doc, SPAN_KEY, all_cues)
    return doc
