"""Progres Harian, the "Mingguan" tab: one week of entries, a page at a time.

Each working day is a row (holidays named), each entry a row under its day with its times,
minutes and status word (DRAFT / DIKIRIM / DISETUJUI / REVISI, as in the real system). Enter
opens an entry, or a new one for the highlighted day; PgUp/PgDn move a week back and forth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.daily import daily_status_label
from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.text import clip
from ekinerja_tutor.ui.widgets.i18n import TButton
from ekinerja_tutor.ui.widgets.row_table import RowTable
from ekinerja_tutor.ui.widgets.steady import update_steady

if TYPE_CHECKING:
    from ekinerja_tutor.services.daily_logs import DailyEntryView, EntryPage, WeekView
    from ekinerja_tutor.ui.workspace import Workspace

KEGIATAN_WIDTH = 30
QUICK_MARK = "⚑ "


@dataclass(frozen=True)
class WeekLoaded:
    week: WeekView
    revisi: EntryPage


def short_day(tr_lang: str, day: dt.date) -> str:
    """ "Rab 13/05" / "Wed 13/05": weekday abbreviation and day/month."""
    names = {
        "id": ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"),
        "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    }[tr_lang if tr_lang in ("id", "en") else "id"]
    return f"{names[day.weekday()]} {day:%d/%m}"


class DailyWeekScreen(WorkspaceScreen[None]):
    """Mingguan: the week holding ``start`` (the sandbox's today by default)."""

    DEFAULT_CSS = """
    DailyWeekScreen #week-head { padding: 0 1; text-style: bold; height: auto; }
    DailyWeekScreen #week-table { height: 1fr; min-height: 6; }
    DailyWeekScreen #week-detail {
        height: 4; padding: 0 1; border-top: solid $border-blurred;
    }
    DailyWeekScreen #week-buttons { height: auto; padding: 0 1; }
    DailyWeekScreen #week-buttons Button { margin-right: 1; }
    """

    TITLE_KEY: ClassVar[str] = "daily_ui.week_title"
    HELP_KEY: ClassVar[str] = "daily_ui.week_help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("pageup", "previous_week", "daily_ui.key_previous"),
        Binding("pagedown", "next_week", "daily_ui.key_next"),
        Binding("f10", "print_recap", "doc_ui.key_print"),
    ]

    def __init__(self, workspace: Workspace, start: dt.date | None = None) -> None:
        super().__init__(workspace)
        self.week_start = self._monday(start or workspace.sandbox.today.date())
        self.week: WeekView | None = None
        self.revisi: EntryPage | None = None
        self._rows: dict[str, DailyEntryView | dt.date] = {}

    @staticmethod
    def _monday(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday())

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        yield Static(Content(tr.t("ws.loading")), id="week-head", markup=False)
        yield RowTable(id="week-table", cursor_type="row")
        yield Static("", id="week-detail", markup=False)
        with Horizontal(id="week-buttons"):
            yield TButton(tr, "daily_ui.new_entry", id="new-entry", variant="primary")
            yield TButton(tr, "daily_ui.go_revisi", id="go-revisi")
            yield TButton(tr, "daily_ui.field_work", id="field-work")
            yield TButton(tr, "doc_ui.print_recap", id="print-recap")

    def on_mount(self) -> None:
        self.query_one("#go-revisi", Button).display = False
        self._columns()
        self.query_one("#week-table", DataTable).focus()
        self.say_first("daily_ui.week_status")
        self.load()

    def on_screen_resume(self) -> None:
        if self.week is not None:
            self.load()

    def sandbox_changed(self) -> None:
        self.load()

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        seat = self.workspace.seat
        persona = seat.person_id
        daily = self.daily_logs
        monday = self.week_start

        def read() -> WeekLoaded:
            week = daily.week(seat, persona, monday)
            revisi = daily.list_entries(
                seat, persona, status=DailyStatus.REVISI, newest_first=False, page_size=1
            )
            return WeekLoaded(week, revisi)

        self.run_service(read, tag="week", then=self.show)

    def show(self, loaded: WeekLoaded) -> None:
        self.week = loaded.week
        self.revisi = loaded.revisi
        self._draw()

    def _columns(self) -> None:
        tr = self.tr
        table = self.query_one("#week-table", DataTable)
        table.clear(columns=True)
        table.add_column(Text(tr.t("daily_ui.col_day")), key="day", width=9)
        table.add_column(Text(tr.t("daily_ui.col_time")), key="time", width=11)
        table.add_column(Text(tr.t("daily_ui.col_minutes")), key="minutes", width=6)
        table.add_column(Text(tr.t("daily_ui.col_kegiatan")), key="kegiatan", width=KEGIATAN_WIDTH)
        table.add_column(Text(tr.t("daily_ui.col_status")), key="status", width=9)

    def _draw(self) -> None:
        tr = self.tr
        week = self.week
        if week is None:
            return
        table = self.query_one("#week-table", DataTable)
        previous = table.cursor_row
        table.clear()
        self._rows = {}
        today = self.workspace.sandbox.today.date()
        for day in week.days:
            label = short_day(tr.lang, day.tanggal)
            if day.holiday is not None:
                note = tr.t("daily_ui.holiday", name=day.holiday)
            elif not day.working_day:
                note = tr.t("daily_ui.not_working_day")
            elif not day.entries and day.tanggal <= today:
                note = tr.t("daily_ui.no_entry")
            elif not day.entries:
                note = tr.t("daily_ui.future_day")
            else:
                note = ""
            if note or not day.entries:
                key = f"day:{day.tanggal.isoformat()}"
                self._rows[key] = day.tanggal
                table.add_row(
                    Text(label),
                    Text(""),
                    Text(str(day.minutes) if day.entries else "-"),
                    Text(clip(note, KEGIATAN_WIDTH)),
                    Text(""),
                    key=key,
                )
            for index, entry in enumerate(day.entries):
                key = f"entry:{entry.id}"
                self._rows[key] = entry
                kegiatan = (QUICK_MARK if entry.quick_field_draft else "") + entry.kegiatan
                table.add_row(
                    Text(label if index == 0 else ""),
                    Text(f"{entry.jam_mulai:%H:%M}–{entry.jam_selesai:%H:%M}"),
                    Text(str(entry.minutes)),
                    Text(clip(kegiatan, KEGIATAN_WIDTH)),
                    Text(entry.status.value),
                    key=key,
                )
        if table.row_count:
            table.move_cursor(row=min(max(previous, 0), table.row_count - 1))
        update_steady(self.query_one("#week-head", Static), Content(self.head_text()))
        revisi = self.revisi.total if self.revisi else 0
        go = self.query_one("#go-revisi", Button)
        go.display = revisi > 0
        go.label = Content(tr.t("daily_ui.go_revisi", count=revisi))
        self._show_detail()

    def head_text(self) -> str:
        tr = self.tr
        week = self.week
        if week is None:
            return tr.t("ws.loading")
        return tr.t(
            "daily_ui.week_head",
            start=tr.msg(date_label(week.week_start)),
            end=tr.msg(date_label(week.week_end)),
            minutes=week.total_minutes,
            approved=week.approved_minutes,
        )

    def workspace_language_changed(self) -> None:
        self._columns()
        self._draw()

    # -- the highlighted row ------------------------------------------------------------------

    def highlighted(self) -> DailyEntryView | dt.date | None:
        table = self.query_one("#week-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(key or "")

    @on(DataTable.RowHighlighted, "#week-table")
    def _show_detail(self) -> None:
        tr = self.tr
        item = self.highlighted()
        detail = self.query_one("#week-detail", Static)
        if item is None:
            update_steady(detail, Content(""))
            return
        if isinstance(item, dt.date):
            text = tr.t("daily_ui.day_detail", date=tr.msg(date_label(item)))
            update_steady(detail, Content(text))
            return
        lines = [
            tr.t(
                "daily_ui.entry_detail",
                status=tr.msg(daily_status_label(item.status)),
                realisasi=item.realisasi,
                satuan=item.satuan,
            ),
            item.kegiatan,
        ]
        if item.status is DailyStatus.REVISI and item.revision_note:
            lines.append(tr.t("daily_ui.revision_note", note=item.revision_note))
        if item.quick_field_draft:
            lines.append(tr.t("daily_ui.quick_detail", place=item.place or "-"))
        update_steady(detail, Content("\n".join(lines)))

    @property
    def detail_text(self) -> str:
        return str(self.query_one("#week-detail", Static).content)

    def table_texts(self) -> list[list[str]]:
        """Every cell as plain text, row by row (what the learner reads)."""
        table = self.query_one("#week-table", DataTable)
        return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]

    # -- actions ------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#week-table")
    def open_highlighted(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        if isinstance(item, dt.date):
            self.open_form(day=item)
        else:
            self.open_form(entry=item)

    def open_form(self, *, entry: DailyEntryView | None = None, day: dt.date | None = None) -> None:
        from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen

        self.app.push_screen(DailyFormScreen(self.workspace, entry=entry, day=day))

    @on(Button.Pressed, "#new-entry")
    def new_entry(self) -> None:
        self.open_form(day=self.workspace.sandbox.today.date())

    @on(Button.Pressed, "#go-revisi")
    def go_to_revisi(self) -> None:
        if self.revisi is None or not self.revisi.items:
            return
        entry = self.revisi.items[0]
        self.week_start = self._monday(entry.tanggal)
        self.load()
        self.open_form(entry=entry)

    @on(Button.Pressed, "#field-work")
    def open_field_work(self) -> None:
        from ekinerja_tutor.ui.screens.field_work import FieldWorkScreen

        self.app.push_screen(FieldWorkScreen(self.workspace))

    @on(Button.Pressed, "#print-recap")
    def action_print_recap(self) -> None:
        from ekinerja_tutor.ui.screens.document_export import open_recap_export

        open_recap_export(self)

    def action_previous_week(self) -> None:
        self.week_start -= dt.timedelta(days=7)
        self.load()

    def action_next_week(self) -> None:
        self.week_start += dt.timedelta(days=7)
        self.load()
