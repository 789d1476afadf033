"""Activating an authenticator, step 1 of 3: the practice phone or your own phone."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, RadioButton, RadioSet

from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.signin import SignInFlow
from ekinerja_tutor.ui.widgets.choices import Choice
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed
from ekinerja_tutor.ui.widgets.layout import FormScroll


class EnrolScreen(TutorScreen[None]):
    DEFAULT_CSS = """
    EnrolScreen #enrol-body { padding: 0 1; }
    EnrolScreen #enrol-intro { margin: 0 0 1 0; }
    EnrolScreen RadioSet { width: 1fr; margin: 0 0 1 0; }
    EnrolScreen #device-field { display: none; }
    EnrolScreen.-own-phone #device-field { display: block; }
    """

    TITLE_KEY: ClassVar[str] = "enrol.step1_title"
    HELP_KEY: ClassVar[str] = "enrol.help"

    def __init__(self, flow: SignInFlow, notice: str = "") -> None:
        super().__init__()
        self.flow = flow
        self.initial_status = notice

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        practice = self.flow.step.practice_phone
        with FormScroll(id="enrol-body"):
            yield TLabel(tr, "enrol.intro", id="enrol-intro")
            with RadioSet(id="device-kind"):
                yield keyed(
                    Choice(tr.t("enrol.choose_practice"), value=practice, id="practice-phone"),
                    "enrol.choose_practice",
                )
                yield keyed(
                    Choice(tr.t("enrol.choose_own"), value=not practice, id="own-phone"),
                    "enrol.choose_own",
                )
            yield Field(
                tr,
                "enrol.device_label",
                keyed(Input(id="device-name"), "enrol.device_placeholder"),
                hint_key="enrol.device_hint",
                id="device-field",
            )
            yield TButton(tr, "enrol.next", id="next", variant="primary")

    def on_mount(self) -> None:
        self.set_class(not self.flow.step.practice_phone, "-own-phone")
        choices = self.query_one(RadioSet)
        if not self.flow.step.practice_phone:
            choices.action_next_button()  # Textual highlights the first button, not the chosen
        choices.focus()
        self.say_first("enrol.step1_status")

    @property
    def practice_phone_chosen(self) -> bool:
        return self.query_one("#practice-phone", RadioButton).value

    @on(RadioSet.Changed)
    def show_device_name(self) -> None:
        self.set_class(not self.practice_phone_chosen, "-own-phone")

    @on(Input.Submitted, "#device-name")
    @on(Button.Pressed, "#next")
    def start_enrolment(self) -> None:
        from ekinerja_tutor.ui.errors import as_tutor_error
        from ekinerja_tutor.ui.screens.enrol_qr import EnrolQrScreen

        field = self.query_one("#device-field", Field)
        field.clear_error()
        practice = self.practice_phone_chosen
        name = self.tr.t("enrol.practice_device_name") if practice else field.input.value
        try:
            view = self.tutor.auth.start_enrolment(self.flow.step.account_id, name, practice)
        except Exception as failure:  # a TutorError, or shown as "unexpected" (never a crash)
            error = as_tutor_error(failure)
            text = error.render(self.tr.lang)
            if error.field == "device_name" and not practice:
                field.show_error(text)
                field.input.focus()
            self.say(text)
            return
        self.app.push_screen(EnrolQrScreen(self.flow, view))
