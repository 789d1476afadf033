"""Pilot flows of the Rencana Aksi screen: an empty month explained, filling a month, copying
last month, and a month that cannot be planned yet (asserted on service state)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, Static

from ekinerja_tutor.ui.screens.rencana_aksi import RencanaAksiForm, RencanaAksiScreen
from ekinerja_tutor.ui.widgets.skp_picker import ChoicePicker
from tests.ui.workspace.conftest import TRICKY, Seeded, settle
from tests.ui.workspace.skp_support import (
    SkpWorld,
    fill,
    make_world,
    open_screen,
    status_text,
    texts,
)


@pytest.fixture
def base_world(
    seeded: Seeded, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SkpWorld]:
    world = make_world(seeded, tmp_path, tmp_path_factory, "base")
    yield world
    world.services.close()


@pytest.fixture
def pending_world(
    seeded: Seeded, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SkpWorld]:
    world = make_world(seeded, tmp_path, tmp_path_factory, "supervisor_skp_pending")
    yield world
    world.services.close()


async def test_fill_a_month_then_copy_the_month_before(base_world: SkpWorld) -> None:
    world = base_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, RencanaAksiScreen(world.workspace))
        assert screen.month == 5
        assert len(texts(screen.query_one("#ra-items", OptionList))) == 2

        # June is empty: the screen says so, in the service's words.
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert screen.month == 6 and screen.has_class("-empty")
        explain = str(screen.query_one("#ra-explain", Static).content)
        assert "Belum ada Rencana Aksi untuk Juni 2026" in explain

        # Add one by hand: the indicator's satuan is filled in for the learner.
        await pilot.press("f6")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RencanaAksiForm)
        await fill(pilot, form.query_one("#ra-text", Input), TRICKY)
        iki = form.query_one("#iki", ChoicePicker)
        iki.focus()
        await pilot.press("down", "enter")
        rhk = form.skp.rhks[0]
        assert iki.value == rhk.ikis[0].id
        assert form.query_one("#ra-satuan", Input).value == rhk.ikis[0].satuan
        form.query_one("#form-save", Button).press()
        await settle(app, pilot)
        june = world.rencana_aksi.for_month(world.seat, world.persona_id, world.year, 6)
        assert [(i.text, i.rhk_id, i.iki_id) for i in june.items] == [
            (TRICKY, rhk.id, rhk.ikis[0].id)
        ]
        assert any(TRICKY in line for line in texts(screen.query_one("#ra-items", OptionList)))
        assert app.is_running

        # Copy May into June: May's two items join the one typed.
        await pilot.press("f8")
        await settle(app, pilot)
        june = world.rencana_aksi.for_month(world.seat, world.persona_id, world.year, 6)
        may = world.rencana_aksi.for_month(world.seat, world.persona_id, world.year, 5)
        assert len(june.items) == 3
        assert {i.text for i in may.items} <= {i.text for i in june.items}
        assert "2 Rencana Aksi disalin dari Mei 2026" in status_text(screen)

        # Copying again changes nothing and says so.
        await pilot.press("f8")
        await settle(app, pilot)
        june = world.rencana_aksi.for_month(world.seat, world.persona_id, world.year, 6)
        assert len(june.items) == 3
        assert "tidak ada yang disalin" in status_text(screen)


async def test_remove_asks_first_and_refuses_items_in_use(base_world: SkpWorld) -> None:
    world = base_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, RencanaAksiScreen(world.workspace))
        items = screen.query_one("#ra-items", OptionList)
        items.focus()
        items.highlighted = 0
        await pilot.press("enter")  # the item's menu
        await settle(app, pilot)
        await pilot.press("down", "enter")  # "Hapus"
        await settle(app, pilot)
        assert app.focused is not None and app.focused.id == "cancel"
        await pilot.press("tab", "enter")  # "Ya, hapus"
        await settle(app, pilot)
        may = world.rencana_aksi.for_month(world.seat, world.persona_id, world.year, 5)
        assert len(may.items) == 2  # May's items are used by daily entries: kept
        assert "progres harian" in status_text(screen)


async def test_month_cannot_be_planned_before_the_skp_is_approved(
    pending_world: SkpWorld,
) -> None:
    world = pending_world
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, RencanaAksiScreen(world.workspace))
        assert screen.has_class("-locked") and screen.has_class("-empty")
        explain = str(screen.query_one("#ra-explain", Static).content)
        assert "SKP masih berstatus Draf" in explain
        await pilot.press("f6")  # shown but disabled
        await settle(app, pilot)
        assert app.screen is screen
        assert isinstance(screen, RencanaAksiScreen)
        screen.action_add()
        assert "disetujui" in status_text(screen)
