"""The one spec runner: every ``tests/specs/<lang>/<name>.yaml`` file, every case in it.

A spec file says which list of the Report it checks (``field``, a dotted path such as
``quantities`` or ``document.blocks``) and gives cases::

    field: quantities
    cases:
      - text: "Mehr als 1.000 Soldaten sollen gefallen sein."
        published: 2025-01-14          # optional reference date
        expect:                        # records that must be there, matched by text
          - {text: "Mehr als 1.000", low: 1000, high: null, approx: more_than, counted.text: Soldaten}
        exact: true                    # default: no records other than the expected ones
        absent: ["2022"]               # texts that must not be records
        report: {tone.score: {">=": 50}}   # assertions on the whole Report (dotted paths)
        xfail: "why this is a known gap"   # strict: passes only while the gap exists

Values compare after JSON serialisation (dates as YYYY-MM-DD). A value may be an operator
mapping: {">=": n}, {"<=": n}, {"contains": s}, {"in": [..]}. Every case also checks that
every span in the Report points at its own text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from newsclaims import analyze

SPECS = Path(__file__).parent / "specs"


def spec_cases(root: Path = SPECS):
    """Every case of every ``<root>/<lang>/<name>.yaml`` spec file (also a toy language's, see
    test_toy_language.py)."""
    for path in sorted(root.glob("*/*.yaml")):
        lang, name = path.parent.name, path.stem
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(spec["cases"]):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            yield pytest.param(lang, spec["field"], case, id=f"{lang}/{name}/{i}:{case['text'][:40]}", marks=marks)


def _norm(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _get(obj, dotted: str):
    for part in dotted.split("."):
        if isinstance(obj, list) and part.isdigit():
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            if part not in obj:
                raise KeyError(dotted)
            obj = obj[part]
        else:
            raise KeyError(dotted)
    return obj


OPS = {
    ">=": lambda a, b: a is not None and a >= b,
    "<=": lambda a, b: a is not None and a <= b,
    "contains": lambda a, b: a is not None and b in a,
    "in": lambda a, b: a in b,
}


def _check(actual, expected, where: str):
    expected = _norm(expected)
    if isinstance(expected, dict) and len(expected) == 1 and next(iter(expected)) in OPS:
        op, arg = next(iter(expected.items()))
        assert OPS[op](actual, arg), f"{where}: {actual!r} is not {op} {arg!r}"
    else:
        assert actual == expected, f"{where}: got {actual!r}, expected {expected!r}"


@pytest.mark.parametrize("lang,field,case", list(spec_cases()))
def test_spec(lang, field, case):
    check_case(lang, field, case)


def check_case(lang: str, field: str, case: dict) -> None:
    report = analyze(case["text"], lang=lang, published=case.get("published"))
    data = report.model_dump(mode="json")
    text = report.document.text
    for path, span in report.spans():
        assert text[span.start:span.end] == span.text, f"span {path} does not point at its text"

    records = _get(data, field)
    summary = [(r.get("text"), r.get("start")) for r in records]
    for exp in case.get("expect", []):
        matches = [r for r in records if r.get("text") == exp["text"]
                   and ("start" not in exp or r.get("start") == exp["start"])]
        assert matches, f"{field}: no record {exp['text']!r}; found {summary}"
        rec = matches[0]
        for key, value in exp.items():
            if key != "text":
                try:
                    got = _get(rec, key)
                except KeyError:
                    got = None if value is None else pytest.fail(f"{field} {exp['text']!r}: no {key}")
                _check(got, value, f"{field} {exp['text']!r} {key}")
    if case.get("exact", True) and "expect" in case:
        extra = sorted({r.get("text") for r in records} - {e["text"] for e in case["expect"]})
        assert not extra, f"{field}: unexpected records {extra}"
    for absent in case.get("absent", []):
        assert absent not in {r.get("text") for r in records}, f"{field}: {absent!r} must not be a record"
    for key, value in (case.get("report") or {}).items():
        _check(_get(data, key), value, f"report {key}")
