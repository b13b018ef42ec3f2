"""Tables of plain rows (dicts of str, numbers, dates) to csv, jsonl or parquet: the corpus
export and the figure table of a Report (``parquet`` format) write through here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from ..errors import E301, NewsclaimsError

TABLE_FORMATS = ("csv", "jsonl", "parquet")


def _plain(v):
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def parquet_bytes(rows: list[dict], columns: list[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table({c: [r[c] for r in rows] for c in columns}), buf)
    return buf.getvalue()


def write_table(rows: list[dict], columns: list[str], fmt: str, out=None) -> int:
    """``rows`` to ``out`` (a path, or a text stream for csv/jsonl; parquet needs a path).
    Returns the number of rows."""
    if fmt not in TABLE_FORMATS:
        raise NewsclaimsError(E301, f"unknown table format {fmt!r} ({', '.join(TABLE_FORMATS)})")
    own = isinstance(out, (str, Path))
    if fmt == "parquet":
        if not own:
            raise NewsclaimsError(E301, "parquet needs an output file (--out FILE.parquet)")
        Path(out).write_bytes(parquet_bytes(rows, columns))
        return len(rows)
    fh = open(out, "w", encoding="utf-8", newline="") if own else (out or io.StringIO())
    try:
        if fmt == "csv":
            w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: _plain(r[k]) for k in columns})
        else:
            for r in rows:
                fh.write(json.dumps({k: _plain(r[k]) for k in columns}, ensure_ascii=False) + "\n")
    finally:
        if own:
            fh.close()
    return len(rows)
