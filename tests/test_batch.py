"""Many inputs: folders, parallel workers, order, --out, CSV, and a bad file that does not stop the batch."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random

import pytest
from click.testing import CliRunner

from newsclaims.run import expand
from newsclaims.cli import cli
from newsclaims.render.csv import COLUMNS, rows, to_csv
from newsclaims.report import (
    Attribution, Document, Generator, Quantity, Ref, Report, Sentence, SourceInfo, TimeExpr, TimeValue,
)

PLACES = ["Charkiw", "Saporischschja", "Cherson", "Odessa", "Sumy", "Dnipro"]
UNITS = ["Soldaten", "Zivilisten", "Panzer", "Drohnen"]


def inputs_small_report(i: int) -> str:
    """A short generated report in the style of the seed (numbers and places vary with i)."""
    rng = random.Random(i)
    place, unit = rng.choice(PLACES), rng.choice(UNITS)
    return (f"Neue Angriffe auf {place}: Meldung Nummer {i}\n\n"
            f"Mehr als {rng.randint(20, 4000)} {unit} sollen nach Angaben des Militärs in der Nacht "
            f"betroffen gewesen sein. Die Behörden in {place} meldeten am Montag {rng.randint(2, 90)} "
            f"Verletzte. Unabhängig überprüfen ließen sich die Angaben zunächst nicht.\n")


@pytest.fixture(scope="module")
def inputs_report_folder(tmp_path_factory):
    """50 small reports (as .txt) in two sub-folders, plus one corrupt PDF among them."""
    root = tmp_path_factory.mktemp("reports")
    for i in range(50):
        sub = root / ("a" if i < 25 else "b")
        sub.mkdir(exist_ok=True)
        (sub / f"bericht-{i:04d}.txt").write_text(inputs_small_report(i), encoding="utf-8")
    (root / "a" / "bericht-0010x.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")  # cut off
    (root / "a" / "notizen.docx").write_bytes(b"not a report suffix: ignored")
    return root


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_expand_folder_sorted_and_filtered(inputs_report_folder):
    items = expand([str(inputs_report_folder)])
    assert len(items) == 51
    assert items == sorted(items)
    assert not any(i.endswith(".docx") for i in items)


def test_expand_glob(inputs_report_folder):
    items = expand([str(inputs_report_folder / "b" / "*.txt")])
    assert len(items) == 25 and all("/b/" in i for i in items)


def test_folder_with_two_jobs_reports_the_bad_file_and_goes_on(inputs_report_folder):
    result = CliRunner().invoke(cli, ["analyze", str(inputs_report_folder), "--jobs", "2", "--lang", "de"])
    assert result.exit_code == 1
    records = _records(result.stdout)
    items = expand([str(inputs_report_folder)])
    assert len(records) == len(items) == 51
    # output order is input order
    got = [r["input"] if "error" in r else r["document"]["source"]["path"] for r in records]
    assert got == items
    errors = [r for r in records if "error" in r]
    assert len(errors) == 1 and errors[0]["input"].endswith("bericht-0010x.pdf")
    assert errors[0]["error"]["code"] == "E106"
    # one stderr line for the bad file, one summary line, no traceback
    assert "Traceback" not in result.stderr
    assert "bericht-0010x.pdf: E106" in result.stderr
    assert "50 of 51 inputs analysed, 1 failed" in result.stderr
    # each record is its own text
    ok = [r for r in records if "error" not in r]
    assert all(f"Meldung Nummer {int(r['document']['source']['path'][-8:-4])}" in r["document"]["text"] for r in ok)


def test_parallel_output_equals_serial_output(inputs_report_folder):
    runner = CliRunner()
    paths = [str(p) for p in sorted((inputs_report_folder / "b").glob("*.txt"))[:8]]
    serial = runner.invoke(cli, ["analyze", *paths, "--jobs", "1", "--lang", "de"])
    parallel = runner.invoke(cli, ["analyze", *paths, "--jobs", "2", "--lang", "de"])
    assert serial.exit_code == parallel.exit_code == 0
    assert _records(serial.stdout) == _records(parallel.stdout)


def test_out_dir_writes_one_file_per_input(inputs_report_folder, tmp_path):
    paths = [str(p) for p in sorted((inputs_report_folder / "a").glob("bericht-000*.txt"))]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyze", *paths, "--out", str(out), "--lang", "de"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    files = sorted(out.glob("*.json"))
    assert len(files) == len(paths)
    sources = sorted(json.loads(f.read_text(encoding="utf-8"))["document"]["source"]["path"] for f in files)
    assert sources == sorted(paths)


def test_stdin(inputs_report_folder):
    result = CliRunner().invoke(cli, ["analyze", "-", "--lang", "de"], input=inputs_small_report(3))
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["document"]["source"]["kind"] == "stdin"
    assert report["document"]["title"].endswith("Meldung Nummer 3")


def test_stdin_pdf(inputs_pdf_two_columns):
    result = CliRunner().invoke(cli, ["analyze", "-"], input=inputs_pdf_two_columns.data)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["document"]["source"]["kind"] == "pdf"
    assert len(report["document"]["pages"]) == inputs_pdf_two_columns.pages


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

def _report() -> Report:
    text = "Mehr als 1.000 Soldaten sollen am Montag getötet worden sein, sagte der Generalstab."
    doc = Document(id="abc", source=SourceInfo(kind="text", path="x/bericht.txt"), lang="de", text=text,
                   sentences=[Sentence(text=text, start=0, end=len(text), index=0, block=0)])
    time = TimeExpr(id="t1", text="am Montag", start=31, end=40, precision="day", resolved=True,
                    value=TimeValue(start=dt.date(2025, 1, 13), end=dt.date(2025, 1, 13)))
    q = Quantity(id="q1", text="Mehr als 1.000", start=0, end=14, sentence=0, low=1000.0, high=None,
                 approx="more_than", counted={"text": "Soldaten", "start": 15, "end": 23}, category="killed",
                 source=Attribution(text="der Generalstab", start=68, end=83, name="Generalstab",
                                    kind="government_or_military"),
                 certainty="alleged", time=Ref(id="t1", text="am Montag", start=31, end=40))
    return Report(generator=Generator(version="test"), document=doc, quantities=[q], times=[time])


def test_csv_rows_have_every_column():
    report = _report()
    assert report.document.text[68:83] == "der Generalstab"
    table = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert len(table) == 1
    row = table[0]
    assert list(row) == COLUMNS
    assert row == {
        "document_id": "abc", "source_path": "x/bericht.txt", "sentence": report.document.text,
        "figure": "Mehr als 1.000", "start": "0", "end": "14", "low": "1000", "high": "", "approx": "more_than",
        "unit": "", "category": "killed", "counted": "Soldaten", "negated": "false", "source": "Generalstab",
        "source_kind": "government_or_military", "certainty": "alleged", "time_text": "am Montag",
        "time_start": "2025-01-13", "time_end": "2025-01-13",
    }
    assert rows(report)[0][6] == 1000  # integers stay integers


def test_csv_quotes_commas_quotes_and_newlines():
    report = _report()
    report.document.sentences[0].text = 'Er sagte: "1.000, vielleicht mehr"\nund ging.'
    text = to_csv(report)
    back = list(csv.reader(io.StringIO(text)))
    assert back[1][2] == 'Er sagte: "1.000, vielleicht mehr"\nund ging.'


def test_cli_csv_one_header_and_a_row_per_figure(inputs_report_folder):
    paths = [str(p) for p in sorted((inputs_report_folder / "a").glob("bericht-000*.txt"))[:4]]
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", *paths, "--format", "csv", "--lang", "de"])
    assert result.exit_code == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == COLUMNS
    assert sum(1 for row in table if row == COLUMNS) == 1
    jsonl = _records(runner.invoke(cli, ["analyze", *paths, "--lang", "de"]).stdout)
    assert len(table) - 1 == sum(len(r["quantities"]) for r in jsonl)
    ids = {r["document"]["id"] for r in jsonl}
    assert all(row[0] in ids for row in table[1:])


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import sys

    from newsclaims.run.console import Progress as _Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _Progress(5).bar is None
    monkeypatch.setattr(sys, "stderr", Terminal())
    with _Progress(3) as progress:
        assert progress.bar is not None
        progress.advance()
        progress.error_line("newsclaims: x.txt: E101: no such file: x.txt")
        progress.advance()
    assert "newsclaims: x.txt: E101: no such file: x.txt" in sys.stderr.getvalue()
    assert _Progress(1).bar is None  # one input: no bar


def test_fresh_process_forks_its_workers(inputs_report_folder):
    """The command line in a process of its own (one thread): workers fork from it."""
    import subprocess
    import sys

    paths = [str(p) for p in sorted((inputs_report_folder / "b").glob("*.txt"))[:6]]
    code = ("import sys; from newsclaims.run import pool; assert pool.start_method() == 'fork'; "
            "from newsclaims.cli import main; sys.argv = ['newsclaims', *sys.argv[1:]]; main()")
    done = subprocess.run([sys.executable, "-c", code, "analyze", *paths, "missing.txt", "--jobs", "2",
                           "--lang", "de"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    records = _records(done.stdout)
    assert [r["document"]["source"]["path"] for r in records[:-1]] == paths
    assert records[-1]["error"]["code"] == "E101"
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------------------------------------
# how many workers, and that they end with their parent
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cpus,load,n,requested,expected", [
    (2, 2.24, 54, 0, 1),     # the busy two-core machine of issue 22: one process
    (2, 0.3, 54, 0, 2),      # idle: one worker per core once each gets 24 inputs
    (4, 0.0, 54, 0, 2),      # 54 inputs pay for two workers, not four
    (4, 0.0, 10, 0, 1),      # few inputs: the workers' start would cost more than they save
    (16, 9.0, 500, 0, 8),    # 8 cores busy with other work
    (2, 5.0, 54, 2, 2),      # an explicit --jobs is taken as given
    (8, 0.0, 3, 8, 3),       # ... but never more workers than inputs
])
def test_choose_jobs(monkeypatch, cpus, load, n, requested, expected):
    import os

    from newsclaims.run import pool

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cpus)), raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert pool.choose_jobs(requested, n) == expected


def test_jobs_help_says_what_the_default_does():
    text = " ".join(CliRunner().invoke(cli, ["analyze", "--help"]).output.split())
    assert "0: one process, unless every worker would get at least 24 inputs and cores are idle" in text


def test_workers_die_with_their_parent(tmp_path):
    """A parent killed with SIGKILL takes its pool workers with it."""
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from newsclaims.run import pool\n"
        "ex = pool.make_pool(2, 'de')\n"
        "pids = {ex.submit(os.getpid).result() for _ in range(20)} | {p.pid for p in ex._processes.values()}\n"
        "print(' '.join(map(str, sorted(pids))), flush=True)\n"
        "time.sleep(300)\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) == 2
        assert all(_alive(p) for p in pids)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids), pids


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting for a reaper)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
