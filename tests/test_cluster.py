"""Record files (JSON Lines, Parquet) and the run flow on a Dask cluster: the same results as a
local run document by document, bad inputs reported once, a worker killed mid-run losing
nothing and doubling nothing, the corpus filled through the cluster on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclaims.cli import cli

pytest_plugins = ["conftest_postgres"]

SRC = str(Path(__file__).resolve().parents[1] / "src")
TOWNS = ["Lindhafen", "Bergstedt", "Ostmarsch", "Kellwitz", "Harnau"]
GOODS = ["Tonnen Getreide", "Lastwagen", "Zelte", "Generatoren"]


def report_text(i: int) -> str:
    """A short report of its own (town, goods and figures vary with i)."""
    town, goods = TOWNS[i % len(TOWNS)], GOODS[i % len(GOODS)]
    return (f"Hilfe für {town} erreicht das Lager, Lieferung {i}\n\n"
            f"Rund {120 + 37 * i} {goods} sind nach Angaben des Roten Kreuzes am Dienstag in {town} "
            f"angekommen. Der Bürgermeister sprach von {3 + i % 7} Konvois in dieser Woche. "
            f"Weitere {15 + i} Fahrzeuge sollen bis Freitag folgen.\n")


def record(i: int) -> dict:
    return {"id": f"agentur-{i:03d}", "text": report_text(100 + i), "lang": "de",
            "published": f"2025-06-{1 + i % 28:02d}", "url": f"https://beispiel.example/meldung/{i}",
            "site": "Beispielblatt"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """12 text files in a folder; 12 records as JSON Lines (with one broken line) and as Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("cluster-reports")
    (root / "folder").mkdir()
    for i in range(12):
        (root / "folder" / f"lieferung-{i:03d}.txt").write_text(report_text(i), encoding="utf-8")
    lines = [json.dumps(record(i), ensure_ascii=False) for i in range(12)]
    lines.insert(4, '{"id": "kaputt", "text": ')
    (root / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([record(i) for i in range(12)]), root / "records.parquet", row_group_size=5)
    return root


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _analyze(*args) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(cli, ["analyze", *map(str, args), "--lang", "de"])
    return result.exit_code, _records(result.stdout), result.stderr


@pytest.fixture(scope="module")
def local_run(reports):
    """The reference: the folder and both record files analysed in this process."""
    return _analyze(reports / "folder", reports / "records.jsonl", reports / "records.parquet", "--jobs", "1")


# ---------------------------------------------------------------------------------------------
# record files, without a cluster
# ---------------------------------------------------------------------------------------------

def test_records_land_in_the_report_and_a_bad_line_is_reported_once(local_run, reports):
    code, out, err = local_run
    assert code == 1
    assert len(out) == 12 + 13 + 12                           # the broken line is an error record
    jsonl = out[12:25]
    assert jsonl[4]["error"]["code"] == "E114"
    assert jsonl[4]["input"] == f"{reports / 'records.jsonl'}:5"
    first = jsonl[0]["document"]
    assert first["source"] == {"name": "agentur-000", "kind": "text", "path": str(reports / "records.jsonl"),
                               "url": "https://beispiel.example/meldung/0", "sha256": None}
    assert (first["site"], first["published"], first["lang"]) == ("Beispielblatt", "2025-06-01", "de")
    assert jsonl[5]["document"]["source"]["name"] == "agentur-004"          # the order is the file's
    assert err.count("E114") == 1
    assert f"{reports / 'records.jsonl'}:5: E114: not a JSON record" in err
    assert "36 of 37 inputs analysed, 1 failed" in err


def test_parquet_and_json_lines_give_the_same_reports(local_run):
    out = copy.deepcopy(local_run[1])      # the fixture is shared: compare copies
    from_jsonl = [r for r in out[12:25] if "document" in r]
    from_parquet = out[25:]
    for a, b in zip(from_jsonl, from_parquet, strict=True):
        a["document"]["source"].pop("path"), b["document"]["source"].pop("path")
        assert a == b


@pytest.mark.parametrize("content,code,message", [
    (b"PAR1 not really parquet", "E115", "cannot read"),
    (None, "E115", "has no 'text' column"),
])
def test_unreadable_record_file_is_one_failed_input(tmp_path, reports, content, code, message):
    import pyarrow as pa
    import pyarrow.parquet as pq

    bad = tmp_path / "kaputt.parquet"
    if content is None:
        pq.write_table(pa.Table.from_pylist([{"id": "x", "body": "kein Text-Feld"}]), bad)
    else:
        bad.write_bytes(content)
    exit_code, out, err = _analyze(bad, reports / "folder" / "lieferung-000.txt")
    assert exit_code == 1
    assert [r.get("error", {}).get("code") for r in out] == [code, None]
    assert err.count(code) == 1 and message in err


def test_record_fields_of_the_wrong_kind_are_e114(tmp_path):
    path = tmp_path / "falsch.jsonl"
    path.write_text("\n".join([json.dumps({"id": "a", "text": 5}), "[1, 2]",
                               json.dumps({"id": "b", "text": report_text(1), "published": "2025-13-01"})]) + "\n")
    exit_code, out, err = _analyze(path)
    assert exit_code == 1
    assert [r["error"]["code"] for r in out] == ["E114", "E114", "E114"]
    assert "record has no 'text' string" in err and "not a JSON object but list" in err
    assert "'published'" in err and "month must be in 1..12" in err


def test_parquet_is_read_batch_by_batch(reports, monkeypatch):
    """Never the whole file: rows come from iter_batches, a batch at a time."""
    import pyarrow.parquet as pq

    from newsclaims.run import records

    sizes = []
    real = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        for batch in real(self, *args, **kwargs):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    monkeypatch.setattr(records, "PARQUET_BATCH", 4)
    rows = records.read_records(str(reports / "records.parquet"))
    assert next(rows)[0].endswith("records.parquet:1") and sizes == [4]
    assert len(list(rows)) == 11 and max(sizes) == 4


# ---------------------------------------------------------------------------------------------
# errors before a run
# ---------------------------------------------------------------------------------------------

def test_missing_cluster_extra_is_one_line(reports, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)     # import distributed -> ImportError
    code, out, err = _analyze(reports / "folder", "--scheduler", "local:2")
    assert (code, out) == (1, [])
    assert err.strip() == "newsclaims: E701: --scheduler needs Dask: pip install 'newsclaims[cluster]'"


def test_bad_scheduler_values(reports, monkeypatch):
    from newsclaims.run import dask as run_dask

    code, _, err = _analyze(reports / "folder", "--scheduler", "local:zwei")
    assert code == 1 and "E301: --scheduler local:zwei: write local:N" in err
    monkeypatch.setattr(run_dask, "CONNECT_TIMEOUT_S", 2)
    code, _, err = _analyze(reports / "folder", "--scheduler", f"tcp://127.0.0.1:{_free_port()}")
    assert code == 1 and err.startswith("newsclaims: E702: no Dask cluster at tcp://127.0.0.1:")
    assert len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# a LocalCluster of two worker processes
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def local_cluster():
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


def test_cluster_run_matches_local_run(local_cluster, local_run, reports):
    code, out, err = _analyze(reports / "folder", reports / "records.jsonl", reports / "records.parquet",
                              "--scheduler", local_cluster)
    assert code == local_run[0] == 1
    assert len(out) == len(local_run[1])
    for mine, theirs in zip(out, local_run[1]):
        assert mine == theirs
    assert err.count("E114") == 1
    assert f"newsclaims: Dask cluster {local_cluster}, 2 worker threads, dashboard http://" in err
    # Each worker process built its pipeline once (when it joined), and every task reused it.
    from distributed import Client

    with Client(local_cluster) as client:
        builds = client.run(lambda: __import__("newsclaims.pipeline", fromlist=["x"]).get_nlp.cache_info())
    assert len(builds) == 2
    assert all(info.misses == 1 and info.hits >= 1 for info in builds.values()), builds


def test_parquet_out_one_file_per_partition(local_cluster, local_run, reports, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from newsclaims.run import console

    monkeypatch.setattr(console, "PARTITION", 5)
    code, out, err = _analyze(reports / "records.jsonl", "--scheduler", local_cluster, "--format", "parquet",
                              "--out", tmp_path)
    assert (code, out, err.count("E114")) == (1, [], 1)
    parts = sorted(p.name for p in tmp_path.iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]   # 12 records, 5 a file
    tables = [pq.read_table(tmp_path / p).to_pylist() for p in parts]
    expected = [r for r in local_run[1][12:25] if "document" in r]
    for k, table in enumerate(tables):
        reports_here = expected[5 * k:5 * k + 5]
        assert len(table) == sum(len(r["quantities"]) for r in reports_here)
        assert [row["figure"] for row in table] == [q["text"] for r in reports_here for q in r["quantities"]]
        assert {row["source_name"] for row in table} == {r["document"]["source"]["name"] for r in reports_here}


def test_local_n_starts_its_own_cluster_and_prints_the_dashboard(reports):
    files = sorted((reports / "folder").glob("*.txt"))[:3]
    code, out, err = _analyze(*files, "--scheduler", "local:1")
    assert code == 0
    assert [r["document"]["source"]["path"] for r in out] == [str(f) for f in files]
    assert "newsclaims: Dask cluster local:1, 1 worker thread, dashboard http://127.0.0.1:" in err


def _stored(url: str) -> list[tuple]:
    from sqlalchemy import create_engine, text

    from newsclaims.corpus.store import resolve_url

    engine = create_engine(resolve_url(url))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT d.content_hash, d.url, d.site, d.published, n.content_hash "
                                 "FROM documents d LEFT JOIN documents n ON n.id = d.near_duplicate_of "
                                 "ORDER BY d.id")).all()
    engine.dispose()
    return [tuple(str(v) if v is not None else None for v in r) for r in rows]


def _corpus_add(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["corpus", "add", *map(str, args), "--lang", "de"])
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def local_corpus(reports, tmp_path_factory):
    """The reference store: folder and records added in this process."""
    db = tmp_path_factory.mktemp("local-corpus") / "corpus.db"
    code, err = _corpus_add(reports / "folder", reports / "records.jsonl", "--db", db)
    assert code == 1 and "24 added" in err
    return _stored(str(db))


def test_corpus_add_through_the_cluster(local_cluster, local_corpus, reports, db_url):
    code, err = _corpus_add(reports / "folder", reports / "records.jsonl", "--db", db_url, "--scheduler", local_cluster)
    assert code == 1 and err.count("E114") == 1
    assert "24 added" in err
    stored = _stored(db_url)
    assert stored == local_corpus                       # same documents, same order, same near-duplicates
    assert len({row[0] for row in stored}) == len(stored) == 24
    # Again, and the Parquet copy of the records: everything is already there.
    code, err = _corpus_add(reports / "folder", reports / "records.parquet", "--db", db_url, "--scheduler", local_cluster)
    assert code == 0 and "0 added (0 near-duplicates), 24 already stored, 0 failed" in err
    assert _stored(db_url) == stored


# ---------------------------------------------------------------------------------------------
# a scheduler and workers started by hand; one killed mid-run
# ---------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HandCluster:
    """``dask scheduler`` and ``dask worker`` processes (no nanny: a killed worker stays dead)."""

    def __init__(self, tmp: Path):
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        self.log = tmp
        self.procs: dict[str, subprocess.Popen] = {}
        self._start("scheduler", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                    "--port", self.address.rsplit(":", 1)[1], "--no-dashboard")

    def _start(self, name: str, module: str, *args: str) -> None:
        log = open(self.log / f"{name}.log", "wb")
        self.procs[name] = subprocess.Popen([sys.executable, "-m", module, *args], env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)

    def worker(self, name: str) -> None:
        self._start(name, "distributed.cli.dask_worker", self.address, "--name", name, "--nthreads", "1",
                    "--no-nanny", "--no-dashboard")

    def kill_when_busy(self, client, name: str, deadline_s: float = 240) -> int:
        """SIGKILL worker ``name`` once it is analysing a task; the tasks it held then."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            held = {info["name"]: len(client.processing().get(addr, ()))
                    for addr, info in client.scheduler_info()["workers"].items()}
            if held.get(name):
                self.procs[name].send_signal(signal.SIGKILL)
                self.procs[name].wait(timeout=30)
                return held[name]
            time.sleep(0.05)
        raise AssertionError(f"worker {name} never got a task")

    def close(self) -> None:
        for proc in reversed(self.procs.values()):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _cli(env, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from newsclaims.cli import main; main()", *map(str, args)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.postgres
def test_worker_killed_mid_run_loses_and_doubles_nothing(reports, local_run, local_corpus, postgres_server, tmp_path):
    from distributed import Client

    hand = HandCluster(tmp_path)
    try:
        hand.worker("a")
        hand.worker("b")
        with Client(hand.address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=240)
            run = _cli(hand.env, "analyze", reports / "folder", reports / "records.jsonl", reports / "records.parquet",
                       "--lang", "de", "--scheduler", hand.address)
            assert hand.kill_when_busy(client, "a") >= 1
            out, err = run.communicate(timeout=600)
            assert run.returncode == 1, err
            assert _records(out) == local_run[1]                # document by document, none lost or doubled
            assert err.count("E114") == 1 and "Traceback" not in err

            hand.worker("c")
            client.wait_for_workers(2, timeout=240)
            db = postgres_server.create_database()
            add = _cli(hand.env, "corpus", "add", reports / "folder", reports / "records.jsonl", "--lang", "de",
                       "--db", db, "--scheduler", hand.address)
            assert hand.kill_when_busy(client, "b") >= 1
            _, err = add.communicate(timeout=600)
            assert add.returncode == 1 and "24 added" in err and err.count("E114") == 1, err
            assert _stored(db) == local_corpus
    finally:
        hand.close()
