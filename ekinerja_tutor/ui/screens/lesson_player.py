"""The lesson player on a narrow terminal (under 120 columns): it replaces the workspace screen
until F5 or Esc brings the workspace back. On wide terminals the same player is docked beside
every workspace screen instead (see :mod:`ekinerja_tutor.ui.widgets.lesson_panel`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult

from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen
from ekinerja_tutor.ui.widgets.lesson_panel import LessonPanel
from ekinerja_tutor.ui.widgets.lesson_state import player_state


class LessonPlayerScreen(WorkspaceScreen[None]):
    """The current step of the running lesson, full screen."""

    TITLE_KEY: ClassVar[str] = "lesson_ui.player_title"
    HELP_KEY: ClassVar[str] = "lesson_ui.player_help"
    LESSON_DOCK: ClassVar[bool] = False

    def compose_body(self) -> ComposeResult:
        yield LessonPanel(docked=False, id="lesson-full")

    def on_mount(self) -> None:
        self.query_one("#lesson-full", LessonPanel).focus_first()
        self.say_key("lesson_ui.player_status")

    def on_screen_resume(self) -> None:
        panel = self.query_one("#lesson-full", LessonPanel)
        if panel.loaded is not None:
            panel.reload()

    def can_go_back(self) -> bool:
        return True

    def action_back(self) -> None:
        player_state(self.app).visible = False
        self.dismiss()

    def workspace_language_changed(self) -> None:
        self.query_one("#lesson-full", LessonPanel).language_changed()

    @property
    def panel(self) -> LessonPanel:
        return self.query_one("#lesson-full", LessonPanel)
