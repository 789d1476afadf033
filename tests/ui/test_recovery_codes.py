"""Staff recovery codes: shown once after activation, each usable once at sign-in (F6)."""

from __future__ import annotations

from sqlalchemy import func, select
from textual.widgets import Input, Static

from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.persistence.models import RecoveryCode
from ekinerja_tutor.ui.screens.login import LoginScreen
from ekinerja_tutor.ui.screens.otp import OtpScreen
from ekinerja_tutor.ui.screens.recovery_codes import RecoveryCodesScreen
from ekinerja_tutor.ui.widgets.phone import PracticePhonePanel
from tests.ui.conftest import MakeApp, World, add_account
from tests.ui.helpers import settle, sign_in_with_password, type_code

MENTOR_PASSWORD = "Mentor#Latihan2026"


async def test_staff_recovery_codes_from_activation_to_sign_in(
    make_app: MakeApp, world: World
) -> None:
    mentor = add_account(
        world.services,
        "mentor.uji",
        MENTOR_PASSWORD,
        display_name="Mentor",
        roles=(Role.MENTOR,),
        must_change_password=False,
        practice_phone=True,
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sign_in_with_password(app, pilot, "mentor.uji", MENTOR_PASSWORD)
        await pilot.click("#next")
        await settle(app, pilot)
        await pilot.click("#next")
        await settle(app, pilot)
        code = app.screen.query_one(PracticePhonePanel).code
        assert code is not None
        await type_code(app, pilot, code)
        await settle(app, pilot)
        assert isinstance(app.screen, RecoveryCodesScreen)
        shown = str(app.screen.query_one("#codes", Static).render())
        codes = [line.split(". ", 1)[1] for line in shown.splitlines() if ". " in line]
        assert len(codes) == 10
        with world.services.ctx.db.read() as session:
            stored = session.scalar(
                select(func.count())
                .select_from(RecoveryCode)
                .where(RecoveryCode.account_id == mentor)
            )
        assert stored == 10  # stored hashed; the screen is the only place they appear
        await pilot.click("#done")
        await settle(app, pilot)
        assert app.session is not None

        for attempt in (1, 2):
            await pilot.press("f8")
            await settle(app, pilot)
            assert isinstance(app.screen, LoginScreen)
            await sign_in_with_password(app, pilot, "mentor.uji", MENTOR_PASSWORD)
            assert isinstance(app.screen, OtpScreen)
            await pilot.press("f6")
            await pilot.pause()
            assert app.screen.recovery_mode
            await type_code(app, pilot, codes[0])
            if attempt == 1:
                assert app.session is not None  # signed in with the recovery code
            else:
                assert isinstance(app.screen, OtpScreen)  # the same code works only once
                status = str(app.screen.query_one("#status", Static).render())
                assert status == app.tr.t("auth.recovery_used")
        assert app.screen.query_one("#code", Input).value == codes[0]  # nothing cleared


async def test_learners_have_no_recovery_key(make_app: MakeApp, world: World) -> None:
    """A learner's lost phone goes to the admin, as on the real system: no F6 for them."""
    from ekinerja_tutor.domain.totp import current_code
    from ekinerja_tutor.services.auth import AuthService
    from tests.ui.conftest import LEARNER_PASSWORD, NEW_PASSWORD

    auth = AuthService(world.services.ctx)
    step = auth.login_password("darto", LEARNER_PASSWORD)
    auth.change_password(step.account_id, LEARNER_PASSWORD, NEW_PASSWORD)
    view = auth.start_enrolment(step.account_id, "Ponsel latihan", True)
    auth.confirm_enrolment(
        step.account_id, current_code(view.secret.replace(" ", ""), world.clock.now()).code
    )
    world.clock.advance(seconds=30)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await sign_in_with_password(app, pilot, "darto", NEW_PASSWORD)
        assert isinstance(app.screen, OtpScreen)
        assert not app.screen.check_action("toggle_recovery", ())
        await pilot.press("f6")
        await pilot.pause()
        assert app.screen.recovery_mode is False
