"""Attribution: to whom a figure or a sentence is attributed (docs/annotation.md G).

Find, then resolve, then classify:

* ``frames.find_frames`` runs the language's frame patterns (``lang/<code>/attribution.yaml``,
  compiled in ``rules``) over each sentence and returns ``Frame`` records: the frame words
  ("laut", "zufolge", "sagte"), the source mention (no article) and how far the frame reaches.
  Reporting verbs get their subject by position (``subjects``: before the verb, or after it in
  "..., sagte X"); chains ("Yonhap unter Berufung auf den NIS") credit the origin and keep the
  outer outlet as ``relay``; "Demnach ..." takes the source of the sentence before; a sentence
  that opens with "Diese Zahlen ..." hands its source back to the figures of the sentence before.
* ``resolving.Resolver`` picks the frame that governs a character position: the speaker of a
  quote around it, else a frame in the same clause, else the nearest frame in the sentence,
  else a link-back frame in the next sentence.
* ``carrying.carry_scope`` hands a source named in another sentence to the figures it covers:
  reported speech ("demnach", "hieß es", Konjunktiv I) through its paragraph, a closing note
  ("These data are from X") over the body. Plain indicative sentences stay the writer's.
* ``classifying.to_attribution`` turns a frame into a ``report.Attribution`` (kind, canonical
  name, entity).

Everything is pure and testable without spaCy except ``component``, which writes each figure's
``source`` and ``Findings.sentence_sources`` (the source of each whole sentence, for claims).
"""

from .classifying import classify, to_attribution
from .component import analyse
from .frames import find_frames
from .resolving import Resolver, carry_adjacent
from .rules import Rules, rules_for

__all__ = ["Resolver", "Rules", "analyse", "carry_adjacent", "classify", "find_frames", "rules_for", "to_attribution"]
