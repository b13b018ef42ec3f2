"""What ``newsclaims analyze`` writes: each output to stdout (one stream in input order) or one
file per input into ``--out``; for each failed input one stderr line; a summary line for
several inputs; a progress bar on stderr only when it is a terminal. Exit code 1 when any
input failed."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import click

from ..errors import E113, E301, E601, NewsclaimsError
from ..render import Renderer, count, formats
from .flow import Options, Outcome, run
from .inputs import count_inputs, expand, shown
from .pool import local_executor
from .records import is_record_file


# Inputs per Parquet file when record files are written with --format parquet --out DIR.
PARTITION = 1000


def output_plan(fmt: str | None, n: int, out_dir: str | None, records: bool = False) -> tuple[Renderer, str]:
    """(renderer, mode): ``files`` (one per input into out_dir), ``partitions`` (parquet of
    record files: one file per PARTITION inputs), ``whole`` (one input to stdout) or ``stream``
    (several inputs in one stdout stream). E301 when the format cannot do it."""
    name = fmt or ("json" if n == 1 or out_dir else "jsonl")
    if name not in formats():
        raise NewsclaimsError(E301, f"unknown format {name!r}; one of {', '.join(formats())}")
    r = formats()[name]
    if out_dir:
        return r, "partitions" if records and name == "parquet" else "files"
    if r.binary:
        raise NewsclaimsError(E301, f"--format {name} writes files: add --out DIR")
    if n == 1:
        return r, "whole"
    if r.stream is None:
        raise NewsclaimsError(E301, f"--format {name} makes one file per input: add --out DIR for {n} inputs, "
                                    "or use --format jsonl for one stream")
    return r, "stream"


def _whole(name: str, report) -> str | bytes:
    return formats()[name].render(report)


def _piece(name: str, report) -> str:
    return formats()[name].stream.piece(report)


def _write_file(name: str, out_dir: str, report) -> str:
    r = formats()[name]
    path = Path(out_dir) / f"{report.document.id}{r.suffix}"
    content = r.render(report)
    try:
        path.write_bytes(content) if r.binary else path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise NewsclaimsError(E601, f"cannot write {path}: {exc.strerror or exc}") from None
    return str(path)


def _figure_rows(report) -> list[list]:
    """The figure table of the parquet format, plus the record's id (``source_name``)."""
    from ..render.csv import rows

    return [[*row, report.document.source.name] for row in rows(report)]


class Partitions:
    """The figure tables of PARTITION analysed inputs at a time, in input order, as one Parquet file
    each (``part-00000.parquet``, ...): millions of records make a few hundred files, not
    millions. Written here, so workers need no access to the output folder."""

    def __init__(self, out_dir: str):
        self.out_dir, self.rows, self.inputs, self.number = Path(out_dir), [], 0, 0

    def add(self, outcome: Outcome) -> None:
        self.rows.extend(outcome.value or [])
        self.inputs += 1
        if self.inputs == PARTITION:
            self.flush()

    def flush(self) -> None:
        from ..render.csv import COLUMNS
        from ..render.table import parquet_bytes

        columns = [*COLUMNS, "source_name"]
        if not self.inputs:
            return
        path = self.out_dir / f"part-{self.number:05d}.parquet"
        try:
            path.write_bytes(parquet_bytes([dict(zip(columns, r)) for r in self.rows], columns))
        except OSError as exc:
            raise NewsclaimsError(E601, f"cannot write {path}: {exc.strerror or exc}") from None
        self.rows, self.inputs, self.number = [], 0, self.number + 1


def _finish(r: Renderer, mode: str, out_dir: str | None):
    if mode == "partitions":
        return _figure_rows
    if mode == "files":
        return partial(_write_file, r.name, out_dir)
    return partial(_piece if mode == "stream" else _whole, r.name)


class Progress:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __init__(self, total: int):
        self.bar = None
        if total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self.bar = Bar(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
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


def analyze_command(inputs: list[str], *, lang=None, published=None, fmt=None, jobs=0, out_dir=None,
                    scheduler=None) -> int:
    """Analyse every input and write the outputs; the exit code (1 if any input failed)."""
    items = expand(inputs)
    try:
        if not items:
            raise NewsclaimsError(E113, "no report files found in the given paths")
        n = count_inputs(items)
        r, mode = output_plan(fmt, n, out_dir, records=any(map(is_record_file, items)))
        if out_dir:
            _make_folder(out_dir)
        executor = open_executor(scheduler, jobs, n, lang)
    except NewsclaimsError as exc:
        click.echo(shown(f"newsclaims: {exc}"), err=True)
        return 1
    stdin = sys.stdin.buffer.read() if "-" in items else None
    options = Options(lang=lang, published=published, finish=_finish(r, mode, out_dir))
    outcomes = run(items, options, stdin=stdin, executor=executor, total=n)
    parts = Partitions(out_dir) if mode == "partitions" else None
    try:
        failed = _write(outcomes, r, mode, n, parts)
    except NewsclaimsError as exc:     # a partition file that cannot be written ends the run
        click.echo(shown(f"newsclaims: {exc}"), err=True)
        return 1
    return 1 if failed else 0


def open_executor(scheduler: str | None, jobs: int, n: int, lang: str | None):
    """Where the analyses run: a Dask cluster (``--scheduler``, its dashboard address printed)
    or the local pool by ``--jobs``."""
    if not scheduler:
        return local_executor(jobs, n, lang)
    from .dask import DaskExecutor

    executor = DaskExecutor(scheduler, lang)
    click.echo(f"newsclaims: Dask cluster {scheduler}, {count(executor.slots, 'worker thread')}, "
               f"dashboard {executor.dashboard or 'not available (pip install bokeh)'}", err=True)
    return executor


def _make_folder(out_dir: str) -> None:
    try:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsclaimsError(E601, f"cannot create output folder {out_dir}: {exc.strerror or exc}") from None


def _write(outcomes, r: Renderer, mode: str, n: int, parts: Partitions | None = None) -> int:
    """Write every outcome as it comes, in input order; the number that failed."""
    failed, seen, first = 0, 0, True
    stream = r.stream if mode == "stream" else None
    if stream and stream.head:
        click.echo(stream.head, nl=False)
    with Progress(n) as progress:
        for outcome in outcomes:
            seen += 1
            progress.advance()
            for warning in outcome.warnings:
                progress.error_line(shown(f"newsclaims: {outcome.item}: warning: {warning}"))
            if outcome.error:
                failed += 1
                progress.error_line(outcome.error_line())
            elif parts:
                parts.add(outcome)
            text = _text_of(outcome, stream, mode)
            if text is None:
                continue
            if stream:
                text = ("" if first else stream.sep) + text
            first = False
            _emit(text, mode)
        if stream and stream.tail:
            click.echo(stream.tail, nl=False)
        if parts:
            parts.flush()
        if seen > 1:    # ``n`` counts an unreadable record file's records; ``seen`` it as one input
            progress.error_line(f"newsclaims: {seen - failed} of {count(seen, 'input')} analysed, {failed} failed")
    return failed


def _text_of(outcome: Outcome, stream, mode: str):
    if outcome.error:
        return stream.error(outcome.item, *outcome.error) if stream and stream.error else None
    return None if mode in ("files", "partitions") else outcome.value


def _emit(text, mode: str) -> None:
    if isinstance(text, bytes):
        click.echo(text, nl=False)
    else:
        click.echo(text, nl=mode == "whole" and not text.endswith("\n"))
