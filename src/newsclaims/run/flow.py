"""Inputs to Reports: the one flow behind ``newsclaims analyze``, ``corpus add``, the web app
and ``newsclaims.analyze()``.

read the input (``inputs.load``) -> optional ``skip`` check (e.g. already stored) -> publication
date (``dates.publication_date``) -> analysis (``pipeline.analyze_document``) -> optional
``finish`` (e.g. render), run where the analysis ran (a worker, when there is a pool).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .. import settings
from ..errors import E103, E301, E901, NewsclaimsError
from ..ingest import Document
from ..report import Report
from .dates import publication_date
from .inputs import Source, count_inputs, load, shown, sources
from .pool import local_executor


@dataclass(frozen=True)
class Options:
    lang: str | None = None
    published: dt.date | None = None
    allow_private_urls: bool = True
    skip: Callable[[Document], bool] | None = None   # True: not analysed (the Outcome says skipped)
    finish: Callable[[Report], Any] | None = None    # what travels back instead of the Report


@dataclass
class Outcome:
    index: int
    item: str
    value: Any = None                       # the Report, or what ``finish`` made of it
    error: tuple[str, str] | None = None    # (code, message)
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False

    def error_line(self) -> str:
        """``newsclaims: ITEM: CODE: message`` on one line, whatever the item's name holds."""
        code, message = self.error
        return shown(f"newsclaims: {self.item}: {code}: {message}")


def analyze_source(source: Source, options: Options = Options()) -> tuple[Report | None, list[str]]:
    """(Report or None when ``options.skip`` says so, the reader's warnings). Raises NewsclaimsError."""
    from ..pipeline import analyze_document

    if source.kind in ("bytes", "stdin"):
        limit = settings.get("max_input_bytes")
        if len(source.value) > limit:
            raise NewsclaimsError(E103, f"input is {len(source.value):,} bytes, over the limit of {limit:,}")
    document = load(source, lang=options.lang, allow_private_urls=options.allow_private_urls)
    if options.skip is not None and options.skip(document):
        return None, list(document.warnings)
    published = publication_date(options.published, document, source.file_name)
    return analyze_document(document, lang=options.lang, published=published), list(document.warnings)


def process(index: int, item: str, source: Source, options: Options) -> Outcome:
    """One input through the flow; never raises (errors travel back as data)."""
    try:
        report, warnings = analyze_source(source, options)
        if report is None:
            return Outcome(index, item, warnings=warnings, skipped=True)
        value = options.finish(report) if options.finish else report
        return Outcome(index, item, value=value, warnings=warnings)
    except NewsclaimsError as exc:
        return Outcome(index, item, error=(exc.code, exc.message))
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug in one analysis must not stop the batch
        return Outcome(index, item, error=(E901, f"internal error: {type(exc).__name__}: {exc}"))


def _died(task: tuple, message: str) -> Outcome:
    index, item = task[0], task[1]
    return Outcome(index, item, error=(E901, message))


def run(items: list[str], options: Options = Options(), *, jobs: int = 0, stdin: bytes | None = None,
        executor=None, total: int | None = None) -> Iterator[Outcome]:
    """Every input ``items`` hold (already expanded; a record file is one input per record)
    through the flow, in input order. ``executor``: where (``pool.local_executor`` by
    ``jobs``, or ``run.dask.DaskExecutor``); its first tasks start here, eagerly."""
    n = count_inputs(items) if total is None else total
    tasks = ((i, item, source, options) for i, (item, source) in enumerate(sources(items, stdin)))
    executor = executor or local_executor(jobs, n, options.lang)
    return executor.map(process, tasks, n, _died)


def analyze(text: str | os.PathLike | bytes | None = None, *, path: str | os.PathLike | None = None,
            url: str | None = None, data: bytes | None = None, lang: str | None = None,
            published: dt.date | None = None) -> Report:
    """Analyse one report. Say what it is: ``text=`` (the report itself), ``path=``, ``url=`` or
    ``data=`` (bytes of a text, HTML or PDF file). Positionally, a ``str`` is always the text
    (never opened or fetched because of how it looks), a ``pathlib.Path`` (any ``os.PathLike``)
    is a path and ``bytes`` are data."""
    given = [(k, v) for k, v in (("text", text), ("path", path), ("url", url), ("data", data)) if v is not None]
    if len(given) != 1:
        raise NewsclaimsError(E301, "give exactly one of text, path, url, data")
    kind, value = given[0]
    if isinstance(value, os.PathLike) or kind == "path":
        source = Source("path", os.fspath(value))
    elif isinstance(value, (bytes, bytearray)) or kind == "data":
        source = Source("bytes", bytes(value))
    else:
        source = Source(kind, value)   # text or url, as said
    report, _ = analyze_source(source, Options(lang=lang, published=published))
    return report
