"""Kotak periksa: the supervisor's review inbox, from the active seat (F6).

Subordinates' sent entries, oldest first, a page at a time, filtered by person and status.
Enter opens one entry to approve, return with a note or mark its evidence; Space selects
entries and F8 approves every selected one at once, saying which ones failed and why. "Lainnya"
opens the other supervisor views: who has not filled which working days, the SKPs waiting for
approval, and the Matriks Peran Hasil.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.daily import daily_status_label
from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.ui.screens.review_common import SeatScreen
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS
from ekinerja_tutor.ui.text import clip
from ekinerja_tutor.ui.widgets.row_table import RowTable
from ekinerja_tutor.ui.widgets.steady import update_steady

if TYPE_CHECKING:
    from ekinerja_tutor.services.daily_logs import BulkResult, InboxItem, InboxView
    from ekinerja_tutor.services.review_desk import SeatSummaryView
    from ekinerja_tutor.services.supervisor_practice import DefectReportView
    from ekinerja_tutor.ui.workspace import Workspace

PAGE_SIZE = 20
STATUS_FILTERS: tuple[DailyStatus | None, ...] = (
    DailyStatus.DIKIRIM,
    None,
    DailyStatus.REVISI,
    DailyStatus.DISETUJUI,
)
EVIDENCE_SHORT: dict[str, str] = {
    "BELUM_DIVERIFIKASI": "review_ui.ev_short.BELUM_DIVERIFIKASI",
    "SESUAI": "review_ui.ev_short.SESUAI",
    "KURANG": "review_ui.ev_short.KURANG",
    "TIDAK_SESUAI": "review_ui.ev_short.TIDAK_SESUAI",
}


@dataclass(frozen=True)
class InboxLoaded:
    seat: SeatSummaryView
    inbox: InboxView


class ReviewInboxScreen(SeatScreen):
    """The review inbox of the seat the learner sits in."""

    DEFAULT_CSS = """
    ReviewInboxScreen #inbox-head { padding: 0 1; height: auto; max-height: 2; text-style: bold; }
    ReviewInboxScreen #inbox-table { height: 1fr; min-height: 5; }
    ReviewInboxScreen #inbox-detail {
        height: 4; padding: 0 1; border-top: solid $border-blurred;
    }
    """

    TITLE_KEY: ClassVar[str] = "review_ui.inbox_title"
    HELP_KEY: ClassVar[str] = "review_ui.inbox_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("space", "toggle_select", "review_ui.key_select"),
        Binding("f8", "approve_selected", "review_ui.key_approve_selected"),
        Binding("f", "filter", "review_ui.key_filter"),
        Binding("l", "more", "review_ui.key_more"),
        Binding("pageup", "previous_page", "review_ui.key_previous", show=False),
        Binding("pagedown", "next_page", "review_ui.key_next", show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.loaded: InboxLoaded | None = None
        self.person_id: int | None = None
        self.status: DailyStatus | None = DailyStatus.DIKIRIM
        self.page = 0
        self.selected: set[int] = set()
        self._rows: dict[str, InboxItem] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(Content(self.tr.t("ws.loading")), id="inbox-head", markup=False)
        yield RowTable(id="inbox-table", cursor_type="row")
        yield Static("", id="inbox-detail", markup=False)

    def on_mount(self) -> None:
        self._columns()
        self.query_one("#inbox-table", DataTable).focus()
        self.say_first("review_ui.inbox_status")
        self.load()

    def on_screen_resume(self) -> None:
        if self.loaded is not None:
            self.load()

    def seat_changed(self) -> None:
        self.person_id = None
        self.page = 0
        self.selected.clear()
        self.load()

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        seat = self.review_seat
        daily, desk = self.daily_logs, self.desk
        person_id, status, page = self.person_id, self.status, self.page

        def read() -> InboxLoaded:
            inbox = daily.review_inbox(
                seat, person_id=person_id, status=status, page=page, page_size=PAGE_SIZE
            )
            return InboxLoaded(desk.seat_summary(seat), inbox)

        self.run_service(read, tag="inbox", then=self.show)

    def show(self, loaded: InboxLoaded) -> None:
        self.loaded = loaded
        if loaded.inbox.total and self.page >= loaded.inbox.total / PAGE_SIZE:
            self.page = 0
            self.load()
            return
        self._draw()

    def _columns(self) -> None:
        tr = self.tr
        table = self.query_one("#inbox-table", DataTable)
        table.clear(columns=True)
        table.add_column(Text("✓"), key="sel", width=1)
        table.add_column(Text(tr.t("review_ui.col_date")), key="date", width=9)
        table.add_column(Text(tr.t("review_ui.col_person")), key="person", width=13)
        table.add_column(Text(tr.t("review_ui.col_kegiatan")), key="kegiatan", width=22)
        table.add_column(Text(tr.t("review_ui.col_evidence")), key="evidence", width=8)
        table.add_column(Text(tr.t("review_ui.col_status")), key="status", width=9)

    def _draw(self) -> None:
        loaded = self.loaded
        if loaded is None:
            return
        tr = self.tr
        table = self.query_one("#inbox-table", DataTable)
        previous = table.cursor_row
        table.clear()
        self._rows = {}
        for item in loaded.inbox.items:
            entry = item.entry
            key = f"entry:{entry.id}"
            self._rows[key] = item
            table.add_row(
                Text("✓" if entry.id in self.selected else " "),
                Text(f"{entry.tanggal:%d/%m/%y}"),
                Text(clip(item.person.name, 13)),
                Text(clip(entry.kegiatan, 22)),
                Text(tr.t(EVIDENCE_SHORT[entry.evidence_check.value])),
                Text(entry.status.value),
                key=key,
            )
        if table.row_count:
            table.move_cursor(row=min(max(previous, 0), table.row_count - 1))
        update_steady(self.query_one("#inbox-head", Static), Content(self.head_text()))
        self._show_detail()

    def head_text(self) -> str:
        tr = self.tr
        if self.loaded is None:
            return tr.t("ws.loading")
        seat, inbox = self.loaded.seat, self.loaded.inbox
        if seat.subordinates == 0:
            key = "review_ui.no_staff_own" if seat.is_persona else "review_ui.no_staff"
            first = tr.t(key, name=seat.name)
            if seat.is_persona and self.workspace.supervisor_seat is not None:
                first += " " + tr.t("review_ui.try_f6")
            return first
        person = next((p.name for p in inbox.subordinates if p.id == self.person_id), None)
        status = (
            tr.msg(daily_status_label(self.status))
            if self.status is not None
            else tr.t("review_ui.status_all")
        )
        pages = max(1, -(-inbox.total // PAGE_SIZE))
        return "\n".join(
            (
                tr.t("review_ui.inbox_head", name=seat.name, count=seat.entries_waiting),
                tr.t(
                    "review_ui.inbox_filter",
                    person=person or tr.t("review_ui.everyone"),
                    status=status,
                    total=inbox.total,
                    page=self.page + 1,
                    pages=pages,
                    selected=len(self.selected),
                ),
            )
        )

    def workspace_language_changed(self) -> None:
        self._columns()
        self._draw()

    # -- the highlighted row ------------------------------------------------------------------

    def highlighted(self) -> InboxItem | None:
        table = self.query_one("#inbox-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    @on(DataTable.RowHighlighted, "#inbox-table")
    def _show_detail(self) -> None:
        tr = self.tr
        item = self.highlighted()
        detail = self.query_one("#inbox-detail", Static)
        if item is None:
            empty = self.loaded is not None and self.loaded.seat.subordinates > 0
            update_steady(detail, Content(tr.t("review_ui.inbox_empty") if empty else ""))
            return
        entry = item.entry
        lines = [
            tr.t(
                "review_ui.detail_line",
                name=item.person.name,
                date=tr.msg(date_label(entry.tanggal)),
                start=f"{entry.jam_mulai:%H:%M}",
                end=f"{entry.jam_selesai:%H:%M}",
                status=tr.msg(daily_status_label(entry.status)),
            ),
            entry.kegiatan,
            tr.t("review_ui.detail_evidence", link=entry.bukti_dukung or "-"),
        ]
        update_steady(detail, Content("\n".join(lines)))

    def table_texts(self) -> list[list[str]]:
        table = self.query_one("#inbox-table", DataTable)
        return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]

    # -- actions ------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#inbox-table")
    def open_highlighted(self) -> None:
        from ekinerja_tutor.ui.screens.review_entry import ReviewEntryScreen

        item = self.highlighted()
        if item is not None:
            self.app.push_screen(ReviewEntryScreen(self.workspace, item))

    def action_toggle_select(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        if item.entry.status is not DailyStatus.DIKIRIM:
            self.say_key("review_ui.select_only_sent")
            return
        self.selected ^= {item.entry.id}
        table = self.query_one("#inbox-table", DataTable)
        row = table.cursor_row
        self._draw()
        table.move_cursor(row=min(row + 1, table.row_count - 1))

    def action_approve_selected(self) -> None:
        if not self.selected:
            self.say_key("review_ui.nothing_selected")
            return
        from ekinerja_tutor.ui.screens.confirm import ConfirmScreen

        count = len(self.selected)

        def confirmed(yes: bool | None) -> None:
            if yes:
                ids = sorted(self.selected)
                self.run_service(
                    self.daily_logs.approve_many,
                    self.review_seat,
                    ids,
                    tag="bulk",
                    then=self._bulk_done,
                )

        self.app.push_screen(
            ConfirmScreen(
                self.tr.t("review_ui.confirm_bulk", count=count),
                self.tr.t("review_ui.confirm_bulk_yes", count=count),
            ),
            confirmed,
        )

    def _bulk_done(self, result: BulkResult) -> None:
        tr = self.tr
        self.selected -= set(result.approved)
        names = {item.entry.id: item for item in self._rows.values()}
        failed = [
            tr.t(
                "review_ui.bulk_failed_item",
                name=names[f.entry_id].person.name if f.entry_id in names else "?",
                date=f"{names[f.entry_id].entry.tanggal:%d/%m}" if f.entry_id in names else "",
                reason=tr.msg(f.message) if f.message else "-",
            )
            for f in result.failed
        ]
        self.say_key(
            "review_ui.bulk_done", approved=len(result.approved), failed=len(result.failed)
        )
        if failed:
            from ekinerja_tutor.ui.screens.review_views import MessageScreen

            self.app.push_screen(
                MessageScreen(
                    self.workspace,
                    tr.t("review_ui.bulk_failed_title", count=len(failed)),
                    "\n".join(failed),
                )
            )
        self.load()

    def action_filter(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        if self.loaded is None:
            return
        tr = self.tr
        choices = [("person:", tr.t("review_ui.filter_everyone"))]
        choices += [
            (f"person:{p.id}", tr.t("review_ui.filter_person", name=p.name))
            for p in self.loaded.inbox.subordinates
        ]
        for status in STATUS_FILTERS:
            label = (
                tr.msg(daily_status_label(status))
                if status is not None
                else tr.t("review_ui.status_all")
            )
            value = status.value if status is not None else ""
            choices.append((f"status:{value}", tr.t("review_ui.filter_status", status=label)))
        self.app.push_screen(ActionMenu(tr.t("review_ui.filter_title"), choices), self._filtered)

    def _filtered(self, choice: str | None) -> None:
        if choice is None:
            return
        kind, _, value = choice.partition(":")
        if kind == "person":
            self.person_id = int(value) if value else None
        else:
            self.status = DailyStatus(value) if value else None
        self.page = 0
        self.selected.clear()
        self.load()

    def action_previous_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.load()

    def action_next_page(self) -> None:
        if self.loaded is not None and (self.page + 1) * PAGE_SIZE < self.loaded.inbox.total:
            self.page += 1
            self.load()

    def show_practice(self) -> None:
        """The planted defects in this seat's staff's entries: caught, let through, pending."""
        from ekinerja_tutor.services.supervisor_practice import SupervisorPracticeService
        from ekinerja_tutor.ui.screens.review_views import MessageScreen

        practice = self.service("supervisor_practice", SupervisorPracticeService)

        def shown(report: DefectReportView) -> None:
            tr = self.tr
            lines = [tr.msg(report.summary), ""]
            marks = {"caught": "✓", "approved": "✗", "pending": "…"}
            for item in report.items:
                kind = item.kind.title(tr.lang) if item.kind is not None else item.kind_key
                lines.append(
                    tr.t(
                        f"review_ui.practice_{item.outcome}",
                        mark=marks[item.outcome],
                        date=f"{item.tanggal:%d/%m}",
                        name=item.person.name,
                        kind=kind,
                    )
                )
                if item.kind is not None and item.outcome == "approved":
                    lines.append("     " + item.kind.explain(tr.lang))
            if report.false_alarms:
                lines.append(tr.t("review_ui.practice_false", count=report.false_alarms))
            head = tr.t(
                "review_ui.practice_head",
                caught=report.caught,
                approved=report.approved,
                pending=report.pending,
            )
            self.app.push_screen(MessageScreen(self.workspace, head, "\n".join(lines)))

        self.run_service(practice.defect_report, self.review_seat, tag="practice", then=shown)

    def action_more(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        tr = self.tr
        choices = [
            ("missing", tr.t("review_ui.more.missing")),
            ("skp", tr.t("review_ui.more.skp")),
            ("matriks", tr.t("review_ui.more.matriks")),
            ("assessment", tr.t("review_ui.area.assessment")),
            ("recap_chain", tr.t("review_ui.area.recap_chain")),
            ("practice", tr.t("review_ui.more.practice")),
        ]
        self.app.push_screen(ActionMenu(tr.t("review_ui.more_title"), choices), self._more)

    def _more(self, choice: str | None) -> None:
        if choice is None:
            return
        if choice in ("assessment", "recap_chain"):
            self.open_area(choice)
            return
        if choice == "practice":
            self.show_practice()
            return
        from ekinerja_tutor.ui.screens.matriks import MatriksScreen
        from ekinerja_tutor.ui.screens.review_skp import SkpApprovalScreen
        from ekinerja_tutor.ui.screens.review_views import MissingDaysScreen

        screens = {
            "missing": MissingDaysScreen,
            "skp": SkpApprovalScreen,
            "matriks": MatriksScreen,
        }
        self.app.push_screen(screens[choice](self.workspace))
