"""The Drive screen through Pilot: put a file in the drive, share it, copy its link, paste it
into an entry's Bukti Dukung with Ctrl+V, send; open links as another person."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Button, DataTable, Input, OptionList, Static

from ekinerja_tutor.domain.drive import GeneralAccess, ShareLevel
from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.services.drive import DriveService
from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen, DailyReviewScreen
from ekinerja_tutor.ui.screens.dialogs import ActionMenu, FormDialog
from ekinerja_tutor.ui.screens.drive import DriveScreen
from ekinerja_tutor.ui.screens.drive_view import DriveFileScreen
from tests.ui.workspace.conftest import (
    GOOD_ENTRY,
    TRICKY,
    MakeApp,
    WsWorld,
    fill_form,
    press,
    rencana_aksi_ids,
    settle,
    signed_in,
)


async def open_drive(app: TutorApp, pilot: object, ws: WsWorld) -> DriveScreen:
    dashboard = await signed_in(app, pilot, ws)  # type: ignore[arg-type]
    dashboard.open_area("drive")
    await settle(app, pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, DriveScreen)
    assert app.screen.view is not None
    return app.screen


def select_row(screen: DriveScreen, item_id: int) -> None:
    table = screen.query_one("#drive-table", DataTable)
    table.move_cursor(row=table.get_row_index(f"item:{item_id}"))


async def choose(app: TutorApp, pilot: object, option_id: str) -> None:
    menu = app.screen
    assert isinstance(menu, ActionMenu)
    options = menu.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(app, pilot)  # type: ignore[arg-type]


async def test_put_share_copy_paste_and_send(
    make_app: MakeApp, ws: WsWorld, tmp_path: Path
) -> None:
    photo = tmp_path / "rapat.txt"
    photo.write_text("Notulen rapat koordinasi\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        drive = await open_drive(app, pilot, ws)
        head = str(drive.query_one("#drive-head", Static).render())
        assert "Drive Saya" in head

        # put a file in the drive, from the learner's own disk
        await pilot.press("a")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#f-drive_path", Input).value = str(photo)
        dialog.query_one("#f-drive_caption", Input).value = TRICKY
        await press(app, pilot, "#form-submit")
        assert app.screen is drive
        [added] = [i for i in drive.view.items if i.name == "rapat.txt"]  # type: ignore[union-attr]
        assert added.level is ShareLevel.RESTRICTED and added.caption == TRICKY

        # share it: "Siapa saja yang memiliki link"
        select_row(drive, added.id)
        await pilot.pause()
        detail = str(drive.query_one("#drive-detail", Static).render())
        assert TRICKY in detail  # shown literally, never as markup
        await pilot.press("s")
        await settle(app, pilot)
        await choose(app, pilot, "ANYONE_WITH_LINK")
        assert app.screen is drive
        shared = DriveService(ws.services.ctx).item(ws.persona_seat, added.id)
        assert shared.level is ShareLevel.ANYONE_WITH_LINK

        # copy its link
        select_row(drive, added.id)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == added.link

        # Progres Harian: a new entry, paste the link with Ctrl+V into Bukti Dukung, send
        drive.open_area("daily")
        await settle(app, pilot)
        await press(app, pilot, "#new-entry")
        form = app.screen
        assert isinstance(form, DailyFormScreen)
        values = {k: v for k, v in GOOD_ENTRY.items() if k != "bukti_dukung"}
        fill_form(form, rencana_aksi_ids(ws)[0], **values)
        evidence = form.query_one("#f-bukti_dukung", Input)
        evidence.value = ""
        evidence.focus()
        await pilot.pause()
        await pilot.press("ctrl+v")
        await settle(app, pilot)
        assert evidence.value == added.link
        await press(app, pilot, "#submit")
        assert isinstance(app.screen, DailyReviewScreen)
        await press(app, pilot, "#review-send")

    page = ws.daily.list_entries(ws.persona_seat, ws.seeded.persona_id, status=DailyStatus.DIKIRIM)
    assert any(e.bukti_dukung == added.link for e in page.items)


async def test_open_as_the_supervisor_shows_access_denied_then_the_file(
    make_app: MakeApp, ws: WsWorld
) -> None:
    service = DriveService(ws.services.ctx)
    item = service.add_file(
        ws.persona_seat, None, "Laporan.txt", b"Isi laporan [b]tebal[/b]\n", caption="Laporan"
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        drive = await open_drive(app, pilot, ws)
        select_row(drive, item.id)
        await pilot.press("o")
        await settle(app, pilot)
        await choose(app, pilot, str(ws.seeded.supervisor_id))
        link_form = app.screen
        assert isinstance(link_form, FormDialog)
        assert link_form.query_one("#f-drive_link", Input).value == item.link
        await press(app, pilot, "#form-submit")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, DriveFileScreen)
        denied = str(view.query_one("#file-denied", Static).render())
        assert denied.startswith("Anda memerlukan akses")
        await pilot.press("escape")
        await settle(app, pilot)

        service.set_sharing(ws.persona_seat, item.id, GeneralAccess.ANYONE_WITH_LINK)
        drive.open_link(item.link, ws.seeded.supervisor_id)
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, DriveFileScreen)
        head = str(view.query_one("#file-head", Static).render())
        assert "Laporan.txt" in head and "Laporan" in head
        body = str(view.query_one("#file-content", Static).render())
        assert "Isi laporan [b]tebal[/b]" in body  # literal text


async def test_an_image_is_previewed_in_the_terminal(make_app: MakeApp, ws: WsWorld) -> None:
    service = DriveService(ws.services.ctx)
    page = service.list_folder(ws.persona_seat)
    photo = next(i for i in page.items if i.name.endswith(".jpg"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        drive = await open_drive(app, pilot, ws)
        select_row(drive, photo.id)
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, DriveFileScreen)
        rendered = view.query_one("#file-content", Static).render()
        assert "▀" in str(rendered)
        assert photo.caption in str(view.query_one("#file-head", Static).render())
        label = view.query_one("#viewer", Button).label
        assert isinstance(label, Content)  # the button parses its label into Content
        assert label.plain == "Buka di penampil sistem"


async def test_served_to_browsers_the_disk_is_off(make_app: MakeApp, ws: WsWorld) -> None:
    from dataclasses import replace

    ws.services.settings = replace(ws.services.settings, served=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        drive = await open_drive(app, pilot, ws)
        assert drive.query_one("#add-file", Button).disabled
        await pilot.press("a")
        await settle(app, pilot)
        assert app.screen is drive  # no dialog: the reason is said instead
