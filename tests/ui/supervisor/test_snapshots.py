"""Snapshots of the supervisor's seat at 80×24 (fixed clock, fixed sandbox, no blink).

Refresh with ``pytest tests/ui/supervisor/test_snapshots.py --snapshot-update`` after an
intended change, and look at the SVGs under ``__snapshots__`` before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.supervisor.support import choose
from tests.ui.workspace.conftest import MakeApp, WsWorld, settle, signed_in

SIZE = (80, 24)
Snap = Callable[..., bool]


async def steady(pilot: Pilot[Any]) -> None:
    await settle(pilot.app, pilot)  # type: ignore[arg-type]
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_inbox(snap_compare: Snap, make_app: MakeApp, ws: WsWorld) -> None:
    """The inbox from the supervisor's seat: the bar says "KURSI ATASAN: Hendra Gunawan…",
    the head says how many wait and the filter; rows are Mega's and Fajar's sent entries, oldest
    first (never Sudarto's); the highlighted entry's details and link below the table."""
    app = make_app()

    async def before(pilot: Pilot[Any]) -> None:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_assessment(snap_compare: Snap, make_app: MakeApp, ws: WsWorld) -> None:
    """Penilaian for quarter 2 of 2026 from the supervisor's seat: the two simulated staff,
    not rated yet, and the unit's guidance panel on the right."""
    app = make_app()

    async def before(pilot: Pilot[Any]) -> None:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "assessment")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=before)
