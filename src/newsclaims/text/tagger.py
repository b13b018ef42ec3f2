"""The part-of-speech tagger (HanTa), one instance per model in a process: the entity lexicon
and the share subjects of a language may name the same model (loading one takes about a second)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def hanta(model: str):
    from HanTa import HanoverTagger

    class Tagger(HanoverTagger.HanoverTagger):
        def reachable(self):
            """HanTa's table of the states that can lead to each final state, a fifth of loading
            a model: kept in the user cache, by the model and HanTa's code."""
            found = _reachability().get(_model_version(model), lambda: _computed(self))
            self.reachability = {int(state): frozenset(states) for state, states in found.items()}

    return Tagger(model)


def _computed(tagger) -> dict[str, list[int]]:
    super(type(tagger), tagger).reachable()
    return {str(state): sorted(states) for state, states in tagger.reachability.items()}


@lru_cache(maxsize=1)
def _reachability():
    from HanTa import HanoverTagger

    from ..cache import DiskCache, code_version

    return DiskCache("hanta", code_version(HanoverTagger.__file__, __file__))


def _model_version(model: str) -> str:
    from HanTa import HanoverTagger

    from ..cache import code_version

    path = Path(model) if Path(model).exists() else Path(HanoverTagger.__file__).with_name(model)  # where HanTa looks
    return f"{model}\0{code_version(str(path))}"
