"""Small windows the admin screen opens: a choice of action, a form, a one-time password."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.ui.errors import as_tutor_error
from ekinerja_tutor.ui.widgets.choices import Tick
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.layout import FormScroll

DIALOG_CSS = """
{cls} {{ align: center middle; }}
{cls} > .dialog-box {{
    width: 74; max-width: 100%; height: auto; max-height: 100%;
    border: heavy $border; background: $surface; padding: 0 1;
}}
{cls} .dialog-title {{ text-style: bold reverse; width: 1fr; padding: 0 1; margin-bottom: 1; }}
{cls} .dialog-buttons {{ height: auto; margin-top: 1; }}
{cls} .dialog-buttons Button {{ margin-right: 2; }}
"""


class ActionMenu(ModalScreen[str | None]):
    """A short list of what can be done to one account; Enter picks, Esc closes."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(cls="ActionMenu")
        + """
    ActionMenu OptionList { height: auto; max-height: 12; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.back")]

    def __init__(self, title: str, actions: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._actions = actions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Content(self._title), classes="dialog-title", markup=False)
            yield OptionList(
                *(Option(Content(label), id=action) for action, label in self._actions),
                id="actions",
            )
            yield TLabel(self.app.tr, "admin_ui.menu_hint")  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def choose(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class FormField:
    """One field of a :class:`FormDialog`; ``name`` is the service's field name for errors."""

    name: str
    label_key: str
    hint_key: str | None = None
    check: bool = False
    value: str | bool = ""


@dataclass
class FormDone(Message):
    result: Any
    error: TutorError | None


class FormDialog(ModalScreen[Any]):
    """A form whose ``submit`` runs in a thread (argon2 may be involved).

    ``submit`` receives the values by field name and returns the result to dismiss with; a
    :class:`TutorError` is shown beside the field it names (else under the form) and nothing
    typed is lost.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(cls="FormDialog")
        + """
    FormDialog .dialog-fields { height: auto; max-height: 16; }
    FormDialog #form-error { text-style: bold; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "key.back")]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict[str, Any]], Any],
        submit_key: str,
    ) -> None:
        super().__init__()
        self._title = title
        self._fields = fields
        self._submit = submit
        self._submit_key = submit_key

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(classes="dialog-box"):
            yield Static(Content(self._title), classes="dialog-title", markup=False)
            with FormScroll(classes="dialog-fields"):
                for spec in self._fields:
                    if spec.check:
                        yield Tick(
                            Content(tr.t(spec.label_key)), bool(spec.value), id=f"f-{spec.name}"
                        )
                    else:
                        yield Field(
                            tr,
                            spec.label_key,
                            Input(str(spec.value), id=f"f-{spec.name}"),
                            hint_key=spec.hint_key,
                            id=f"field-{spec.name}",
                        )
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield TButton(tr, self._submit_key, id="form-submit", variant="primary")
                yield TButton(tr, "admin_ui.cancel", id="form-cancel")

    def on_mount(self) -> None:
        self.query_one(f"#f-{self._fields[0].name}").focus()

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for spec in self._fields:
            widget = self.query_one(f"#f-{spec.name}")
            found[spec.name] = widget.value  # type: ignore[attr-defined]
        return found

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-submit")
    def submit_form(self) -> None:
        for field in self.query(Field):
            field.clear_error()
        self.query_one("#form-error", Static).update("")
        self.query_one("#form-submit", Button).disabled = True
        self._run(self.values())

    @work(thread=True, exclusive=True, group="form")
    def _run(self, values: dict[str, Any]) -> None:
        try:
            result = self._submit(values)
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.post_message(FormDone(None, as_tutor_error(error)))
        else:
            self.post_message(FormDone(result, None))

    @on(FormDone)
    def finish(self, event: FormDone) -> None:
        self.query_one("#form-submit", Button).disabled = False
        if event.error is None:
            self.dismiss(event.result)
            return
        text = event.error.render(self.app.tr.lang)  # type: ignore[attr-defined]
        names = [spec.name for spec in self._fields]
        if event.error.field in names:
            spec = self._fields[names.index(event.error.field)]
            if not spec.check:
                field = self.query_one(f"#field-{spec.name}", Field)
                field.show_error(text)
                field.input.focus()
                return
            self.query_one(f"#f-{spec.name}").focus()
        self.query_one("#form-error", Static).update(Content(f"✗ {text}"))

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class OneTimePasswordScreen(ModalScreen[None]):
    """Shows a new one-time password once, with who it is for and what happens next."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(cls="OneTimePasswordScreen")
        + """
    OneTimePasswordScreen #otp-password { text-style: bold reverse; padding: 0 2; margin: 1 0; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "key.back")]

    def __init__(self, name: str, password: str) -> None:
        super().__init__()
        self._name = name
        self._password = password

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(classes="dialog-box"):
            yield TLabel(tr, "admin_ui.password_title", classes="dialog-title")
            yield TLabel(tr, "admin_ui.password_for", params={"name": self._name})
            yield Static(Content(self._password), id="otp-password", markup=False)
            yield TLabel(tr, "admin_ui.password_once")
            with Horizontal(classes="dialog-buttons"):
                yield TButton(tr, "admin_ui.password_noted", id="noted", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#noted", Button).focus()

    @on(Button.Pressed, "#noted")
    def action_close(self) -> None:
        self.dismiss()
