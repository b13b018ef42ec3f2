"""Time expressions: find them with the language's patterns, resolve them against the
publication date (``dates``), write ``Findings.times``.

Find (``grammar``), then resolve (``dates``, ``ranges``): every pattern named ``expr_*`` in
``lang/<code>/times.yaml`` is tried; overlapping matches keep the longest (then the leftmost).
The named groups of a match are turned into a language-independent :class:`dates.Parsed`
through the file's maps, and the pure resolver gives the interval. ``component`` is the spaCy
component. The engine holds no words.
"""

from .component import extract_times
from .grammar import TimeGrammar, grammar

__all__ = ["TimeGrammar", "extract_times", "grammar"]
