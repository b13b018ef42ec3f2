"""Letter classes for regexes, in every script (``re`` has no ``\\p{Ll}``)."""

from __future__ import annotations

import sys
from functools import lru_cache


def _char_class(test) -> str:
    """A regex character class of every code point for which ``test(char)`` holds."""
    ranges, first, last = [], None, None
    for code in range(sys.maxunicode + 1):
        if test(chr(code)):
            if first is None:
                first = code
            last = code
        elif first is not None:
            ranges.append((first, last))
            first = None
    if first is not None:
        ranges.append((first, last))
    return "[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


@lru_cache(maxsize=None)
def lowercase_letter() -> str:
    """A class of every lowercase letter ("a", "é", "ß", "д"); built on first use (0.3 s)."""
    return _char_class(str.islower)
