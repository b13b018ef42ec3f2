"""The publication date of an input: one rule for the CLI, the corpus and the web app.

An explicit date (``--published``) wins; else the first of ``FALLBACKS`` that finds one:
the document's own metadata (HTML), then an ISO date in the file name
(``2024-12-09-report.txt``). A dateline reader can join by appending to ``FALLBACKS``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable

from ..errors import E301, NewsclaimsError
from ..ingest import Document

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_FORM = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(value: str) -> dt.date:
    """A date written YYYY-MM-DD; E301 says what is wrong with any other value."""
    m = _ISO_FORM.match(value)
    if not m:
        raise NewsclaimsError(E301, f"{value[:40]!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:  # e.g. "month must be in 1..12", "day is out of range for month"
        raise NewsclaimsError(E301, f"{value.strip()!r} is not a valid date: {exc}") from None


def date_from_name(name: str | None) -> dt.date | None:
    """An ISO date YYYY-MM-DD anywhere in a file name (not in folder names)."""
    if not name:
        return None
    m = _ISO_DATE.search(Path(name).name)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _from_metadata(document: Document, name: str | None) -> dt.date | None:
    return document.published


def _from_file_name(document: Document, name: str | None) -> dt.date | None:
    return date_from_name(name)


def _from_dateline(document: Document, name: str | None) -> dt.date | None:
    """"Seoul, 13. Januar 2025 (dpa) –": a dateline that gives a year (language data)."""
    from ..ingest.dateline import dateline_date

    return dateline_date(document.text, document.lang) if document.lang else None


# Tried in order after an explicit date: (document, file name or None) -> date or None.
FALLBACKS: list[Callable[[Document, str | None], dt.date | None]] = [_from_metadata, _from_file_name, _from_dateline]


def publication_date(explicit: dt.date | None, document: Document, name: str | None = None) -> dt.date | None:
    """``explicit``, else the first date a fallback finds, else None."""
    if explicit is not None:
        return explicit
    for fallback in FALLBACKS:
        found = fallback(document, name)
        if found is not None:
            return found
    return None
