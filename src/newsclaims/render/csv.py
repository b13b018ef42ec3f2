"""CSV: one row per figure (quantity), with its sentence, source, certainty and time.

Made for pandas (``pd.read_csv``) and R (``read.csv``/``readr::read_csv``): a header row, UTF-8,
RFC 4180 quoting by the csv module, empty cells for missing values, numbers unformatted.
"""

from __future__ import annotations

import csv
import io

from typing import TYPE_CHECKING

from . import Stream, renderer

if TYPE_CHECKING:
    from ..report import Report

COLUMNS = [
    "document_id", "source_path", "sentence", "figure", "start", "end", "low", "high", "approx",
    "unit", "category", "counted", "negated", "source", "source_kind", "certainty",
    "time_text", "time_start", "time_end",
]


def _num(value):
    if value is None:
        return None  # the csv module writes an empty cell; parquet a null
    return int(value) if float(value).is_integer() else value


def rows(report: "Report") -> list[list]:
    """The figures of one Report as rows in COLUMNS order."""
    doc = report.document
    where = doc.source.path or doc.source.url or ""
    times = {t.id: t for t in report.times}
    out = []
    for q in report.quantities:
        sentence = doc.sentences[q.sentence].text if 0 <= q.sentence < len(doc.sentences) else ""
        time = times.get(q.time.id) if q.time else None
        value = time.value if time else None
        out.append([
            doc.id, where, sentence, q.text, q.start, q.end, _num(q.low), _num(q.high), q.approx,
            q.unit or "", q.category, q.counted.text if q.counted else "", str(q.negated).lower(),
            q.source.name if q.source else "", q.source.kind if q.source else "", q.certainty,
            q.time.text if q.time else "",
            value.start.isoformat() if value and value.start else "",
            value.end.isoformat() if value and value.end else "",
        ])
    return out


def _write(rows_: list[list], header: bool) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(COLUMNS)
    writer.writerows(rows_)
    return buf.getvalue()


def header() -> str:
    return _write([], True)


def _piece(report: "Report") -> str:
    return _write(rows(report), False)


@renderer("csv", suffix=".csv", help="one row per figure with its sentence, source, certainty and time",
          stream=Stream(piece=_piece, head=header()))
def to_csv(report: "Report", *, with_header: bool = True) -> str:
    """One Report as CSV text (header row first unless ``with_header`` is False)."""
    return _write(rows(report), with_header)
