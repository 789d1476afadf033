"""Nothing typed is lost: not by a killed process, not by a session timeout."""

from __future__ import annotations

import shutil

from textual.widgets import Input

from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.daily_form import AUTOSAVE_DELAY
from ekinerja_tutor.ui.screens.login import LoginScreen
from tests.ui.workspace.conftest import (
    MakeApp,
    WsWorld,
    open_new_form,
    settle,
    signed_in,
)


def keys_for(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


async def test_typing_comes_back_after_the_process_is_killed(
    make_app: MakeApp, ws: WsWorld
) -> None:
    """Type, take the disk as it is 0.5 s later (the "kill"), start a new app on it."""
    drafts = ws.services.settings.drafts_dir
    crash = ws.home / "at-the-crash"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        form.query_one("#f-jam_mulai", Input).focus()
        await pilot.press(*keys_for("0800"))
        form.query_one("#f-kegiatan", Input).focus()
        await pilot.press(*keys_for("Rapat koordinasi bantuan sosial"))
        await pilot.pause(AUTOSAVE_DELAY + 0.2)  # well within the promised second
        shutil.copytree(drafts, crash)  # the disk at the moment the process dies
        await pilot.press(*keys_for(" xyz"))  # typed in the last instant: may be lost
    # The app closed normally (which would flush); put the disk back as the crash left it.
    shutil.rmtree(drafts)
    shutil.copytree(crash, drafts)

    ws.reopen()
    again = TutorApp(services=ws.services, clock=ws.clock)
    async with again.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(again, pilot, ws)
        assert form.restored
        values = form.values()
        assert values["kegiatan"] == "Rapat koordinasi bantuan sosial"
        assert values["jam_mulai"] == "0800"
        assert values["tanggal"] == "13-05-2026"


async def test_a_session_timeout_keeps_the_form(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        form.query_one("#f-kegiatan", Input).value = "Menata arsip surat"
        form.query_one("#f-realisasi", Input).value = "1,5"  # invalid, kept as typed
        await pilot.pause()
        ws.clock.advance(minutes=16)
        app.check_session_idle()
        await settle(app, pilot)
        assert isinstance(app.screen, LoginScreen)

        ws.clock.advance(minutes=1)
        await signed_in(app, pilot, ws)
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.click("#new-entry")
        await settle(app, pilot)
        values = app.screen.values()  # type: ignore[attr-defined]
        assert values["kegiatan"] == "Menata arsip surat"
        assert values["realisasi"] == "1,5"


async def test_going_back_keeps_the_form_and_says_so(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        form.query_one("#f-satuan", Input).value = "berkas"
        await pilot.press("escape")
        await settle(app, pilot)
        status = app.screen.query_one("#status").text  # type: ignore[attr-defined]
        assert status == app.tr.t("daily_ui.left_with_draft")
        await pilot.click("#new-entry")
        await settle(app, pilot)
        assert app.screen.values()["satuan"] == "berkas"  # type: ignore[attr-defined]
