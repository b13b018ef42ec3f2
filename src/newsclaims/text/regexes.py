"""Regexes compiled once per machine, not once per process (a third of a cold start was compiling).

Python's ``re`` parses a pattern and generates its code in pure Python, and a compiled
pattern cannot be pickled. The code is a list of integers handed to ``_sre.compile``, so the
user cache (:mod:`newsclaims.cache`) keeps it, keyed by the pattern, its flags and the
running Python's regex engine (its version and ``_sre.MAGIC``); ``compile`` builds the
Pattern from it, exactly what ``re.compile`` builds. Without a cache directory it costs what ``re.compile``
costs, and wherever the private parts it uses (``re._parser``, ``re._compiler``,
``_sre.compile``) fail, as they may in another Python, or the engine rejects a code (``_sre``
checks every code it is given), it is ``re.compile``: the cache can make a start slow, never wrong.
"""

from __future__ import annotations

import base64
import re
import sys
import zlib
from array import array
from functools import lru_cache

from ..cache import DiskCache, code_version

try:  # CPython's engine; elsewhere every pattern is compiled by ``re``
    import _sre
    from re import _compiler, _parser

    _ENGINE = f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}"
    _TYPECODE = next(t for t in "ILQ" if array(t).itemsize == _sre.CODESIZE)
except (ImportError, AttributeError, StopIteration):
    _ENGINE = None


@lru_cache(maxsize=None)
def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 (re.compile's name and use)
    """``re.compile(pattern, flags)``, its code read from the user cache when it holds it."""
    flags = int(flags)
    if _ENGINE is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    try:
        full_flags, groups, groupindex, indexgroup, code = _codes().get(f"{flags}\0{pattern}", lambda: _code(pattern, flags))
        return _sre.compile(pattern, full_flags, array(_TYPECODE, zlib.decompress(base64.b64decode(code))).tolist(),
                            groups, groupindex, tuple(indexgroup))
    except re.error:  # a bad pattern
        raise
    except Exception:  # noqa: BLE001 (private parts changed, or a code the engine rejects: the public way)
        return re.compile(pattern, flags)


def _code(pattern: str, flags: int) -> list:
    """What ``re._compiler.compile`` hands ``_sre.compile``, the code compressed (a tenth of its
    size: the cache file is read whole at each start) in base64 (JSON keeps it)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return [flags | parsed.state.flags, parsed.state.groups - 1, dict(groupindex), indexgroup,
            base64.b64encode(zlib.compress(array(_TYPECODE, code).tobytes())).decode("ascii")]


@lru_cache(maxsize=1)
def _codes() -> DiskCache:
    return DiskCache("regex", f"{_ENGINE}\0{code_version(__file__)}")
