"""What the lesson player shares across screens: which lesson is open, whether the player is
shown, one :class:`~ekinerja_tutor.services.lessons.LessonService` per app, and the screen
visits and errors every screen reports to it.

Screens report themselves by name (a key of ``SCREENS``): :data:`SCREEN_KEYS` maps the screen
classes that exist; a screen class may also say it itself with ``LESSON_SCREEN = "name"``.
Reporting runs in a thread worker and never raises: a lesson must never break the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from ekinerja_tutor.services.lessons import LessonService

WIDE: Final = 120
"""From this many columns the player docks beside the workspace; below, it replaces it."""

SCREEN_KEYS: Final[dict[str, str]] = {
    "LoginScreen": "login",
    "OtpScreen": "otp",
    "EnrolScreen": "enrol",
    "EnrolQrScreen": "enrol_qr",
    "EnrolConfirmScreen": "enrol_qr",
    "ChangePasswordScreen": "change_password",
    "DashboardScreen": "dashboard",
    "DailyWeekScreen": "daily_week",
    "DailyFormScreen": "daily_form",
    "FieldWorkScreen": "field_work",
    "SkpScreen": "skp",
    "RencanaAksiScreen": "rencana_aksi",
    "RealisasiScreen": "realisasi",
    "ResultScreen": "result",
    "HelpScreen": "help",
    "LessonListScreen": "lessons",
    "AdminScreen": "admin",
    "MatriksScreen": "matriks",
    "ReviewInboxScreen": "review_inbox",
    "ReviewEntryScreen": "review_inbox",
    "SkpApprovalScreen": "review_skp",
    "SkpReviewScreen": "review_skp",
    "RecapChainScreen": "recap",
    "RecapQueueScreen": "recap_queue",
    "EvidenceDriveScreen": "evidence_drive",
    "DriveScreen": "evidence_drive",
    "RaiseTicketScreen": "ticket_new",
    "LearnerTicketScreen": "ticket_list",
    "TicketListScreen": "ticket_list",
}
"""Screen class name → the name lessons use (``screen_visited name=...``)."""


@dataclass
class LessonPlayerState:
    """Per app: the lesson in the player and whether it is shown (docked or full screen).

    ``account_id`` is whose state it is: another sign-in starts afresh.
    """

    account_id: int | None = None
    lesson_id: str | None = None
    visible: bool = False


class LessonWorldChanged(Message):
    """Something the checks read may have changed (a screen opened, a service answered):
    a shown player evaluates its step again."""


def player_state(app: App[Any]) -> LessonPlayerState:
    """The app's player state, reset when a different account signs in."""
    state: LessonPlayerState | None = getattr(app, "_lesson_player_state", None)
    session = getattr(app, "session", None)
    account_id = session.principal.account_id if session is not None else None
    if state is None or state.account_id != account_id:
        state = LessonPlayerState(account_id=account_id)
        app._lesson_player_state = state  # type: ignore[attr-defined]
    return state


def lesson_service(app: App[Any]) -> LessonService | None:
    """One LessonService per app (it reads the lesson files once), or None before services."""
    services = getattr(app, "services", None)
    if services is None:
        return None
    extras = services.ctx.extras
    found = extras.get("ui.service.lessons")
    if found is None:
        from ekinerja_tutor.services.lessons import LessonService

        extras.setdefault("home", services.settings.home)
        found = extras["ui.service.lessons"] = LessonService(services.ctx)
    return found  # type: ignore[no-any-return]


def screen_key(screen: object) -> str | None:
    """The lesson name of a screen, if it has one."""
    own = getattr(type(screen), "LESSON_SCREEN", None)
    if isinstance(own, str):
        return own
    return SCREEN_KEYS.get(type(screen).__name__)


def report_screen(screen: Screen[Any]) -> None:
    """Record that the signed-in learner opened ``screen`` (in a worker), then tell the
    screen's player to look again."""
    app = screen.app
    key = screen_key(screen)
    service = lesson_service(app)
    if key is None or service is None:
        return
    session = getattr(app, "session", None)
    principal = session.principal if session is not None else None
    # Before sign-in, the sign-in steps know whose password has passed (first-login lessons).
    step = getattr(getattr(screen, "flow", None), "step", None)
    flow_account = getattr(step, "account_id", None)
    keys = [key]
    if principal is None and flow_account is not None:
        if getattr(step, "practice_phone", False) and key in ("otp", "enrol_qr"):
            keys.append("practice_phone")  # the practice phone is shown beside the code
    elif principal is None or principal.account_id is None:
        return
    auth = getattr(app, "auth", None)

    def record() -> None:
        try:
            who = principal
            if who is None:
                assert auth is not None and flow_account is not None
                who = auth.principal_for(flow_account)
            written = [service.record_screen_visit(who, name) for name in keys]
        except Exception:  # never let a lesson break the workspace
            return
        if any(written):  # (else nothing a lesson checks has changed)
            screen.post_message(LessonWorldChanged())

    screen.run_worker(record, thread=True, group="lesson-visit", exit_on_error=False)


def report_error(screen: Screen[Any], text: str) -> None:
    """Remember the error shown (for a help ticket), in a worker."""
    app = screen.app
    session = getattr(app, "session", None)
    service = lesson_service(app)
    if session is None or service is None or session.principal.account_id is None:
        return
    principal = session.principal

    def record() -> None:
        try:
            service.record_error_shown(principal, text)
        except Exception:  # never let a lesson break the workspace
            return

    screen.run_worker(record, thread=True, group="lesson-error", exit_on_error=False)


__all__ = [
    "SCREEN_KEYS",
    "WIDE",
    "LessonPlayerState",
    "LessonWorldChanged",
    "lesson_service",
    "player_state",
    "report_error",
    "report_screen",
    "screen_key",
]
