"""Antrean verifikasi rekap: the quarterly recaps waiting at a level the seat holds
(Kasubag/Kabid → Sekretaris → Kepala Dinas by default; the levels come from the regional rules).

Each recap shows what the levels below already passed, with who passed it, when, and their note;
F8 passes it on (VALID after the top level), K returns it to the employee with a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.recap import level_label, recap_status_label
from ekinerja_tutor.domain.statuses import RecapStatus
from ekinerja_tutor.ui.screens.review_common import NoteChoice, SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.results import RecapSummaryView, RecapView
    from ekinerja_tutor.ui.workspace import Workspace

STEP_MARKS = {True: "✓", False: "✗"}


def step_lines(tr: Translator, recap: RecapView, *, simulated: int | None = None) -> list[str]:
    """Every step of a recap's climb, oldest first: when, which level, who, passed or returned,
    and the note (user text, drawn literally by the caller).

    ``simulated``: the learner's persona id when the recap is the persona's own; every verifier
    of it is then a colleague the program plays (the learner never verifies their own), and the
    line says so.
    """
    lines: list[str] = []
    for step in recap.steps:
        who = step.verifier.name
        if simulated is not None and step.verifier.id != simulated:
            who += tr.t("review_ui.step_simulated")
        lines.append(
            tr.t(
                "review_ui.step_line",
                mark=STEP_MARKS[step.passed],
                date=tr.msg(date_label(step.at.date())),
                level=tr.msg(level_label(step.level)),
                name=who,
                what=tr.t("review_ui.step_passed" if step.passed else "review_ui.step_returned"),
            )
        )
        if step.note:
            lines.append(tr.t("review_ui.step_note", note=step.note))
    return lines


class RecapChainScreen(SeatScreen):
    DEFAULT_CSS = """
    RecapChainScreen #rq-head { padding: 0 1; text-style: bold; height: auto; }
    RecapChainScreen #rq-list { height: 1fr; margin: 0 1; }
    """
    TITLE_KEY: ClassVar[str] = "review_ui.rq_title"
    HELP_KEY: ClassVar[str] = "review_ui.rq_help"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.items: list[RecapSummaryView] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.tr.t("ws.loading")), id="rq-head", markup=False)
        yield OptionList(id="rq-list")

    def on_mount(self) -> None:
        self.query_one("#rq-list").focus()
        self.say_first("review_ui.rq_status")
        self.load()

    def on_screen_resume(self) -> None:
        if self.items is not None:
            self.load()

    def load(self) -> None:
        self.run_service(self.results.recap_queue, self.review_seat, tag="rq", then=self.show)

    def show(self, items: list[RecapSummaryView]) -> None:
        self.items = items
        self.draw()

    def draw(self) -> None:
        tr = self.tr
        items = self.items or []
        self.query_one("#rq-head", Static).update(
            Content(tr.t("review_ui.rq_head", count=len(items)))
        )
        options = self.query_one("#rq-list", OptionList)
        options.clear_options()
        for item in items:
            label = tr.t(
                "review_ui.rq_line",
                name=item.person.name,
                year=item.year,
                quarter=item.quarter,
                level=tr.msg(level_label(item.level)),
            )
            options.add_option(Option(Content(label), id=str(item.id)))
        if items:
            options.highlighted = 0  # Enter opens the first one straight away

    def workspace_language_changed(self) -> None:
        self.draw()

    @on(OptionList.OptionSelected, "#rq-list")
    def open_recap(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.push_screen(RecapDecisionScreen(self.workspace, int(event.option.id)))


class RecapDecisionScreen(SeatScreen):
    DEFAULT_CSS = """
    RecapDecisionScreen #rd-body { height: 1fr; padding: 0 1; border: round $border-blurred; }
    RecapDecisionScreen #rd-body:focus { border: heavy $border; }
    """
    TITLE_KEY: ClassVar[str] = "review_ui.rd_title"
    HELP_KEY: ClassVar[str] = "review_ui.rd_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("f8", "pass_recap", "review_ui.key_pass"),
        Binding("k", "return_recap", "review_ui.key_return"),
    ]

    def __init__(self, workspace: Workspace, recap_id: int) -> None:
        super().__init__(workspace)
        self.recap_id = recap_id
        self.view: RecapView | None = None

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="rd-body"):
            yield Static(Content(self.tr.t("ws.loading")), id="rd-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#rd-body").focus()
        self.say_first("review_ui.rd_status")
        self.load()

    def seat_changed(self) -> None:
        self.dismiss()

    def load(self) -> None:
        self.run_service(
            self.results.recap_view, self.review_seat, self.recap_id, tag="rd", then=self.show
        )

    def show(self, view: RecapView) -> None:
        self.view = view
        self.draw()

    @property
    def body_text(self) -> str:
        return str(self.query_one("#rd-text", Static).content)

    def draw(self) -> None:
        tr = self.tr
        view = self.view
        if view is None:
            return
        lines = [
            tr.t(
                "review_ui.rd_head",
                name=view.person.name,
                jabatan=view.person.jabatan,
                year=view.year,
                quarter=view.quarter,
            ),
            tr.t("review_ui.rd_state", status=tr.msg(recap_status_label(view.status))),
            tr.t("review_ui.entry_link", link=view.evidence_folder or "-"),
            "",
            tr.t("review_ui.rd_levels"),
        ]
        for number, level in enumerate(view.levels, start=1):
            holder = level.holder.name if level.holder else "-"
            lines.append(
                tr.t(
                    "review_ui.rd_level",
                    number=number,
                    level=tr.msg(level_label(level.level)),
                    name=holder,
                    state=tr.t(f"review_ui.level_state.{level.state}"),
                )
            )
        lines.append("")
        lines.append(tr.t("review_ui.rd_steps"))
        lines.extend(step_lines(tr, view) or [tr.t("review_ui.rd_no_steps")])
        self.query_one("#rd-text", Static).update(Content("\n".join(lines)))

    def workspace_language_changed(self) -> None:
        self.draw()

    def _waiting(self) -> bool:
        if self.view is None or self.view.status is not RecapStatus.DIVERIFIKASI:
            self.say_key("review_ui.recap_not_waiting")
            return False
        return True

    def _decided(self, view: RecapView | None) -> None:
        if view is None:
            return
        self.show(view)
        self.say_key(
            "review_ui.recap_decided",
            name=view.person.name,
            status=self.tr.msg(recap_status_label(view.status)),
        )

    def action_pass_recap(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        if not self._waiting():
            return
        results, seat, recap_id = self.results, self.review_seat, self.recap_id

        def run(values: dict[str, Any]) -> Any:
            return results.pass_recap(seat, recap_id, str(values["recap_note"]).strip())

        fields = [FormField("recap_note", "review_ui.pass_note_label", "review_ui.pass_note_hint")]
        assert self.view is not None
        title = self.tr.t("review_ui.pass_title", name=self.view.person.name)
        self.app.push_screen(FormDialog(title, fields, run, "review_ui.pass_submit"), self._decided)

    def action_return_recap(self) -> None:
        from ekinerja_tutor.content.library import FeedbackGroup

        if not self._waiting():
            return
        results, seat, recap_id = self.results, self.review_seat, self.recap_id

        def submit(choice: NoteChoice) -> Any:
            return results.return_recap(seat, recap_id, choice.note)

        assert self.view is not None
        self.ask_note(
            self.tr.t("review_ui.return_recap_title", name=self.view.person.name),
            self.sentences(FeedbackGroup.RECAP_RETURN),
            submit,
            self._decided,
            submit_key="review_ui.return_submit",
            field="recap_note",
        )
