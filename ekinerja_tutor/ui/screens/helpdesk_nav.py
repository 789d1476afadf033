"""Ways into the help desk: F7 from any screen, the Ctrl+P palette, the F4 menu, home buttons.

The app (``ui/app.py``) and the base screens call these small functions, so the help-desk
screens are imported only when someone opens one.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ekinerja_tutor.domain.statuses import Role

if TYPE_CHECKING:
    from ekinerja_tutor.ui.app import TutorApp

ERROR_BURST_SECONDS = 0.5
"""Errors shown within this time of each other come from one check of one form."""


def _ready(app: TutorApp) -> bool:
    return app.session is not None and app.services is not None


def screen_label(app: TutorApp) -> str:
    """Where the learner was when they asked: the screen's title and its name for mentors."""
    from ekinerja_tutor.ui.screens.base import TutorScreen

    screen = app.screen
    if isinstance(screen, TutorScreen):
        title = app.tr.t(screen.TITLE_KEY, **screen.title_params())
        return f"{title} ({type(screen).__name__})"
    return type(screen).__name__


def open_raise_ticket(app: TutorApp) -> None:
    """F7 / "Minta bantuan": the ticket form for whoever is signed in (one per stack)."""
    from ekinerja_tutor.ui.screens.ticket_raise import RaiseTicketScreen

    if not _ready(app):
        return
    if any(isinstance(screen, RaiseTicketScreen) for screen in app.screen_stack):
        return
    app.push_screen(RaiseTicketScreen(screen_label(app), app.last_error_shown))


def open_my_tickets(app: TutorApp) -> None:
    from ekinerja_tutor.ui.screens.ticket_mine import MyTicketsScreen

    if _ready(app) and not isinstance(app.screen, MyTicketsScreen):
        app.push_screen(MyTicketsScreen())


def open_queue(app: TutorApp) -> None:
    from ekinerja_tutor.ui.screens.helpdesk_queue import QueueScreen

    if _ready(app) and not isinstance(app.screen, QueueScreen):
        app.push_screen(QueueScreen())


def open_reports(app: TutorApp) -> None:
    from ekinerja_tutor.ui.screens.helpdesk_reports import HelpdeskReportScreen

    if _ready(app) and not isinstance(app.screen, HelpdeskReportScreen):
        app.push_screen(HelpdeskReportScreen())


def open_staff_helpdesk(app: TutorApp) -> None:
    """The staff home's "Meja bantuan" button: the queue and the reports, as the roles allow
    (straight to the one screen when only one is allowed)."""
    from ekinerja_tutor.ui.screens.dialogs import ActionMenu

    session = app.session
    if session is None:
        return
    principal = session.principal
    choices = []
    if principal.has(Role.MENTOR, Role.ADMIN):
        choices.append(("queue", app.tr.t("hd.menu.queue")))
    if principal.has(Role.TRAINER, Role.MENTOR, Role.ADMIN):
        choices.append(("reports", app.tr.t("hd.menu.reports")))
    if principal.account_id is not None:
        choices.append(("mine", app.tr.t("hd.menu.mine")))

    def chosen(choice: str | None) -> None:
        {"queue": open_queue, "reports": open_reports, "mine": open_my_tickets}.get(
            choice or "", lambda _app: None
        )(app)

    if len(choices) == 1:
        chosen(choices[0][0])
        return
    app.push_screen(ActionMenu(app.tr.t("hd.home.helpdesk"), choices), chosen)


def helpdesk_commands(app: TutorApp) -> Iterator[tuple[str, str, Callable[[], None]]]:
    """The palette's help-desk commands for the signed-in account (title, help, callback)."""
    session = app.session
    if session is None:
        return
    tr = app.tr
    principal = session.principal
    yield tr.t("hd.menu.raise"), tr.t("hd.palette.raise"), app.action_raise_ticket
    if principal.account_id is not None:
        yield tr.t("hd.menu.mine"), tr.t("hd.palette.mine"), lambda: open_my_tickets(app)
    if principal.has(Role.MENTOR, Role.ADMIN):
        yield tr.t("hd.menu.queue"), tr.t("hd.palette.queue"), lambda: open_queue(app)
    if principal.has(Role.TRAINER, Role.MENTOR, Role.ADMIN):
        yield tr.t("hd.menu.reports"), tr.t("hd.palette.reports"), lambda: open_reports(app)


def remember_error(app: TutorApp, text: str) -> None:
    """Keep the last error shown for the next ticket, and store it on the lesson in progress
    (``LessonService.record_error_shown``; a no-op when no lesson is running)."""
    now = time.monotonic()
    burst = now - getattr(app, "_hd_error_at", -10.0) < ERROR_BURST_SECONDS
    app._hd_error_at = now  # type: ignore[attr-defined]
    if text == app.last_error_shown or burst:
        # The same message beside a field and in the status line, or the 2nd, 3rd… error of
        # one check of a form: keep the first, the one the screen focuses and names first.
        return
    app.last_error_shown = text
    session = app.session
    services = app.services
    if session is None or services is None or session.principal.account_id is None:
        return
    principal = session.principal

    def store() -> None:
        from ekinerja_tutor.services.lessons import LessonService

        # Only a help for mentors: a failure here must never disturb the user.
        with contextlib.suppress(Exception):
            LessonService(services.ctx).record_error_shown(principal, text)

    app.run_worker(store, thread=True, group="hd-last-error", exit_on_error=False)
