"""Penilaian: the seat's direct subordinates for one quarter — rating hasil kerja, rating
perilaku, the predikat the matrix gives and why, and the unit's distribution guidance beside
the decisions, with a warning (never a block) when the spread strays from it.

Enter rates the highlighted person (hasil → perilaku → a note from the feedback library);
U gives umpan balik on one BerAKHLAK value; PgUp/PgDn change the quarter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from ekinerja_tutor.domain.clock import quarter_of
from ekinerja_tutor.domain.predikat import predikat_label, rating_label, unit_result_label
from ekinerja_tutor.domain.skp import perilaku_label
from ekinerja_tutor.domain.statuses import Perilaku, Rating
from ekinerja_tutor.ui.screens.review_common import NoteChoice, SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS
from ekinerja_tutor.ui.text import clip

if TYPE_CHECKING:
    from ekinerja_tutor.services.daily_logs import PersonRef
    from ekinerja_tutor.services.results import AssessmentView, GuidanceView
    from ekinerja_tutor.ui.workspace import Workspace

RATINGS: tuple[Rating, ...] = (Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH)


@dataclass(frozen=True)
class AssessLoaded:
    people: tuple[PersonRef, ...]
    assessments: dict[int, AssessmentView | None]
    guidance: GuidanceView


class RateTable(DataTable[Text], inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
    ]


class AssessmentScreen(SeatScreen):
    DEFAULT_CSS = """
    AssessmentScreen #as-head { padding: 0 1; text-style: bold; height: auto; }
    AssessmentScreen #as-main { height: 1fr; }
    AssessmentScreen #as-table { width: 1fr; min-width: 40; }
    AssessmentScreen #as-guide {
        width: 32; padding: 0 1; border: round $border-blurred;
    }
    AssessmentScreen #as-guide:focus { border: heavy $border; }
    AssessmentScreen #as-detail {
        height: auto; max-height: 3; padding: 0 1; border-top: solid $border-blurred;
    }
    """
    TITLE_KEY: ClassVar[str] = "review_ui.assess_title"
    HELP_KEY: ClassVar[str] = "review_ui.assess_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("u", "perilaku_feedback", "review_ui.key_feedback"),
        Binding("pageup", "previous_quarter", "review_ui.key_prev_quarter", priority=True),
        Binding("pagedown", "next_quarter", "review_ui.key_next_quarter", priority=True),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        today = workspace.sandbox.today.date()
        self.year = today.year
        self.quarter = quarter_of(today)
        self.loaded: AssessLoaded | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.tr.t("ws.loading")), id="as-head", markup=False)
        with Horizontal(id="as-main"):
            yield RateTable(id="as-table", cursor_type="row")
            with VerticalScroll(id="as-guide"):
                yield Static("", id="as-guide-text", markup=False)
        yield Static("", id="as-detail", markup=False)

    def on_mount(self) -> None:
        self._columns()
        self.query_one("#as-table").focus()
        self.say_first("review_ui.assess_status")
        self.load()

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        seat, year, quarter = self.review_seat, self.year, self.quarter
        daily, results = self.daily_logs, self.results

        def read() -> AssessLoaded:
            people = daily.review_inbox(seat, page_size=1).subordinates
            found = {p.id: results.assessment_for(seat, p.id, year, quarter) for p in people}
            return AssessLoaded(people, found, results.distribution_guidance(seat, year, quarter))

        self.run_service(read, tag="assess", then=self.show)

    def show(self, loaded: AssessLoaded) -> None:
        self.loaded = loaded
        self._draw()

    def _columns(self) -> None:
        tr = self.tr
        table = self.query_one("#as-table", DataTable)
        table.clear(columns=True)
        table.add_column(Text(tr.t("review_ui.col_person")), key="person", width=13)
        table.add_column(Text(tr.t("review_ui.col_hasil")), key="hasil", width=8)
        table.add_column(Text(tr.t("review_ui.col_perilaku")), key="perilaku", width=8)
        table.add_column(Text(tr.t("review_ui.col_predikat")), key="predikat", width=10)

    def _draw(self) -> None:
        tr = self.tr
        loaded = self.loaded
        self.query_one("#as-head", Static).update(
            Content(tr.t("review_ui.assess_head", year=self.year, quarter=self.quarter))
        )
        if loaded is None:
            return
        table = self.query_one("#as-table", DataTable)
        row = table.cursor_row
        table.clear()
        for person in loaded.people:
            found = loaded.assessments.get(person.id)
            cells = (
                (
                    tr.t(f"review_ui.rating_short.{found.rating_hasil.value}"),
                    tr.t(f"review_ui.rating_short.{found.rating_perilaku.value}"),
                    tr.msg(predikat_label(found.predikat)),
                )
                if found is not None
                else (tr.t("review_ui.not_yet"), "", "")
            )
            table.add_row(
                Text(clip(person.name, 13)), *(Text(c) for c in cells), key=str(person.id)
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.query_one("#as-guide-text", Static).update(Content(self.guidance_text()))
        self._show_detail()

    def guidance_text(self) -> str:
        tr = self.tr
        assert self.loaded is not None
        guide = self.loaded.guidance
        lines = [tr.t("review_ui.guide_title", unit=guide.unit_name)]
        if guide.unit_result is None:
            lines.append(tr.t("review_ui.guide_no_result"))
        else:
            lines.append(
                tr.t("review_ui.guide_result", result=tr.msg(unit_result_label(guide.unit_result)))
            )
            if guide.summary is not None:
                lines.append(tr.msg(guide.summary))
        lines.append("")
        lines.append(tr.t("review_ui.guide_counts", assessed=guide.assessed))
        for value, count in guide.counts:
            if count:
                lines.append(f" {tr.msg(predikat_label(value))}: {count}")
        if guide.not_assessed:
            lines.append(tr.t("review_ui.guide_not_assessed", count=len(guide.not_assessed)))
            if any(p.id == self.workspace.seat.person_id for p in guide.not_assessed):
                lines.append(tr.t("review_ui.guide_persona"))
        if guide.warnings:
            lines.append("")
            lines.extend("⚠ " + tr.msg(w) for w in guide.warnings)
        elif guide.unit_result is not None and guide.assessed:
            lines.append("✓ " + tr.t("review_ui.guide_followed"))
        return "\n".join(lines)

    @property
    def guide_text(self) -> str:
        return str(self.query_one("#as-guide-text", Static).content)

    def highlighted(self) -> PersonRef | None:
        table = self.query_one("#as-table", DataTable)
        if self.loaded is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in self.loaded.people if str(p.id) == key), None)

    @on(DataTable.RowHighlighted, "#as-table")
    def _show_detail(self) -> None:
        tr = self.tr
        person = self.highlighted()
        detail = self.query_one("#as-detail", Static)
        if person is None or self.loaded is None:
            empty = self.loaded is not None and not self.loaded.people
            detail.update(Content(tr.t("review_ui.no_staff_short") if empty else ""))
            return
        found = self.loaded.assessments.get(person.id)
        if found is None:
            detail.update(Content(tr.t("review_ui.assess_hint", name=person.name)))
            return
        lines = [
            tr.t(
                "review_ui.assess_detail",
                name=person.name,
                predikat=tr.msg(predikat_label(found.predikat)),
                why=tr.msg(found.explanation),
            )
        ]
        if found.note:
            lines.append(tr.t("review_ui.assess_note", note=found.note))
        detail.update(Content("\n".join(lines)))

    @property
    def detail_text(self) -> str:
        return str(self.query_one("#as-detail", Static).content)

    def workspace_language_changed(self) -> None:
        self._columns()
        self._draw()

    # -- rating -------------------------------------------------------------------------------

    def _rating_menu(self, title: str, then: Any) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        choices = [(r.value, self.tr.msg(rating_label(r))) for r in RATINGS]
        self.app.push_screen(ActionMenu(title, choices), then)

    @on(DataTable.RowSelected, "#as-table")
    def rate(self) -> None:
        person = self.highlighted()
        if person is None:
            return
        tr = self.tr

        def hasil_chosen(hasil: str | None) -> None:
            if hasil is None:
                return
            self._rating_menu(
                tr.t("review_ui.choose_perilaku", name=person.name),
                lambda perilaku: perilaku_chosen(Rating(hasil), perilaku),
            )

        def perilaku_chosen(hasil: Rating, perilaku: str | None) -> None:
            if perilaku is None:
                return
            self._note_for(person, hasil, Rating(perilaku))

        self._rating_menu(tr.t("review_ui.choose_hasil", name=person.name), hasil_chosen)

    def _note_for(self, person: PersonRef, hasil: Rating, perilaku: Rating) -> None:
        from ekinerja_tutor.content.library import load_feedback

        library = load_feedback(self.services.ctx.content_root)
        results, seat = self.results, self.review_seat
        year, quarter = self.year, self.quarter

        def submit(choice: NoteChoice) -> Any:
            return results.assess(seat, person.id, year, quarter, hasil, perilaku, choice.note)

        self.ask_note(
            self.tr.t(
                "review_ui.assess_note_title",
                name=person.name,
                predikat=self.tr.msg(predikat_label(_predikat(hasil, perilaku))),
            ),
            library.for_hasil_kerja(hasil),
            submit,
            self._assessed,
            submit_key="review_ui.assess_submit",
            required=False,
            field="catatan_rekomendasi",
        )

    def _assessed(self, view: AssessmentView) -> None:
        self.say_key(
            "review_ui.assessed",
            name=view.person.name,
            predikat=self.tr.msg(predikat_label(view.predikat)),
            why=self.tr.msg(view.explanation),
        )
        self.load()

    def action_perilaku_feedback(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        person = self.highlighted()
        if person is None or self.loaded is None:
            return
        found = self.loaded.assessments.get(person.id)
        level = found.rating_perilaku if found is not None else Rating.SESUAI
        choices = [(p.value, self.tr.msg(perilaku_label(p))) for p in Perilaku]

        def chosen(value: str | None) -> None:
            if value is not None:
                self._perilaku_note(person, Perilaku(value), level)

        self.app.push_screen(
            ActionMenu(self.tr.t("review_ui.feedback_title", name=person.name), choices), chosen
        )

    def _perilaku_note(self, person: PersonRef, value: Perilaku, level: Rating) -> None:
        from ekinerja_tutor.content.library import load_feedback

        library = load_feedback(self.services.ctx.content_root)
        results, seat = self.results, self.review_seat
        year, quarter = self.year, self.quarter

        def submit(choice: NoteChoice) -> Any:
            key = choice.sentence_key
            sentence = library.get(key) if key else None
            unedited = sentence is not None and choice.note in (sentence.id, sentence.en)
            free = "" if unedited else choice.note
            return results.give_feedback(
                seat, person.id, year, quarter, "perilaku", value.value, choice.sentence_key, free
            )

        self.ask_note(
            self.tr.t("review_ui.feedback_note_title", value=self.tr.msg(perilaku_label(value))),
            library.for_perilaku(value, level),
            submit,
            lambda _view: self.say_key("review_ui.feedback_given", name=person.name),
            field="free_text",
        )

    def action_previous_quarter(self) -> None:
        self.year, self.quarter = (
            (self.year, self.quarter - 1) if self.quarter > 1 else (self.year - 1, 4)
        )
        self.load()

    def action_next_quarter(self) -> None:
        self.year, self.quarter = (
            (self.year, self.quarter + 1) if self.quarter < 4 else (self.year + 1, 1)
        )
        self.load()


def _predikat(hasil: Rating, perilaku: Rating) -> Any:
    from ekinerja_tutor.domain.predikat import predikat

    return predikat(hasil, perilaku)
