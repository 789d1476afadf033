"""What the two code screens share (the OTP sign-in and the activation's step 3).

One field, the countdown, a submit button and, for practice-phone accounts, the practice
phone beside the field (F4 shows or hides it). Each failure gets its own message beside the
field: malformed (with an example), wrong or expired (check the phone's clock), already used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input

from ekinerja_tutor.ui.screens.base import STANDARD_BINDINGS, TutorScreen
from ekinerja_tutor.ui.signin import SignInFlow
from ekinerja_tutor.ui.widgets.code_entry import CodeEntry
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.phone import PracticePhonePanel

if TYPE_CHECKING:
    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.services.auth import SignedIn


class CodeScreen(TutorScreen[None]):
    DEFAULT_CSS = """
    CodeScreen #code-body { padding: 0 1; height: 1fr; }
    CodeScreen #code-left { width: 1fr; height: auto; }
    CodeScreen #code-intro { margin: 0 0 1 0; }
    CodeScreen #submit { margin-top: 1; }
    CodeScreen PracticePhonePanel.-hidden { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *STANDARD_BINDINGS,
        Binding("f4", "toggle_phone", "otp.phone_key"),
    ]

    INTRO_KEY: ClassVar[str] = "otp.intro"
    SUBMIT_KEY: ClassVar[str] = "otp.submit"
    STATUS_KEY: ClassVar[str] = "otp.status"

    def __init__(self, flow: SignInFlow, notice: str = "") -> None:
        super().__init__()
        self.flow = flow
        self.initial_status = notice

    @property
    def uses_practice_phone(self) -> bool:
        return self.flow.step.practice_phone

    @property
    def device_name(self) -> str:
        return self.flow.step.device_name or ""

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with Horizontal(id="code-body"):
            with Vertical(id="code-left"):
                yield TLabel(
                    tr,
                    self.INTRO_KEY,
                    id="code-intro",
                    params={"device": self.device_name, "name": self.flow.step.display_name},
                )
                yield CodeEntry(tr, "otp.code_label", id="code-entry")
                yield TButton(tr, self.SUBMIT_KEY, id="submit", variant="primary")
            if self.uses_practice_phone:
                yield PracticePhonePanel(self.flow.login, self.flow.password, id="phone")

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()
        self.say_first(self.STATUS_KEY)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_phone":
            return self.uses_practice_phone  # hidden for accounts with a real phone
        return super().check_action(action, parameters)

    def action_toggle_phone(self) -> None:
        panel = self.query_one(PracticePhonePanel)
        panel.toggle_class("-hidden")
        if not panel.has_class("-hidden"):
            panel.read_code()

    def language_changed(self) -> None:
        for panel in self.query(PracticePhonePanel):
            panel.relabel()

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#submit")
    def submit_code(self) -> None:
        from ekinerja_tutor.ui.errors import as_tutor_error

        entry = self.query_one(CodeEntry)
        entry.field.clear_error()
        try:
            signed_in = self.verify(entry.value)
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.show_code_error(as_tutor_error(error))
            return
        self.signed_in(signed_in)

    def verify(self, code: str) -> SignedIn:
        raise NotImplementedError

    def signed_in(self, signed_in: SignedIn) -> None:
        notice = self.tr.t("otp.signed_in", name=self.flow.step.display_name)
        if signed_in.used_previous_code:
            notice = f"{notice} {self.tr.t('auth.previous_code_accepted')}"
        self.tutor.sign_in(signed_in.principal, self.flow.step.display_name, notice)

    def show_code_error(self, error: TutorError) -> None:
        from ekinerja_tutor.domain.errors import LockedError

        text = error.render(self.tr.lang)
        entry = self.query_one(CodeEntry)
        entry.field.show_error(text)
        entry.field.input.focus()
        self.say(text)
        if isinstance(error, LockedError):
            self.say(f"{text} {self.tr.t('otp.locked_back')}")
