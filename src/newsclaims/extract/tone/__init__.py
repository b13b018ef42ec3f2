"""Tone: how loud the writing around the claims is.

Signals come from the language's ``tone.yaml``: word lists (``emotive``, ``loaded``,
``intensifier``, ``superlative``; matched case-insensitively as whole words plus the language's
``inflection`` endings), phrase lists (``clickbait``, ``danger_metaphor``; any whitespace between
words) and regex ``patterns`` (``exclamation``, ``question``, ``shouting``, ``second_person``).
A question counts only as the last sentence of a headline, standfirst or subheading
(a rhetorical question). All-capitals words that are entities (acronyms) do not count as shouting.
Where signals overlap, the earlier kind in ``KINDS`` wins (a clickbait phrase swallows the emotive
word inside it).

Scores (documented in docs/tone.md):

* sentence: ``100 * (1 - exp(-W / SENTENCE_SCALE))`` where W is the sum of the weights of the
  sentence's signals (``WEIGHTS``; repeated "!!!" adds ``EXCLAMATION_REPEAT`` per extra mark);
* article: ``100 * (1 - exp(-D / ARTICLE_SCALE))`` where D is the total weight per 100 words
  (texts shorter than ``ARTICLE_MIN_WORDS`` count as that long).

Sentence roles come from the claims component (``findings(doc).claims``, one per sentence);
a sentence without a claim is ``filler`` when it has no checkable content (no figure, time or
named entity) and scores at least ``FILLER_MIN_SCORE``, else ``opinion``.
"""

from .component import tone
from .signals import find_signals, lexicon, saturate, scanners, sentence_role

__all__ = ["find_signals", "lexicon", "saturate", "scanners", "sentence_role", "tone"]
