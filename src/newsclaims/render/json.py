"""JSON and JSON Lines: ``report.model_dump(mode="json")``, nothing added or dropped."""

from __future__ import annotations

import json

from ..report import Report


def to_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)


def to_jsonl(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
