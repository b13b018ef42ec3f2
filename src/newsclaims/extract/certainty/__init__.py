"""Certainty: how sure the wording is about a figure or a sentence (docs/annotation.md H).

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

from .component import certainty
from .cues import find_cues, governing, level, rules_for, source_cue

__all__ = ["certainty", "find_cues", "governing", "level", "rules_for", "source_cue"]
