"""Worker processes for many inputs: how many, how they start, how they end.

* ``choose_jobs``: an explicit ``--jobs N`` is taken as given. The default (0) runs in this
  process unless there are idle cores *and* enough inputs to pay for the workers' start
  (each worker loads the language detector, about 3 s): measured on a busy two-core machine,
  54 files took 5.4 s in one process and 14.7 s in two workers.
* Workers fork from this process after it has built every pipeline (or, where forking this
  process is unsafe, from a forkserver that has imported the pipeline) and keep them for every
  input they get. Results come back in input order.
* Workers die with their parent: on Linux through ``PR_SET_PDEATHSIG``, elsewhere a thread
  that watches the parent. (Linux ties the signal to the thread that started the worker: start
  a pool from a thread that lives as long as the pool, as the commands do from the main thread.)
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any, Callable, Iterator

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
    from ..pipeline import get_nlp

    for code in [lang] if lang else supported():
        try:
            get_nlp(code)
        except Exception:  # noqa: BLE001 - reported per input when its analysis tries again
            pass


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


def _chunk_size(n: int, jobs: int) -> int:
    """Inputs per task: enough to keep inter-process traffic small, small enough to balance."""
    return max(1, min(MAX_CHUNK, n // (jobs * 8)))


def _call_chunk(fn: Callable, chunk: list[tuple]) -> list:
    return [fn(*args) for args in chunk]


def map_ordered(fn: Callable, tasks: list[tuple], *, jobs: int, lang: str | None,
                failed: Callable[[tuple, str], Any]) -> Iterator:
    """``fn(*task)`` for every task in a pool of ``jobs`` workers, yielded in task order.
    ``fn`` must not raise; a task whose worker died (or whose result could not come back)
    yields ``failed(task, message)``. The pool starts here, before the caller starts threads."""
    size = _chunk_size(len(tasks), jobs)
    chunks = [tasks[k:k + size] for k in range(0, len(tasks), size)]
    pool = make_pool(jobs, lang)
    futures = [pool.submit(_call_chunk, fn, chunk) for chunk in chunks]
    return _collect(pool, chunks, futures, failed)


def _collect(pool, chunks, futures, failed):
    from concurrent.futures.process import BrokenProcessPool

    try:
        for chunk, future in zip(chunks, futures):
            try:
                yield from future.result()
            except BrokenProcessPool:
                for task in chunk:
                    yield failed(task, "the worker process died while analysing this input")
            except Exception as exc:  # noqa: BLE001 - e.g. a result that could not be sent back
                for task in chunk:
                    yield failed(task, f"internal error: {type(exc).__name__}: {exc}")
    finally:
        for future in futures:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
