"""Creating a corpus store is safe when several processes do it at once (issue: two
``corpus add`` on a new SQLite file failed with "table documents already exists")."""

from __future__ import annotations

import multiprocessing as mp

import pytest


def _open(path: str, barrier) -> str:
    from newsclaims.corpus.store import open_store

    barrier.wait()
    try:
        with open_store(path) as store:
            return f"ok {store.count()}"
    except Exception as exc:  # reported to the parent, which asserts on it
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("round_", range(2))
def test_concurrent_creation_of_a_new_sqlite_store(tmp_path, round_):
    ctx = mp.get_context("spawn")
    path = str(tmp_path / f"new-{round_}.db")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            results = pool.starmap(_open, [(path, barrier)] * 4)
    assert results == ["ok 0"] * 4
