"""A trainee joins a training session with the trainer's code, from the F4 menu."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList, Static

from ekinerja_tutor.services.training import TrainingService
from ekinerja_tutor.ui.screens.dialogs import ActionMenu, FormDialog
from ekinerja_tutor.ui.widgets.status import StatusLine
from tests.training.conftest import TRAINER
from tests.ui.workspace.conftest import MakeApp, WsWorld, settle, signed_in


async def _join_with(app, pilot, code: str) -> FormDialog:  # type: ignore[no-untyped-def]
    await pilot.press("f4")
    await pilot.pause()
    menu = app.screen
    assert isinstance(menu, ActionMenu)
    options = menu.query_one(OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index("join_session")
    await pilot.press("enter")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, FormDialog)
    dialog.query_one("#f-code", Input).value = code
    dialog.query_one("#f-code", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)
    return dialog


async def test_a_learner_joins_with_the_code_and_a_wrong_code_is_explained(
    make_app: MakeApp, ws: WsWorld
) -> None:
    training = TrainingService(ws.services.ctx)
    today = dt.date(2026, 5, 13)
    made = training.create_session(
        TRAINER,
        "Kelas [Umum] [@click=app.quit]x[/]",
        today,
        today + dt.timedelta(days=30),
        ["progres_harian"],
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        dialog = await _join_with(app, pilot, "ZZZZZZ")
        assert app.screen is dialog  # refused: the dialog stays, the code kept, the reason shown
        assert dialog.query_one("#f-code", Input).value == "ZZZZZZ"
        shown = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "ZZZZZZ" in shown
        dialog.query_one("#f-code", Input).value = made.join_code.lower()
        dialog.query_one("#f-code", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialog)
        status = str(app.screen.query_one("#status", StatusLine).render())
        assert "Kelas [Umum] [@click=app.quit]x[/]" in status
    assert app.session is not None
    mine = training.my_sessions(app.session.principal)
    assert [s.id for s in mine] == [made.id]


async def test_the_menu_also_switches_language_and_theme(make_app: MakeApp, ws: WsWorld) -> None:
    """Browsers may keep F2/F3 for themselves: the F4 menu offers both too."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        theme = app.theme
        for choice in ("language", "theme"):
            await pilot.press("f4")
            await pilot.pause()
            options = app.screen.query_one(OptionList)
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            options.highlighted = ids.index(choice)
            await pilot.press("enter")
            await settle(app, pilot)
        assert app.tr.lang == "en"
        assert app.theme != theme
