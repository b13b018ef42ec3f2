"""Worker processes for many inputs: how many, how they start, how they end.

* ``choose_jobs``: an explicit ``--jobs N`` is taken as given. The default (0) runs in this
  process unless there are idle cores *and* enough inputs to pay for the workers' start
  (each worker loads the language detector, about 3 s): measured on a busy two-core machine,
  54 files took 5.4 s in one process and 14.7 s in two workers.
* Workers fork from this process after it has built every pipeline (or, where forking this
  process is unsafe, from a forkserver that has imported the pipeline) and keep them for every
  input they get. Results come back in input order.
* Tasks are chunks of inputs; at most a window of them is in flight (``ordered``), so a
  run over millions of records holds only that window. ``InProcess``, ``ProcessPool`` and the
  Dask executor (``run.dask``) share that interface: ``map(fn, tasks, n, failed)``.
* Workers die with their parent: on Linux through ``PR_SET_PDEATHSIG``, elsewhere a thread
  that watches the parent. (Linux ties the signal to the thread that started the worker: start
  a pool from a thread that lives as long as the pool, as the commands do from the main thread.)
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections import deque
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

# With jobs=0 (auto), each worker must have at least this many inputs to pay for its start.
INPUTS_PER_WORKER = 24
# Most inputs sent to a worker in one task (results come back per task, in input order).
MAX_CHUNK = 16
_PR_SET_PDEATHSIG = 1


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def idle_cores() -> int:
    """Cores not busy with other work: ours minus the 1-minute load of everything else
    (this process counts for at most one)."""
    try:
        others = max(0.0, os.getloadavg()[0] - 1.0)
    except (OSError, AttributeError):
        others = 0.0
    return max(1, int(cores() - others))


def choose_jobs(requested: int, n: int) -> int:
    """Worker processes for ``n`` inputs: ``requested`` when given (> 0), else the automatic rule;
    1 means no pool."""
    if requested and requested > 0:
        return max(1, min(requested, n))
    return max(1, min(idle_cores(), n // INPUTS_PER_WORKER))


def start_method() -> str:
    """``fork`` when this process is safe to fork (one thread, no native detector loaded): the
    workers then inherit the imported modules and the pipelines built here. Otherwise
    ``forkserver``: workers fork from a clean server process that has imported the pipeline."""
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and "lingua" not in sys.modules:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _settings_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("NEWSCLAIMS_")}


def build_pipelines(lang: str | None) -> None:
    """Every pipeline an input may need (one language, or all), so a fork inherits them."""
    from ..lang import supported
    from ..pipeline import prepare

    for code in [lang] if lang else supported():
        try:
            prepare(code)
        except Exception:  # noqa: BLE001 - reported per input when its analysis tries again
            pass
    # The pipelines live as long as the process: frozen, the collector's full passes no longer
    # walk their objects (a few per cent of a worker's time) and a fork shares their pages.
    gc.freeze()


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent was gone before the signal was armed
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="newsclaims-parent-watch").start()


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _init_worker(lang: str | None, env: dict[str, str], parent: int | None) -> None:
    """Runs once per worker process: tie it to its parent, take the caller's settings, build
    the pipelines (already there when forked from the caller)."""
    die_with_parent(parent if parent is not None else os.getppid())
    # The forkserver may be older than the caller's settings: use the caller's.
    for key in [k for k in os.environ if k.startswith("NEWSCLAIMS_")]:
        del os.environ[key]
    os.environ.update(env)
    build_pipelines(lang)


def make_pool(jobs: int, lang: str | None):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    method = start_method()
    ctx = mp.get_context(method)
    if method == "fork":
        build_pipelines(lang)  # once, here; the workers inherit them
    if method == "forkserver":
        ctx.set_forkserver_preload(["newsclaims.pipeline"])
    parent = os.getpid() if method == "fork" else None  # else the forkserver is the parent
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(lang, _settings_env(), parent))


def chunk_size(n: int, slots: int, most: int = MAX_CHUNK) -> int:
    """Inputs per task: enough to keep scheduling and transfer costs small, small enough to
    balance (about 8 tasks per worker slot)."""
    return max(1, min(most, n // (slots * 8)))


def chunks(tasks: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    it = iter(tasks)
    while chunk := list(islice(it, size)):
        yield chunk


def call_chunk(fn: Callable, chunk: list[tuple]) -> list:
    return [fn(*args) for args in chunk]


def ordered(chunks: Iterator[list[tuple]], submit: Callable[[list[tuple]], Any], result: Callable[[Any], list], *,
            window: int, failed: Callable[[tuple, str], Any], lost: Callable[[BaseException], str],
            close: Callable[[], None]) -> Iterator:
    """Results of every chunk in order, with at most ``window`` chunks submitted and not yet
    yielded (memory stays bounded however many inputs there are). The first window is
    submitted now (before the caller starts threads); a chunk whose ``result`` raises yields
    ``failed(task, lost(exc))`` per task; ``close`` runs when the iterator ends or is closed."""
    pending: deque = deque()
    try:
        for chunk in islice(chunks, window):
            pending.append((chunk, submit(chunk)))
    except BaseException:
        close()
        raise
    return _drain(chunks, pending, submit, result, failed, lost, close)


def _drain(chunks, pending, submit, result, failed, lost, close):
    try:
        while pending:
            chunk, handle = pending.popleft()
            try:
                done = result(handle)
            except Exception as exc:  # noqa: BLE001 - a lost chunk is reported per input, the run goes on
                done = [failed(task, lost(exc)) for task in chunk]
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append((nxt, submit(nxt)))
            yield from done
    finally:
        close()


class ProcessPool:
    """The local executor: a pool of ``jobs`` worker processes (see the module notes)."""

    dashboard = None

    def __init__(self, jobs: int, lang: str | None):
        self.jobs, self.lang = jobs, lang

    def map(self, fn: Callable, tasks: Iterable[tuple], n: int, failed: Callable[[tuple, str], Any]) -> Iterator:
        """``fn(*task)`` for every task, yielded in task order; ``fn`` must not raise."""
        from concurrent.futures.process import BrokenProcessPool

        pool = make_pool(self.jobs, self.lang)

        def lost(exc):
            if isinstance(exc, BrokenProcessPool):
                return "the worker process died while analysing this input"
            return f"internal error: {type(exc).__name__}: {exc}"   # e.g. a result that could not be sent back

        return ordered(chunks(tasks, chunk_size(n, self.jobs)), lambda c: pool.submit(call_chunk, fn, c),
                       lambda future: future.result(), window=self.jobs * 8, failed=failed, lost=lost,
                       close=lambda: pool.shutdown(wait=True, cancel_futures=True))


class InProcess:
    """No pool: every task in this process, one after another."""

    dashboard = None

    def map(self, fn: Callable, tasks: Iterable[tuple], n: int, failed: Callable[[tuple, str], Any]) -> Iterator:
        return (fn(*task) for task in tasks)


def local_executor(jobs: int, n: int, lang: str | None):
    """The executor without a cluster: ``choose_jobs`` workers, or this process."""
    workers = choose_jobs(jobs, n)
    if workers > 1:
        return ProcessPool(workers, lang)
    if lang:
        build_pipelines(lang)  # needed first anyway; frozen, the collector's full passes skip them
    return InProcess()
