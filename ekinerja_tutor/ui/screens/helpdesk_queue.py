"""The mentors' queue: open tickets, most urgent and oldest first, SLA overdue marked.

Filters: status, category, whose (everyone / mine / the shared queue), overdue only, and a
search over the description, the learner and the ticket number. The list refreshes itself
every :data:`REFRESH_SECONDS` so a ticket raised in another terminal shows up while the mentor
watches. From here a mentor also records a question a colleague asked at the desk.

The queue is read a page of :data:`PAGE_SIZE` tickets at a time (PgUp/PgDn turn pages, as in
the review inbox): a regency's backlog runs to hundreds of open tickets, and reading and
drawing all of them on every refresh made each key slower the longer the backlog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Select, Static

from ekinerja_tutor.domain.tickets import Category, TicketStatus
from ekinerja_tutor.ui.screens.base import STANDARD_BINDINGS
from ekinerja_tutor.ui.screens.helpdesk_base import (
    HelpdeskScreen,
    relabel_select,
    status_text,
    when,
)
from ekinerja_tutor.ui.widgets.choices import Tick
from ekinerja_tutor.ui.widgets.i18n import TButton
from ekinerja_tutor.ui.widgets.row_table import RowTable
from ekinerja_tutor.ui.widgets.steady import update_steady

if TYPE_CHECKING:
    from ekinerja_tutor.services.helpdesk import QueuePage

REFRESH_SECONDS = 20.0
PAGE_SIZE = 20
COLUMNS = (
    ("hd.col.id", 3),
    ("hd.col.status", 12),
    ("hd.col.learner", 14),
    ("hd.col.category", 15),
    ("hd.col.question", 22),
)
"""Catalog key and width of each column: what fits in 80 columns (the highlighted ticket's
priority, mentor and lesson step are in the line under the table). Fixed widths keep the
columns where they are from page to page, and a DataTable sizing columns to its rows does so
only when next idle, after the rows are drawn."""
OPEN = "open"
EVERY = "all"


class QueueScreen(HelpdeskScreen[None]):
    """Antrean bantuan (mentors)."""

    DEFAULT_CSS = """
    QueueScreen #queue-filters { height: auto; padding: 0 1; }
    QueueScreen #queue-filters Select { width: 18; margin-right: 1; }
    QueueScreen #queue-filters #q-category { width: 22; }
    QueueScreen #queue-filters #q-whose { width: 20; }
    QueueScreen #q-search { width: 1fr; }
    QueueScreen #queue-row2 { height: auto; padding: 0 1; }
    QueueScreen #queue-row2 Tick { margin-right: 2; }
    QueueScreen #queue-row2 Button { margin-right: 1; width: auto; }
    QueueScreen #queue-row2 Button:focus { text-style: bold reverse; }
    QueueScreen #queue-table { height: 1fr; margin: 0 1; }
    QueueScreen #queue-preview { height: 3; padding: 0 1; }
    """

    TITLE_KEY: ClassVar[str] = "hd.queue.title"
    HELP_KEY: ClassVar[str] = "hd.queue.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *STANDARD_BINDINGS,
        Binding("f4", "queue_menu", "hd.queue.menu_key", priority=True),
        Binding("pageup", "previous_page", "hd.queue.previous_key", show=False),
        Binding("pagedown", "next_page", "hd.queue.next_key", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page: QueuePage | None = None
        self.page_no = 0

    def options(self) -> dict[str, list[tuple[Content, str]]]:
        """The filter choices in the current language, by Select id."""
        tr = self.tr
        statuses = [
            (Content(tr.t("hd.queue.open")), OPEN),
            (Content(tr.t("hd.queue.every")), EVERY),
        ]
        statuses += [(Content(tr.t(f"ticket.status.{s.value}")), s.value) for s in TicketStatus]
        categories = [(Content(tr.t("hd.queue.all_categories")), EVERY)]
        categories += [(Content(tr.t(f"ticket.category.{c.value}")), c.value) for c in Category]
        whose = [
            (Content(tr.t("hd.queue.everyone")), EVERY),
            (Content(tr.t("hd.queue.mine")), "me"),
            (Content(tr.t("hd.shared_queue")), "shared"),
        ]
        return {"q-status": statuses, "q-category": categories, "q-whose": whose}

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        options = self.options()
        with Horizontal(id="queue-filters"):
            yield Select(options["q-status"], value=OPEN, allow_blank=False, id="q-status")
            yield Select(options["q-category"], value=EVERY, allow_blank=False, id="q-category")
            yield Select(options["q-whose"], value=EVERY, allow_blank=False, id="q-whose")
            yield Input(placeholder=tr.t("hd.queue.search"), id="q-search")
        with Horizontal(id="queue-row2"):
            yield Tick(Content(tr.t("hd.queue.overdue_only")), False, id="q-overdue")
            yield TButton(tr, "hd.queue.record", id="queue-record", compact=True)
        yield RowTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="queue-preview", markup=False)

    def on_mount(self) -> None:
        self.say_first("hd.queue.status")
        self._columns()
        self.query_one("#queue-table", DataTable).focus()
        self.load(close_due=True)
        self.set_interval(REFRESH_SECONDS, self.refresh_queue)

    def on_screen_resume(self) -> None:
        self.load(close_due=True)

    def refresh_queue(self) -> None:
        """Read the queue again, closing the tickets due to close (every REFRESH_SECONDS)."""
        self.load(close_due=True)

    # -- reading ------------------------------------------------------------------------------

    def filters(self) -> dict[str, Any]:
        status = self.query_one("#q-status", Select).value
        category = self.query_one("#q-category", Select).value
        whose = self.query_one("#q-whose", Select).value
        search = self.query_one("#q-search", Input).value.strip()
        return {
            "status": None if status in (OPEN, EVERY) else status,
            "category": None if category == EVERY else category,
            "assignee": {"me": "me", "shared": ""}.get(str(whose)),
            "search": search or None,
            "overdue_only": self.query_one("#q-overdue", Tick).value,
            "every": status == EVERY,
        }

    def load(self, *, close_due: bool = False) -> None:
        """Read the current page. ``close_due``: first close the tickets resolved 7 days ago
        (see ``HelpdeskService.auto_close_due``): when the queue opens or comes back and on
        each refresh, not on every page turn or filter change (a query less per key)."""
        if not self.is_mounted:
            return
        args = (self.filters(), self.page_no, close_due)
        self.run_service(self._read, *args, tag="queue", then=self.show)

    def _read(self, filters: dict[str, Any], page: int, close_due: bool) -> QueuePage:
        hd = self.helpdesk
        if close_due:
            hd.auto_close_due()
        # "Semua status" (every) lists every status, newest first; else the open ones.
        return hd.queue(self.principal, **filters, page=page, page_size=PAGE_SIZE)

    def _columns(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        table.clear(columns=True)
        for key, width in COLUMNS:
            table.add_column(Text(self.tr.t(key)), key=key, width=width)

    def show(self, result: QueuePage) -> None:
        if result.page != self.page_no:
            return  # read before a page turn: the read of the new page is on its way
        if result.page and result.page * result.page_size >= result.total:
            self.page_no = max(0, (result.total - 1) // result.page_size)  # the list shrank
            self.load()
            return
        before, self.page = self.page, result
        if before is not None and before == result:
            return  # a refresh that found the same page: nothing to redraw
        self._rows(result)

    def _rows(self, result: QueuePage) -> None:
        tr = self.tr
        table = self.query_one("#queue-table", DataTable)
        row = table.cursor_row
        table.clear()
        for t in result.items:
            status = Text(status_text(tr, t.status.value))
            if t.overdue:
                status.append(" ")
                status.append(tr.t("hd.sla.late_short"), style="bold reverse")
            table.add_row(
                Text(f"#{t.id}"),
                status,
                Text((t.learner_name or t.learner)[:14]),
                Text(tr.t(f"ticket.category.{t.category.value}")[:16]),
                Text(t.description[:60]),
                key=str(t.id),
            )
        if result.items:
            table.move_cursor(row=min(max(row, 0), len(result.items) - 1))
        self.preview()
        overdue = sum(1 for t in result.items if t.overdue)
        pages = -(-result.total // result.page_size)
        if pages > 1:
            self.say_key(
                "hd.queue.count_paged",
                count=result.total,
                overdue=overdue,
                page=result.page + 1,
                pages=pages,
            )
        else:
            self.say_key("hd.queue.count", count=result.total, overdue=overdue)

    def language_changed(self) -> None:
        for select_id, choices in self.options().items():
            relabel_select(self.query_one(f"#{select_id}", Select), choices)
        self.query_one("#q-search", Input).placeholder = self.tr.t("hd.queue.search")
        self.query_one("#q-overdue", Tick).label = Content(self.tr.t("hd.queue.overdue_only"))
        self._columns()
        if self.page is not None:
            self._rows(self.page)

    def action_previous_page(self) -> None:
        if self.page_no > 0:
            self.page_no -= 1
            self.query_one("#queue-table", DataTable).move_cursor(row=0)
            self.load()

    def action_next_page(self) -> None:
        page = self.page
        if page is not None and (self.page_no + 1) * page.page_size < page.total:
            self.page_no += 1
            self.query_one("#queue-table", DataTable).move_cursor(row=0)
            self.load()

    @on(DataTable.RowHighlighted, "#queue-table")
    def preview(self) -> None:
        """The highlighted ticket's priority, mentor, lesson step and full question."""
        tr = self.tr
        table = self.query_one("#queue-table", DataTable)
        items = self.page.items if self.page is not None else ()
        line = ""
        if items and 0 <= table.cursor_row < len(items):
            t = items[table.cursor_row]
            if t.lesson_id:
                step = tr.t("hd.queue.step", lesson=t.lesson_id, step=t.lesson_step or "-")
            elif t.tag:
                step = tr.t("hd.queue.tag", tag=t.tag)
            else:
                step = tr.t("hd.queue.no_step")
            line = (
                tr.t(
                    "hd.queue.preview",
                    priority=tr.t(f"ticket.priority.{t.priority.value}"),
                    assignee=t.assignee or tr.t("hd.shared_queue"),
                    step=step,
                    updated=when(t.updated_at),
                )
                + "\n"
                + t.description
            )
        # Called by the drawing and again by the table's highlight message: once is enough,
        # and its fixed height never moves anything else (no layout).
        update_steady(self.query_one("#queue-preview", Static), Content(line))

    @on(Select.Changed)
    @on(Input.Submitted, "#q-search")
    @on(Tick.Changed, "#q-overdue")
    def _filter_changed(self) -> None:
        self.page_no = 0
        self.load()

    # -- opening and recording ----------------------------------------------------------------

    @on(DataTable.RowSelected, "#queue-table")
    def open_ticket(self, event: DataTable.RowSelected) -> None:
        from ekinerja_tutor.ui.screens.ticket_view import MentorTicketScreen

        if event.row_key.value is not None:
            self.app.push_screen(MentorTicketScreen(int(event.row_key.value)))

    @on(Button.Pressed, "#queue-record")
    def record(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        hd, p = self.helpdesk, self.principal

        def submit(values: dict[str, Any]) -> Any:
            tag = "asli" if values["real"] else "latihan"
            return hd.record_for_colleague(p, values["who"], values["what"], tag)

        fields = [
            FormField("who", "hd.record.who", "hd.record.who_hint"),
            FormField("what", "hd.record.what", "hd.record.what_hint"),
            FormField("real", "hd.record.real", check=True, value=True),
        ]
        self.app.push_screen(
            FormDialog(self.tr.t("hd.record.title"), fields, submit, "hd.form.save"),
            self._recorded,
        )

    def _recorded(self, view: Any) -> None:
        if view is None:
            return
        self.say_key("hd.record.done", id=view.id)
        self.load()

    def action_queue_menu(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        choices = [
            ("open", self.tr.t("hd.queue.open_selected")),
            ("record", self.tr.t("hd.queue.record")),
            ("reports", self.tr.t("hd.menu.reports")),
            ("refresh", self.tr.t("hd.act.refresh")),
        ]
        self.app.push_screen(
            ActionMenu(self.tr.t("hd.queue.menu_title"), choices), self._menu_chosen
        )

    def _menu_chosen(self, choice: str | None) -> None:
        from ekinerja_tutor.ui.screens.helpdesk_nav import open_reports

        if choice == "open":
            table = self.query_one("#queue-table", DataTable)
            if table.row_count:
                table.action_select_cursor()
        elif choice == "record":
            self.record()
        elif choice == "reports":
            open_reports(self.tutor)
        elif choice == "refresh":
            self.load(close_due=True)
