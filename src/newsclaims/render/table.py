"""Tables of plain rows (dicts of str, numbers, dates): the ``table`` kind of the renderer
registry, what ``corpus export --format`` offers (csv, jsonl, parquet). A table renderer is
``render(rows, columns, out)``: it writes to ``out``, a text stream, or, for a binary format, a
path. The figure table of a Report (the ``parquet`` report format) is written by ``parquet_bytes``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from ..errors import E301, NewsclaimsError
from . import TABLE, formats, renderer


def _plain(v):
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def parquet_bytes(rows: list[dict], columns: list[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table({c: [r[c] for r in rows] for c in columns}), buf)
    return buf.getvalue()


@renderer("csv", suffix=".csv", kind=TABLE, help="one row per record, a header line")
def csv_table(rows: list[dict], columns: list[str], out) -> None:
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _plain(r[k]) for k in columns})


@renderer("jsonl", suffix=".jsonl", kind=TABLE, help="one JSON object per record")
def jsonl_table(rows: list[dict], columns: list[str], out) -> None:
    for r in rows:
        out.write(json.dumps({k: _plain(r[k]) for k in columns}, ensure_ascii=False) + "\n")


@renderer("parquet", suffix=".parquet", kind=TABLE, binary=True, help="an Apache Parquet file (needs --out)")
def parquet_table(rows: list[dict], columns: list[str], out) -> None:
    Path(out).write_bytes(parquet_bytes(rows, columns))


def table_renderer(fmt: str):
    """The table renderer ``fmt``; E301 naming the formats there are when there is none."""
    found = formats(TABLE).get(fmt)
    if found is None:
        raise NewsclaimsError(E301, f"unknown table format {fmt!r} ({', '.join(formats(TABLE))})")
    return found


def write_table(rows: list[dict], columns: list[str], fmt: str, out=None) -> int:
    """``rows`` to ``out`` (a path, or a text stream; a binary format needs a path).
    Returns the number of rows."""
    r = table_renderer(fmt)
    own = isinstance(out, (str, Path))
    if r.binary:
        if not own:
            raise NewsclaimsError(E301, f"{fmt} needs an output file (--out FILE{r.suffix})")
        r.render(rows, columns, out)
        return len(rows)
    fh = open(out, "w", encoding="utf-8", newline="") if own else (out or io.StringIO())
    try:
        r.render(rows, columns, fh)
    finally:
        if own:
            fh.close()
    return len(rows)
