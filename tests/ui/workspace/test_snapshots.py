"""One snapshot per main workspace screen at 80×24 (fixed clock, fixed sandbox, no blink).

Each docstring says what a reviewer should see in the SVG under ``__snapshots__``. Refresh
with ``pytest tests/ui/workspace/test_snapshots.py --snapshot-update`` after an intended
change, and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from ekinerja_tutor.ui.screens.result import ResultScreen
from ekinerja_tutor.ui.screens.skp import SkpScreen
from tests.ui.workspace.conftest import (
    GOOD_ENTRY,
    MakeApp,
    Seeded,
    WsWorld,
    fill_form,
    open_new_form,
    open_week,
    press,
    rencana_aksi_ids,
    settle,
    signed_in,
)
from tests.ui.workspace.skp_support import SkpWorld, make_world, open_screen

SIZE = (80, 24)
Snap = Callable[..., bool]


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor, no pending worker: the same picture every run."""
    await settle(pilot.app, pilot)  # type: ignore[arg-type]
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def base_world(
    seeded: Seeded, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SkpWorld]:
    world = make_world(seeded, tmp_path, tmp_path_factory, "base")
    yield world
    world.services.close()


def shoot(snap_compare: Snap, app: Any, before: Callable[[Pilot[Any]], Awaitable[None]]) -> bool:
    async def run_before(pilot: Pilot[Any]) -> None:
        await before(pilot)
        await steady(pilot)

    return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_dashboard(snap_compare: Snap, make_app: MakeApp, ws: WsWorld) -> None:
    """Dashboard: the SANDBOX / LATIHAN line, Sudarto's persona line with "Rabu, 13 Mei 2026",
    the next step in plain words, the five numbered choices and the reminders (days without
    an entry, the May lock date). Footer: F1 Bantuan, Esc Kembali, F2, F3, F4 Menu."""

    async def before(pilot: Pilot[Any]) -> None:
        await signed_in(pilot.app, pilot, ws)  # type: ignore[arg-type]

    assert shoot(snap_compare, make_app(), before)


def test_weekly_view(snap_compare: Snap, make_app: MakeApp, ws: WsWorld) -> None:
    """Mingguan: 11–17 May 2026, Monday and Tuesday DIKIRIM, Wednesday empty, Thursday and
    Friday named as holidays (Kenaikan, cuti bersama); status words, not colour alone."""

    async def before(pilot: Pilot[Any]) -> None:
        await open_week(pilot.app, pilot, ws)  # type: ignore[arg-type]

    assert shoot(snap_compare, make_app(), before)


def test_entry_form_with_a_validation_message(
    snap_compare: Snap, make_app: MakeApp, ws: WsWorld
) -> None:
    """Entry form after "Kirim ke atasan" with a realisasi of "1,5": the message beside the
    Realisasi field says to type a whole number with an example, and what was typed stays."""

    async def before(pilot: Pilot[Any]) -> None:
        app: Any = pilot.app
        form = await open_new_form(app, pilot, ws)
        fill_form(form, rencana_aksi_ids(ws)[0], **{**GOOD_ENTRY, "realisasi": "1,5"})
        await press(app, pilot, "#submit")
        await settle(app, pilot)
        # scroll_visible moves as little as it can, so where it lands depends on where the
        # form was: start from the top every run for the same picture
        from ekinerja_tutor.ui.widgets.layout import FormScroll

        form.query_one(FormScroll).scroll_home(animate=False, immediate=True)
        realisasi = form.query_one("#f-realisasi", Input)
        realisasi.focus(scroll_visible=False)
        realisasi.scroll_visible(animate=False, immediate=True)
        await settle(app, pilot)

    assert shoot(snap_compare, make_app(), before)


def test_skp(snap_compare: Snap, base_world: SkpWorld) -> None:
    """SKP 2026 of Sudarto: status DISETUJUI in words, each RHK with jenis and klasifikasi
    and the supervisor's RHK it intervenes (Hendra Gunawan), the IKIs with targets."""
    world = base_world

    async def before(pilot: Pilot[Any]) -> None:
        await open_screen(pilot.app, pilot, SkpScreen(world.workspace))  # type: ignore[arg-type]

    assert shoot(snap_compare, world.app(), before)


def test_result(snap_compare: Snap, base_world: SkpWorld) -> None:
    """Result of the first quarter: the recap "Valid ✓" with three levels each marked ✓
    (Kasubag, Sekretaris, Kepala Dinas), ratings in words and "Predikat: Baik"."""
    world = base_world

    async def before(pilot: Pilot[Any]) -> None:
        await open_screen(pilot.app, pilot, ResultScreen(world.workspace))  # type: ignore[arg-type]

    assert shoot(snap_compare, world.app(), before)
