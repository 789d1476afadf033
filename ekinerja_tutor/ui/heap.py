"""The process's memory: one C heap (glibc only), and when full garbage collections run.

glibc gives every thread that calls ``malloc`` a heap (an *arena*) of its own, up to eight per
core. The app runs each database call in a fresh Textual thread worker, so the objects a
query builds are carved out of several arenas; what is freed there stays mapped, scattered
between live blocks, and the arenas never shrink back. ``bench memory`` measured ~4 MiB less
resident memory with a single arena (89–90 MiB instead of 93–94 after 30–40 rounds through the
main screens; with two arenas 92). The single arena costs no concurrency worth having: these
threads hold the GIL while they allocate Python objects anyway.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from functools import cache

_M_ARENA_MAX = -8
"""``mallopt`` parameter number from glibc's ``malloc.h``."""


@cache
def limit_malloc_arenas() -> None:
    """Ask glibc for one malloc arena (before the first worker thread starts; once)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl without mallopt): leave it be
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mallopt(_M_ARENA_MAX, 1)


FULL_COLLECTION_AFTER = 100
"""Younger-generation collections between two full ones (Python's default is 10)."""

PAUSE_SECONDS = 1.0
"""Without a key or click for this long, the user is reading: a full collection goes unseen."""


@cache
def defer_full_collections() -> None:
    """Fewer full garbage collections while keys come in (once per process).

    A full collection scans every object made since the heap was frozen at sign-in: 60–150 ms
    on this machine, on whatever key it lands (``bench scale`` saw them as its slowest keys).
    With this, they come ten times less often on their own; :class:`PauseCollector` makes
    one whenever the user pauses, so garbage does not wait for them.
    """
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


class PauseCollector:
    """A full garbage collection once the user has paused after some input."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._input_at = clock()
        self._pending = False

    def input(self) -> None:
        """A key, click or paste came in."""
        self._input_at = self._clock()
        self._pending = True

    def tick(self) -> bool:
        """Called every second or so; collects (and says so) if the user is pausing."""
        if not self._pending or self._clock() - self._input_at < PAUSE_SECONDS:
            return False
        self._pending = False
        gc.collect()
        return True
