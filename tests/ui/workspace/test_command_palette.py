"""Ctrl+P: our own commands, in the user's language, open the workspace's areas."""

from __future__ import annotations

from textual.command import CommandPalette

from ekinerja_tutor.ui.screens.skp import SkpScreen
from tests.ui.workspace.conftest import MakeApp, WsWorld, settle, signed_in


async def test_ctrl_p_opens_a_workspace_area_by_name(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"SKP")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SkpScreen)


async def test_the_palette_speaks_the_users_language(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await signed_in(app, pilot, ws)
        titles = [c.title for c in app.get_system_commands(dashboard)]
        assert app.tr.t("palette.sign_out") in titles and "Quit the application" not in titles
        await pilot.press("f2")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(dashboard)]
        assert "Sign out" in titles
