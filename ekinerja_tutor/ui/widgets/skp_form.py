"""Form windows of the SKP area that autosave what is typed and show errors beside the field.

Every change is written to the account's draft store at once (a crash, a lost session or a
closed window loses nothing); the draft comes back when the same form opens again and is
discarded only after a successful save. A refused save shows the service's message under the
field it names, focuses that field and keeps everything typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea

from ekinerja_tutor.domain.errors import TutorError
from ekinerja_tutor.ui.errors import as_tutor_error
from ekinerja_tutor.ui.messages import LanguageChanged
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, relabel
from ekinerja_tutor.ui.widgets.layout import FormScroll
from ekinerja_tutor.ui.widgets.skp_picker import ChoicePicker

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.drafts import DraftStore
    from ekinerja_tutor.ui.workspace import Workspace

ResultT = TypeVar("ResultT")


@dataclass
class FormSaved(Message):
    """The form's service call finished: its result, or the error to show."""

    result: Any
    error: TutorError | None


FORM_CSS = """
{cls} {{ align: center middle; }}
{cls} > .dialog-box {{
    width: 78; max-width: 100%; height: auto; max-height: 100%;
    border: heavy $border; background: $surface; padding: 0 1;
}}
{cls} .dialog-title {{ text-style: bold reverse; width: 1fr; padding: 0 1; }}
{cls} .dialog-notice {{ text-style: bold; display: none; }}
{cls} .dialog-notice.-shown {{ display: block; }}
{cls} .dialog-fields {{ height: auto; max-height: 14; }}
{cls} #form-error {{ text-style: bold; }}
{cls} .dialog-hint {{ color: $text-muted; }}
{cls} .dialog-buttons {{ height: auto; }}
{cls} .dialog-buttons Button {{ margin-right: 2; }}
"""


def drafts_for(app: Any) -> DraftStore:
    """The app's draft store (beside the embedded database)."""
    from ekinerja_tutor.services.drafts import DraftStore

    return DraftStore(app.services.settings.drafts_dir)


def draft_account(workspace: Workspace) -> str:
    """Drafts are kept per account (a trainee's drafts are never shown to another)."""
    principal = workspace.principal
    return str(principal.account_id if principal.account_id is not None else principal.username)


class FormRow(Vertical):
    """A label, one control (input, text area or picker), an example hint and room for one error.

    The label turns bold and reversed while the control has focus, and an error is written in
    words with a ✗, so neither depends on colour.
    """

    DEFAULT_CSS = """
    FormRow { height: auto; margin: 0 0 1 0; }
    FormRow > .field--label { text-style: bold; }
    FormRow:focus-within > .field--label { text-style: bold reverse; }
    FormRow > .field--hint { color: $text-muted; }
    FormRow > .field--error { text-style: bold; color: $text-error; display: none; }
    FormRow.-invalid > .field--error { display: block; }
    FormRow > Input { width: 1fr; }
    FormRow > TextArea { height: 6; border: round $border-blurred; }
    FormRow > TextArea:focus { border: heavy $border; }
    """

    def __init__(
        self,
        tr: Translator,
        label_key: str,
        control: Widget,
        *,
        hint_key: str | None = None,
        label_params: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._tr = tr
        self._label_key = label_key
        self._label_params = label_params or {}
        self._hint_key = hint_key
        self.control = control
        if isinstance(control, Input | TextArea):
            control.cursor_blink = False

    def compose(self) -> ComposeResult:
        yield TLabel(self._tr, self._label_key, classes="field--label", params=self._label_params)
        yield self.control
        if self._hint_key:
            yield TLabel(self._tr, self._hint_key, classes="field--hint")
        yield Static("", markup=False, classes="field--error")

    @property
    def error_text(self) -> str:
        return str(self.query_one(".field--error", Static).content)

    def show_error(self, text: str) -> None:
        self.query_one(".field--error", Static).update(Content(f"✗ {text}"))
        self.add_class("-invalid")

    def clear_error(self) -> None:
        self.query_one(".field--error", Static).update("")
        self.remove_class("-invalid")


def control_value(control: Widget) -> Any:
    if isinstance(control, Input):
        return control.value
    if isinstance(control, TextArea):
        return control.text
    if isinstance(control, ChoicePicker):
        return control.value
    raise TypeError(type(control).__name__)


def set_control_value(control: Widget, value: Any) -> None:
    if isinstance(control, Input):
        control.value = "" if value is None else str(value)
    elif isinstance(control, TextArea):
        control.load_text("" if value is None else str(value))
    elif isinstance(control, ChoicePicker):
        values = [pick.value for pick in control.choices]
        if value in values:
            control.value = value


class DraftForm(ModalScreen[ResultT]):
    """Base of the SKP area's form windows.

    Subclasses compose :class:`FormRow` widgets with ``id="row-<name>"`` (``name`` being the
    service's field name, so its errors land beside the field) and implement :meth:`submit`.

    Args:
        workspace: whose drafts these are.
        form_id: the draft's key, e.g. ``skp-rhk:12:new-4``.
        initial: the values shown when no draft is waiting (field name → value).
    """

    DEFAULT_CSS = FORM_CSS.format(cls="DraftForm")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key.back"),
        Binding("f2", "app.toggle_language", "key.language"),
    ]

    TITLE_KEY: ClassVar[str] = ""
    SAVE_KEY: ClassVar[str] = "skp_ui.save"
    ERROR_FIELDS: ClassVar[dict[str, str]] = {}
    """Service field names that differ from the row names here (service name → row name)."""

    def __init__(
        self,
        workspace: Workspace,
        form_id: str,
        initial: dict[str, Any],
        *,
        title_params: dict[str, Any] | None = None,
        title_key: str | None = None,
    ) -> None:
        super().__init__()
        self.title_key = title_key or self.TITLE_KEY
        self.workspace = workspace
        self.form_id = form_id
        self.initial = initial
        self.title_params = title_params or {}
        self.restored = False
        self._ready = False
        self._baseline: dict[str, Any] = {}
        self._saving = False

    @property
    def tr(self) -> Translator:
        return self.app.tr  # type: ignore[attr-defined, no-any-return]

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(classes="dialog-box"):
            yield TLabel(tr, self.title_key, classes="dialog-title", params=self.title_params)
            yield TLabel(tr, "skp_ui.draft_restored", classes="dialog-notice", id="form-notice")
            with FormScroll(classes="dialog-fields"):
                yield from self.compose_fields()
            yield Static("", id="form-error", markup=False)
            yield TLabel(tr, "skp_ui.form_keys", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield TButton(tr, self.SAVE_KEY, id="form-save", variant="primary")
                yield TButton(tr, "skp_ui.cancel", id="form-cancel")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def rows(self) -> list[FormRow]:
        return list(self.query(FormRow))

    def row(self, name: str) -> FormRow:
        return self.query_one(f"#row-{name}", FormRow)

    # -- values and the draft -------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {
            row.id.removeprefix("row-"): control_value(row.control) for row in self.rows() if row.id
        }

    def apply(self, values: dict[str, Any]) -> None:
        for row in self.rows():
            name = (row.id or "").removeprefix("row-")
            if name in values:
                set_control_value(row.control, values[name])

    def on_mount(self) -> None:
        draft = drafts_for(self.app).load(draft_account(self.workspace), self.form_id)
        values = dict(self.initial)
        if draft:
            values.update(draft)
            self.restored = True
            self.query_one("#form-notice").add_class("-shown")
        self.apply(values)
        self.after_values_applied(values)
        self._baseline = self.values()
        self.call_after_refresh(self._start_saving)

    def _start_saving(self) -> None:
        self._ready = True
        rows = self.rows()
        if rows:
            rows[0].control.focus(scroll_visible=False)
            self.query_one(FormScroll).scroll_home(animate=False)

    def after_values_applied(self, values: dict[str, Any]) -> None:
        """Hook: fill dependent fields (e.g. choices that depend on another choice)."""

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(ChoicePicker.Changed)
    def autosave(self) -> None:
        if not self._ready:
            return
        values = self.values()
        if values == self._baseline and not self.restored:
            return  # only opened, nothing typed: no draft to bring back later
        drafts_for(self.app).save(draft_account(self.workspace), self.form_id, values)

    # -- saving ---------------------------------------------------------------------------------

    def submit(self, values: dict[str, Any]) -> ResultT:
        """Call the service with ``values``; raise its :class:`TutorError` when refused."""
        raise NotImplementedError

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def save(self) -> None:
        if self._saving:
            return  # one save at a time: a second Enter must not add the item twice
        for row in self.rows():
            row.clear_error()
        self.query_one("#form-error", Static).update("")
        self._saving = True
        self.query_one("#form-save", Button).disabled = True
        self._run_submit(self.values())

    @work(thread=True, group="skp-form")
    def _run_submit(self, values: dict[str, Any]) -> None:
        try:
            result = self.submit(values)
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.post_message(FormSaved(None, as_tutor_error(error)))
        else:
            self.post_message(FormSaved(result, None))

    @on(FormSaved)
    def _saved(self, event: FormSaved) -> None:
        self._saving = False
        self.query_one("#form-save", Button).disabled = False
        if event.error is not None:
            self.show_problem(event.error)
            return
        drafts_for(self.app).discard(draft_account(self.workspace), self.form_id)
        self.dismiss(event.result)

    def show_problem(self, error: TutorError) -> None:
        """The message beside the field it names (focused), else under the form."""
        text = error.render(self.tr.lang)
        name = self.ERROR_FIELDS.get(error.field or "", error.field or "")
        found = self.query(f"#row-{name}") if name else None
        if found:
            row = found.first(FormRow)
            row.show_error(text)
            row.control.focus()
            row.scroll_visible()
            return
        self.query_one("#form-error", Static).update(Content(f"✗ {text}"))

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        """Close without saving; what was typed stays in the draft for next time."""
        self.dismiss(None)

    @on(LanguageChanged)
    def relabel_form(self) -> None:
        relabel(self, self.tr)
        for picker in self.query(ChoicePicker):
            picker.redraw()
        self.language_changed()

    def language_changed(self) -> None:
        """Hook for text that is not a plain catalog label."""
