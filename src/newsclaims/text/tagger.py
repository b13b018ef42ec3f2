"""The part-of-speech tagger (HanTa), one instance per model in a process: the entity lexicon
and the share subjects of a language may name the same model (loading one takes about a second)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def hanta(model: str):
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(model)
