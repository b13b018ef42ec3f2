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


# ---------------------------------------------------------------------------------------------
# several inputs in one output, dates, error codes (issue 13)
# ---------------------------------------------------------------------------------------------

SECOND = "Die Feuerwehr meldete am Dienstag 40 Verletzte. Mehr als 200 Menschen wurden in Sicherheit gebracht.\n"


@pytest.fixture()
def two_reports(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text(SECOND, encoding="utf-8")
    return str(a), str(b)


def test_json_for_several_inputs_is_one_array(two_reports, tmp_path):
    a, b = two_reports
    missing = str(tmp_path / "fehlt.txt")
    result = _invoke([a, missing, b, "--format", "json", "--lang", "de"])
    assert result.exit_code == 1
    array = json.loads(result.stdout)
    assert isinstance(array, list) and len(array) == 3
    assert [r["document"]["source"]["path"] for r in (array[0], array[2])] == [a, b]
    assert array[1] == {"input": missing, "error": {"code": "E101", "message": f"no such file: {missing}"}}
    # the same text as json.dumps(list, indent=2) of the single reports
    singles = [json.loads(_invoke([p, "--lang", "de"]).stdout) for p in (a, b)]
    assert [array[0], array[2]] == singles
    assert result.stdout == json.dumps([singles[0], array[1], singles[1]], ensure_ascii=False, indent=2) + "\n"


def test_html_for_several_inputs_needs_a_folder(two_reports, tmp_path):
    result = _invoke([*two_reports, "--format", "html", "--lang", "de"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("newsclaims: E301: --format html makes one file per input: add --out DIR for 2 inputs, "
                             "or use --format jsonl for one stream\n")
    out = tmp_path / "seiten"
    result = _invoke([*two_reports, "--format", "html", "--lang", "de", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 2 and all(p.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html") for p in pages)


def test_parquet_writes_one_table_per_input(two_reports, tmp_path):
    import pyarrow.parquet as pq

    from newsclaims.render.csv import COLUMNS

    result = _invoke([*two_reports, "--format", "parquet", "--lang", "de"])
    assert result.exit_code == 1 and result.stderr == "newsclaims: E301: --format parquet writes files: add --out DIR\n"
    out = tmp_path / "tabellen"
    result = _invoke([*two_reports, "--format", "parquet", "--lang", "de", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    tables = [pq.read_table(p) for p in sorted(out.glob("*.parquet"))]
    assert len(tables) == 2 and all(t.column_names == COLUMNS for t in tables)
    lows = sorted(v for t in tables for v in t.column("low").to_pylist() if v is not None)
    assert {12, 40, 200, 300} <= set(lows)


@pytest.mark.parametrize("value,reason", [
    ("2025-13-45", "'2025-13-45' is not a valid date: month must be in 1..12"),
    ("2025-02-30", "'2025-02-30' is not a valid date: day is out of range for month"),
    ("gestern", "'gestern' is not a date in the form YYYY-MM-DD"),
])
def test_wrong_date_says_what_is_wrong(two_reports, value, reason):
    result = _invoke([two_reports[0], "--published", value])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"newsclaims: E301: --published: {reason}\n"


def test_date_from_the_file_name_as_corpus_add_takes_it(tmp_path):
    from newsclaims import corpus

    path = tmp_path / "2024-12-09-report.txt"
    path.write_text(GOOD, encoding="utf-8")
    report = json.loads(_invoke([str(path), "--lang", "de"]).stdout)
    assert report["document"]["published"] == "2024-12-09"
    explicit = json.loads(_invoke([str(path), "--lang", "de", "--published", "2025-01-02"]).stdout)
    assert explicit["document"]["published"] == "2025-01-02"
    db = str(tmp_path / "c.db")
    added = CliRunner().invoke(cli, ["corpus", "add", str(path), "--db", db, "--lang", "de"])
    assert added.exit_code == 0, added.output
    with corpus.open_store(db) as store:
        assert [d["published"].isoformat() for d in corpus.documents(store)] == ["2024-12-09"]


@pytest.mark.parametrize("args", [["tracks"], ["timeline", "x/y/z"], ["search"], ["export", "--format", "csv"],
                                  ["track", "delete", "x"]])
def test_read_only_corpus_commands_never_create_a_store(tmp_path, args):
    db = tmp_path / "sub" / "fehlt.db"
    result = CliRunner().invoke(cli, ["corpus", *args, "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == f"newsclaims: E403: no corpus at sqlite:///{db} (create one with 'newsclaims corpus add')\n"
    assert not db.exists() and not db.parent.exists()


def test_each_error_code_means_one_thing():
    """Every code used in the package is declared once in errors.py with its meaning, and used
    through its constant (so a search for the constant finds every use)."""
    import re
    from pathlib import Path

    import newsclaims
    from newsclaims import errors

    assert len(set(errors.MEANINGS)) == len(errors.MEANINGS)
    assert len(set(errors.MEANINGS.values())) == len(errors.MEANINGS)
    assert all(errors.MEANINGS[getattr(errors, code)] for code in errors.MEANINGS)
    root = Path(newsclaims.__file__).parent
    for path in root.rglob("*.py"):
        if path.name == "errors.py":
            continue
        text = path.read_text(encoding="utf-8")
        literal = re.findall(r"NewsclaimsError\(\s*[\"'](E\d+)", text)
        assert not literal, (path, literal)
        for names in re.findall(r"from \.+errors import \(?([^)\n]+)", text):
            for name in re.findall(r"\bE\d{3}\b", names):
                assert name in errors.MEANINGS, (path, name)
    # the two meanings E301 once had
    assert errors.E113 != errors.E301 and "no report files" in errors.MEANINGS[errors.E113]


def test_eval_table_header_is_not_cut():
    from newsclaims.eval import COLUMNS, format_table

    table = format_table({"overall": {c: None for c in COLUMNS}})
    assert table.splitlines()[0].split() == ["set", *COLUMNS]
    assert "source_kind" in table.splitlines()[0]


# ---------------------------------------------------------------------------------------------
# hostile batches (issue 17)
# ---------------------------------------------------------------------------------------------

def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    bad = tmp_path / "zwei\nzeilen.txt"
    bad.write_bytes(b"")
    good = tmp_path / "gut.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = _invoke([str(bad), str(good), "--lang", "de"])
    assert result.exit_code == 1
    escaped = str(bad).replace("\n", "\\n")
    assert result.stderr.splitlines()[0] == f"newsclaims: {escaped}: E102: input is empty"
    assert len(result.stderr.splitlines()) == 2  # the error and the summary


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    import subprocess
    import sys

    fifo = tmp_path / "rohr.txt"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "newsclaims.cli", "analyze", str(fifo), "--lang", "de"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == f"newsclaims: {fifo}: E105: {fifo} is not a regular file (a FIFO, device or socket)\n"


def test_corpus_add_goes_on_after_an_internal_error(tmp_path, monkeypatch):
    """One input that breaks the analysis (a bug: E901) does not stop ``corpus add --jobs 1``:
    the files after it are stored, one line for it, no traceback."""
    from newsclaims import corpus, pipeline

    real = pipeline.analyze_document

    def breaks_on_marker(document, **kw):
        if "KAPUTT" in document.text:
            raise ValueError("[E088] Text of length 1000001 exceeds maximum")
        return real(document, **kw)

    monkeypatch.setattr(pipeline, "analyze_document", breaks_on_marker)
    paths = []
    for i, text in enumerate([GOOD, "KAPUTT " + SECOND, SECOND]):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(cli, ["corpus", "add", *map(str, paths), "--db", db, "--lang", "de", "--jobs", "1"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"newsclaims: {paths[1]}: E901: internal error: ValueError: [E088] Text of length 1000001 exceeds maximum" \
        in result.output.splitlines()
    assert "newsclaims: 2 added (0 near-duplicates), 0 already stored, 1 failed" in result.output
    with corpus.open_store(db) as store:
        assert [d["path"] for d in corpus.documents(store)] == [str(paths[0]), str(paths[2])]


def test_plurals_in_corpus_output(tmp_path):
    from newsclaims.render import count

    assert [count(1, "point"), count(2, "point"), count(0, "conflict")] == ["1 point", "2 points", "0 conflicts"]
    path = tmp_path / "2024-12-09-a.txt"
    path.write_text(GOOD, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert CliRunner().invoke(cli, ["corpus", "add", str(path), "--db", db, "--lang", "de"]).exit_code == 0
    tracks = json.loads(CliRunner().invoke(cli, ["corpus", "tracks", "--db", db, "--format", "json"]).output)
    one = next(t for t in tracks if t["points"] == 1)
    shown = CliRunner().invoke(cli, ["corpus", "timeline", one["name"], "--db", db]).output
    assert shown.splitlines()[0] == f"track {one['name']}: 1 dated point, 0 undated, 0 conflicts, 0 revisions"
