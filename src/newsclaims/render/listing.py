"""Listings: what a corpus command (``tracks``, ``timeline``, ``search``) lists, and the formats
registered for them (``kind="listing"``): ``table`` for people, ``csv`` and ``json`` for
programs. A command builds one ``Listing`` holding every form; a format picks the one it needs,
so a new listing format is one decorated function here and every command offers it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from . import LISTING, renderer


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list]
    title: str | None = None   # a line shown above the table (table format)


@dataclass(frozen=True)
class Listing:
    data: Any                                   # json: as it is, dates and the like as str
    records: Table                              # csv: plain values, one row per record
    tables: list[Table]                         # table: what people read, cells put by ``cell``
    notes: list[str] = field(default_factory=list)   # table: lines after the tables
    empty: str = ""                             # table: said instead when no table has a row


def cell(v) -> str:
    """A value as a table shows it: empty for None, whole numbers with thousands commas."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"
    return str(v)


def _aligned(t: Table) -> list[str]:
    cells = [t.columns] + [[cell(c) for c in r] for r in t.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(t.columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return ([t.title] if t.title is not None else []) + lines


@renderer("table", suffix=".txt", kind=LISTING, help="aligned columns for the terminal")
def to_table(listing: Listing) -> str:
    if listing.empty and not any(t.rows for t in listing.tables):
        return listing.empty + "\n"
    lines = [line for t in listing.tables for line in _aligned(t)]
    return "\n".join(lines + listing.notes) + "\n"


@renderer("csv", suffix=".csv", kind=LISTING, help="one row per record, plain values, a header row")
def to_csv(listing: Listing) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)   # the csv module's own dialect: RFC 4180 line ends (\r\n)
    w.writerow(listing.records.columns)
    w.writerows(listing.records.rows)
    return buf.getvalue()


@renderer("json", suffix=".json", kind=LISTING, help="the records as JSON")
def to_json(listing: Listing) -> str:
    return json.dumps(listing.data, default=str, ensure_ascii=False, indent=2) + "\n"
