"""The run flow on a Dask distributed cluster: the executor behind ``--scheduler``.

* ``--scheduler tcp://HOST:8786`` uses a running cluster (every worker needs newsclaims, the
  same version, and the inputs' paths: folders and globs on shared storage); ``local:N``
  starts a LocalCluster of N worker processes on this machine.
* Every worker process loads the pipelines once: ``Warm``, a WorkerPlugin, takes the caller's
  ``NEWSCLAIMS_*`` settings and builds them when the worker joins; tasks then reuse them.
* Tasks are chunks of inputs (``pool.chunk_size``, at most ``MAX_CHUNK``), at most a window
  of them in flight; results come back in input order (``pool.ordered``), fetched from the
  workers directly (the client must reach them, as it must share their storage).
* A task is pure (read, analyse, return; ``flow.process`` writes nothing and never raises),
  so the scheduler may rerun it when its worker dies (up to
  ``distributed.scheduler.allowed-failures`` times); the client takes one result per chunk,
  so nothing is lost or doubled. A chunk that failed every try is reported per input (E901).

Dask is the optional extra ``cluster``, imported only here; without it: E701.
"""

from __future__ import annotations

import itertools
import logging
import os
import uuid
from typing import Any, Callable, Iterable, Iterator

from ..errors import E301, E701, E702, NewsclaimsError
from .pool import build_pipelines, call_chunk, chunk_size, chunks, ordered

# Inputs per task: a task of 32 reports takes seconds, against ~1 ms of scheduling per task.
MAX_CHUNK = 32
# Chunks in flight per worker thread: enough to keep every worker busy while results stream back.
WINDOW_PER_SLOT = 4
CONNECT_TIMEOUT_S = 20
WORKER_WAIT_S = 60


def _distributed():
    try:
        import distributed
    except ImportError:
        raise NewsclaimsError(E701, "--scheduler needs Dask: pip install 'newsclaims[cluster]'") from None
    return distributed


class Warm:
    """A WorkerPlugin (duck-typed, so this module imports without Dask): once per worker
    process, the caller's settings, then every pipeline the run may need."""

    name = "newsclaims-warm"

    def __init__(self, lang: str | None, env: dict[str, str]):
        self.lang, self.env = lang, env

    def setup(self, worker=None) -> None:
        for key in [k for k in os.environ if k.startswith("NEWSCLAIMS_")]:
            del os.environ[key]
        os.environ.update(self.env)
        build_pipelines(self.lang)

    def teardown(self, worker=None) -> None:
        pass

    def transition(self, *args, **kwargs) -> None:
        pass


def local_workers(scheduler: str) -> int | None:
    """N for ``local:N``; None for a scheduler address; E301 for ``local:`` without a count."""
    if not scheduler.startswith("local:"):
        return None
    count = scheduler[len("local:"):]
    if not count.isdigit() or int(count) < 1:
        raise NewsclaimsError(E301, f"--scheduler {scheduler}: write local:N with N workers, e.g. local:4")
    return int(count)


class DaskExecutor:
    """Connects (or starts a LocalCluster) now; ``map`` runs the flow's tasks there."""

    def __init__(self, scheduler: str, lang: str | None = None):
        distributed = _distributed()
        n_local = local_workers(scheduler)
        self.cluster = None
        try:
            if n_local:
                self.cluster = distributed.LocalCluster(
                    n_workers=n_local, threads_per_worker=1, processes=True, dashboard_address=":0",
                    silence_logs=logging.ERROR)
            # Results come straight from the workers, not through the scheduler (a Report is tens of KB).
            self.client = distributed.Client(self.cluster or scheduler, timeout=f"{CONNECT_TIMEOUT_S}s",
                                             direct_to_workers=True)
            self.client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise NewsclaimsError(E702, f"no Dask cluster at {scheduler}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
        env = {k: v for k, v in os.environ.items() if k.startswith("NEWSCLAIMS_")}
        self.client.register_plugin(_as_plugin(distributed, Warm(lang, env)), name=Warm.name)

    @property
    def slots(self) -> int:
        """Worker threads in the cluster now."""
        return max(1, sum(w["nthreads"] for w in self.client.scheduler_info()["workers"].values()))

    @property
    def dashboard(self) -> str | None:
        return self.client.dashboard_link

    def map(self, fn: Callable, tasks: Iterable[tuple], n: int, failed: Callable[[tuple, str], Any]) -> Iterator:
        """``fn(*task)`` for every task on the cluster, yielded in task order; ``fn`` must not raise."""
        slots, run_id, number = self.slots, uuid.uuid4().hex[:12], itertools.count()

        def submit(chunk):
            return self.client.submit(call_chunk, fn, chunk, key=f"newsclaims-{run_id}-{next(number)}")

        def result(future):
            try:
                return future.result()
            finally:
                future.release()

        return ordered(chunks(tasks, chunk_size(n, slots, MAX_CHUNK)), submit, result,
                       window=slots * WINDOW_PER_SLOT, failed=failed, lost=_lost, close=self.close)

    def close(self) -> None:
        for part in (getattr(self, "client", None), self.cluster):
            if part is not None:
                part.close()


def _lost(exc: BaseException) -> str:
    if type(exc).__name__ == "KilledWorker":
        return "every worker that tried this input died (distributed.scheduler.allowed-failures)"
    return f"internal error: {type(exc).__name__}: {exc}"


def _as_plugin(distributed, warm: Warm):
    """``warm`` as a registered WorkerPlugin subclass instance."""
    class WarmPlugin(Warm, distributed.WorkerPlugin):
        pass

    return WarmPlugin(warm.lang, warm.env)
