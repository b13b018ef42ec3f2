"""Record files: JSON Lines or Parquet files of ``{id, text, lang?, published?, url?, site?}``,
one report per record, read in partitions (never loaded whole).

The client reads: JSON Lines line by line (the raw line travels to the worker, which parses
it, so a bad line is one input's error, reported in order); Parquet batch by batch
(``ParquetFile.iter_batches``). A record's item name is ``FILE:N`` (N: 1-based line or row).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Iterator

from ..errors import E114, E115, NewsclaimsError
from ..report import SourceInfo

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".parquet")
FIELDS = {"id", "text", "lang", "published", "url", "site"}
PARQUET_BATCH = 1024    # rows read at a time: bounded memory, few reads


def is_record_file(item: str) -> bool:
    return item.lower().endswith(RECORD_SUFFIXES) and Path(item).is_file()


def count_records(path: str) -> int:
    """How many records ``path`` holds: Parquet metadata, or non-blank lines (one streaming
    pass). A file that cannot be read counts as one input (its error)."""
    try:
        if path.lower().endswith(".parquet"):
            return _parquet(path).metadata.num_rows
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except (NewsclaimsError, OSError):
        return 1


def read_records(path: str) -> Iterator[tuple[str, bytes | dict]]:
    """(item name, raw JSON line or Parquet row dict) for every record, in file order."""
    if path.lower().endswith(".parquet"):
        yield from _parquet_rows(path)
        return
    try:
        with open(path, "rb") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    yield f"{path}:{number}", line
    except OSError as exc:
        raise NewsclaimsError(E115, f"cannot read {path}: {exc.strerror or exc}") from None


def _parquet(path: str):
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
        raise NewsclaimsError(E115, f"cannot read {path} as Parquet: {exc}") from None


def _parquet_rows(path: str) -> Iterator[tuple[str, dict]]:
    pf = _parquet(path)
    names = set(pf.schema_arrow.names)
    if "text" not in names:
        raise NewsclaimsError(E115, f"{path} has no 'text' column (columns: {', '.join(sorted(names))})")
    row = 0
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH, columns=sorted(FIELDS & names)):
        for record in batch.to_pylist():
            row += 1
            yield f"{path}:{row}", record


def record_document(raw: bytes | dict, file: str | None, *, lang: str | None = None):
    """The Document for one record; E114 says what is wrong with it."""
    from ..ingest import from_text

    record = _parsed(raw)
    text = record.get("text")
    if not isinstance(text, str):
        raise NewsclaimsError(E114, "record has no 'text' string")
    for key in ("id", "lang", "url", "site"):
        if record.get(key) is not None and not isinstance(record[key], (str, int)):
            raise NewsclaimsError(E114, f"record field {key!r} must be a string")
    rid = None if record.get("id") is None else str(record["id"])
    source = SourceInfo(kind="text", name=rid, path=file, url=record.get("url"))
    return from_text(text, source, lang=lang or record.get("lang"), site=record.get("site"),
                     published=_published(record.get("published")))


def _parsed(raw: bytes | dict) -> dict:
    if isinstance(raw, dict):
        return raw
    try:
        record = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NewsclaimsError(E114, f"not a JSON record: {exc}") from None
    if not isinstance(record, dict):
        raise NewsclaimsError(E114, f"not a JSON object but {type(record).__name__}")
    return record


def _published(value) -> dt.date | None:
    """A record's date: a date, a datetime, or text starting YYYY-MM-DD (an ISO timestamp)."""
    from .dates import parse_date

    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if not isinstance(value, str):
        raise NewsclaimsError(E114, f"record field 'published' must be a date, not {value!r:.40}")
    try:
        return parse_date(value[:10])
    except NewsclaimsError as exc:
        raise NewsclaimsError(E114, f"record field 'published': {exc.message}") from None
