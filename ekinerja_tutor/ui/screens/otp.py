"""Step two of signing in: the 6-digit code from the authenticator."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ekinerja_tutor.ui.screens.code_base import CodeScreen

if TYPE_CHECKING:
    from ekinerja_tutor.services.auth import SignedIn


class OtpScreen(CodeScreen):
    TITLE_KEY: ClassVar[str] = "otp.title"
    HELP_KEY: ClassVar[str] = "otp.help"
    INTRO_KEY: ClassVar[str] = "otp.intro"
    SUBMIT_KEY: ClassVar[str] = "otp.submit"

    def verify(self, code: str) -> SignedIn:
        return self.tutor.auth.verify_otp(self.flow.step.account_id, code)
