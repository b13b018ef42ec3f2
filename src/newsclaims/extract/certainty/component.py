"""The spaCy component: each figure's cues and level; ``Findings.sentence_cues`` for claims."""

from __future__ import annotations

from spacy.language import Language

from ...report import Cue
from ...text.clauses import clause_bounds, clause_of
from .. import doc_text, findings, mirror_spans
from .cues import bound_figure, find_cues, governing, relative_clauses, level, rules_for, source_cue


SPAN_KEY = "newsclaims_certainty"
# How many characters before a figure the baseline pattern looks at.
BASELINE_WINDOW = 12
# Hedges that do not reach a baseline figure ("less likely that the BoE will cut from 4.25%").
HEDGES = {"speculative", "alleged", "estimated"}


def _inside_attribution(cue: Cue, source) -> bool:
    if source is None:
        return False
    spans = [(source.start, source.end)] + ([(source.frame.start, source.frame.end)] if source.frame else [])
    return any(cue.start < b and a < cue.end for a, b in spans)


@Language.factory("newsclaims_certainty", assigns=["doc._.nc", "doc.spans"], default_config={})
def make_certainty(nlp: Language, name: str):
    """Reads Findings sentences, quantities[].source; writes quantities[].cues/certainty/negated, sentence_cues."""
    rules_for(nlp.lang)  # compile at pipeline build time
    return certainty


def certainty(doc):
    found = findings(doc)
    text = doc_text(doc)
    rules = rules_for(doc.lang_)
    per_sentence: dict[int, tuple[list[Cue], list[int]]] = {}
    all_cues = []
    kinds = rules.kinds_by_sentence(text, [(s.start, s.end) for s in found.sentences])
    for i, s in enumerate(found.sentences):
        cues = find_cues(text, s.start, s.end, rules, kinds[i]) if kinds[i] else []  # half the sentences: no cue word
        bounds = clause_bounds(text, s.start, s.end, rules.clause_breaks)
        per_sentence[i] = (cues, bounds)
        all_cues.extend(cues)
    figure_clauses: dict[int, set[int]] = {}  # sentence -> the clauses holding its figures
    figure_spans: dict[int, list[tuple[int, int]]] = {}  # sentence -> its figures' spans
    for q in found.quantities:
        bounds = per_sentence.get(q.sentence, ([], []))[1]
        figure_clauses.setdefault(q.sentence, set()).add(clause_of(q.start, bounds))
        figure_spans.setdefault(q.sentence, []).append((q.start, q.end))
    relative: dict[int, set[int]] = {}  # sentence -> its relative clauses, found once for all its figures
    for spans in figure_spans.values():
        spans.sort()
    for q in found.quantities:
        cues, bounds = per_sentence.get(q.sentence, ([], []))
        if q.sentence not in relative:
            relative[q.sentence] = relative_clauses(text, bounds, rules)
        mine = governing(cues, q.start, figure_clauses[q.sentence], bounds, relative[q.sentence])
        # an attributive cue ("an estimated £300") qualifies only the figure it leads to
        spans = figure_spans[q.sentence]
        mine = [c for c in mine if bound_figure(c, text, rules, spans) in (None, q.start)]
        # a cue inside the figure's attribution ("nach Schätzungen des X") reaches as far as it does
        chosen = set(map(id, mine))
        mine += [c for c in cues if id(c) not in chosen and _inside_attribution(c, q.source)]
        if rules.baseline and rules.baseline.search(text, max(0, q.start - BASELINE_WINDOW), q.start):
            # the starting point of a hedged change is the present state, stated as such
            mine = [c for c in mine if c.kind not in HEDGES or _inside_attribution(c, q.source)]
        # A figure's own text never cues itself ("schätzungsweise 500" keeps its cue: it is one).
        extra = source_cue(q.source)
        q.cues = sorted(mine + ([extra] if extra and all(c.start != extra.start for c in mine) else []), key=lambda c: c.start)
        q.certainty = level(mine, q.source is not None)
        q.negated = any(c.kind == "negation" for c in mine)
    found.sentence_cues = {i: cues for i, (cues, _) in per_sentence.items()}
    mirror_spans(doc, SPAN_KEY, all_cues)
    return doc
