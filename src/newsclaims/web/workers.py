"""Analysis worker processes for the web server: a request over its time limit is stopped.

Python cannot stop a thread, so each analysis runs in a worker process, and a request that
passes its time limit kills the worker that runs it (the CPU is free again) and a fresh one
takes its place.

* At most ``size`` workers, started on first use: with ``fork`` (Linux) after this process has
  run ``prepare`` (built the pipelines and their rules), which the workers then share; elsewhere
  ``spawn`` (the analysis function must then be picklable). A new worker runs ``warm`` (loads
  what must not be loaded before a fork, e.g. the language detector) before its first input; a
  killed worker is replaced at once, so its successor warms up before the next request.
* A worker loops: receive an ``Input`` over its pipe, analyse, send back the Report, or the
  project error's code and message, or the name of an unexpected exception.
* Workers die with the server (``run.pool.die_with_parent``). Linux ties that to the thread that
  started the worker: workers are started from the event loop's thread, which lives as long
  as the app.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from typing import Any, Callable

import anyio
import anyio.to_thread

from ..errors import E112, NewsclaimsError


class WorkerLost(RuntimeError):
    """A worker died or failed unexpectedly (the request gets a plain 500)."""


def _serve(conn, fn: Callable[[Any], Any], warm: Callable[[], None] | None, parent: int) -> None:
    """A worker's loop: one input in, one answer out, until the pipe closes."""
    from ..run.pool import die_with_parent

    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C on the server ends it; it ends us
    if warm:
        warm()
    while True:
        try:
            inp = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", fn(inp))
        except NewsclaimsError as exc:
            answer = ("error", exc.code, exc.message)
        except Exception as exc:  # noqa: BLE001 - reported to the request as an internal error
            answer = ("internal", type(exc).__name__)
        conn.send(answer)


class Worker:
    def __init__(self, ctx, fn: Callable[[Any], Any], warm: Callable[[], None] | None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, fn, warm, os.getpid()), daemon=True,
                                   name="newsclaims-web-worker")
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """``size`` analysis workers; ``run(inp, timeout)`` waits for a free one."""

    def __init__(self, size: int, fn: Callable[[Any], Any], prepare: Callable[[], None] | None = None,
                 warm: Callable[[], None] | None = None):
        self.fn, self.prepare, self.warm = fn, prepare, warm
        self.closed = False
        self.limiter = anyio.CapacityLimiter(size)
        self.idle: list[Worker] = []
        self.busy: set[Worker] = set()
        self.ctx = None
        self.starting = anyio.Lock()  # the first requests at once prepare only once

    async def _worker(self) -> Worker:
        if self.idle:
            return self.idle.pop()
        async with self.starting:
            if self.ctx is None:
                method = "fork" if sys.platform.startswith("linux") else "spawn"
                if method == "fork" and self.prepare:
                    await anyio.to_thread.run_sync(self.prepare)  # the workers inherit what it built
                self.ctx = mp.get_context(method)
        return Worker(self.ctx, self.fn, self.warm)  # from the event loop's thread (see the module notes)

    async def run(self, inp: Any, timeout: float) -> Any:
        """The analysis of ``inp``; E112 after ``timeout`` seconds (waiting for a worker
        included), and the worker that ran it killed."""
        deadline = time.monotonic() + timeout
        with anyio.move_on_after(timeout) as scope:
            await self.limiter.acquire()
        if scope.cancelled_caught:
            raise _too_long(timeout)
        try:
            worker = await self._worker()
            self.busy.add(worker)
            done = False
            try:
                answer = await _exchange(worker.conn, inp, deadline)
                done = answer is not None
            finally:
                self.busy.discard(worker)
                if done:
                    self.idle.append(worker)
                else:  # over time, cancelled or broken: its work is stopped
                    worker.kill()
                    if not self.closed:
                        self.idle.append(Worker(self.ctx, self.fn, self.warm))
        finally:
            self.limiter.release()
        if answer is None:
            raise _too_long(timeout)
        return _unpack(answer)

    def close(self) -> None:
        self.closed = True
        for worker in [*self.idle, *self.busy]:
            worker.kill()
        self.idle.clear()
        self.busy.clear()


async def _exchange(conn, inp: Any, deadline: float) -> tuple | None:
    """Send ``inp`` and wait for the answer until ``deadline`` (None: not in time). The pipe is
    used from worker threads: a 10 MB input or Report must not hold the event loop."""
    try:
        await anyio.to_thread.run_sync(conn.send, inp)
        if not await anyio.to_thread.run_sync(conn.poll, max(0.0, deadline - time.monotonic())):
            return None
        return await anyio.to_thread.run_sync(conn.recv)
    except (EOFError, OSError):
        raise WorkerLost("the analysis worker died") from None


def _unpack(answer: tuple) -> Any:
    if answer[0] == "ok":
        return answer[1]
    if answer[0] == "error":
        raise NewsclaimsError(answer[1], answer[2])
    raise WorkerLost(f"{answer[1]} in the analysis worker")


def _too_long(timeout: float) -> NewsclaimsError:
    return NewsclaimsError(E112, f"the analysis took longer than {timeout:g} s and was stopped "
                                 "(set NEWSCLAIMS_WEB_REQUEST_TIMEOUT_S)")
