"""The sign-in journey through the real screens, asserting on what the services stored."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.domain.totp import current_code, step_at
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.admin import AdminService
from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.change_password import ChangePasswordScreen
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from ekinerja_tutor.ui.screens.enrol import EnrolScreen
from ekinerja_tutor.ui.screens.enrol_confirm import EnrolConfirmScreen
from ekinerja_tutor.ui.screens.enrol_qr import EnrolQrScreen
from ekinerja_tutor.ui.screens.login import LoginScreen
from ekinerja_tutor.ui.screens.otp import OtpScreen
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.persona_bar import PersonaBar
from ekinerja_tutor.ui.widgets.phone import PracticePhonePanel
from tests.ui.conftest import (
    ADMIN_USERNAME,
    LEARNER_NIP,
    LEARNER_PASSWORD,
    NEW_PASSWORD,
    MakeApp,
    World,
)
from tests.ui.helpers import settle, sign_in_with_password, type_code


async def test_first_sign_in_enrol_practice_phone_then_codes(
    make_app: MakeApp, world: World
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # 1. first login with the practice password (alias works as login name)
        await sign_in_with_password(app, pilot, "darto", LEARNER_PASSWORD)
        assert isinstance(app.screen, ChangePasswordScreen)

        # 2. forced change: the old password is carried over, only new + repeat are asked
        app.screen.query_one("#new-password", Input).value = NEW_PASSWORD
        repeat = app.screen.query_one("#repeat-password", Input)
        repeat.value = NEW_PASSWORD
        repeat.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert world.account(world.learner_id).must_change_password is False
        assert isinstance(app.screen, EnrolScreen)

        # 3. enrolment with the practice phone (chosen by default for this account)
        await pilot.click("#next")
        await settle(app, pilot)
        assert isinstance(app.screen, EnrolQrScreen)
        await pilot.click("#next")
        await settle(app, pilot)
        assert isinstance(app.screen, EnrolConfirmScreen)
        panel = app.screen.query_one(PracticePhonePanel)
        assert panel.code is not None and len(panel.code) == 6
        await type_code(app, pilot, panel.code)
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)  # a learner lands on the workspace
        persona = app.screen.query_one(PersonaBar).text
        assert "Sudarto" in persona
        assert "Pengadministrasi Umum" in persona
        account = world.account(world.learner_id)
        assert account.totp_secret is not None
        assert account.totp_practice_phone is True
        assert account.totp_last_step == step_at(world.clock.now())
        secret = account.totp_secret

        # 4. logout: back to the login screen, NIP kept, password cleared
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.session is None
        assert app.screen.query_one("#username", Input).value == "darto"
        assert app.screen.query_one("#password", Input).value == ""

        # 5. the next 30-s step: a fresh code signs in (pasted with a space)
        world.clock.advance(seconds=30)
        await sign_in_with_password(app, pilot, LEARNER_NIP, NEW_PASSWORD)
        assert isinstance(app.screen, OtpScreen)
        fresh = current_code(secret, world.clock.now()).code
        assert app.screen.query_one(PracticePhonePanel).code == fresh
        code_input = app.screen.query_one("#code", Input)
        code_input.focus()
        code_input.post_message(events.Paste(f"{fresh[:3]} {fresh[3:]}"))
        await pilot.pause()
        assert code_input.value == f"{fresh[:3]} {fresh[3:]}"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert world.account(world.learner_id).totp_last_step == step_at(world.clock.now())

        # 6. the same code again is refused with the "already used" message, beside the field
        await pilot.press("f8")
        await pilot.pause()
        await sign_in_with_password(app, pilot, LEARNER_NIP, NEW_PASSWORD)
        assert isinstance(app.screen, OtpScreen)
        await type_code(app, pilot, fresh)
        assert isinstance(app.screen, OtpScreen)
        error = app.screen.query_one("#code-field", Field).error_text
        assert app.tr.t("auth.code_used") in error
        assert app.screen.focused is app.screen.query_one("#code", Input)

        # 7. the admin resets the learner's device: the next sign-in enrols again
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        admin = Principal(world.admin_id, ADMIN_USERNAME, frozenset({Role.ADMIN}))
        AdminService(world.services.ctx).reset_device(admin, LEARNER_NIP)
        assert world.account(world.learner_id).totp_secret is None
        await sign_in_with_password(app, pilot, LEARNER_NIP, NEW_PASSWORD)
        assert isinstance(app.screen, EnrolScreen)


async def test_enter_before_the_database_is_ready_signs_in_once_it_is(world: World) -> None:
    """First run: the login paints while the practice office is prepared. An Enter pressed
    meanwhile is not lost: the sign-in goes on by itself when the database is ready."""
    import threading

    release = threading.Event()

    def slow_factory():  # type: ignore[no-untyped-def]
        release.wait(10)
        return world.services

    app = TutorApp(services_factory=slow_factory, clock=world.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        app.screen.query_one("#username", Input).value = "darto"
        password = app.screen.query_one("#password", Input)
        password.value = LEARNER_PASSWORD
        password.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)  # still preparing: nothing happened yet
        release.set()
        for _ in range(40):
            await settle(app, pilot)
            if isinstance(app.screen, ChangePasswordScreen):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, ChangePasswordScreen)
