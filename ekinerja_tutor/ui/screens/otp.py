"""Step two of signing in: the 6-digit code from the authenticator.

Staff accounts (trainer, mentor, admin) may sign in with a single-use recovery code instead
(F6): a tutor convenience that the real e-Kinerja does not have, and labelled so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from ekinerja_tutor.ui.screens.code_base import CodeScreen
from ekinerja_tutor.ui.widgets.code_entry import CodeEntry
from ekinerja_tutor.ui.widgets.i18n import TLabel

if TYPE_CHECKING:
    from ekinerja_tutor.services.auth import SignedIn


class OtpScreen(CodeScreen):
    TITLE_KEY: ClassVar[str] = "otp.title"
    HELP_KEY: ClassVar[str] = "otp.help"
    INTRO_KEY: ClassVar[str] = "otp.intro"
    SUBMIT_KEY: ClassVar[str] = "otp.submit"
    BINDINGS: ClassVar[list[BindingType]] = [
        *CodeScreen.BINDINGS,
        Binding("f6", "toggle_recovery", "otp.recovery_key"),
    ]

    recovery_mode: bool = False
    """True while the field takes a recovery code instead of the authenticator's code."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_recovery":
            return self.flow.step.recovery_codes_left > 0  # only staff with codes left
        return super().check_action(action, parameters)

    def action_toggle_recovery(self) -> None:
        self.recovery_mode = not self.recovery_mode
        intro = self.query_one("#code-intro", TLabel)
        params = {"device": self.device_name, "name": self.flow.step.display_name}
        if self.recovery_mode:
            intro.set_key(self.tr, "otp.recovery_intro", left=self.flow.step.recovery_codes_left)
            self.say_key("otp.recovery_status")
        else:
            intro.set_key(self.tr, self.INTRO_KEY, **params)
            self.say_key(self.STATUS_KEY)
        entry = self.query_one(CodeEntry)
        entry.field.clear_error()
        entry.field.input.value = ""
        entry.field.input.focus()

    def verify(self, code: str) -> SignedIn:
        if self.recovery_mode:
            return self.tutor.auth.use_recovery_code(self.flow.step.account_id, code)
        return self.tutor.auth.verify_otp(self.flow.step.account_id, code)
