"""The part-of-speech tagger (HanTa), one instance per model in a process: the entity lexicon
and the share subjects of a language may name the same model (loading one takes about a second)."""

from __future__ import annotations

from functools import lru_cache

# Words whose analysis a tagger keeps (then it starts afresh): a news vocabulary fits.
WORDS_KEPT = 50_000


@lru_cache(maxsize=None)
def hanta(model: str):
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger(model)
    tagger._tag_word = _remembered(tagger._tag_word)
    return tagger


def _remembered(tag_word):
    """HanTa's analysis of one word (its tag probabilities), kept per word: the sentence tagger
    asks for it at every occurrence, and it depends on the word and the fixed model alone
    (HanTa is pinned in pyproject.toml)."""
    seen: dict[tuple, list] = {}

    def analysis(word, cutoff=5, casesensitive=True, conditional=False):
        key = (word, cutoff, casesensitive, conditional)
        found = seen.get(key)
        if found is None:
            if len(seen) >= WORDS_KEPT:
                seen.clear()
            found = seen[key] = tag_word(word, cutoff, casesensitive, conditional)
        return list(found)

    return analysis
