"""Parquet: the figure table of a Report (the CSV columns, typed), one file per input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import renderer
from .csv import COLUMNS, rows
from .table import parquet_bytes

if TYPE_CHECKING:
    from ..report import Report


@renderer("parquet", suffix=".parquet", binary=True,
          help="the figure table (the csv columns) as Parquet, one file per input (needs --out); "
               "for JSON Lines or Parquet record files one file per 1000 records, with a source_name column")
def to_parquet(report: "Report") -> bytes:
    return parquet_bytes([dict(zip(COLUMNS, r)) for r in rows(report)], COLUMNS)
