"""Steps shared by the Pilot tests."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.login import LoginScreen


async def settle(app: TutorApp, pilot: Pilot[int]) -> None:
    """Let thread workers finish and their messages be handled."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def sign_in_with_password(
    app: TutorApp, pilot: Pilot[int], login: str, password: str
) -> None:
    assert isinstance(app.screen, LoginScreen)
    app.screen.query_one("#username", Input).value = login
    password_input = app.screen.query_one("#password", Input)
    password_input.value = password
    password_input.focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def type_code(app: TutorApp, pilot: Pilot[int], code: str) -> None:
    code_input = app.screen.query_one("#code", Input)
    code_input.value = code
    code_input.focus()
    await pilot.press("enter")
    await settle(app, pilot)
