"""Antrean verifikasi rekap: the quarterly recaps waiting at a level the seat holds
(Kasubag/Kabid → Sekretaris → Kepala Dinas by default; the levels come from the regional rules).

Each recap shows what the levels below already passed, with who passed it, when, and their note;
F8 passes it on (VALID after the top level), K returns it to the employee with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.recap import level_label, recap_status_label
from ekinerja_tutor.domain.statuses import RecapStatus
from ekinerja_tutor.ui.screens.review_common import NoteChoice
from ekinerja_tutor.ui.screens.seat_pages import SeatDocumentScreen, SeatQueueScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.results import RecapSummaryView, RecapView

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


class RecapChainScreen(SeatQueueScreen["RecapSummaryView"]):
    TITLE_KEY: ClassVar[str] = "review_ui.rq_title"
    HELP_KEY: ClassVar[str] = "review_ui.rq_help"
    PREFIX: ClassVar[str] = "rq"

    def read_items(self) -> Callable[[], list[RecapSummaryView]]:
        return partial(self.results.recap_queue, self.review_seat)

    def item_line(self, item: RecapSummaryView) -> str:
        return self.tr.t(
            "review_ui.rq_line",
            name=item.person.name,
            year=item.year,
            quarter=item.quarter,
            level=self.tr.msg(level_label(item.level)),
        )

    def opened(self, item_id: int) -> RecapDecisionScreen:
        return RecapDecisionScreen(self.workspace, item_id)


class RecapDecisionScreen(SeatDocumentScreen["RecapView"]):
    TITLE_KEY: ClassVar[str] = "review_ui.rd_title"
    HELP_KEY: ClassVar[str] = "review_ui.rd_help"
    PREFIX: ClassVar[str] = "rd"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("f8", "pass_recap", "review_ui.key_pass"),
        Binding("k", "return_recap", "review_ui.key_return"),
    ]

    def read_view(self) -> Callable[[], RecapView]:
        return partial(self.results.recap_view, self.review_seat, self.item_id)

    def view_lines(self, view: RecapView) -> list[str]:
        tr = self.tr
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
        return lines

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
        results, seat, recap_id = self.results, self.review_seat, self.item_id

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
        results, seat, recap_id = self.results, self.review_seat, self.item_id

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
