"""The forced password change at first sign-in: new password twice, with a live checklist.

The old password was typed on the login screen a moment ago; it is carried over, never asked
again (ACCESSIBILITY.md item 7).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input

from ekinerja_tutor.ui.errors import as_tutor_error
from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.signin import SignInFlow
from ekinerja_tutor.ui.widgets.checklist import PasswordChecklist
from ekinerja_tutor.ui.widgets.choices import Tick
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.services.auth import LoginStep


@dataclass
class PasswordChanged(Message):
    new_password: str
    step: LoginStep | None
    error: TutorError | None


class ChangePasswordScreen(TutorScreen[None]):
    DEFAULT_CSS = """
    ChangePasswordScreen #pw-body { padding: 0 1; }
    ChangePasswordScreen #pw-intro { margin: 0 0 1 0; }
    ChangePasswordScreen #pw-columns { height: auto; }
    ChangePasswordScreen #pw-fields { width: 1fr; height: auto; }
    ChangePasswordScreen #pw-checklist { width: 34; margin-left: 1; }
    """

    TITLE_KEY: ClassVar[str] = "pwchange.title"
    HELP_KEY: ClassVar[str] = "pwchange.help"

    def __init__(self, flow: SignInFlow, notice: str = "") -> None:
        super().__init__()
        self.flow = flow
        self.initial_status = notice

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with FormScroll(id="pw-body"):
            yield TLabel(
                tr, "pwchange.intro", id="pw-intro", params={"name": self.flow.step.display_name}
            )
            with Horizontal(id="pw-columns"):
                with Vertical(id="pw-fields"):
                    yield Field(
                        tr,
                        "pwchange.new_label",
                        Input(id="new-password", password=True),
                        hint_key="pwchange.new_hint",
                        id="new-field",
                    )
                    yield Field(
                        tr,
                        "pwchange.repeat_label",
                        Input(id="repeat-password", password=True),
                        id="repeat-field",
                    )
                    yield keyed(
                        Tick(tr.t("login.show_password"), id="show-password"), "login.show_password"
                    )
                    yield TButton(tr, "pwchange.submit", id="submit", variant="primary")
                yield PasswordChecklist(id="pw-checklist")

    def on_mount(self) -> None:
        self.update_checklist()
        self.query_one("#new-password", Input).focus()
        self.say_first("pwchange.status")

    def language_changed(self) -> None:
        self.update_checklist()

    @on(Input.Changed)
    def update_checklist(self) -> bool:
        return self.query_one(PasswordChecklist).check(
            self.tr,
            self.query_one("#new-password", Input).value,
            self.query_one("#repeat-password", Input).value,
            self.flow.step.username,
        )

    @on(Checkbox.Changed, "#show-password")
    def toggle_password_visibility(self, event: Checkbox.Changed) -> None:
        for input_ in self.query("#new-password, #repeat-password").results(Input):
            input_.password = not event.value

    @on(Input.Submitted, "#new-password")
    def go_to_repeat(self) -> None:
        self.query_one("#repeat-password", Input).focus()

    @on(Input.Submitted, "#repeat-password")
    @on(Button.Pressed, "#submit")
    def submit_new_password(self) -> None:
        submit = self.query_one("#submit", Button)
        if submit.disabled:
            return
        new = self.query_one("#new-password", Input).value
        repeat = self.query_one("#repeat-password", Input).value
        new_field = self.query_one("#new-field", Field)
        repeat_field = self.query_one("#repeat-field", Field)
        new_field.clear_error()
        repeat_field.clear_error()
        if new and new != repeat:
            repeat_field.show_error(self.tr.t("pwchange.not_same"))
            repeat_field.input.focus()
            self.say_key("pwchange.not_same")
            return
        submit.disabled = True
        submit.label = Content(self.tr.t("login.checking"))
        self.say_key("pwchange.saving")
        self.save_password(new)

    @work(thread=True, exclusive=True, group="change-password")
    def save_password(self, new: str) -> None:

        flow = self.flow
        try:
            step = self.tutor.auth.change_password(flow.step.account_id, flow.password, new)
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.post_message(PasswordChanged(new, None, as_tutor_error(error)))
        else:
            self.post_message(PasswordChanged(new, step, None))

    @on(PasswordChanged)
    def show_next_step(self, event: PasswordChanged) -> None:
        from ekinerja_tutor.ui.screens.login import next_screen

        submit = self.query_one("#submit", Button)
        submit.disabled = False
        submit.label = Content(self.tr.t("pwchange.submit"))
        if event.error is not None:
            text = event.error.render(self.tr.lang)
            field = self.query_one("#new-field", Field)
            field.show_error(text)
            field.input.focus()
            self.say(text)
            return
        assert event.step is not None
        flow = self.flow.with_step(event.step, password=event.new_password)
        self.app.switch_screen(next_screen(flow, self.tr.t("pwchange.done")))
