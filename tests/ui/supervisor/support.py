"""Helpers for the supervisor-seat Pilot tests: choosing in menus, the clock, the seat."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from ekinerja_tutor.persistence.models import DailyEntry, PlantedDefect, Sandbox
from ekinerja_tutor.services.actors import SYSTEM, Seat
from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.dialogs import ActionMenu, FormDialog
from tests.ui.workspace.conftest import WsWorld, settle


def show_clock_keys(ws: WsWorld) -> None:
    """What a trainer does for a learner practising alone: F9 (the sandbox clock) is shown."""
    with ws.services.ctx.db.write() as session:
        session.execute(
            update(Sandbox)
            .where(Sandbox.id == ws.seeded.sandbox_id)
            .values(clock_keys_visible=True)
        )


async def choose(app: TutorApp, pilot: Pilot[Any], option_id: str) -> None:
    """In the open ActionMenu, move to ``option_id`` with the arrows and press Enter."""
    assert isinstance(app.screen, ActionMenu), app.screen
    menu = app.screen.query_one(OptionList)
    ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
    assert option_id in ids, ids
    menu.highlighted = 0
    for _ in range(ids.index(option_id)):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(app, pilot)


async def choose_first(app: TutorApp, pilot: Pilot[Any]) -> str:
    assert isinstance(app.screen, ActionMenu), app.screen
    menu = app.screen.query_one(OptionList)
    first = menu.get_option_at_index(0).id
    assert first is not None
    await choose(app, pilot, first)
    return first


async def submit_form(app: TutorApp, pilot: Pilot[Any], **values: str) -> None:
    """Fill the open FormDialog's inputs and press Enter in the first one."""
    assert isinstance(app.screen, FormDialog), app.screen
    inputs = list(app.screen.query(Input))
    for name, value in values.items():
        app.screen.query_one(f"#f-{name}", Input).value = value
    inputs[0].focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def move_clock(app: TutorApp, pilot: Pilot[Any], move: str) -> None:
    """F9, then the move (next_day, month_end, quarter_end), as the learner does."""
    await pilot.press("f9")
    await settle(app, pilot)
    await choose(app, pilot, move)
    await settle(app, pilot, 8)


async def cursor_to(app: TutorApp, pilot: Pilot[Any], table_id: str, key: str) -> None:
    table = app.screen.query_one(table_id, DataTable)
    for row in range(table.row_count):
        if table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value == key:
            table.move_cursor(row=row)
            table.focus()
            await pilot.pause()
            return
    raise AssertionError(f"{key} not in {table_id}")


def planted(ws: WsWorld) -> dict[int, str]:
    """Entry id → planted defect kind, for entries still waiting for the learner."""
    with ws.services.ctx.db.read() as session:
        rows = session.execute(
            select(PlantedDefect.entry_id, PlantedDefect.kind)
            .join(DailyEntry, DailyEntry.id == PlantedDefect.entry_id)
            .where(PlantedDefect.sandbox_id == ws.seeded.sandbox_id)
        ).all()
    return dict(rows)


def system_seat(ws: WsWorld, person_id: int) -> Seat:
    return Seat(SYSTEM, ws.seeded.sandbox_id, person_id)
