"""Which screens ``bench scale`` and ``bench memory`` drive, and how: a pluggable list.

A :class:`ScreenProbe` opens its screen from the signed-in dashboard and names the keys whose
effect is measured (key event → next refresh once every worker it started has finished).
Add a probe for a new screen with :func:`register`; a probe whose screen is not built yet
(its module missing) is skipped and listed as such in the report.
"""

from __future__ import annotations

import asyncio
import importlib.util
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot

Opener = Callable[[App[Any], Pilot[Any]], Awaitable[None]]


@dataclass(frozen=True)
class ScreenProbe:
    """One main screen under measurement.

    Attributes:
        name: short name in the tables.
        module: the screen's module; the probe is skipped while it does not exist.
        open: brings the screen up from the dashboard (not timed).
        keys: pressed in turn, each one timed (key event → refresh after its workers).
        close: keys that lead back to the dashboard afterwards (not timed).
    """

    name: str
    module: str
    open: Opener
    keys: tuple[str, ...]
    close: tuple[str, ...] = ("escape",)

    @property
    def available(self) -> bool:
        try:
            return importlib.util.find_spec(self.module) is not None
        except ModuleNotFoundError:
            return False


PROBES: list[ScreenProbe] = []


def register(probe: ScreenProbe) -> None:
    """Add (or replace, by name) a probe."""
    PROBES[:] = [p for p in PROBES if p.name != probe.name]
    PROBES.append(probe)


# -- timing ---------------------------------------------------------------------------------


async def settled(app: App[Any], pilot: Pilot[Any]) -> None:
    """Wait until the app handled what is queued, every worker ended and a frame was drawn."""
    for _ in range(100):
        handled = asyncio.Event()
        app.call_later(handled.set)  # queued behind anything already posted to the app
        await handled.wait()
        await pilot._wait_for_screen()
        running = [w for w in app.workers if w.is_running]
        if running:
            await app.workers.wait_for_complete(running)
            continue
        await pilot._wait_for_screen()
        if not any(w.is_running for w in app.workers):
            break
    painted = asyncio.Event()
    app.screen.call_after_refresh(painted.set)
    await painted.wait()


def _key_event(key: str) -> events.Key:
    char = key if len(key) == 1 else None
    return events.Key(key, char)


CPU_TIMES: list[float] = []
"""The process CPU seconds of every timed key (insensitive to other programs' load)."""


async def press_timed(app: App[Any], pilot: Pilot[Any], key: str) -> float:
    """Seconds from posting a key event to the next refresh after everything it caused.

    The CPU seconds the process spent meanwhile are appended to :data:`CPU_TIMES`.
    """
    cpu = time.process_time()
    started = time.perf_counter()
    app.post_message(_key_event(key))
    await settled(app, pilot)
    took = time.perf_counter() - started
    CPU_TIMES.append(time.process_time() - cpu)
    return took


async def press(app: App[Any], pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        app.post_message(_key_event(key))
        await settled(app, pilot)


# -- the probes of the screens that exist -----------------------------------------------------


def open_area(area: str) -> Opener:
    async def opener(app: App[Any], pilot: Pilot[Any]) -> None:
        screen = app.screen
        screen.open_area(area)  # type: ignore[attr-defined]
        await settled(app, pilot)

    return opener


def _press_to_open(*keys: str) -> Opener:
    async def opener(app: App[Any], pilot: Pilot[Any]) -> None:
        await press(app, pilot, *keys)

    return opener


async def _stay(app: App[Any], pilot: Pilot[Any]) -> None:
    await settled(app, pilot)


register(
    ScreenProbe(
        # "1" opens the weekly view (not timed); Esc comes back and the dashboard reloads
        name="dashboard",
        module="ekinerja_tutor.ui.screens.dashboard",
        open=_stay,
        keys=("escape",),
        close=(),
    )
)
register(
    ScreenProbe(
        name="weekly view",
        module="ekinerja_tutor.ui.screens.daily_week",
        open=open_area("daily"),
        keys=("pagedown", "pageup"),
    )
)
register(
    ScreenProbe(
        name="review inbox",
        module="ekinerja_tutor.ui.screens.review_inbox",
        open=open_area("review"),
        keys=("down", "up", "f2", "f2"),
    )
)
register(
    ScreenProbe(
        # F5 from the dashboard: the lesson player (or the lesson list when none is started)
        name="lesson player",
        module="ekinerja_tutor.ui.screens.lesson_player",
        open=_press_to_open("f5"),
        keys=("down", "up"),
    )
)
# Not yet measured: the mentors' ticket queue (helpdesk_queue.py) and the trainer board
# (trainer_board.py) need a staff sign-in; the bench signs in as the learner darto. Give
# ScreenProbe a sign-in of its own (an account name) to add them.


def dashboard_before(probe: ScreenProbe) -> tuple[str, ...]:
    """Keys pressed (untimed) before each timed round: the dashboard needs the week first."""
    return ("1",) if probe.name == "dashboard" else ()
