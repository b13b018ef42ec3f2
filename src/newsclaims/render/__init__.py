"""Output renderers: one registry every format plugs into (like datasette's output renderers).

Each renderer declares the kind of record it renders: ``report`` (one Report: ``analyze
--format``), ``listing`` (a ``render.listing.Listing``, what a corpus command lists: ``corpus
tracks|timeline|search --format``) or ``table`` (plain rows written to a stream or a file:
``corpus export --format``, see ``render/table.py``). ``formats(kind)`` is what a command offers and looks up.

A report renderer turns one Report into a whole output (``render``: a file of its own with ``--out``)
and, when the format can hold several reports in one stream, says how (``stream``: a head, one
piece per report, a separator, a tail; error records if the format has them). Formats without
a stream (html, parquet) write one file per input. Add a format with the decorator::

    @renderer("yaml", suffix=".yaml", help="...", stream=Stream(piece=to_yaml, sep="---\\n"))
    def to_yaml(report) -> str: ...

and import its module at the bottom of this file; ``kind="listing"`` registers a listing format
(``render(listing) -> str``, see ``render/listing.py``). Figures and labels are put in words for
people by one formatter, ``render.labels``, shared by the text and HTML renderers; ``count``
below gives a number its noun.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..report import Report


@dataclass(frozen=True)
class Stream:
    """Several reports in one output: ``head``, the pieces joined by ``sep``, ``tail``."""
    piece: Callable[["Report"], str]                      # made where the analysis ran (a worker)
    head: str = ""
    sep: str = ""
    tail: str = ""
    error: Callable[[str, str, str], str] | None = None   # (input, code, message) -> a record


@dataclass(frozen=True)
class Renderer:
    name: str
    suffix: str
    render: Callable[[Any], str | bytes]
    help: str
    stream: Stream | None = None
    binary: bool = False


REPORT, LISTING, TABLE = "report", "listing", "table"
RENDERERS: dict[str, dict[str, Renderer]] = {REPORT: {}, LISTING: {}, TABLE: {}}  # kind -> name -> renderer


def renderer(name: str, *, suffix: str, help: str, kind: str = REPORT, stream: Stream | None = None,
             binary: bool = False):
    """Register the decorated ``render(record) -> str | bytes`` as output format ``name`` for
    records of ``kind``."""
    def register(fn):
        RENDERERS[kind][name] = Renderer(name, suffix, fn, help, stream, binary)
        return fn
    return register


def formats(kind: str = REPORT) -> dict[str, Renderer]:
    """The formats registered for ``kind``, by name, in the order they were registered."""
    return RENDERERS[kind]


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 point``, ``2 points``: a number with its noun in the right form."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


# The built-in formats register themselves, in this order (the order --help lists them).
from . import json, text, csv  # noqa: E402,F401,I001


@renderer("html", suffix=".html", help="the annotated article as an HTML page (one file per input)")
def html_page(report: "Report") -> str:
    from .html import to_html  # jinja and the templates load only when a page is made

    return to_html(report)


from . import parquet  # noqa: E402,F401
from . import listing  # noqa: E402,F401  (the listing formats: table, csv, json)
from . import table  # noqa: E402,F401  (the table formats of corpus export: csv, jsonl, parquet)
