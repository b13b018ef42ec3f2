"""JSON and JSON Lines: ``report.model_dump(mode="json")``, nothing added or dropped.

Several reports: ``json`` is one array (the same text ``json.dumps(list, indent=2)`` gives),
``jsonl`` one line each; a failed input is an error record in both, in its place.

``json`` is encoded by pydantic (``json.dumps`` with an indent runs the pure-Python encoder,
about 4 times slower) into exactly the text ``json.dumps(data, ensure_ascii=False, indent=2)``
gives: non-finite floats as ``Infinity``/``NaN``, and floats under 1e-4 in ``repr`` form
(pydantic writes ``0.00001`` and ``1e-7`` where ``json.dumps`` writes ``1e-05`` and ``1e-07``).
A Report whose floats are all finite is encoded straight from its models (no ``model_dump``
dicts in between: half the time); pydantic would write its non-finite floats as ``null``, and
the text is searched for the small floats only where the Report has one."""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING

import pydantic_core

from . import Stream, renderer

if TYPE_CHECKING:
    from ..report import Report


def error_record(item: str, code: str, message: str) -> dict:
    return {"input": item, "error": {"code": code, "message": message}}


def _indent(text: str) -> str:
    """``textwrap.indent(text, "  ")`` for indented JSON (it has no blank lines)."""
    return "  " + text.replace("\n", "\n  ")


def _array_item(report: "Report") -> str:
    return _indent(to_json(report))


def _array_error(item: str, code: str, message: str) -> str:
    return _indent(json.dumps(error_record(item, code, message), ensure_ascii=False, indent=2))


def _line_error(item: str, code: str, message: str) -> str:
    return json.dumps(error_record(item, code, message), ensure_ascii=False)


# A float pydantic writes otherwise than ``repr``: a number token alone at the end of its line
# (no string holds a raw newline, so this is never inside a string), after the indent or ": ".
_SMALL_FLOAT = re.compile(r"(?<=[ \n])-?(?:0\.0000\d+|\d(?:\.\d+)?e-\d)(?=,?\n)")


def _indented(data: dict) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``, written by pydantic's encoder."""
    return _small_floats(pydantic_core.to_json(data, indent=2, inf_nan_mode="constants").decode("utf-8"))


# Every float field of the Report's models (model, field), each read by _floats; a test checks
# the list against the models.
FLOAT_FIELDS = {("Quantity", "low"), ("Quantity", "high"), ("Claim", "checkworthiness"), ("Tone", "score"),
                ("ToneSignal", "weight"), ("SentenceTone", "score")}


def _floats(report: "Report") -> list[float]:
    """The values of every float field of the Report."""
    out = [report.tone.score]
    out += [x for q in report.quantities for x in (q.low, q.high) if x is not None]
    out += [c.checkworthiness for c in report.claims]
    out += [s.weight for s in report.tone.signals]
    out += [s.score for s in report.tone.sentences]
    return out


def _from_models(report: "Report") -> str | None:
    """The JSON text encoded straight from the models, or None where that would not be the plain
    text: a non-finite float (pydantic writes ``null``), a string pydantic cannot encode."""
    floats = _floats(report)
    if not all(map(math.isfinite, floats)):
        return None
    try:
        text = report.__pydantic_serializer__.to_json(report, indent=2).decode("utf-8")
    except ValueError:  # a lone surrogate
        return None
    # only a float under 1e-4 is written otherwise than repr: the text is searched only then
    return _small_floats(text) if any(x and -1e-4 < x < 1e-4 for x in floats) else text


def _small_floats(text: str) -> str:
    if "0.0000" in text or "e-" in text:
        text = _SMALL_FLOAT.sub(lambda m: repr(float(m.group())), text)
    return text


@renderer("json", suffix=".json", help="the Report as JSON; several inputs: one JSON array",
          stream=Stream(piece=_array_item, head="[\n", sep=",\n", tail="\n]\n", error=_array_error))
def to_json(report: "Report") -> str:
    text = _from_models(report)
    if text is not None:
        return text
    data = report.model_dump(mode="json")
    try:
        return _indented(data)
    except ValueError:  # what pydantic cannot encode (a lone surrogate): the plain way
        return json.dumps(data, ensure_ascii=False, indent=2)


def _line(report: "Report") -> str:
    return to_jsonl(report)


@renderer("jsonl", suffix=".jsonl", help="JSON Lines, one Report per line (the default for several inputs)",
          stream=Stream(piece=_line, sep="\n", tail="\n", error=_line_error))
def to_jsonl(report: "Report") -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False)
