"""Reports per second on the local process pool and on a Dask cluster, in the same run.

    python benchmarks/cluster.py [--docs 120] [--workers 1 2] [--db URL]

For each worker count: the local process pool (``run.pool.ProcessPool``) and a LocalCluster of
that many single-threaded worker processes (``run.dask.DaskExecutor``), on the same synthetic
JSON Lines file of German reports. Start-up (pool start or cluster start and pipeline warm-up)
is timed apart from the run. Then the per-task overhead of each executor (empty tasks, round
trip), and the rate of the corpus writer (``corpus.add_reports``, one transaction per
document) into ``--db`` (default a fresh SQLite file): the figures docs/scaling.md reasons from.
Needs the extra ``cluster``. Prints one table; ``--json`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path

TOWNS = ["Lindhafen", "Bergstedt", "Ostmarsch", "Kellwitz", "Harnau", "Quellbach"]


def report_text(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    return (f"Hilfe für {town} erreicht das Lager, Lieferung {i}\n\n"
            f"Rund {120 + 37 * i} Tonnen Getreide sind nach Angaben des Roten Kreuzes am Dienstag in {town} "
            f"angekommen. Der Bürgermeister sprach von {3 + i % 7} Konvois in dieser Woche, die Polizei "
            f"zählte {40 + i % 50} Fahrzeuge. Weitere {15 + i} Lastwagen sollen bis Freitag folgen; "
            f"die Vereinten Nationen schätzen den Bedarf auf 2,5 Millionen Euro im Monat.\n")


def write_records(folder: Path, n: int) -> str:
    path = folder / "records.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"b{i}", "text": report_text(i), "lang": "de"}, ensure_ascii=False) + "\n")
    return str(path)


def timed_run(items: list[str], executor) -> tuple[float, list]:
    from newsclaims.run import Options, run

    t0 = time.perf_counter()
    outcomes = list(run(items, Options(lang="de"), executor=executor))
    return time.perf_counter() - t0, outcomes


def _noop() -> None:
    return None


def task_overhead(submit_many, tasks: int = 400) -> float:
    """Seconds per empty task, submitted and collected in order."""
    t0 = time.perf_counter()
    submit_many(tasks)
    return (time.perf_counter() - t0) / tasks


def pool_rows(items, n, workers: int) -> dict:
    from newsclaims.run.pool import ProcessPool, make_pool

    t0 = time.perf_counter()
    warm = make_pool(workers, "de")
    list(warm.map(_noop_arg, range(workers * 4)))        # every worker started and warm
    start = time.perf_counter() - t0
    warm.shutdown()
    seconds, outcomes = timed_run(items, ProcessPool(workers, "de"))
    pool = make_pool(workers, "de")
    try:
        overhead = task_overhead(lambda k: [f.result() for f in [pool.submit(_noop) for _ in range(k)]])
    finally:
        pool.shutdown()
    return {"executor": "process pool", "workers": workers, "start_s": start, "run_s": seconds,
            "reports_per_s": n / seconds, "task_overhead_ms": overhead * 1000, "failed": _failed(outcomes),
            "reports": [o.value for o in outcomes if not o.error]}


def _noop_arg(_x) -> None:
    return None


def dask_rows(items, n, workers: int) -> dict:
    from distributed import LocalCluster

    from newsclaims.run.dask import DaskExecutor

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster:
        DaskExecutor(cluster.scheduler_address, "de").close()            # workers warm (pipelines built)
        start = time.perf_counter() - t0
        seconds, outcomes = timed_run(items, DaskExecutor(cluster.scheduler_address, "de"))
        ex = DaskExecutor(cluster.scheduler_address, "de")
        try:
            overhead = task_overhead(lambda k: [f.result() for f in [ex.client.submit(_noop, pure=False)
                                                                     for _ in range(k)]])
        finally:
            ex.close()
    return {"executor": "dask", "workers": workers, "start_s": start, "run_s": seconds,
            "reports_per_s": n / seconds, "task_overhead_ms": overhead * 1000, "failed": _failed(outcomes)}


def _failed(outcomes) -> int:
    return sum(1 for o in outcomes if o.error)


def writer_rate(reports: list, db: str | None, folder: Path, dedupe: bool = True) -> dict:
    """Documents/s of ``add_reports`` into a fresh store (``db`` must be empty)."""
    from newsclaims.corpus import add_reports, open_store

    with open_store(db or str(folder / f"bench-{dedupe}.db")) as store:
        t0 = time.perf_counter()
        result = add_reports(store, reports, dedupe=dedupe)
        seconds = time.perf_counter() - t0
    return {"documents": result.added, "write_s": seconds, "documents_per_s": result.added / seconds,
            "dedupe": dedupe}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--db", help="corpus URL for the writer rate (default: a fresh SQLite file)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        items = [write_records(folder, args.docs)]
        rows = []
        for workers in args.workers:
            rows.append(pool_rows(items, args.docs, workers))
            rows.append(dask_rows(items, args.docs, workers))
        reports = rows[0].pop("reports")
        writers = [writer_rate(reports, args.db, folder)]
        if not args.db:
            writers.append(writer_rate(reports, None, folder, dedupe=False))
        for r in rows:
            r.pop("reports", None)
    if args.json:
        print(json.dumps({"docs": args.docs, "runs": rows, "writer": writers}, indent=2))
        return
    print(f"{args.docs} reports (JSON Lines records)")
    print(f"{'executor':<13} {'workers':>7} {'start s':>8} {'run s':>7} {'reports/s':>10} {'ms/task':>8} {'failed':>6}")
    for r in rows:
        print(f"{r['executor']:<13} {r['workers']:>7} {r['start_s']:>8.1f} {r['run_s']:>7.1f} "
              f"{r['reports_per_s']:>10.1f} {r['task_overhead_ms']:>8.2f} {r['failed']:>6}")
    print("(the pool's run includes starting its workers, as every run does; the Dask cluster was "
          "started and warmed before its run: its start-up is paid once per cluster)")
    for w in writers:
        print(f"corpus writer{'' if w['dedupe'] else ', near-duplicate lookup off'}: {w['documents']} documents "
              f"in {w['write_s']:.1f} s, {w['documents_per_s']:.0f} documents/s (one transaction each)")


if __name__ == "__main__":
    main()
