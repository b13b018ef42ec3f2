"""A sentence's role (claim, opinion, filler) and its check-worthiness score."""

from __future__ import annotations

import re
from functools import lru_cache

from ...text.patterns import case_sensitive_patterns
from ...text.prefilter import Scanner


FILLER_MAX_WORDS = 8
CW_BASE = {"claim": 0.2, "opinion": 0.05, "filler": 0.0}
CW_FIGURE = 0.35
# How specific a figure is, by its approx (multiplies CW_FIGURE).
CW_SPECIFICITY = {"exact": 1.0, "about": 0.9, "range": 0.85, "more_than": 0.8, "at_least": 0.8,
                  "almost": 0.8, "less_than": 0.7, "at_most": 0.7, "vague": 0.4}
CW_EXTRA_FIGURE = 0.05
CW_EXTRA_FIGURE_MAX = 0.1
CW_SOURCE = {"named_person": 0.2, "named_organization": 0.2, "government_or_military": 0.2,
             "anonymous_officials": 0.12, "media_report": 0.1, "estimate_unattributed": 0.06, "none": 0.0}
CW_ENTITY = 0.04
CW_ENTITY_MAX = 0.12
CW_TIME = 0.08
CW_SPECULATIVE = -0.1
CW_OPINION_SHARE = 0.5


@lru_cache(maxsize=None)
def patterns_for(code: str) -> dict[str, re.Pattern]:
    pats = case_sensitive_patterns(code, "claims")
    return {"filler": pats["filler"], "opinion": pats["opinion"]}


@lru_cache(maxsize=None)
def scanners_for(code: str) -> dict[str, Scanner]:
    """The patterns' Scanners: which sentences can hold a match (``text.sentences``)."""
    return {name: Scanner(rx) for name, rx in patterns_for(code).items()}


def role(text: str, *, figures: int, source, named: int, timed: bool, speculative: bool, pats, distanced: bool = False) -> str:
    exclaim = text.rstrip().endswith(("!", "?"))
    evaluative = bool(pats["opinion"].search(text))
    # the words are counted last: only a short exclamation with nothing else can be filler by length
    if pats["filler"].search(text) or (not figures and source is None and not named and not evaluative
                                        and exclaim and len(text.split()) <= FILLER_MAX_WORDS):
        return "filler"
    if figures or source is not None:
        return "claim"
    if speculative or evaluative or exclaim:
        return "opinion"
    if named or timed or distanced:
        return "claim"
    return "opinion"


def checkworthiness(role_: str, *, approxes: list[str], source_kind: str | None, named: int, timed: bool, speculative: bool) -> float:
    if role_ == "filler":
        return 0.0
    entity_part = min(CW_ENTITY * named, CW_ENTITY_MAX)
    time_part = CW_TIME if timed else 0.0
    if role_ == "opinion":
        score = CW_BASE["opinion"] + CW_OPINION_SHARE * (entity_part + time_part)
    else:
        score = CW_BASE["claim"] + entity_part + time_part
        if approxes:
            score += CW_FIGURE * max(CW_SPECIFICITY.get(a, 0.5) for a in approxes)
            score += min(CW_EXTRA_FIGURE * (len(approxes) - 1), CW_EXTRA_FIGURE_MAX)
        score += CW_SOURCE.get(source_kind or "none", 0.0)
        if speculative:
            score += CW_SPECULATIVE
    return round(max(0.0, min(1.0, score)), 3)
