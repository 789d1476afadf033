"""Each screen's promises: same keys, literal user text, errors beside fields, F1, F2, F3."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Input

from ekinerja_tutor.ui.screens.admin import AdminScreen
from ekinerja_tutor.ui.screens.change_password import ChangePasswordScreen
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from ekinerja_tutor.ui.screens.enrol import EnrolScreen
from ekinerja_tutor.ui.screens.enrol_confirm import EnrolConfirmScreen
from ekinerja_tutor.ui.screens.enrol_qr import EnrolQrScreen
from ekinerja_tutor.ui.screens.help import HelpScreen
from ekinerja_tutor.ui.screens.home import HomeScreen
from ekinerja_tutor.ui.screens.login import LoginScreen
from ekinerja_tutor.ui.screens.otp import OtpScreen
from ekinerja_tutor.ui.themes import HIGH_CONTRAST_DARK
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.keybar import KeyBar
from ekinerja_tutor.ui.widgets.phone import PracticePhonePanel
from ekinerja_tutor.ui.widgets.status import StatusLine
from tests.ui.conftest import (
    ADMIN_PASSWORD,
    LEARNER_PASSWORD,
    NEW_PASSWORD,
    TRICKY_NAME,
    MakeApp,
    World,
    add_account,
)
from tests.ui.helpers import settle, sign_in_with_password, type_code

STANDARD_KEYS = ["f1", "escape", "f2", "f3"]


def keys_of(screen: Screen[Any]) -> list[str]:
    return screen.query_one(KeyBar).shown_keys()


def status_of(screen: Screen[Any]) -> str:
    return screen.query_one(StatusLine).text


async def test_every_screen_starts_its_key_bar_with_the_same_keys(
    make_app: MakeApp, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Login, ChangePassword, Enrol (3 steps), Home, Admin and Otp at 80×24, NO_COLOR=1."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        seen["login"] = keys_of(app.screen)
        await sign_in_with_password(app, pilot, "darto", LEARNER_PASSWORD)
        assert isinstance(app.screen, ChangePasswordScreen)
        seen["change_password"] = keys_of(app.screen)
        app.screen.query_one("#new-password", Input).value = NEW_PASSWORD
        app.screen.query_one("#repeat-password", Input).value = NEW_PASSWORD
        await pilot.click("#submit")
        await settle(app, pilot)
        assert isinstance(app.screen, EnrolScreen)
        seen["enrol"] = keys_of(app.screen)
        await pilot.click("#next")
        await settle(app, pilot)
        assert isinstance(app.screen, EnrolQrScreen)
        seen["enrol_qr"] = keys_of(app.screen)
        await pilot.click("#next")
        await settle(app, pilot)
        assert isinstance(app.screen, EnrolConfirmScreen)
        seen["enrol_confirm"] = keys_of(app.screen)
        assert "f4" in seen["enrol_confirm"]  # the practice phone's key
        code = app.screen.query_one(PracticePhonePanel).code
        assert code is not None
        await type_code(app, pilot, code)
        assert isinstance(app.screen, DashboardScreen)  # a learner lands on the workspace
        seen["dashboard"] = keys_of(app.screen)
        await pilot.press("f8")
        await pilot.pause()
        world.clock.advance(seconds=30)
        await sign_in_with_password(app, pilot, "darto", NEW_PASSWORD)
        assert isinstance(app.screen, OtpScreen)
        seen["otp"] = keys_of(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        app.sign_in(app.auth.principal_for(world.admin_id), "Admin BKPSDM")
        await pilot.pause()
        await pilot.click("#admin")
        await pilot.pause()
        assert isinstance(app.screen, AdminScreen)
        seen["admin"] = keys_of(app.screen)
    assert len(seen) == 8
    for name, keys in seen.items():
        assert keys[:4] == STANDARD_KEYS, name


async def test_admin_screen_keys_and_literal_names(make_app: MakeApp, world: World) -> None:
    """A display name full of markup shows exactly as typed in the table and on Home."""
    add_account(
        world.services,
        "rapat",
        "Latihan#2026z",
        display_name=TRICKY_NAME,
        must_change_password=False,
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        admin = app.auth.principal_for(world.admin_id)
        app.sign_in(admin, "Admin BKPSDM")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click("#admin")
        await pilot.pause()
        assert isinstance(app.screen, AdminScreen)
        assert keys_of(app.screen)[:4] == STANDARD_KEYS
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row(key)[1]) for key in table.rows]
        assert TRICKY_NAME in names
        app.screen.query_one(DataTable).move_cursor(row=names.index(TRICKY_NAME))
        await pilot.press("enter")  # opens the action menu; nothing quits the app
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running

        # the same name on the home screen of that account
        principal = app.auth.principal_for(
            next(v.id for v in app.admin.list_users(admin) if v.username == "rapat")
        )
        app.sign_out()
        await pilot.pause()
        app.sign_in(principal, TRICKY_NAME)
        await pilot.pause()
        who = app.screen.query_one("#home-who")
        assert TRICKY_NAME in str(who.render())
        assert app.is_running


async def test_wrong_password_is_explained_beside_the_field_and_nothing_is_lost(
    make_app: MakeApp, world: World
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sign_in_with_password(app, pilot, "darto", "latihan#2026A")
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        field = screen.query_one("#password-field", Field)
        assert "Caps Lock" in field.error_text
        assert screen.focused is screen.query_one("#password", Input)
        assert screen.query_one("#username", Input).value == "darto"
        assert screen.query_one("#password", Input).value == "latihan#2026A"
        assert world.account(world.learner_id).failed_attempts == 1
        assert "Caps Lock" in status_of(screen)

        await sign_in_with_password(app, pilot, "nobody", "x")
        assert "nobody" in screen.query_one("#username-field", Field).error_text
        assert screen.focused is screen.query_one("#username", Input)


async def test_language_switch_relabels_and_keeps_what_was_typed(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#username", Input).value = "darto"
        assert "Masuk" in str(screen.query_one("#screen-title").render())
        await pilot.press("f2")
        await pilot.pause()
        assert app.tr.lang == "en"
        assert "Sign in" in str(screen.query_one("#screen-title").render())
        assert status_of(screen) == app.tr.t("login.ready")
        assert screen.query_one("#username", Input).value == "darto"
        assert "Help" in str(screen.query_one(KeyBar).render())
        await pilot.press("f2")
        await pilot.pause()
        assert "Bantuan" in str(screen.query_one(KeyBar).render())


async def test_help_opens_for_the_screen_and_closes_with_escape(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert text.startswith(app.tr.t("login.help").splitlines()[0])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)


async def test_f3_cycles_to_the_high_contrast_theme_and_says_so(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.theme
        await pilot.press("f3")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST_DARK.name != first
        assert app.tr.t("theme.contrast_dark") in status_of(app.screen)


async def test_qr_code_is_drawn_when_the_terminal_is_big_enough(make_app: MakeApp) -> None:
    for size, drawn in (((80, 24), False), ((140, 50), True)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await sign_in_with_password(app, pilot, "admin.bkpsdm", ADMIN_PASSWORD)
            assert isinstance(app.screen, EnrolScreen)
            await pilot.click("#own-phone")
            app.screen.query_one("#device-name", Input).value = "HP Admin"
            await pilot.click("#next")
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, EnrolQrScreen)
            assert (screen.qr is not None) is drawn
            notice = screen.query_one("#qr-too-small")
            assert notice.has_class("-gone") is drawn
            key = str(screen.query_one("#qr-key").render())
            assert key == screen.enrolment.secret


async def test_a_practice_account_fills_the_login_so_nothing_is_typed_twice(
    make_app: MakeApp,
) -> None:
    from ekinerja_tutor.ui.screens.practice_accounts import PracticeAccountsScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#practice-accounts")
        await pilot.pause()
        assert isinstance(app.screen, PracticeAccountsScreen)
        assert keys_of(app.screen)[:4] == STANDARD_KEYS
        await pilot.press("enter")  # the first row: the learner
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#username", Input).value == "197205142008011009"
        assert app.screen.focused is app.screen.query_one("#password", Input)
