"""Language identification with lingua, over the supported languages plus common neighbours.

The neighbours are there so that a French report is named French (an unsupported-language
error), not forced into German. Lingua's models load lazily on the first call (0.1 s, then
about 1 ms a report); a text whose words are largely one supported language's common words
(language.yaml ``common_words``) and hardly another's is taken to be in it without them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import settings
from ..errors import E201, E203, NewsclaimsError
from ..lang import load, supported

# Languages we can name in an error without supporting them.
NEIGHBOURS = ["fr", "es", "it", "nl", "pl", "ru", "pt", "tr", "uk", "ko", "sv", "da"]
# Lingua is reliable on a paragraph and its cost grows with length: a report's first
# 1,000 characters decide.
SAMPLE_CHARS = 1000


# Below this many characters lingua's high accuracy mode loads every n-gram model of every
# language (seconds); above it, only the trigram models, which its low accuracy mode always uses.
HIGH_ACCURACY_CHARS = 120
# A short text's language is taken from the trigram models alone when they are this sure of it.
SURE = 0.99
# Common words decide when the sample has this many words, this share of them are one language's
# common words (news text: 0.15-0.35; a neighbouring language's text: under 0.08) and every other
# language's share is at most a fifth of that.
COMMON_MIN_WORDS = 30
COMMON_MIN_SHARE = 0.12
COMMON_MARGIN = 5
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _detector(codes: tuple[str, ...] = (), low_accuracy: bool = False):
    """Lingua over ``codes`` (default: the supported languages and their neighbours)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = codes or tuple(sorted(set(supported()) | set(NEIGHBOURS)))
    # a language lingua does not know (a toy or constructed one) is never detected: pass --lang
    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes if hasattr(IsoCode639_1, c.upper())]
    builder = LanguageDetectorBuilder.from_languages(*langs)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def detect(text: str) -> str:
    """The language of ``text`` (a supported code); a text too short to tell gets the
    ``default_lang`` setting or E203."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(1 for c in sample if c.isalpha())
    if letters < settings.get("langid_min_letters"):
        return _short_text_lang(letters)
    common = _by_common_words(sample)
    if common is not None:
        return common
    found = _detector().detect_language_of(sample) if len(sample) >= HIGH_ACCURACY_CHARS else _short_sample(sample)
    if found is None:
        raise NewsclaimsError(E203, "could not identify the language; pass --lang")
    code = found.iso_code_639_1.name.lower()
    if code not in supported():
        raise NewsclaimsError(E201, f"the text is in an unsupported language ({found.name.title()}); supported: {', '.join(supported())}")
    return code


def _by_common_words(sample: str) -> str | None:
    """The supported language whose common words make up a large share of the sample's words
    while no other's do; None when that is not clear (lingua decides)."""
    words = _WORD.findall(sample.lower())
    if len(words) < COMMON_MIN_WORDS:
        return None
    shares = sorted(((sum(w in common for w in words) / len(words), code) for code, common in _common_words().items()), reverse=True)
    if not shares or shares[0][0] < COMMON_MIN_SHARE:
        return None
    if len(shares) > 1 and shares[1][0] * COMMON_MARGIN > shares[0][0]:
        return None
    return shares[0][1]


@lru_cache(maxsize=1)
def _common_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(w.lower() for w in load(code).words("language", "common_words")) for code in supported()}


def _short_sample(sample: str):
    """The trigram models' answer when they are sure; else all n-gram models, loaded only for
    the supported languages and the trigrams' best guess (not for every neighbour)."""
    ranked = _detector(low_accuracy=True).compute_language_confidence_values(sample)
    if not ranked or ranked[0].value >= SURE:
        return ranked[0].language if ranked else None
    guess = ranked[0].language.iso_code_639_1.name.lower()
    return _detector(tuple(sorted(set(supported()) | {guess}))).detect_language_of(sample)


def _short_text_lang(letters: int) -> str:
    default = str(settings.get("default_lang")).strip().lower()
    if not default:
        raise NewsclaimsError(E203, f"the text is too short ({letters} letters) to tell its language; "
                                    "pass --lang or set NEWSCLAIMS_DEFAULT_LANG")
    if default not in supported():
        raise NewsclaimsError(E201, f"NEWSCLAIMS_DEFAULT_LANG={default!r} is not supported; supported: {', '.join(supported())}")
    return default
