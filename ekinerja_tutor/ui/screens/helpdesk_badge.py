"""The "new reply from a mentor" badge on the learner's dashboard.

A one-line button, hidden while there is nothing new. The dashboard reads the unread count
with its own data whenever it is shown, and the badge asks again every :data:`CHECK_SECONDS`
(one indexed query per learner: a cheap periodic check); it says so in the persistent status
line when the count goes up.
Enter (or a click) opens "Tiket saya".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.widgets import Button

if TYPE_CHECKING:
    from ekinerja_tutor.ui.app import TutorApp

CHECK_SECONDS = 30.0


class TicketBadge(Button):
    DEFAULT_CSS = """
    TicketBadge { display: none; margin: 0 1; text-style: bold; width: auto; }
    TicketBadge.-shown { display: block; }
    TicketBadge:focus { text-style: bold reverse; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", compact=True, **kwargs)  # type: ignore[arg-type]
        self.count = 0

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.set_interval(CHECK_SECONDS, self.check)  # (the dashboard reads it when shown)

    def reader(self) -> Callable[[], int | None] | None:
        """What reads the unread count (in a worker thread; ``None`` when it cannot be read),
        or ``None`` when nobody is signed in. The dashboard reads it with its own data."""
        app = self.tutor
        session, services = app.session, app.services
        if session is None or services is None or session.principal.account_id is None:
            return None
        principal = session.principal

        def read() -> int | None:
            from ekinerja_tutor.ui.screens.helpdesk_base import helpdesk_service

            try:
                return helpdesk_service(app).unread_count(principal)
            except Exception:  # the badge is a convenience; the list itself shows errors
                return None

        return read

    def check(self) -> None:
        read = self.reader()
        if read is None:
            return
        app = self.tutor

        def check() -> None:
            count = read()
            if count is not None:
                app.call_from_thread(self.show_count, count)

        self.run_worker(check, thread=True, group="hd-badge", exit_on_error=False)

    def show_count(self, count: int) -> None:
        if not self.is_mounted or (count == self.count and self.has_class("-shown") == (count > 0)):
            return  # nothing new: no relabel, no layout
        self._show(count)

    def _show(self, count: int) -> None:
        went_up = count > self.count
        self.count = count
        self.label = Content(self.tutor.tr.t("hd.badge", count=count)) if count else Content("")
        self.set_class(count > 0, "-shown")
        if went_up:
            say = getattr(self.screen, "say_key", None)
            if callable(say):
                say("hd.badge_status", count=count)

    def relabel(self) -> None:
        if self.is_mounted:
            self._show(self.count)

    @on(Button.Pressed)
    def open_mine(self, event: Button.Pressed) -> None:
        from ekinerja_tutor.ui.screens.helpdesk_nav import open_my_tickets

        event.stop()
        open_my_tickets(self.tutor)
