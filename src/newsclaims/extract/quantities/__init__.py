"""Quantities: figures as intervals, with what they count and a category.

Find (``finding``), then classify (``classifying``): number cores are found in ``doc.text``
and extended left and right by the language's grammar (``grammar``, from
``lang/<code>/quantities.yaml``); the pure resolvers in ``numbers`` turn the pieces into
``low``/``high``/``approx``. Then the counted noun phrase is found after the figure (or named
before it, or carried over from the previous figure in the sentence) and the category is
decided by that noun and the verbs around the figure. ``component`` is the spaCy component.

All words come from ``lang/<code>/quantities.yaml``; these modules contain none.
"""

from .component import extract
from .grammar import Grammar, grammar

__all__ = ["Grammar", "extract", "grammar"]
