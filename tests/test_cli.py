"""``newsclaims analyze`` with bad input of every kind: one clear line each, the batch goes on,
exit code 1, never a traceback (click's CliRunner, a local HTTP server, no internet)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from conftest import INPUTS_PARAGRAPHS, INPUTS_TITLE, inputs_article_html, inputs_empty_html, inputs_make_pdf

from newsclaims.cli import cli

GOOD = "Mehr als 300 Soldaten sollen am Montag verletzt worden sein. Die Behörden meldeten 12 Tote.\n"


@pytest.fixture(scope="module")
def inputs_bad_files(tmp_path_factory, inputs_pdf_two_columns):
    """A folder of inputs, most of them bad; name -> (path, expected code or None)."""
    d = tmp_path_factory.mktemp("bad")
    pdf = inputs_pdf_two_columns.data
    files = {
        "gut.txt": (GOOD.encode(), None),
        "abgeschnitten.pdf": (pdf[: len(pdf) // 2], "E106"),
        "verschluesselt.pdf": (inputs_make_pdf(INPUTS_PARAGRAPHS[:2], encrypt="geheim").data, "E107"),
        "scan.pdf": (inputs_make_pdf(image_only=True).data, "E108"),
        "leer.html": (inputs_empty_html().encode(), "E109"),
        "leer.txt": (b"", "E102"),
        "muell.txt": (bytes(range(256)) * 8, "E104"),
        "alt.txt": (GOOD.replace("Behörden", "Behörden in Köln").encode("cp1252"), None),
        "artikel.html": (inputs_article_html().encode(), None),
        "zweispaltig.pdf": (pdf, None),
    }
    out = {}
    for name, (data, code) in files.items():
        (d / name).write_bytes(data)
        out[name] = (str(d / name), code)
    locked = d / "gesperrt.txt"
    locked.write_bytes(GOOD.encode())
    os.chmod(locked, 0)
    # as root the read still succeeds: then it is a good input
    out["gesperrt.txt"] = (str(locked), None if os.access(locked, os.R_OK) else "E105")
    return d, out


def _invoke(args, **kw):
    result = CliRunner().invoke(cli, ["analyze", *args], **kw)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_inputs_of_every_kind(inputs_bad_files, inputs_http_server, monkeypatch, jobs):
    folder, files = inputs_bad_files
    monkeypatch.setenv("NEWSCLAIMS_URL_TIMEOUT_S", "0.5")
    inputs_http_server.routes["/kaputt"] = (500, {"Content-Type": "text/html"}, b"<html>oops</html>", 0)
    inputs_http_server.routes["/langsam"] = (200, {"Content-Type": "text/html"}, b"<html></html>", 2)
    inputs_http_server.routes["/artikel"] = (200, {"Content-Type": "text/html"}, inputs_article_html().encode(), 0)
    urls = {inputs_http_server.base + "/fehlt": "E110", inputs_http_server.base + "/kaputt": "E110",
            inputs_http_server.base + "/langsam": "E110", inputs_http_server.base + "/artikel": None}
    missing = str(folder / "gibt-es-nicht.txt")
    # the parallel run names the language, so its workers skip loading the language detector
    args = [str(folder), *urls, missing, "--jobs", jobs, *(["--lang", "de"] if jobs != "1" else [])]
    result = _invoke(args)
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    expected = {p: c for p, c in files.values()} | urls | {missing: "E101"}
    assert len(records) == len(expected)
    for record in records:
        item = record["input"] if "error" in record else (record["document"]["source"]["path"]
                                                             or record["document"]["source"]["url"])
        if "error" in record:
            assert record["error"]["code"] == expected[item], (item, record["error"])
        else:
            assert expected.get(item, expected.get(inputs_http_server.base + "/artikel")) is None, item
    # one stderr line per failed input, naming input and code
    lines = result.stderr.splitlines()
    for item, code in expected.items():
        if code:
            matching = [line for line in lines if line.startswith(f"newsclaims: {item}: {code}: ")]
            assert len(matching) == 1, (item, code, result.stderr)
    assert any("cp1252" in line and "alt.txt" in line for line in lines)  # decoded, with a warning
    failed = sum(1 for c in expected.values() if c)
    assert f"{len(expected) - failed} of {len(expected)} inputs analysed, {failed} failed" in result.stderr


def test_too_large_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCLAIMS_MAX_INPUT_BYTES", "200")
    big = tmp_path / "lang.txt"
    big.write_text(GOOD * 10, encoding="utf-8")
    small = tmp_path / "kurz.txt"
    small.write_text(GOOD, encoding="utf-8")
    for jobs in ("1", "2"):
        result = _invoke([str(big), str(small), "--jobs", jobs, "--lang", "de"])
        assert result.exit_code == 1
        assert f"newsclaims: {big}: E103: " in result.stderr
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r.get("error", {}).get("code") for r in records] == ["E103", None]


def test_single_bad_input_is_one_line(tmp_path):
    path = tmp_path / "kaputt.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj")
    result = _invoke([str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"newsclaims: {path}: E106: PDF is truncated or corrupt (no end-of-file marker)"


def test_single_pdf_and_html_as_json(tmp_path, inputs_pdf_two_columns):
    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(inputs_pdf_two_columns.data)
    html = tmp_path / "seite.html"
    html.write_text(inputs_article_html(), encoding="utf-8")
    for path, kind in ((pdf, "pdf"), (html, "html")):
        result = _invoke([str(path)])
        assert result.exit_code == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["document"]["source"]["kind"] == kind
        assert report["document"]["title"] == INPUTS_TITLE


def test_no_inputs_found(tmp_path):
    result = _invoke([str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == "newsclaims: E113: no report files found in the given paths\n"
