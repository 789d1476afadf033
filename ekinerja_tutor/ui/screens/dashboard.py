"""The learner's landing screen: the next step, five choices, reminders and SKP progress."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ekinerja_tutor.ui.screens.helpdesk_badge import TicketBadge
from ekinerja_tutor.ui.screens.workspace_base import WORKSPACE_BINDINGS, WorkspaceScreen
from ekinerja_tutor.ui.widgets.bar_chart import BarChart, BarRow, percent
from ekinerja_tutor.ui.widgets.i18n import TLabel
from ekinerja_tutor.ui.widgets.steady import update_steady

if TYPE_CHECKING:
    from ekinerja_tutor.services.workspace_reads import DashboardView
    from ekinerja_tutor.ui.workspace import Workspace

MAIN_CHOICES: tuple[tuple[str, str], ...] = (
    ("daily", "dash.choice.daily"),
    ("skp", "dash.choice.skp"),
    ("rencana_aksi", "dash.choice.rencana_aksi"),
    ("results", "dash.choice.results"),
    ("help", "dash.choice.help"),
)
"""At most five main choices (ACCESSIBILITY.md item 1), each opened by its number too."""

REREAD_SECONDS = 30.0
"""Back on the dashboard, what it shows is read again when this old even if nothing was saved
in this process (the sandbox's clock moves on; a trainer may reset it from elsewhere)."""

SEVERITY_KEYS: dict[str, str] = {
    "urgent": "dash.severity.urgent",
    "warning": "dash.severity.warning",
    "info": "dash.severity.info",
}


class DashboardScreen(WorkspaceScreen[None]):
    """Beranda: what to do next, where to go, what is due, how far the SKP has come."""

    DEFAULT_CSS = """
    DashboardScreen #dash-next { height: auto; max-height: 3; padding: 0 1; text-style: bold; }
    DashboardScreen #dash-menu { height: auto; max-height: 7; margin: 0 1; }
    DashboardScreen #dash-menu-hint { padding: 0 1; height: 1; }
    DashboardScreen #dash-info {
        height: 1fr; min-height: 4; margin: 0 1; padding: 0 1;
        border: round $border-blurred;
    }
    DashboardScreen #dash-info:focus { border: heavy $border; }
    DashboardScreen .dash-heading { text-style: bold underline; }
    DashboardScreen #dash-progress-title { margin-top: 1; }
    DashboardScreen #dash-reminders { height: auto; }
    DashboardScreen #dash-progress { height: auto; }
    """

    TITLE_KEY: ClassVar[str] = "dash.title"
    HELP_KEY: ClassVar[str] = "dash.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        *WORKSPACE_BINDINGS,
        Binding("f8", "sign_out", "home.logout_key"),
        *(
            Binding(str(number), f"choose('{area}')", show=False)
            for number, (area, _key) in enumerate(MAIN_CHOICES, start=1)
        ),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.view: DashboardView | None = None
        self._read_saved = -1
        self._read_at = 0.0

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        yield Static(Content(tr.t("ws.loading")), id="dash-next", markup=False)
        yield OptionList(*self._choices(), id="dash-menu")
        yield TLabel(tr, "dash.menu_hint", id="dash-menu-hint")
        yield TicketBadge(id="dash-tickets")  # new mentor replies (hidden while none)
        # One Tab stop below the menu; arrows and PgUp/PgDn scroll the reminders and progress.
        with VerticalScroll(id="dash-info"):
            yield TLabel(tr, "dash.reminders_title", classes="dash-heading")
            yield Static(Content(tr.t("ws.loading")), id="dash-reminders", markup=False)
            yield TLabel(
                tr, "dash.progress_title", classes="dash-heading", id="dash-progress-title"
            )
            yield TLabel(tr, "dash.progress_hint", id="dash-progress-hint")
            yield BarChart(id="dash-progress")

    def _choices(self) -> list[Option]:
        return [
            Option(Content(f"{number}  {self.tr.t(key)}"), id=area)
            for number, (area, key) in enumerate(MAIN_CHOICES, start=1)
        ]

    def on_mount(self) -> None:
        self.query_one("#dash-menu", OptionList).focus()
        self.say_first("dash.status")
        self.load()

    def on_screen_resume(self) -> None:
        # Back from another screen: read again if something was saved meanwhile (a form, a
        # submission, the simulated supervisor) or the last read is getting old (the sandbox's
        # clock, a trainer or mentor in another process); otherwise what is shown is current.
        stale = time.monotonic() - self._read_at >= REREAD_SECONDS
        if self.view is not None and (stale or self.reads.saved_so_far() != self._read_saved):
            self.load()

    def sandbox_changed(self) -> None:
        self.load()

    def load(self) -> None:
        """The dashboard's data and the unread-replies count, in one worker."""
        reads, seat = self.reads, self.workspace.seat
        self._read_saved, self._read_at = reads.saved_so_far(), time.monotonic()
        badge = self.query_one("#dash-tickets", TicketBadge)
        unread = badge.reader()

        def read() -> tuple[DashboardView, int | None]:
            return reads.dashboard(seat), unread() if unread is not None else None

        def loaded(found: tuple[DashboardView, int | None]) -> None:
            view, count = found
            if count is not None:
                badge.show_count(count)
            self.show(view)

        self.run_service(read, tag="dashboard", then=loaded)

    # -- drawing ------------------------------------------------------------------------------

    def show(self, view: DashboardView) -> None:
        if view == self.view:
            return  # back from a screen that changed nothing: no redraw
        self.view = view
        self._draw(view)

    def _draw(self, view: DashboardView) -> None:
        tr = self.tr
        update_steady(
            self.query_one("#dash-next", Static),
            Content("➜ " + tr.t("dash.next_step", step=tr.msg(view.next_step))),
        )
        lines = [
            f"• {tr.t(SEVERITY_KEYS.get(reminder.severity, 'dash.severity.info'))} "
            f"{tr.msg(reminder.msg)}"
            for reminder in view.reminders
        ]
        update_steady(
            self.query_one("#dash-reminders", Static),
            Content("\n".join(lines) if lines else tr.t("dash.no_reminders")),
        )
        rows = [
            BarRow(
                title=row.rhk_text,
                value=row.realisasi,
                target=row.target,
                numbers=tr.t(
                    "dash.progress_numbers",
                    value=row.realisasi,
                    target=row.target,
                    satuan=row.satuan,
                    percent=percent(row.realisasi, row.target),
                    waiting=row.waiting,
                ),
            )
            for row in view.progress
        ]
        empty = tr.t("dash.no_progress")
        self.query_one("#dash-progress", BarChart).set_rows(rows, empty)

    def workspace_language_changed(self) -> None:
        self.query_one("#dash-tickets", TicketBadge).relabel()
        menu = self.query_one("#dash-menu", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_options(self._choices())
        menu.highlighted = highlighted
        if self.view is not None:
            self._draw(self.view)

    @property
    def reminders_text(self) -> str:
        return str(self.query_one("#dash-reminders", Static).content)

    @property
    def next_step_text(self) -> str:
        return str(self.query_one("#dash-next", Static).content)

    # -- choices ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#dash-menu")
    def open_choice(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.action_choose(event.option.id)

    def action_choose(self, area: str) -> None:
        if area == "help":
            self.action_help()
            return
        self.open_area(area)

    def can_go_back(self) -> bool:
        """Back to the account page only when it is underneath (staff); a learner lands here."""
        from ekinerja_tutor.ui.screens.home import HomeScreen

        stack = self.app.screen_stack
        return len(stack) > 1 and stack[-1] is self and isinstance(stack[-2], HomeScreen)

    def action_sign_out(self) -> None:
        self.tutor.sign_out()
