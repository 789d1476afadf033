"""Which screens ``bench scale`` and ``bench memory`` drive, and how: a pluggable list.

A :class:`ScreenProbe` names the account it needs signed in, opens its screen from that
account's landing screen (a learner's dashboard, the staff home page) and names the keys whose
effect is measured (key event → next refresh once every worker it started has finished).
Add a probe for a new screen with :func:`register`; a probe whose screen is not built yet
(its module missing) is skipped and listed as such in the report.

Driving the probes, account by account::

    for account, probes in by_account():
        landing = await sign_in_as(app, pilot, account)
        for probe in probes:
            await probe.open(app, pilot)
            ...  # press probe.keys
            await press(app, pilot, *probe.close)
            if probe.finish is not None:
                await probe.finish(app, pilot)
            await back_to(app, pilot, landing)
"""

from __future__ import annotations

import asyncio
import importlib.util
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from ekinerja_tutor.bench.office_gen import LEARNER, MENTOR, TRAINER

Opener = Callable[[App[Any], Pilot[Any]], Awaitable[None]]


@dataclass(frozen=True)
class ScreenProbe:
    """One main screen under measurement.

    Attributes:
        name: short name in the tables.
        module: the screen's module; the probe is skipped while it does not exist.
        open: brings the screen up from the account's landing screen (not timed).
        keys: pressed in turn, each one timed (key event → refresh after its workers).
        close: keys that lead back to the landing screen afterwards (not timed).
        account: the practice account signed in for it (username, alias or NIP).
        finish: undoes what ``open`` set up, after ``close`` (not timed).
    """

    name: str
    module: str
    open: Opener
    keys: tuple[str, ...]
    close: tuple[str, ...] = ("escape",)
    account: str = LEARNER
    finish: Opener | None = None

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


def by_account(
    probes: Iterable[ScreenProbe] | None = None,
) -> list[tuple[str, list[ScreenProbe]]]:
    """The available probes grouped by account (first appearance first), one sign-in each."""
    groups: dict[str, list[ScreenProbe]] = {}
    for probe in PROBES if probes is None else probes:
        if probe.available:
            groups.setdefault(probe.account, []).append(probe)
    return list(groups.items())


# -- signing in -------------------------------------------------------------------------------


async def sign_in_as(app: App[Any], pilot: Pilot[Any], account: str) -> type[Screen[Any]]:
    """Sign the app in as ``account`` and wait for its landing screen; return that screen's type.

    The password and authenticator steps are skipped (as ``bench scale`` always did): the app
    is handed the account's principal, as the login screen does after the second factor. A
    learner lands on the practice dashboard; staff (mentor, trainer, admin) on the home page.
    Another account already signed in is replaced.
    """
    from ekinerja_tutor.services.auth import find_account
    from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
    from ekinerja_tutor.ui.screens.home import HomeScreen

    tutor: Any = app
    with tutor.services.ctx.db.read() as session:
        found = find_account(session, account)
        if found is None:
            raise RuntimeError(f"no practice account {account!r} in this office")
        account_id, name = found.id, found.display_name
    principal = tutor.auth.principal_for(account_id)
    tutor.sign_in(principal, name)
    landing: type[Screen[Any]] = HomeScreen if principal.is_staff else DashboardScreen
    for _ in range(200):
        await settled(app, pilot)
        screen = app.screen
        if isinstance(screen, DashboardScreen) and screen.view is None:
            continue  # the dashboard is still reading
        if isinstance(screen, landing):
            return landing
    raise RuntimeError(f"no {landing.__name__} after signing in as {account}, but {app.screen!r}")


async def back_to(app: App[Any], pilot: Pilot[Any], landing: type[Screen[Any]]) -> None:
    """Close screens until ``landing`` (what :func:`sign_in_as` returned) is on top."""
    while not isinstance(app.screen, landing):
        app.pop_screen()
        await settled(app, pilot)


# -- timing ---------------------------------------------------------------------------------


async def settled(app: App[Any], pilot: Pilot[Any]) -> None:
    """Wait until the app is idle, then for the next frame.

    Idle: no message queued or being handled by the app or any widget of the screen, no
    callback waiting, no worker running, nothing on the screen waiting to be laid out or
    repainted. This is looked at, every half millisecond, rather than asked: Textual's
    ``Pilot.wait_for_scheduled_animations``/``_wait_for_screen`` post a callback to every
    widget and wait for them all, which on a 30-widget screen added 5-11 ms of work to every
    key measured (and little to the minimal app beside it). ``pilot`` is kept for callers.
    """
    del pilot
    await _until_idle(app)
    painted = asyncio.Event()
    app.screen.call_after_refresh(painted.set)
    await painted.wait()
    await _until_idle(app)  # (the frame's callbacks may have started more work)


async def _until_idle(app: App[Any]) -> None:
    while True:
        running = [worker for worker in app.workers if worker.is_running]
        if running:
            # Awaited, not polled: a poll wakes the event loop, and the worker thread then
            # waits for the interpreter lock each time.
            await app.workers.wait_for_complete(running)
        elif _busy(app):
            await asyncio.sleep(POLL_SECONDS)
        else:
            return


POLL_SECONDS = 0.0005


def _busy(app: App[Any]) -> bool:
    """Whether anything the app or its screen does is still queued or unpainted."""
    screen: Any = app.screen
    if (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
        or app._batch_count
    ):
        return True
    for node in (app, *screen.walk_children(with_self=True)):
        pump: Any = node
        if pump._message_queue.qsize() or pump._next_callbacks:
            return True
    return False


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
        # "1" opens the weekly view (not timed); Esc comes back. Nothing was saved, so the
        # dashboard shows what it read (it re-reads after a save or 30 s: the next probe).
        name="dashboard",
        module="ekinerja_tutor.ui.screens.dashboard",
        open=_stay,
        keys=("escape",),
        close=(),
    )
)


_REREAD_BEFORE: list[float] = []


async def _reread_always(app: App[Any], pilot: Pilot[Any]) -> None:
    from ekinerja_tutor.ui.screens import dashboard

    _REREAD_BEFORE.append(dashboard.REREAD_SECONDS)
    dashboard.REREAD_SECONDS = 0.0
    await settled(app, pilot)


async def _reread_as_usual(app: App[Any], pilot: Pilot[Any]) -> None:
    from ekinerja_tutor.ui.screens import dashboard

    dashboard.REREAD_SECONDS = _REREAD_BEFORE.pop()
    await settled(app, pilot)


register(
    ScreenProbe(
        # The same, with the dashboard reading everything again as it does after a save
        name="dashboard, re-read",
        module="ekinerja_tutor.ui.screens.dashboard",
        open=_reread_always,
        keys=("escape",),
        close=(),
        finish=_reread_as_usual,
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


async def _open_queue(app: App[Any], pilot: Pilot[Any]) -> None:
    """The home page's "Meja bantuan", then "Antrean"."""
    from ekinerja_tutor.ui.screens.helpdesk_nav import open_queue

    open_queue(app)  # type: ignore[arg-type]
    await settled(app, pilot)


async def _open_board(app: App[Any], pilot: Pilot[Any]) -> None:
    """The home page's "Konsol pelatih", then Enter on the newest session (today's room)."""
    from ekinerja_tutor.ui.screens.trainer_sessions import TrainerSessionsScreen

    app.push_screen(TrainerSessionsScreen())
    await settled(app, pilot)
    await press(app, pilot, "enter")


register(
    ScreenProbe(
        # The table has the focus: move, PgDn/PgUp (next/previous page of tickets), then
        # Shift+Tab twice to "Hanya yang terlambat" (late only), Space on and off (each reloads
        # the queue), Tab twice back to the table.
        name="ticket queue",
        module="ekinerja_tutor.ui.screens.helpdesk_queue",
        open=_open_queue,
        keys=(
            "down",
            "up",
            "pagedown",
            "pageup",
            "shift+tab",
            "shift+tab",
            "space",
            "space",
            "tab",
            "tab",
        ),
        account=MENTOR,
    )
)
register(
    ScreenProbe(
        # Move through today's room, page, and R (refresh the board now)
        name="trainer board",
        module="ekinerja_tutor.ui.screens.trainer_board",
        open=_open_board,
        keys=("down", "up", "pagedown", "pageup", "r"),
        close=("escape", "escape"),
        account=TRAINER,
    )
)


def dashboard_before(probe: ScreenProbe) -> tuple[str, ...]:
    """Keys pressed (untimed) before each timed round: the dashboard needs the week first."""
    return ("1",) if probe.module.endswith(".dashboard") else ()
