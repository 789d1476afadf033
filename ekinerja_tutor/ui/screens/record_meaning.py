"""Arti catatan: what the record means.

Three views, each a key: 1 — the persona's month with the example TPP (always labelled a
regional example); 2 — any unit's month, person by person, read-only (every employee may see
every unit's recap, as the office's transparency requires; U picks the unit); 3 — the head's
year-end ranking of units and staff by verified results (only from the Kepala Dinas' seat).
PgUp/PgDn change the month (the year for the ranking).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ekinerja_tutor.domain.predikat import predikat_label, unit_result_label
from ekinerja_tutor.ui.screens.review_common import SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS
from ekinerja_tutor.ui.text import clip

if TYPE_CHECKING:
    from ekinerja_tutor.services.record_meaning import (
        PersonMonthView,
        RankingView,
        RecordMeaningService,
        UnitRecapView,
    )
    from ekinerja_tutor.services.review_desk import UnitRefView
    from ekinerja_tutor.ui.workspace import Workspace

VIEWS = ("mine", "unit", "ranking")


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


class RecordMeaningScreen(SeatScreen):
    DEFAULT_CSS = """
    RecordMeaningScreen #rm-head { padding: 0 1; text-style: bold; height: auto; }
    RecordMeaningScreen #rm-body { height: 1fr; padding: 0 1; border: round $border-blurred; }
    RecordMeaningScreen #rm-body:focus { border: heavy $border; }
    """
    TITLE_KEY: ClassVar[str] = "review_ui.rm_title"
    HELP_KEY: ClassVar[str] = "review_ui.rm_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("1", "view('mine')", "review_ui.key_rm_mine"),
        Binding("2", "view('unit')", "review_ui.key_rm_unit"),
        Binding("3", "view('ranking')", "review_ui.key_rm_ranking"),
        Binding("u", "pick_unit", "review_ui.key_rm_pick_unit"),
        Binding("pageup", "previous", "review_ui.key_previous", show=False),
        Binding("pagedown", "next", "review_ui.key_next", show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        today = workspace.sandbox.today.date()
        self.month = today.replace(day=1)
        self.which = "mine"
        self.unit_id: int | None = None
        self.units: tuple[UnitRefView, ...] = ()
        self.found: Any = None

    @property
    def meaning(self) -> RecordMeaningService:
        from ekinerja_tutor.services.record_meaning import RecordMeaningService

        return self.service("record_meaning", RecordMeaningService)

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.tr.t("ws.loading")), id="rm-head", markup=False)
        with VerticalScroll(id="rm-body"):
            yield Static("", id="rm-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#rm-body").focus()
        self.say_first("review_ui.rm_status")
        self.load()

    def load(self) -> None:
        meaning, desk = self.meaning, self.desk
        own, seat = self.workspace.seat, self.review_seat
        year, month, which, unit_id = self.month.year, self.month.month, self.which, self.unit_id
        own_unit = self.workspace.sandbox.unit_name  # the persona's unit first

        def read() -> tuple[tuple[UnitRefView, ...], Any]:
            units = desk.units(own)
            if which == "mine":
                return units, meaning.person_recap(own, own.person_id, year, month)
            if which == "unit":
                mine = [u.id for u in units if u.name == own_unit] or [u.id for u in units]
                chosen = unit_id if unit_id is not None else (mine[0] if mine else None)
                if chosen is None:
                    return units, None
                return units, meaning.unit_recap(own, chosen, year, month)
            return units, meaning.ranking(seat, year)

        def failed(error: Any) -> None:
            self.found = None
            self.draw()
            text = self.tr.msg(error.message)
            if which == "ranking":
                text += "\n\n" + self.tr.t("review_ui.rm_ranking_who")
            self.query_one("#rm-text", Static).update(Content(text))

        self.run_service(read, tag="rm", then=self.show, failed=failed)

    def show(self, loaded: tuple[tuple[UnitRefView, ...], Any]) -> None:
        self.units, self.found = loaded
        self.draw()

    @property
    def body_text(self) -> str:
        return str(self.query_one("#rm-text", Static).content)

    def draw(self) -> None:
        tr = self.tr
        head = tr.t(
            f"review_ui.rm_head.{self.which}", month=f"{self.month:%m/%Y}", year=self.month.year
        )
        self.query_one("#rm-head", Static).update(Content(head))
        found = self.found
        if found is None:
            return
        if self.which == "mine":
            lines = self.person_lines(found)
        elif self.which == "unit":
            lines = self.unit_lines(found)
        else:
            lines = self.ranking_lines(found)
        self.query_one("#rm-text", Static).update(Content("\n".join(lines)))

    def person_lines(self, view: PersonMonthView) -> list[str]:
        tr = self.tr
        result = view.allowance.result
        lines = [
            "ⓘ " + tr.msg(view.label),
            tr.t("review_ui.rm_person", name=view.person.name, unit=view.unit_name),
            tr.t(
                "review_ui.rm_minutes",
                approved=view.approved_minutes,
                standard=view.monthly_standard,
                percent=f"{view.standard_percent:.0f}%",
                waiting=view.waiting_minutes,
            ),
            tr.t(
                "review_ui.rm_on_time",
                on_time=view.on_time_entries,
                sent=view.sent_entries,
                rate=percent(None if view.on_time_rate is None else view.on_time_rate * 100),
            ),
            tr.t(
                "review_ui.rm_attendance",
                present=view.days_present,
                days=view.working_days,
                late=view.days_late,
                violations=view.discipline_violations,
            ),
            "",
            tr.t("review_ui.rm_tpp_title"),
            tr.t(
                "review_ui.rm_tpp_parts",
                kinerja=f"{result.kinerja_percent:.0f}%",
                hadir=f"{result.attendance_percent:.0f}%",
                etika=f"{result.ethics_percent:.0f}%",
                telat=f"{result.late_penalty_percent:.0f}%",
            ),
            tr.t(
                "review_ui.rm_tpp_total",
                total=f"{result.total_percent:.0f}%",
                amount=rupiah(result.amount),
            ),
        ]
        lines.extend(" • " + tr.msg(m) for m in result.explanations)
        if view.notes:
            lines.append("")
            lines.append(tr.t("review_ui.rm_why_less"))
            lines.extend(" • " + tr.msg(m) for m in view.notes)
        return lines

    def unit_lines(self, view: UnitRecapView) -> list[str]:
        tr = self.tr
        lines = [
            "ⓘ " + tr.msg(view.transparency),
            "ⓘ " + tr.msg(view.label),
            tr.t(
                "review_ui.rm_unit",
                unit=view.unit_name,
                people=len(view.rows),
                approved=view.approved_minutes,
                percent=f"{view.standard_percent:.0f}%",
                amount=rupiah(view.allowance_total),
            ),
            "",
        ]
        for row in view.rows:
            lines.append(
                tr.t(
                    "review_ui.rm_unit_row",
                    name=clip(row.person.name, 26),
                    approved=row.approved_minutes,
                    percent=f"{row.standard_percent:.0f}%",
                    rate=percent(None if row.on_time_rate is None else row.on_time_rate * 100),
                    amount=rupiah(row.allowance.result.amount),
                )
            )
        return lines

    def ranking_lines(self, view: RankingView) -> list[str]:
        tr = self.tr
        lines = ["ⓘ " + tr.msg(view.basis), tr.t("review_ui.rm_rank_units")]
        for unit in view.units:
            result = tr.msg(unit_result_label(unit.unit_result)) if unit.unit_result else "-"
            lines.append(
                tr.t(
                    "review_ui.rm_rank_unit",
                    rank=unit.rank,
                    unit=clip(unit.unit_name, 34),
                    result=result,
                    valid=unit.valid_recaps,
                    minutes=f"{unit.minutes_per_member:.0f}",
                )
            )
        lines.append("")
        lines.append(tr.t("review_ui.rm_rank_staff"))
        for row in view.staff:
            predikat = tr.msg(predikat_label(row.predikat)) if row.predikat else "-"
            lines.append(
                tr.t(
                    "review_ui.rm_rank_person",
                    rank=row.rank,
                    name=clip(row.person.name, 26),
                    predikat=predikat,
                    valid=row.valid_recaps,
                    minutes=row.approved_minutes,
                )
            )
        return lines

    def workspace_language_changed(self) -> None:
        self.draw()

    def action_view(self, which: str) -> None:
        if which in VIEWS:
            self.which = which
            self.found = None
            self.query_one("#rm-text", Static).update(Content(self.tr.t("ws.loading")))
            self.load()

    def action_pick_unit(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        if not self.units:
            return
        choices = [(str(u.id), "  " * u.depth + u.name) for u in self.units]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.unit_id = int(value)
                self.action_view("unit")

        self.app.push_screen(ActionMenu(self.tr.t("review_ui.rm_pick_unit"), choices), chosen)

    def action_previous(self) -> None:
        if self.which == "ranking":
            self.month = self.month.replace(year=self.month.year - 1)
        else:
            self.month = (self.month - dt.timedelta(days=1)).replace(day=1)
        self.load()

    def action_next(self) -> None:
        if self.which == "ranking":
            self.month = self.month.replace(year=self.month.year + 1)
        else:
            self.month = (self.month + dt.timedelta(days=32)).replace(day=1)
        self.load()
