"""The cycle collector paused while a text is analysed (a speed-up that changes no result).

An analysis allocates tens of thousands of short-lived containers (matches, spans, records),
nearly all freed by reference counting as soon as they are dropped. Python's cycle collector
counts those allocations and runs every 700: while a report is being analysed that is dozens of
passes over its young objects, and the records that outlive a few passes reach the oldest
generation, whose full passes walk every object in the process (spaCy's, the language data's).
None of it frees anything an analysis needs freed. Paused for one text (one chunk of a long
one), the collector catches up after it, on what is left then; the garbage one chunk can leave
in cycles is bounded by the chunk's size.

Threads: the analysis that paused the collector resumes it when it ends, whatever other
analyses are still running (so a server under constant load still collects between texts); a
collector the host program switched off stays off.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_LOCK = threading.Lock()
_OWNER: list[object] = []  # the token of the analysis that paused the collector, if any


@contextmanager
def paused():
    token = object()
    with _LOCK:
        owner = not _OWNER and gc.isenabled()
        if owner:
            gc.disable()
            _OWNER.append(token)
    try:
        yield
    finally:
        if owner:
            with _LOCK:
                _OWNER.clear()
                gc.enable()
