"""Claims: one record per sentence, assembling what the extractors before found.

For sentence i the claim ``c{i+1}`` carries the figures and entities inside it, the time
(the linked time of its first timed figure, else the first time expression in it), the
source (the first attributed figure's, else the sentence's own attribution, see
``attribution.Resolver.for_sentence``), the certainty over every cue in the sentence
(speculative > alleged > estimated > reported > asserted), ``negated``, a role and a
checkworthiness score.

Role, first that applies (``role``):

1. filler  — the sentence matches the language's filler pattern, or it is short
   (<= FILLER_MAX_WORDS words), ends in "!" or "?", and has no figure, source, entity or
   evaluative word;
2. claim   — it holds a figure or an attributed statement;
3. opinion — it is speculative with no source, uses evaluative words (claims.yaml
   ``opinion``), or is an exclamation or a question;
4. claim   — it mentions an entity or a time, or is worded with distance (alleged,
   estimated, reported): a statement about the world;
5. opinion — anything else.

Checkworthiness (``checkworthiness``), clamped to [0, 1]: for a claim
``CW_BASE[claim] + CW_FIGURE * specificity(best figure) + CW_EXTRA_FIGURE * (figures - 1)
(at most CW_EXTRA_FIGURE_MAX) + CW_SOURCE[source kind] + CW_ENTITY * named entities (at most
CW_ENTITY_MAX) + CW_TIME (a time) + CW_SPECULATIVE (when speculative)``; for an opinion
``CW_BASE[opinion] + CW_OPINION_SHARE * (entity and time parts)``; a filler scores 0.
Specific, attributed figures rank first.
"""

from .component import claims
from .scoring import checkworthiness, patterns_for, role

__all__ = ["checkworthiness", "claims", "patterns_for", "role"]
