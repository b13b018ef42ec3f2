"""Language data patterns compiled for engines where capitals carry meaning."""

from __future__ import annotations

from functools import lru_cache

from ..lang import load


@lru_cache(maxsize=None)
def case_sensitive_patterns(code: str, name: str) -> dict:
    """A data file's patterns compiled without IGNORECASE (capitals carry meaning here)."""
    return load(code).patterns(name, flags=0)
