"""What a user types for an entity in a corpus search, to the ISO code the corpus stores: a code
("KP"), a country's name, adjective or demonym in any supported language ("North Korea",
"Nordkorea", "nordkoreanisch", "North Koreans"), in any case. The forms are the entity
gazetteer's (``lang/<code>/countries.yaml`` with the language's endings), so search accepts
exactly what analysis recognises."""

from __future__ import annotations

from functools import lru_cache

from ..errors import E301, NewsclaimsError


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=1)
def _forms() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Every country form (folded) -> (code, name), and every country code -> name."""
    from ..extract.entities import gazetteer
    from ..lang import supported

    forms: dict[str, tuple[str, str]] = {}
    codes: dict[str, str] = {}
    for lang in supported():
        for form, (info, _ftype) in gazetteer(lang).forms.items():
            if info.key.startswith("country:") and info.code:
                forms.setdefault(_key(form), (info.code, info.name))
                codes.setdefault(info.code.upper(), info.name)
    return forms, codes


def resolve(entity: str) -> tuple[str, str]:
    """(ISO code, English name) for a code, name or demonym; E301 when nothing matches."""
    forms, codes = _forms()
    if entity.strip().upper() in codes:
        code = entity.strip().upper()
        return code, codes[code]
    found = forms.get(_key(entity))
    if found is None:
        raise NewsclaimsError(E301, f"no country known as {entity.strip()[:60]!r}: give a name, adjective or "
                                    "demonym (North Korea, Nordkorea, nordkoreanisch) or an ISO code (KP)")
    return found


def country_name(code: str | None) -> str | None:
    """The English name of a country code the gazetteer knows, else None."""
    return _forms()[1].get((code or "").upper())
