"""Tiket saya: the learner's own tickets, newest first, with the unread replies of each."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable

from ekinerja_tutor.ui.screens.helpdesk_base import HelpdeskScreen, status_text, when
from ekinerja_tutor.ui.widgets.i18n import TLabel

if TYPE_CHECKING:
    from ekinerja_tutor.services.helpdesk import TicketSummary

COLUMNS = ("hd.col.id", "hd.col.status", "hd.col.new", "hd.col.updated", "hd.col.question")


class MyTicketsScreen(HelpdeskScreen[None]):
    """A list; Enter opens a ticket, F7 asks something new."""

    DEFAULT_CSS = """
    MyTicketsScreen #mine-table { height: 1fr; margin: 0 1; }
    MyTicketsScreen #mine-hint { padding: 0 1; }
    """

    TITLE_KEY: ClassVar[str] = "hd.mine.title"
    HELP_KEY: ClassVar[str] = "hd.mine.help"

    def __init__(self) -> None:
        super().__init__()
        self.items: tuple[TicketSummary, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield TLabel(self.tr, "hd.mine.hint", id="mine-hint")
        yield DataTable(id="mine-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.say_first("hd.mine.status")
        self.query_one(DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        self.run_service(self._read, tag="mine", then=self.show)

    def _read(self) -> tuple[TicketSummary, ...]:
        self.helpdesk.auto_close_due()  # see HelpdeskService.auto_close_due: lists close them
        return self.helpdesk.my_tickets(self.principal)

    def show(self, items: tuple[TicketSummary, ...]) -> None:
        self.items = items
        tr = self.tr
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for key in COLUMNS:
            table.add_column(Text(tr.t(key)), key=key)
        for item in items:
            new = tr.t("hd.mine.new_replies", count=item.unread) if item.unread else ""
            table.add_row(
                Text(f"#{item.id}"),
                Text(status_text(tr, item.status.value)),
                Text(new, style="bold reverse" if new else ""),
                Text(when(item.updated_at)),
                Text(item.description[:60]),
                key=str(item.id),
            )
        if items:
            table.move_cursor(row=min(row, len(items) - 1))
        else:
            self.say_key("hd.mine.empty")

    def language_changed(self) -> None:
        self.show(self.items)

    @on(DataTable.RowSelected)
    def open_ticket(self, event: DataTable.RowSelected) -> None:
        from ekinerja_tutor.ui.screens.ticket_view import LearnerTicketScreen

        if event.row_key.value is not None:
            self.app.push_screen(LearnerTicketScreen(int(event.row_key.value)))
