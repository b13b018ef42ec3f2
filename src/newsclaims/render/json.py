"""JSON and JSON Lines: ``report.model_dump(mode="json")``, nothing added or dropped.

Several reports: ``json`` is one array (the same text ``json.dumps(list, indent=2)`` gives),
``jsonl`` one line each; a failed input is an error record in both, in its place."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from . import Stream, renderer

if TYPE_CHECKING:
    from ..report import Report


def error_record(item: str, code: str, message: str) -> dict:
    return {"input": item, "error": {"code": code, "message": message}}


def _array_item(report: "Report") -> str:
    return textwrap.indent(to_json(report), "  ")


def _array_error(item: str, code: str, message: str) -> str:
    return textwrap.indent(json.dumps(error_record(item, code, message), ensure_ascii=False, indent=2), "  ")


def _line_error(item: str, code: str, message: str) -> str:
    return json.dumps(error_record(item, code, message), ensure_ascii=False)


@renderer("json", suffix=".json", help="the Report as JSON; several inputs: one JSON array",
          stream=Stream(piece=_array_item, head="[\n", sep=",\n", tail="\n]\n", error=_array_error))
def to_json(report: "Report") -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)


def _line(report: "Report") -> str:
    return to_jsonl(report)


@renderer("jsonl", suffix=".jsonl", help="JSON Lines, one Report per line (the default for several inputs)",
          stream=Stream(piece=_line, sep="\n", tail="\n", error=_line_error))
def to_jsonl(report: "Report") -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
