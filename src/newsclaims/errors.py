"""Every error the tool reports to a user, numbered, in one place: one code, one meaning.

The CLI and the web app print ``str(error)``: one line, code first, no traceback.
``MEANINGS`` is the list (a test checks that every code used in the package is declared here).
"""

from __future__ import annotations


class NewsclaimsError(Exception):
    """An error about the user's input or setup, with a stable code."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


MEANINGS: dict[str, str] = {}


def _code(code: str, meaning: str) -> str:
    MEANINGS[code] = meaning
    return code


# Input (E1xx)
E101 = _code("E101", "path does not exist")
E102 = _code("E102", "empty or whitespace-only input")
E103 = _code("E103", "input larger than the configured limit")
E104 = _code("E104", "binary data, not text")
E105 = _code("E105", "not a readable regular file (permissions; a directory, FIFO or device given as a file)")
E106 = _code("E106", "PDF could not be opened (truncated, corrupt)")
E107 = _code("E107", "PDF is encrypted")
E108 = _code("E108", "PDF has no text layer (needs OCR)")
E109 = _code("E109", "HTML page without article text")
E110 = _code("E110", "URL fetch failed (timeout, HTTP error, too large, refused address)")
E111 = _code("E111", "unsupported input kind")
E112 = _code("E112", "analysis took longer than the web request time limit")
E113 = _code("E113", "no report files found in the given paths")
E114 = _code("E114", "a record of a JSON Lines or Parquet file is invalid (not a JSON object, no text, a field of the wrong type)")
E115 = _code("E115", "a JSON Lines or Parquet file of records cannot be read (corrupt, not Parquet, no text column)")

# Language (E2xx)
E201 = _code("E201", "unsupported language requested or detected")
E202 = _code("E202", "language data file invalid (names language, file and key)")
E203 = _code("E203", "the language could not be told (text too short or unclear): pass --lang")

# Options (E3xx)
E301 = _code("E301", "bad option or request value (date, format, file type, a combination that does not fit)")

# Corpus (E4xx)
E401 = _code("E401", "corpus database cannot be opened")
E402 = _code("E402", "unknown track or document")
E403 = _code("E403", "corpus database does not exist (a read-only command never creates one)")

# Evaluation (E5xx)
E501 = _code("E501", "gold set missing or invalid (no docs.jsonl, a span that does not match its text)")
E502 = _code("E502", "the pipeline failed on a gold document: the scores do not cover the whole set")

# Output (E6xx)
E601 = _code("E601", "output file or folder cannot be written")

# Cluster (E7xx)
E701 = _code("E701", "the cluster extra is not installed (pip install 'newsclaims[cluster]')")
E702 = _code("E702", "the Dask scheduler cannot be reached or has no workers")

# Internal (E9xx)
E901 = _code("E901", "unexpected failure while analysing one input (a bug): reported, the batch goes on")
