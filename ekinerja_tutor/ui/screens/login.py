"""Step one of signing in: NIP or username and password (checked in a thread worker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input

from ekinerja_tutor.ui.messages import ServicesFailed, ServicesReady
from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.signin import SignInFlow
from ekinerja_tutor.ui.widgets.choices import Tick
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.services.auth import LoginStep


@dataclass
class PasswordChecked(Message):
    """The worker finished: either the next step or the error to show."""

    login: str
    password: str
    step: LoginStep | None
    error: TutorError | None


class LoginScreen(TutorScreen[None]):
    DEFAULT_CSS = """
    LoginScreen #login-form { padding: 0 2; }
    LoginScreen #login-intro { margin: 1 0; }
    LoginScreen #login-buttons { height: auto; }
    LoginScreen #login-buttons Button { margin-right: 2; }
    """

    TITLE_KEY: ClassVar[str] = "login.title"
    HELP_KEY: ClassVar[str] = "login.help"

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with FormScroll(id="login-form"):
            yield TLabel(tr, "login.intro", id="login-intro")
            yield Field(
                tr,
                "login.username_label",
                keyed(Input(id="username"), "login.username_placeholder"),
                hint_key="login.username_hint",
                id="username-field",
            )
            yield Field(
                tr,
                "login.password_label",
                keyed(Input(id="password", password=True), "login.password_placeholder"),
                hint_key="login.password_hint",
                id="password-field",
            )
            yield keyed(
                Tick(tr.t("login.show_password"), id="show-password"), "login.show_password"
            )
            with Horizontal(id="login-buttons"):
                yield TButton(tr, "login.submit", id="submit", variant="primary")
                yield TButton(tr, "login.practice_accounts", id="practice-accounts")

    _submit_when_ready = False
    """Enter came before the database was ready: sign in as soon as it is."""

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()
        if self.tutor.services is None:
            self.say_key("ui.loading")
        else:
            self.say_key("login.ready")

    # -- services -----------------------------------------------------------------------------

    @on(ServicesReady)
    def services_ready(self) -> None:
        if self._submit_when_ready:  # Enter was pressed while the database was being prepared
            self._submit_when_ready = False
            self.submit_password()
            return
        self.say_key("login.ready")

    @on(ServicesFailed)
    def services_failed(self, event: ServicesFailed) -> None:
        self.say(f"{self.tr.t('ui.error_title')}: {event.reason}")

    # -- typing -------------------------------------------------------------------------------

    @on(Checkbox.Changed, "#show-password")
    def toggle_password_visibility(self, event: Checkbox.Changed) -> None:
        self.query_one("#password", Input).password = not event.value

    @on(Input.Submitted, "#username")
    def go_to_password(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#submit")
    def submit_password(self) -> None:
        if self.tutor.services is None:
            self._submit_when_ready = True
            self.say_key("login.not_ready")
            return
        submit = self.query_one("#submit", Button)
        if submit.disabled:
            return
        for field in self.query(Field):
            field.clear_error()
        submit.disabled = True
        submit.label = Content(self.tr.t("login.checking"))
        self.say_key("login.checking")
        self.check_password(
            self.query_one("#username", Input).value, self.query_one("#password", Input).value
        )

    @work(thread=True, exclusive=True, group="login")
    def check_password(self, login: str, password: str) -> None:
        from ekinerja_tutor.ui.errors import as_tutor_error

        try:
            step = self.tutor.auth.login_password(login, password)
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.post_message(PasswordChecked(login, password, None, as_tutor_error(error)))
        else:
            self.post_message(PasswordChecked(login, password, step, None))

    @on(PasswordChecked)
    def show_next_step(self, event: PasswordChecked) -> None:
        submit = self.query_one("#submit", Button)
        submit.disabled = False
        submit.label = Content(self.tr.t("login.submit"))
        if event.error is not None:
            self.show_error(event.error)
            return
        assert event.step is not None
        self.say("")
        self.app.push_screen(next_screen(SignInFlow(event.step, event.login, event.password)))

    def show_error(self, error: TutorError) -> None:
        text = error.render(self.tr.lang)
        name = "password" if error.field == "password" else "username"
        field = self.query_one(f"#{name}-field", Field)
        field.show_error(text)
        field.input.focus()
        self.say(text)

    @on(Button.Pressed, "#practice-accounts")
    def show_practice_accounts(self) -> None:
        from ekinerja_tutor.ui.screens.practice_accounts import PracticeAccountsScreen

        self.app.push_screen(PracticeAccountsScreen(), callback=self.use_practice_account)

    def use_practice_account(self, username: str | None) -> None:
        if username:
            self.query_one("#username", Input).value = username
            self.query_one("#password", Input).focus()

    # -- after a session ----------------------------------------------------------------------

    def after_sign_out(self, message: str) -> None:
        """Back from a session: the password is cleared, the NIP/username is kept."""
        password = self.query_one("#password", Input)
        password.value = ""
        for field in self.query(Field):
            field.clear_error()
        if self.query_one("#username", Input).value:
            password.focus()
        else:
            self.query_one("#username", Input).focus()
        self.say(message)


def next_screen(flow: SignInFlow, notice: str = "") -> TutorScreen[None]:
    """The screen for the step the service asks for next."""
    from ekinerja_tutor.services.auth import NextStep

    if flow.step.next == NextStep.CHANGE_PASSWORD:
        from ekinerja_tutor.ui.screens.change_password import ChangePasswordScreen

        return ChangePasswordScreen(flow, notice)
    if flow.step.next == NextStep.ENROL:
        from ekinerja_tutor.ui.screens.enrol import EnrolScreen

        return EnrolScreen(flow, notice)
    from ekinerja_tutor.ui.screens.otp import OtpScreen

    return OtpScreen(flow, notice)
