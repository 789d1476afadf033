"""The trainer's console: the list of training sessions, and the form for a new one.

From the list the trainer opens a session's live board (Enter), imports trainees (I),
exports results (X) and opens the office view (O). Every action is also a button.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, SelectionList, Static

from ekinerja_tutor.ui.screens.base import STANDARD_BINDINGS
from ekinerja_tutor.ui.screens.trainer_base import TrainerScreen
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.services.training import SessionView


class TrainerSessionsScreen(TrainerScreen[None]):
    """Every training session, newest first."""

    DEFAULT_CSS = """
    TrainerSessionsScreen #sessions { height: 1fr; }
    TrainerSessionsScreen #session-buttons {
        layout: grid; grid-size: 3; grid-gutter: 0 1; grid-rows: 3; height: auto;
    }
    TrainerSessionsScreen #session-buttons Button { width: 100%; }
    """
    TITLE_KEY: ClassVar[str] = "trainer.ui.sessions_title"
    HELP_KEY: ClassVar[str] = "trainer.ui.sessions_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *STANDARD_BINDINGS,
        Binding("n", "new_session", "trainer.key.new"),
        Binding("i", "import_trainees", "trainer.key.import"),
        Binding("x", "export_results", "trainer.key.export"),
        Binding("o", "office_view", "trainer.key.office"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: tuple[SessionView, ...] = ()

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="session-buttons"):
            yield TButton(tr, "trainer.ui.open_board", id="open-board", variant="primary")
            yield TButton(tr, "trainer.ui.new_session", id="new-session")
            yield TButton(tr, "trainer.ui.import", id="import")
            yield TButton(tr, "trainer.ui.export", id="export")
            yield TButton(tr, "trainer.ui.office", id="office")

    def on_mount(self) -> None:
        self._columns()
        self.say_first("trainer.ui.loading")
        self.load()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.load()

    def _columns(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.clear(columns=True)
        for key in (
            "trainer.ui.col_name",
            "trainer.ui.col_dates",
            "trainer.ui.col_code",
            "trainer.ui.col_trainees",
            "trainer.ui.col_lessons",
        ):
            table.add_column(Text(self.tr.t(key)))

    def load(self) -> None:
        self.run_service(self.training.list_sessions, self.principal, tag="list", then=self.show)

    def show(self, sessions: tuple[SessionView, ...]) -> None:
        self.sessions = sessions
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for s in sessions:
            table.add_row(
                Text(s.name),
                Text(f"{s.starts_on:%d-%m-%Y} – {s.ends_on:%d-%m-%Y}"),
                Text(s.join_code),
                Text(str(s.trainee_count)),
                Text(str(len(s.lessons))),
                key=str(s.id),
            )
        if sessions:
            self.say_key("trainer.ui.sessions_status", count=len(sessions))
            table.focus()
        else:
            self.say_key("trainer.ui.no_sessions")
            self.query_one("#new-session", Button).focus()

    def language_changed(self) -> None:
        self._columns()
        self.show(self.sessions)

    def selected(self) -> SessionView | None:
        if not self.sessions:
            self.say_key("trainer.ui.choose_session")
            return None
        table = self.query_one("#sessions", DataTable)
        row = max(0, min(table.cursor_row, len(self.sessions) - 1))
        return self.sessions[row]

    @on(DataTable.RowSelected, "#sessions")
    @on(Button.Pressed, "#open-board")
    def open_board(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        from ekinerja_tutor.ui.screens.trainer_board import TrainerBoardScreen

        self.app.push_screen(TrainerBoardScreen(chosen.id))

    @on(Button.Pressed, "#new-session")
    def action_new_session(self) -> None:
        self.app.push_screen(TrainerCreateScreen())

    @on(Button.Pressed, "#import")
    def action_import_trainees(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        from ekinerja_tutor.ui.screens.trainer_import import TrainerImportScreen

        self.app.push_screen(TrainerImportScreen(chosen))

    @on(Button.Pressed, "#export")
    def action_export_results(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            from ekinerja_tutor.ui.screens.trainer_board import open_results_export

            open_results_export(self, chosen.id, chosen.name)

    @on(Button.Pressed, "#office")
    def action_office_view(self) -> None:
        from ekinerja_tutor.ui.screens.trainer_office import TrainerOfficeScreen

        self.app.push_screen(TrainerOfficeScreen())


class ErrorLine(Static):
    """An error under a field that is not an Input (with a ✗, never colour alone)."""

    DEFAULT_CSS = "ErrorLine { text-style: bold; color: $text-error; height: auto; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]

    def show_error(self, text: str) -> None:
        self.update(Text(f"✗ {text}"))

    def clear_error(self) -> None:
        self.update("")


class TrainerCreateScreen(TrainerScreen[None]):
    """Name, dates and the lessons in order (the order they are ticked)."""

    DEFAULT_CSS = """
    TrainerCreateScreen #create-body { padding: 0 1; }
    TrainerCreateScreen SelectionList { height: 10; max-width: 70; }
    TrainerCreateScreen #create-buttons { height: auto; }
    TrainerCreateScreen #create-buttons Button { margin-right: 2; }
    """
    TITLE_KEY: ClassVar[str] = "trainer.ui.create_title"
    HELP_KEY: ClassVar[str] = "trainer.ui.create_help"

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []

    def compose_body(self) -> ComposeResult:
        from ekinerja_tutor.ui.widgets.form_fields import format_date_dmy

        tr = self.tr
        today = format_date_dmy(dt.date.today())
        with FormScroll(id="create-body"):
            yield Field(
                tr,
                "trainer.ui.field_name",
                Input(id="name"),
                id="field-session_name",
                hint_key="trainer.ui.field_name_hint",
                classes="trainer-field",
            )
            yield Field(
                tr,
                "trainer.ui.field_start",
                Input(today, id="start"),
                id="field-starts_on",
                hint_key="trainer.ui.field_date_hint",
                classes="trainer-field",
            )
            yield Field(
                tr,
                "trainer.ui.field_end",
                Input(today, id="end"),
                id="field-ends_on",
                hint_key="trainer.ui.field_date_hint",
                classes="trainer-field",
            )
            yield TLabel(tr, "trainer.ui.field_lessons")
            yield SelectionList[str](id="lessons")
            yield TLabel(tr, "trainer.ui.field_lessons_hint", id="lessons-order")
            yield ErrorLine(id="field-lessons", classes="trainer-field")
            with Horizontal(id="create-buttons"):
                yield TButton(tr, "trainer.ui.create", id="create", variant="primary")
                yield TButton(tr, "trainer.ui.cancel", id="cancel")

    def on_mount(self) -> None:
        lang = self.tr.lang
        lessons = self.training.lessons.catalog(lang)
        picker = self.query_one("#lessons", SelectionList)
        for lesson in lessons:
            picker.add_option((Text(f"{lesson.title} ({lesson.id})"), lesson.id))
        if lessons:
            picker.highlighted = 0  # Space ticks the first lesson straight away, as the hint says
        self.query_one("#name", Input).focus()
        self.say_first("trainer.ui.create_status")

    @on(SelectionList.SelectedChanged, "#lessons")
    def _order_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        chosen = set(event.selection_list.selected)
        self.order = [x for x in self.order if x in chosen] + sorted(chosen - set(self.order))
        label = self.query_one("#lessons-order", TLabel)
        if self.order:
            label.set_key(self.tr, "trainer.ui.lessons_order", order=", ".join(self.order))
        else:
            label.set_key(self.tr, "trainer.ui.field_lessons_hint")

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss()

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def create(self) -> None:
        from ekinerja_tutor.domain.errors import ValidationError
        from ekinerja_tutor.ui.widgets.form_fields import parse_date_dmy

        self.clear_errors()
        try:
            start = parse_date_dmy("tanggal", self.query_one("#start", Input).value)
        except ValidationError as error:
            self.show_error(ValidationError(error.key, field="starts_on", **error.params))
            return
        try:
            end = parse_date_dmy("tanggal", self.query_one("#end", Input).value)
        except ValidationError as error:
            self.show_error(ValidationError(error.key, field="ends_on", **error.params))
            return
        self.run_service(
            self.training.create_session,
            self.principal,
            self.query_one("#name", Input).value,
            start,
            end,
            list(self.order),
            tag="create",
            then=self.created,
            failed=self.failed,
        )

    def failed(self, error: TutorError) -> None:
        if error.field == "lessons":
            self.query_one("#lessons", SelectionList).focus()

    def created(self, view: SessionView) -> None:
        self.tutor.notify(
            self.tr.t("trainer.cli.created", id=view.id, name=view.name, code=view.join_code),
            markup=False,
        )
        self.dismiss()
