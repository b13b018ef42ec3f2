"""Structure: the document's sentences, cut so that no sentence crosses a block boundary."""

from .component import make_structure, structure

__all__ = ["make_structure", "structure"]
