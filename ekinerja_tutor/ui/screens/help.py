"""F1: the help text of the screen underneath, in a window that Esc or Enter closes."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

from ekinerja_tutor.ui.messages import LanguageChanged
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, relabel


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help-box {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: heavy $border; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold reverse; width: 1fr; padding: 0 1; }
    HelpScreen #help-scroll { height: auto; max-height: 16; }
    HelpScreen #help-close { margin-top: 1; }
    HelpScreen #help-lessons { height: auto; max-height: 4; border: none; padding: 0; }
    HelpScreen #help-lessons-title { text-style: bold; }
    HelpScreen.-with-lessons #help-scroll { max-height: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "close", "key.back"),
        Binding("f2", "app.toggle_language", "key.language"),
        Binding("f5", "open_lesson", "lesson_ui.help_open_key"),
    ]

    def __init__(self, title_key: str, help_key: str, title_params: dict[str, object]) -> None:
        super().__init__()
        self._title_key = title_key
        self._help_key = help_key
        self._title_params = title_params
        self._below = self.app.screen  # the screen whose help this is (and whose lessons)
        self._lessons: list[tuple[str, str, bool]] = []

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        with Vertical(id="help-box"):
            yield TLabel(tr, self._title_key, id="help-title", params=self._title_params)
            with VerticalScroll(id="help-scroll"):
                yield TLabel(tr, self._help_key, id="help-text")
                yield TLabel(tr, "login.help_keys", id="help-keys")
            yield TLabel(tr, "lesson_ui.help_lessons", id="help-lessons-title")
            yield OptionList(id="help-lessons")
            yield TButton(tr, "login.help_close", id="help-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#help-close", Button).focus()
        self.query_one("#help-lessons-title").display = False
        self.query_one("#help-lessons").display = False
        self._find_lessons()
        from ekinerja_tutor.ui.widgets.lesson_state import report_screen

        report_screen(self)  # "help" counts as a screen the learner opened

    # -- the lessons that teach the screen underneath -------------------------------------------

    @work(thread=True, group="help-lessons", exit_on_error=False)
    def _find_lessons(self) -> None:
        from ekinerja_tutor.persistence.models import LessonStatus
        from ekinerja_tutor.ui.widgets.lesson_state import lesson_service, screen_key

        key = screen_key(self._below)
        service = lesson_service(self.app)
        if key is None or service is None:
            return
        session = getattr(self.app, "session", None)
        principal = session.principal if session is not None else None
        lang = self.app.tr.lang  # type: ignore[attr-defined]
        try:
            found = service.for_screen(key, lang)
            status = {s.id: s.status for s in service.catalog(lang, principal)} if principal else {}
        except Exception:  # help must open whatever happens to the lessons
            return
        lessons = [(s.id, s.title, status.get(s.id) is LessonStatus.IN_PROGRESS) for s in found]
        self.app.call_from_thread(self._show_lessons, lessons)

    def _show_lessons(self, lessons: list[tuple[str, str, bool]]) -> None:
        from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen

        self._lessons = lessons
        title = self.query_one("#help-lessons-title", TLabel)
        title.display = True
        tr = self.app.tr  # type: ignore[attr-defined]
        can_open = isinstance(self._below, WorkspaceScreen)
        if not lessons:
            title.set_key(tr, "lesson_ui.help_no_lessons")
            return
        if not can_open:
            title.set_key(tr, "lesson_ui.wrong_screen")
        self.add_class("-with-lessons")  # the help text scrolls; the lessons stay in view
        options = self.query_one("#help-lessons", OptionList)
        options.display = True
        options.add_options([Option(Content(name), id=lesson_id) for lesson_id, name, _ in lessons])
        options.highlighted = 0
        options.disabled = not can_open

    @on(OptionList.OptionSelected, "#help-lessons")
    def action_open_lesson(self) -> None:
        from ekinerja_tutor.ui.screens.lesson_actions import open_lesson
        from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen

        options = self.query_one("#help-lessons", OptionList)
        index = options.highlighted
        if not self._lessons or not isinstance(self._below, WorkspaceScreen) or index is None:
            return
        lesson_id, title, running = self._lessons[index]
        below = self._below
        self.dismiss()
        open_lesson(below, lesson_id, title, running=running)

    @on(Button.Pressed, "#help-close")
    def action_close(self) -> None:
        self.dismiss()

    @on(LanguageChanged)
    def relabel_help(self) -> None:
        relabel(self, self.app.tr)  # type: ignore[attr-defined]
