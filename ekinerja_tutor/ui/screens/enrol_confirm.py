"""Activating an authenticator, step 3 of 3: type the device's current code to confirm."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ekinerja_tutor.ui.screens.code_base import CodeScreen
from ekinerja_tutor.ui.signin import SignInFlow

if TYPE_CHECKING:
    from ekinerja_tutor.services.auth import EnrolmentView, SignedIn


class EnrolConfirmScreen(CodeScreen):
    TITLE_KEY: ClassVar[str] = "enrol.step3_title"
    HELP_KEY: ClassVar[str] = "enrol.help"
    INTRO_KEY: ClassVar[str] = "enrol.confirm_intro"
    SUBMIT_KEY: ClassVar[str] = "enrol.activate"
    STATUS_KEY: ClassVar[str] = "enrol.step3_status"

    def __init__(self, flow: SignInFlow, enrolment: EnrolmentView) -> None:
        super().__init__(flow)
        self.enrolment = enrolment

    @property
    def uses_practice_phone(self) -> bool:
        return self.enrolment.practice_phone

    @property
    def device_name(self) -> str:
        return self.enrolment.device_name

    def verify(self, code: str) -> SignedIn:
        return self.tutor.auth.confirm_enrolment(self.flow.step.account_id, code)

    def signed_in(self, signed_in: SignedIn) -> None:
        """Staff see their recovery codes once before going on; learners go straight in."""
        from ekinerja_tutor.ui.screens.recovery_codes import RecoveryCodesScreen

        notice = self.tr.t("enrol.activated", device=self.enrolment.device_name)

        def go_on(_: None = None) -> None:
            self.tutor.sign_in(signed_in.principal, self.flow.step.display_name, notice)

        if signed_in.principal.is_staff:
            self.app.push_screen(RecoveryCodesScreen(self.tr, self.flow.step.account_id), go_on)
        else:
            go_on()
