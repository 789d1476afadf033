"""One C heap for the whole process (glibc only), set once when the app is created.

glibc gives every thread that calls ``malloc`` a heap (an *arena*) of its own, up to eight per
core. The app runs each database call in a fresh Textual thread worker, so the objects a
query builds are carved out of several arenas; what is freed there stays mapped, scattered
between live blocks, and the arenas never shrink back. ``bench memory`` measured ~4 MiB less
resident memory with a single arena (89–90 MiB instead of 93–94 after 30–40 rounds through the
main screens; with two arenas 92). The single arena costs no concurrency worth having: these
threads hold the GIL while they allocate Python objects anyway.
"""

from __future__ import annotations

import sys
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
