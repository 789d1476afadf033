"""Idle timeout and the admin's actions, through the screens, checked in the database."""

from __future__ import annotations

from textual.widgets import Button, DataTable, Input, OptionList

from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.ui.screens.confirm import ConfirmScreen
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from ekinerja_tutor.ui.screens.dialogs import ActionMenu, FormDialog, OneTimePasswordScreen
from ekinerja_tutor.ui.screens.idle_warning import IdleWarningScreen
from ekinerja_tutor.ui.screens.login import LoginScreen
from ekinerja_tutor.ui.screens.otp import OtpScreen
from ekinerja_tutor.ui.widgets.phone import PracticePhonePanel
from ekinerja_tutor.ui.widgets.status import StatusLine
from tests.ui.conftest import ADMIN_USERNAME, LEARNER_NIP, MakeApp, World, add_account
from tests.ui.helpers import settle, sign_in_with_password


def admin_of(world: World) -> Principal:
    return Principal(world.admin_id, ADMIN_USERNAME, frozenset({Role.ADMIN}))


async def test_idle_warning_then_extend_then_timeout_keeps_the_login(
    make_app: MakeApp, world: World
) -> None:
    app = make_app(idle_timeout=15 * 60, idle_warning=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#username", Input).value = "darto"
        app.sign_in(app.auth.principal_for(world.learner_id), "Sudarto")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)  # a learner lands on the workspace

        world.clock.advance(minutes=14, seconds=31)
        app.check_session_idle()
        await pilot.pause()
        assert isinstance(app.screen, IdleWarningScreen)
        assert "29" in str(app.screen.query_one("#idle-text").render())
        await pilot.press("enter")  # one key carries on
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.idle.remaining(world.clock.now()) == 15 * 60

        world.clock.advance(minutes=15)
        app.check_session_idle()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.session is None
        assert app.screen.query_one(StatusLine).text == app.tr.t("home.session_timed_out")
        assert app.screen.query_one("#username", Input).value == "darto"


async def test_admin_resets_a_device_after_a_confirmation_with_cancel_focused(
    make_app: MakeApp, world: World
) -> None:
    with world.services.ctx.db.write() as session:
        from ekinerja_tutor.persistence.models import Account

        account = session.get(Account, world.learner_id)
        assert account is not None
        account.totp_secret = "JBSWY3DPEHPK3PXP"
        account.totp_device_name = "Ponsel latihan"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sign_in(admin_of(world), "Admin BKPSDM")
        await pilot.pause()
        await pilot.click("#admin")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        usernames = [str(table.get_row(key)[0]) for key in table.rows]
        table.move_cursor(row=usernames.index(LEARNER_NIP))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionMenu)
        app.screen.query_one(OptionList).highlighted = 1  # reset the device
        await pilot.press("enter")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.focused is confirm.query_one("#cancel", Button)
        assert "Sudarto" in str(confirm.query_one("#confirm-question").render())
        await pilot.press("enter")  # Cancel: nothing changes
        await pilot.pause()
        assert world.account(world.learner_id).totp_secret is not None

        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#confirm")
        await pilot.pause()
        assert world.account(world.learner_id).totp_secret is None
        assert "Sudarto" in app.screen.query_one(StatusLine).text


async def test_admin_adds_a_user_and_sees_the_one_time_password_once(
    make_app: MakeApp, world: World
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sign_in(admin_of(world), "Admin BKPSDM")
        await pilot.pause()
        await pilot.click("#admin")
        await pilot.pause()
        await pilot.click("#add-user")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#f-username", Input).value = "budi santoso"
        dialog.query_one("#f-display_name", Input).value = "Budi Santoso"
        await pilot.click("#form-submit")
        await settle(app, pilot)
        assert app.screen is dialog  # refused: a space in the user name
        assert dialog.query_one("#field-username").has_class("-invalid")
        assert dialog.query_one("#f-display_name", Input).value == "Budi Santoso"
        dialog.query_one("#f-username", Input).value = "budi.santoso"
        await pilot.click("#form-submit")
        await settle(app, pilot)
        shown = app.screen
        assert isinstance(shown, OneTimePasswordScreen)
        password = str(shown.query_one("#otp-password").render())
        assert len(password) >= 12
        views = {v.username: v for v in app.admin.list_users(admin_of(world))}
        assert views["budi.santoso"].must_change_password
        assert app.auth.verify_password(
            world.account(views["budi.santoso"].id).password_hash, password
        )


async def test_the_practice_phone_says_when_it_is_lost(make_app: MakeApp, world: World) -> None:
    add_account(
        world.services,
        "lost",
        "Latihan#2026q",
        display_name="Lost Phone",
        must_change_password=False,
        practice_phone=True,
    )
    with world.services.ctx.db.write() as session:
        from sqlalchemy import update

        from ekinerja_tutor.persistence.models import Account

        session.execute(
            update(Account)
            .where(Account.username == "lost")
            .values(
                totp_secret="JBSWY3DPEHPK3PXP", totp_device_name="Ponsel latihan", phone_lost=True
            )
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sign_in_with_password(app, pilot, "lost", "Latihan#2026q")
        assert isinstance(app.screen, OtpScreen)
        await settle(app, pilot)
        panel = app.screen.query_one(PracticePhonePanel)
        assert panel.code is None
        assert panel.has_class("-problem")
        assert app.tr.t("auth.phone_lost") in str(panel.query_one("#phone-problem").render())
        await pilot.press("f4")
        await pilot.pause()
        assert panel.has_class("-hidden")


async def test_otp_messages_are_distinct_and_appear_beside_the_field(
    make_app: MakeApp, world: World
) -> None:
    from sqlalchemy import update

    from ekinerja_tutor.domain.totp import current_code
    from ekinerja_tutor.persistence.models import Account
    from ekinerja_tutor.ui.widgets.field import Field
    from tests.ui.conftest import LEARNER_PASSWORD
    from tests.ui.helpers import type_code

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with world.services.ctx.db.write() as session:
        session.execute(
            update(Account)
            .where(Account.id == world.learner_id)
            .values(
                must_change_password=False, totp_secret=secret, totp_device_name="Ponsel latihan"
            )
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sign_in_with_password(app, pilot, "darto", LEARNER_PASSWORD)
        assert isinstance(app.screen, OtpScreen)
        field = app.screen.query_one("#code-field", Field)
        await type_code(app, pilot, "12a 456")
        malformed = field.error_text
        assert app.tr.t("auth.code_malformed", digits=6) in malformed
        good = current_code(secret, world.clock.now()).code
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"
        await type_code(app, pilot, wrong)
        assert "jam" in field.error_text  # wrong or expired: check the phone's clock
        assert field.error_text != malformed
        assert world.account(world.learner_id).failed_attempts == 1
        assert app.screen.query_one("#code", Input).value == wrong  # kept, not cleared


async def test_an_unexpected_failure_is_shown_not_a_crash(make_app: MakeApp, world: World) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def broken(login: str, password: str) -> None:
            raise RuntimeError("disk I/O error")

        app.auth.login_password = broken  # type: ignore[method-assign,assignment]
        await sign_in_with_password(app, pilot, "darto", "x")
        assert app.is_running
        assert isinstance(app.screen, LoginScreen)
        assert "disk I/O error" in app.screen.query_one(StatusLine).text
