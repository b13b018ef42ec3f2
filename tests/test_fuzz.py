"""Fuzzing: whatever text, PDF bytes or HTML comes in, the result is a valid Report or a project
error — never a traceback, a span that does not point at its text, an inverted interval or
invalid JSON.

CI runs a bounded, derandomised number of examples (fixed seed). Maintainers run more with
``NEWSCLAIMS_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py`` (see docs/robustness.md).
Time budgets on crafted inputs are measured in the benchmark (benchmarks/hostile.py), not
asserted here: a slow CI machine must not fail a correct build.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsclaims.errors import NewsclaimsError
from newsclaims.ingest import load_bytes
from newsclaims.ingest.text import from_text
from newsclaims.pipeline import analyze_document
from newsclaims.report import SourceInfo

EXAMPLES = int(os.environ.get("NEWSCLAIMS_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of news text that the extractors react to, and pieces that tend to break parsers.
NEWS = ["1", "2", "12.000", "1,5", "3 500", "11'000", "-3,5", ".08", "%", "Prozent", "Millionen",
        "Mio.", "mehr als", "etwa", "rund", "bis zu", "zwischen", "und", "bis", "Soldaten", "Tote",
        "laut", "sagte", "teilte", "mit", "nach Angaben", "des", "Ministeriums", "sollen", "seien",
        "the ministry said", "according to", "more than", "about", "troops", "killed", "reportedly",
        "am Montag", "13.01.2025", "im Juni", "last week", "2024-12-09", "Uhr", "Nordkorea",
        "Kim Jong Un", "JCS", "NIS", "(dpa)", "Kiew (AFP) –", "„", "“", "\"", "'", "(", ")", "[",
        ":", ";", ",", ".", "!", "?", "–", "-", "\n", "\n\n", "\u00a0", "\u202f", "\u00ad", "ß",
        "İ", "ﬁ", "٣", "😀", "\u200b"]
TEXT = st.lists(st.one_of(st.sampled_from(NEWS), st.text(max_size=6)), min_size=1, max_size=80).map(" ".join)


def _number_ok(value) -> bool:
    return value is None or (isinstance(value, (int, float)) and value == value and abs(value) != float("inf"))


def _walk(node, text: str, where: str = "report") -> None:
    """Every record with start/end/text points at its text; every interval is ordered and finite."""
    if isinstance(node, dict):
        if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and isinstance(node.get("text"), str):
            assert 0 <= node["start"] <= node["end"] <= len(text), where
            assert text[node["start"]:node["end"]] == node["text"], where
        if "low" in node and "high" in node:
            assert _number_ok(node["low"]) and _number_ok(node["high"]), where
            if node["low"] is not None and node["high"] is not None:
                assert node["low"] <= node["high"], where
        for key, value in node.items():
            _walk(value, text, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, text, f"{where}[{i}]")


def check_report(report) -> None:
    dumped = report.model_dump_json()
    data = json.loads(dumped, parse_constant=lambda c: pytest.fail(f"non-finite number {c} in JSON"))
    _walk({k: v for k, v in data.items() if k != "document"}, report.document.text)
    _walk(data["document"].get("blocks"), report.document.text, "document.blocks")


def analyse_text(text: str, lang: str):
    try:
        document = from_text(text, lang=lang)
    except NewsclaimsError:
        return None  # refused with a project error: fine
    return analyze_document(document, lang=lang)


@FUZZ
@given(text=TEXT, lang=st.sampled_from(["de", "en"]))
def test_fuzz_text(text, lang):
    report = analyse_text(text, lang)
    if report is not None:
        check_report(report)


@FUZZ
@given(body=st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<h1>", "</h1>", "<div>", "</div>", "<script>",
                                                "</script>", "<!--", "-->", "<br>", "&amp;", "&#0;", "<meta charset=x>",
                                                "<article>", "</article>", "<title>"]), TEXT), max_size=40).map("".join))
def test_fuzz_html(body):
    try:
        document = load_bytes(f"<html><body>{body}</body></html>".encode("utf-8", "surrogatepass"),
                              SourceInfo(kind="text", name="fuzz.html"), lang="de", kind="html")
    except NewsclaimsError:
        return
    check_report(analyze_document(document, lang="de"))


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    from conftest import inputs_make_pdf

    return inputs_make_pdf(columns=1).data


@FUZZ
@given(data=st.data())
def test_fuzz_pdf_bytes(small_pdf, data):
    """A real PDF with bytes flipped, cut short or spliced: a Report or a project error."""
    raw = bytearray(small_pdf)
    for _ in range(data.draw(st.integers(1, 20))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(16, len(raw)))
    try:
        document = load_bytes(bytes(raw[:cut]), SourceInfo(kind="text", name="fuzz.pdf"), lang="de", kind="pdf")
    except NewsclaimsError:
        return
    check_report(analyze_document(document, lang="de"))


# Crafted repetitions that once cost seconds to minutes each (quadratic or worse paths): each
# must still come out as a valid Report. Their time is measured in benchmarks/hostile.py.
CRAFTED = {
    "numbers joined by und": ("1 und 2 " * 500, "de"),
    "numbers joined by and": ("1 and 2 " * 500, "en"),
    "a reporting frame repeated": ("the ministry said " * 250, "en"),
    "a comma list of numbers": ("1, 2, " * 666, "de"),
    "a name glued to a long token": ("Tomas Reyk" + "x1" * 600 + " sagte, 500 Soldaten seien verlegt worden.", "de"),
    "opening brackets": ("Rund " + "(" * 8000 + " Soldaten.", "de"),
    "one capitalised run": ("A" * 8000, "de"),
    "a 400-digit number": ("Es waren " + "9" * 400 + " Soldaten.", "de"),
    "a lone surrogate": ("Die Armee meldete 500 Soldaten \ud800 am Montag.", "de"),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_inputs(name):
    text, lang = CRAFTED[name]
    report = analyse_text(text, lang)
    assert report is not None
    check_report(report)
