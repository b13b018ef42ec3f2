"""Many inputs through ``analyze``: expansion, parallel workers, per-input errors, one format.

* Inputs: files, folders (every report file under them, sorted), globs, URLs, ``-`` (stdin).
* ``jobs`` > 1 runs a process pool. Workers fork from this process after it has built the
  pipeline (or, where forking this process is unsafe, from a forkserver that has imported it)
  and keep their spaCy pipelines for every input they get. Output keeps the order of the inputs.
* A bad input is reported (one stderr line and, in JSON Lines, an error record) and the batch
  goes on; the exit code is 1 when any input failed. Never a traceback: an unexpected exception
  inside one analysis is reported as E901 for that input.
* A rich progress bar is shown on stderr, only when stderr is a terminal.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from .errors import E301, E901, NewsclaimsError

SUFFIXES = (".txt", ".text", ".md", ".pdf", ".html", ".htm")
FORMATS = ("json", "jsonl", "text", "csv", "html")
# With jobs=0 (auto), a pool is worth its start-up cost only from this many inputs on.
AUTO_POOL_MIN_INPUTS = 8
# Most inputs sent to a worker in one task (results come back per task, in input order).
MAX_CHUNK = 16
_GLOB_CHARS = set("*?[")
_FILE_SUFFIX = {"json": ".json", "jsonl": ".json", "text": ".txt", "csv": ".csv", "html": ".html"}


def expand(inputs: list[str]) -> list[str]:
    """Folders become the report files under them (sorted); globs are expanded; paths, URLs and
    '-' stay as given (a missing path is reported when it is analysed)."""
    out = []
    for item in inputs:
        p = Path(item)
        if item != "-" and p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif item != "-" and not p.exists() and _GLOB_CHARS & set(item) and not _is_url(item):
            matches = sorted(m for m in glob.glob(item, recursive=True) if Path(m).is_file())
            out.extend(matches or [item])
        else:
            out.append(item)
    return out


def _is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


@dataclass
class Result:
    index: int
    item: str
    output: str | None = None              # the rendered report (or the path written with --out)
    error: tuple[str, str] | None = None    # (code, message)
    warnings: list[str] = field(default_factory=list)


def analyze_one(item: str, lang: str | None, published: dt.date | None, data: bytes | None = None):
    """One input to (Report, ingest warnings)."""
    from .ingest import load
    from .pipeline import analyze_document
    from .report import SourceInfo

    if data is not None:  # standard input, read by the parent
        from .ingest import load_bytes

        document = load_bytes(data, SourceInfo(kind="stdin", name="-"), lang=lang)
    else:
        document = load(item if _is_url(item) else Path(item), lang=lang)
    warnings = list(document.warnings)
    return analyze_document(document, lang=lang, published=published), warnings


def _render(report, fmt: str) -> str:
    if fmt == "json":
        from .render.json import to_json

        return to_json(report)
    if fmt == "jsonl":
        from .render.json import to_jsonl

        return to_jsonl(report)
    if fmt == "csv":
        from .render.csv import to_csv

        return to_csv(report, with_header=False)
    if fmt == "html":
        from .render.html import to_html

        return to_html(report)
    from .render.text import to_text

    return to_text(report)


def work(index: int, item: str, lang, published, fmt: str, out_dir: str | None, data: bytes | None = None) -> Result:
    """Analyse and render one input; never raises (errors travel back as data)."""
    try:
        report, warnings = analyze_one(item, lang, published, data)
        if out_dir:
            from .render.csv import header

            text = _render(report, "json" if fmt == "jsonl" else fmt)
            path = Path(out_dir) / f"{report.document.id}{_FILE_SUFFIX[fmt]}"
            path.write_text((header() + text) if fmt == "csv" else text, encoding="utf-8")
            return Result(index, item, output=str(path), warnings=warnings)
        return Result(index, item, output=_render(report, fmt), warnings=warnings)
    except NewsclaimsError as exc:
        return Result(index, item, error=(exc.code, exc.message))
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # a bug in one analysis must not stop the batch or print a traceback
        return Result(index, item, error=(E901, f"internal error: {type(exc).__name__}: {exc}"))


def _settings_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("NEWSCLAIMS_")}


def _init_worker(lang: str | None, env: dict[str, str]) -> None:
    """Runs once per worker process: take the caller's settings, build the pipeline."""
    from .pipeline import get_nlp

    # The forkserver may be older than the caller's settings: use the caller's.
    for key in [k for k in os.environ if k.startswith("NEWSCLAIMS_")]:
        del os.environ[key]
    os.environ.update(env)
    if lang:
        try:
            get_nlp(lang)
        except Exception:  # noqa: BLE001 - reported per input when the first analysis tries again
            pass


def start_method() -> str:
    """``fork`` when this process is safe to fork (one thread, no native detector loaded): the
    workers then inherit the imported modules and a pipeline built here. Otherwise
    ``forkserver``: workers fork from a clean server process that has imported the pipeline."""
    import multiprocessing as mp
    import threading

    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and "lingua" not in sys.modules:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _pool(jobs: int, lang: str | None):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    method = start_method()
    ctx = mp.get_context(method)
    if method == "fork" and lang:
        _init_worker(lang, _settings_env())  # build the pipeline once, here; the workers inherit it
    if method == "forkserver":
        ctx.set_forkserver_preload(["newsclaims.pipeline"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(lang, _settings_env()))


def work_chunk(chunk: list[tuple[int, str, bytes | None]], lang, published, fmt, out_dir) -> list[Result]:
    return [work(i, item, lang, published, fmt, out_dir, data) for i, item, data in chunk]


def _chunk_size(n: int, jobs: int) -> int:
    """Inputs per task: enough to keep inter-process traffic small, small enough to balance."""
    return max(1, min(MAX_CHUNK, n // (jobs * 8)))


def _results(items, jobs, lang, published, fmt, out_dir, stdin_data):
    """Results in input order, analysed in this process or in a pool of ``jobs`` workers.

    The pool is started here, eagerly (before any progress-bar thread exists); the results
    come from the returned generator."""
    if jobs <= 1 or len(items) <= 1:
        return (work(i, item, lang, published, fmt, out_dir, stdin_data if item == "-" else None)
                for i, item in enumerate(items))
    tasks = [(i, item, stdin_data if item == "-" else None) for i, item in enumerate(items)]
    size = _chunk_size(len(items), jobs)
    chunks = [tasks[k:k + size] for k in range(0, len(tasks), size)]
    pool = _pool(jobs, lang)
    futures = [pool.submit(work_chunk, chunk, lang, published, fmt, out_dir) for chunk in chunks]
    return _collect(pool, chunks, futures)


def _collect(pool, chunks, futures):
    from concurrent.futures.process import BrokenProcessPool

    try:
        for chunk, future in zip(chunks, futures):
            try:
                yield from future.result()
            except BrokenProcessPool:
                for i, item, _ in chunk:
                    yield Result(i, item, error=(E901, "the worker process died while analysing this input"))
            except Exception as exc:  # e.g. a result that could not be sent back
                for i, item, _ in chunk:
                    yield Result(i, item, error=(E901, f"internal error: {type(exc).__name__}: {exc}"))
    finally:
        for future in futures:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _jobs(jobs: int, n: int) -> int:
    if jobs and jobs > 0:
        return min(jobs, n)
    if n < AUTO_POOL_MIN_INPUTS:
        return 1
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1), n)


class _Progress:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __init__(self, total: int):
        self.bar = None
        if total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("analyse", total=total)

    def __enter__(self):
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()

    def advance(self):
        if self.bar:
            self.bar.advance(self.task)

    def error_line(self, line: str):
        if self.bar:
            self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line, err=True)


def run_batch(inputs: list[str], *, lang=None, published=None, fmt=None, jobs=1, out_dir=None) -> int:
    """Analyse every input, print (or write) the results in input order; 1 if any failed."""
    items = expand(inputs)
    if not items:
        click.echo(f"newsclaims: {NewsclaimsError(E301, 'no report files found in the given paths')}", err=True)
        return 1
    if fmt is not None and fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        click.echo(f"newsclaims: {NewsclaimsError(E301, f'unknown format {fmt!r}; one of {choices}')}", err=True)
        return 1
    fmt = fmt or ("json" if len(items) == 1 and not out_dir else "jsonl")
    if out_dir:
        try:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            click.echo(f"newsclaims: {NewsclaimsError(E301, f'cannot create output folder {out_dir}: {exc.strerror or exc}')}", err=True)
            return 1
    stdin_data = sys.stdin.buffer.read() if "-" in items else None
    if fmt == "csv" and not out_dir:
        from .render.csv import header

        click.echo(header(), nl=False)
    failed = 0
    results = _results(items, _jobs(jobs, len(items)), lang, published, fmt, out_dir, stdin_data)
    with _Progress(len(items)) as progress:
        for result in results:
            progress.advance()
            for warning in result.warnings:
                progress.error_line(f"newsclaims: {result.item}: warning: {warning}")
            if result.error:
                failed += 1
                code, message = result.error
                progress.error_line(f"newsclaims: {result.item}: {code}: {message}")
                if fmt == "jsonl" and not out_dir:
                    click.echo(json.dumps({"input": result.item, "error": {"code": code, "message": message}},
                                          ensure_ascii=False))
                continue
            if not out_dir:
                click.echo(result.output, nl=not (fmt == "csv"))
    if len(items) > 1:
        progress.error_line(f"newsclaims: {len(items) - failed} of {len(items)} inputs analysed, {failed} failed")
    return 1 if failed else 0
