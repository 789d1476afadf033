"""Steps shared by the Pilot tests."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
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


def sticking_out(screen: Screen[Any]) -> list[str]:
    """Widgets that reach past the right edge of a container that does not scroll sideways:
    at 80 columns they are cut off (a button whose label cannot be read), not scrolled to."""
    found = []
    for widget in screen.walk_children(Widget):
        if not widget.display or not widget.region.area:
            continue
        parent = widget.parent
        if isinstance(parent, Widget) and parent is not screen:
            if parent.styles.overflow_x in ("auto", "scroll"):
                continue
            right = parent.content_region.right
        else:
            right = screen.size.width
        if widget.region.right > right:
            found.append(
                f"{type(widget).__name__}#{widget.id} ends at {widget.region.right} > {right}"
            )
    return found
