"""Every error the tool reports to a user, numbered, in one place.

The CLI and the web app print ``str(error)``: one line, code first, no traceback.
"""

from __future__ import annotations


class NewsclaimsError(Exception):
    """An error about the user's input or setup, with a stable code."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# Input (E1xx)
E101 = "E101"  # path does not exist
E102 = "E102"  # empty or whitespace-only input
E103 = "E103"  # input larger than the configured limit
E104 = "E104"  # binary data, not text
E105 = "E105"  # unreadable file (permissions, a directory where a file was expected)
E106 = "E106"  # PDF could not be opened (truncated, corrupt)
E107 = "E107"  # PDF is encrypted
E108 = "E108"  # PDF has no text layer (needs OCR)
E109 = "E109"  # HTML page without article text
E110 = "E110"  # URL fetch failed (timeout, HTTP error, too large, refused address)
E111 = "E111"  # unsupported input kind
E112 = "E112"  # analysis took longer than the web request time limit

# Language (E2xx)
E201 = "E201"  # unsupported language requested or detected
E202 = "E202"  # language data file invalid (names language, file and key)

# Options (E3xx)
E301 = "E301"  # bad option value (date, format)

# Corpus (E4xx)
E401 = "E401"  # corpus database cannot be opened
E402 = "E402"  # unknown track or document

# Evaluation (E5xx)
E501 = "E501"  # gold set missing or invalid (no docs.jsonl, a span that does not match its text)
E502 = "E502"  # the pipeline failed on a gold document: the scores do not cover the whole set

# Internal (E9xx)
E901 = "E901"  # unexpected failure while analysing one input (a bug): reported, the batch goes on
