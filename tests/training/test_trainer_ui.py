"""The trainer's screens through Pilot: the live board, trainee actions, a new session, the
import screen, and the practice "server error" that clears the daily form (the draft restores it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from textual.widgets import Button, Checkbox, DataTable, Input, SelectionList, Static
from textual.widgets._toast import Toast

from ekinerja_tutor.services.lessons import LessonService
from ekinerja_tutor.services.training_results import TrainingResultsService
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen
from ekinerja_tutor.ui.screens.document_export import DocumentExportScreen
from ekinerja_tutor.ui.screens.trainer_board import TrainerBoardScreen
from ekinerja_tutor.ui.screens.trainer_import import TrainerImportScreen
from ekinerja_tutor.ui.screens.trainer_sessions import TrainerCreateScreen, TrainerSessionsScreen
from ekinerja_tutor.ui.screens.trainer_trainee import SandboxViewScreen, TraineeActionsScreen
from tests.training.conftest import csv_bytes, nip
from tests.ui.helpdesk.conftest import HOSTILE, as_staff, principal
from tests.ui.helpers import sticking_out
from tests.ui.workspace.conftest import (
    GOOD_ENTRY,
    MakeApp,
    WsWorld,
    fill_form,
    open_new_form,
    rencana_aksi_ids,
    settle,
)

DAY = dt.date(2026, 5, 13)


def _cells(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_board_shows_real_states_and_acts_on_a_trainee(
    ws: WsWorld, make_app: MakeApp
) -> None:
    training = TrainingResultsService(ws.services.ctx)
    dimas = principal(ws, "dimas")
    session = training.create_session(dimas, "Kelas Bantuan", DAY, DAY, ["minta_bantuan"])
    training.enrol(dimas, session.id, "darto")
    training.add_trainee(dimas, session.id, HOSTILE, nip(1))
    learner = principal(ws, "darto")
    lessons = LessonService(ws.services.ctx)
    lessons.start(learner, "minta_bantuan", "id")
    for _ in range(3):
        lessons.periksa(learner, "minta_bantuan")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await as_staff(app, pilot, dimas, "Dimas")
        app.push_screen(TrainerBoardScreen(session.id))
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, TrainerBoardScreen)
        rows = {r[0]: r for r in _cells(board.query_one("#board", DataTable))}
        assert HOSTILE in rows  # user text shown literally, the app still running
        darto_row = next(r for name, r in rows.items() if name != HOSTILE)
        assert darto_row[1].startswith("! macet") and "langkah 1" in darto_row[1]
        assert rows[HOSTILE][1] == "· belum"
        summary = str(board.query_one("#board-summary", Static).content)
        assert "1 macet" in summary and session.join_code in summary
        chart = str(board.query_one("#board-chart").text)  # type: ignore[attr-defined]
        assert "0 dari 2 peserta selesai" in chart
        board.query_one("#board", DataTable).move_cursor(row=list(rows).index(darto_row[0]))
        await pilot.pause()
        detail = str(board.query_one("#board-detail", Static).content)
        assert "Gagal:" in detail
        await pilot.press("enter")
        await settle(app, pilot)
        actions = app.screen
        assert isinstance(actions, TraineeActionsScreen)
        actions.query_one("#fail-save", Checkbox).value = True
        actions.query_one("#slow", Input).value = "abc"
        actions.query_one("#apply", Button).press()
        await settle(app, pilot)
        assert "✗" in actions.query_one("#field-slowness_ms").error_text  # type: ignore[attr-defined]
        actions.query_one("#slow", Input).value = "0"
        actions.query_one("#apply", Button).press()
        await settle(app, pilot)
        row = next(
            r for r in training.board(dimas, session.id).rows if r.trainee.username != nip(1)
        )
        assert row.failures.save_error
        actions.query_one("#view", Button).press()
        await settle(app, pilot)
        viewed = app.screen
        assert isinstance(viewed, SandboxViewScreen)
        assert "persona" in str(viewed.query_one("#sandbox-text", Static).content).lower()
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is board
        rows = {r[0]: r for r in _cells(board.query_one("#board", DataTable))}
        assert "galat simpan" in rows[darto_row[0]][-1]


async def test_new_session_and_import_from_the_console(
    ws: WsWorld, make_app: MakeApp, tmp_path: Path
) -> None:
    training = TrainingResultsService(ws.services.ctx)
    dimas = principal(ws, "dimas")
    app = make_app()
    # Notifications on: the notice after "Buat" is drawn, as in the real app.
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await as_staff(app, pilot, dimas, "Dimas")
        app.push_screen(TrainerSessionsScreen())
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TrainerCreateScreen)
        form.query_one("#create", Button).press()  # nothing filled: messages beside the fields
        await settle(app, pilot)
        assert "✗" in form.query_one("#field-session_name").error_text  # type: ignore[attr-defined]
        form.query_one("#name", Input).value = "Kelas [Rehsos]"
        picker = form.query_one("#lessons", SelectionList)
        picker.focus()
        await pilot.press("space")  # as the hint says: Space ticks the highlighted lesson
        first = picker.get_option_at_index(0).value
        assert picker.selected == [first]
        await pilot.press("space")
        assert picker.selected == []
        picker.select("progres_harian")
        await pilot.pause()
        picker.select("minta_bantuan")
        await pilot.pause()
        form.query_one("#end", Input).value = "31-02-2026"
        form.query_one("#create", Button).press()
        await settle(app, pilot)
        assert "✗" in form.query_one("#field-ends_on").error_text  # type: ignore[attr-defined]
        assert form.query_one("#name", Input).value == "Kelas [Rehsos]"  # nothing typed is lost
        form.query_one("#end", Input).value = form.query_one("#start", Input).value
        form.query_one("#create", Button).press()
        await settle(app, pilot)
        sessions = training.list_sessions(dimas)
        assert [s.name for s in sessions] == ["Kelas [Rehsos]"]
        assert sessions[0].lessons == ("progres_harian", "minta_bantuan")
        listing = app.screen
        assert isinstance(listing, TrainerSessionsScreen)
        await settle(app, pilot)
        assert "Kelas [Rehsos]" in _cells(listing.query_one("#sessions", DataTable))[0]
        [toast] = listing.query(Toast)
        assert "Kelas [Rehsos]" in str(toast.render())  # shown literally, not as markup
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrainerImportScreen)
        bad = tmp_path / "bad.csv"
        bad.write_bytes(csv_bytes([("Budi", nip(2), ""), ("Budi lagi", nip(2), "")]))
        screen.query_one("#path", Input).value = str(bad)
        screen.query_one("#do-import", Button).press()
        await settle(app, pilot, 8)
        problems = _cells(screen.query_one("#problems", DataTable))
        assert problems and problems[0][0] == "✗ 3" and "baris 2" in problems[0][2]
        assert training.list_sessions(dimas)[0].trainee_count == 0
        good = tmp_path / "good.csv"
        good.write_bytes(csv_bytes([("Budi", nip(2), ""), ("Sari", nip(3), "")], delimiter=","))
        screen.query_one("#path", Input).value = str(good)
        screen.query_one("#do-import", Button).press()
        await settle(app, pilot, 8)
        assert training.list_sessions(dimas)[0].trainee_count == 2
        slips = screen.query_one("#slips", Button)
        assert not slips.disabled
        slips.press()
        await settle(app, pilot)
        export = app.screen
        assert isinstance(export, DocumentExportScreen)
        export.query_one("#doc-build", Button).press()
        await settle(app, pilot, 8)
        assert export.saved is not None and export.saved.suffix == ".pdf"
        text = "".join(p.extract_text() for p in PdfReader(export.saved).pages)
        assert nip(2) in text and nip(3) in text


async def test_practice_save_error_clears_the_form_and_the_draft_brings_it_back(
    ws: WsWorld, make_app: MakeApp
) -> None:
    training = TrainingResultsService(ws.services.ctx)
    training.set_failures(principal(ws, "dimas"), ["darto"], save_error=True)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_new_form(app, pilot, ws)
        fill_form(form, rencana_aksi_ids(ws)[0], **GOOD_ENTRY)
        await settle(app, pilot)
        form.query_one("#save-draft", Button).press()
        await settle(app, pilot)
        assert form.query_one("#f-kegiatan", Input).value == ""  # cleared, as the real one does
        status = str(form.query_one("#status").render())
        assert "500" in status
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.click("#new-entry")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, DailyFormScreen) and again is not form
        assert again.restored
        assert again.query_one("#f-kegiatan", Input).value == GOOD_ENTRY["kegiatan"]
        again.query_one("#save-draft", Button).press()  # the retry works
        await settle(app, pilot)
        assert again.query_one("#f-kegiatan", Input).value == GOOD_ENTRY["kegiatan"]
        assert again.entry_id is not None


async def test_staff_home_and_trainer_console_fit_80_columns(
    ws: WsWorld, make_app: MakeApp
) -> None:
    """Dimas is trainer, mentor and learner: his home page has five buttons once his sandbox is
    ready, and the console five more. At 80×24 none may be cut off at the edge."""
    from ekinerja_tutor.ui.screens.home import HomeScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.sign_in(principal(ws, "dimas"), "Dimas")
        await settle(app, pilot, 12)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#workspace", Button).display  # the sandbox is ready
        buttons = [b.id for b in home.query("#home-buttons Button") if b.display]
        assert buttons == ["workspace", "admin", "helpdesk", "trainer-console", "logout"]
        assert sticking_out(home) == []
        app.push_screen(TrainerSessionsScreen())
        await settle(app, pilot)
        assert sticking_out(app.screen) == []
