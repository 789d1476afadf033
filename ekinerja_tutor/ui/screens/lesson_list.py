"""Pelajaran: every lesson in the UI language, the learner's status in each, and what each
needs first. Enter resumes a running lesson in the player, or starts one (after a question:
starting resets the sandbox to the lesson's scenario)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen
from ekinerja_tutor.ui.widgets.lesson_state import lesson_service

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.lessons import LessonSummary


def status_text(tr: Translator, summary: LessonSummary) -> str:
    from ekinerja_tutor.persistence.models import LessonStatus

    if summary.status is None:
        return tr.t("lesson_ui.status.none")
    if summary.status is LessonStatus.IN_PROGRESS:
        step = min((summary.current_step or 0) + 1, summary.step_count)
        return tr.t("lesson_ui.status.in_progress", step=step, count=summary.step_count)
    if summary.status is LessonStatus.DONE:
        return tr.t("lesson_ui.status.done")
    return tr.t("lesson_ui.status.incomplete")


class LessonListScreen(WorkspaceScreen[None]):
    """The lesson catalog with the learner's status."""

    DEFAULT_CSS = """
    LessonListScreen #lessons-list { height: 1fr; min-height: 5; margin: 0 1; }
    LessonListScreen #lessons-detail {
        height: auto; max-height: 6; padding: 0 1; border-top: solid $border-blurred;
    }
    """

    TITLE_KEY: ClassVar[str] = "lesson_ui.list_title"
    HELP_KEY: ClassVar[str] = "lesson_ui.list_help"
    LESSON_DOCK: ClassVar[bool] = False

    def __init__(self, workspace: object) -> None:
        super().__init__(workspace)  # type: ignore[arg-type]
        self.summaries: tuple[LessonSummary, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield OptionList(id="lessons-list")
        yield Static(Content(self.tr.t("ws.loading")), id="lessons-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#lessons-list", OptionList).focus()
        self.say_first("lesson_ui.list_status")
        self.load()

    def on_screen_resume(self) -> None:
        if self.summaries:
            self.load()

    def load(self) -> None:
        service = lesson_service(self.app)
        if service is None:
            return
        self.run_service(
            service.catalog, self.tr.lang, self.workspace.principal, tag="lessons", then=self.show
        )

    def show(self, summaries: tuple[LessonSummary, ...]) -> None:
        self.summaries = summaries
        tr = self.tr
        options = self.query_one("#lessons-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for summary in summaries:
            line = f"{summary.title} · {summary.minutes} min · {status_text(tr, summary)}"
            options.add_option(Option(Content(line), id=summary.id))
        if summaries:
            options.highlighted = min(highlighted or 0, len(summaries) - 1)
        self._detail()

    @on(OptionList.OptionHighlighted, "#lessons-list")
    def _highlighted(self) -> None:
        self._detail()

    def _chosen(self) -> LessonSummary | None:
        options = self.query_one("#lessons-list", OptionList)
        index = options.highlighted
        if index is None or index >= len(self.summaries):
            return None
        return self.summaries[index]

    def _detail(self) -> None:
        from ekinerja_tutor.persistence.models import LessonStatus

        summary = self._chosen()
        detail = self.query_one("#lessons-detail", Static)
        if summary is None:
            detail.update(Content(""))
            return
        tr = self.tr
        text = tr.t("lesson_ui.detail", summary=summary.summary, needs=summary.needs or "-")
        titles = {s.id: s for s in self.summaries}
        missing = [
            titles[p].title if p in titles else p
            for p in summary.prerequisites
            if p not in titles or titles[p].status is not LessonStatus.DONE
        ]
        if missing:
            text += "\n" + tr.t("lesson_ui.prerequisites", names=", ".join(missing))
        elif summary.prerequisites:
            text += "\n" + tr.t("lesson_ui.prerequisites_done")
        else:
            text += "\n" + tr.t("lesson_ui.no_prerequisites")
        detail.update(Content(text))

    @on(OptionList.OptionSelected, "#lessons-list")
    def _selected(self) -> None:
        from ekinerja_tutor.persistence.models import LessonStatus
        from ekinerja_tutor.ui.screens.lesson_actions import confirm_and_start, open_lesson

        summary = self._chosen()
        if summary is None:
            return
        if summary.status is LessonStatus.IN_PROGRESS:
            below = self.app.screen_stack[-2]
            self.dismiss()
            open_lesson(below, summary.id, summary.title, running=True)
            return
        tr = self.tr
        question = tr.t("lesson_ui.start_question", title=summary.title)
        titles = {s.id: s for s in self.summaries}
        missing = [
            titles[p].title if p in titles else p
            for p in summary.prerequisites
            if p not in titles or titles[p].status is not LessonStatus.DONE
        ]
        if missing:
            question += "\n\n" + tr.t("lesson_ui.start_missing", names=", ".join(missing))
        confirm_and_start(
            self, summary.id, question, tr.t("lesson_ui.start_yes"), done_key="lesson_ui.started"
        )

    def workspace_language_changed(self) -> None:
        self.load()
