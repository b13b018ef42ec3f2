"""Near-duplicate detection: the same wire story printed by two outlets with small edits.

Candidates come from MinHash bands over word 3-gram shingles (stored in ``doc_bands``, so a new
document is compared only with documents sharing a band, not with the whole corpus); a candidate
is confirmed by rapidfuzz ``token_set_ratio`` over the normalised texts at or above
``NEWSCLAIMS_CORPUS_DUPLICATE_THRESHOLD``. Pure functions, no words of any language.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from rapidfuzz import fuzz

from ..settings import Setting

DUPLICATE_THRESHOLD = Setting(
    "corpus_duplicate_threshold", 90.0,
    "rapidfuzz token-set similarity (0-100) over normalised texts from which two documents are the same story.")
MAX_CANDIDATES = Setting(
    "corpus_duplicate_candidates", 20,
    "At most this many stored documents (those sharing the most MinHash bands) are compared with a new one.")
SHINGLE = 3          # words per shingle
HASHES = 64          # MinHash permutations
ROWS = 4             # rows per band: 16 bands of 4 give candidates from about 50 % shingle overlap
_MASKS = np.random.default_rng(20241105).integers(1, 2**63 - 1, size=HASHES, dtype=np.int64).astype(np.uint64)
_NONWORD = re.compile(r"[\W_]+", re.UNICODE)


def threshold() -> float:
    return float(DUPLICATE_THRESHOLD.value)


def normalise(text: str) -> str:
    """Lower-cased words separated by single spaces (punctuation and layout dropped)."""
    return _NONWORD.sub(" ", text.lower()).strip()


def signature(norm: str) -> np.ndarray:
    words = norm.split()
    if not words:
        return np.zeros(0, dtype=np.uint64)
    n = max(1, len(words) - SHINGLE + 1)
    hashes = np.fromiter(
        (zlib.crc32(" ".join(words[i:i + SHINGLE]).encode("utf-8")) for i in range(n)), dtype=np.uint64, count=n)
    # Spread the 32-bit hashes over 64 bits, then permute by XOR with one mask per hash function.
    hashes = hashes * np.uint64(0x9E3779B97F4A7C15)
    return (hashes[:, None] ^ _MASKS[None, :]).min(axis=0)


def bands(norm: str) -> list[int]:
    """One signed 63-bit key per band (band index folded in), for the ``doc_bands`` table."""
    sig = signature(norm)
    if sig.size == 0:
        return []
    out = []
    for b in range(0, HASHES, ROWS):
        key = zlib.crc32(sig[b:b + ROWS].tobytes()) | ((b // ROWS) << 32)
        out.append(int(key))
    return out


def similarity(a_norm: str, b_norm: str) -> float:
    return float(fuzz.token_set_ratio(a_norm, b_norm))
