"""Session fixtures that several conftests and modules share, built once per test process.

A conftest or a test module that binds a session fixture under its own name (``from
tests.ui.workspace.conftest import seeded``) gives pytest a fixture definition of its own,
and pytest builds each definition again; the builders below are wrapped so the first build
is the only one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def once_per_process(build: Callable[P, T]) -> Callable[P, T]:
    """``build``'s first result, returned again to every later call (whatever its arguments:
    within a test process they are the same session fixtures)."""
    built: list[T] = []

    @functools.wraps(build)
    def first(*args: P.args, **kwargs: P.kwargs) -> T:
        if not built:
            built.append(build(*args, **kwargs))
        return built[0]

    return first
