"""F7 "Minta bantuan": a help-desk ticket in one sentence, with the context shown before sending.

Two fields (what happened, and a category already guessed from the screen), the context that
goes with it shown in full (screen, lesson step with its failed conditions and the hints seen,
the last error shown, the sandbox), and one button. What is typed is autosaved like every form
(``services/drafts.py``): Esc, a sign-out or a timeout keep it for next time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Button, Input, Select, Static

from ekinerja_tutor.domain.tickets import Category
from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.screens.helpdesk_base import (
    HelpdeskScreen,
    context_lines,
    relabel_select,
)
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.services.drafts import DraftStore
    from ekinerja_tutor.services.helpdesk import TicketView

AUTOSAVE_DELAY = 2.0
FORM_ID = "helpdesk-ticket:new"

SCREEN_CATEGORIES: dict[str, Category] = {
    "DailyWeekScreen": Category.HARIAN,
    "DailyFormScreen": Category.HARIAN,
    "FieldWorkScreen": Category.HARIAN,
    "SkpScreen": Category.SKP,
    "RencanaAksiScreen": Category.RENCANA_AKSI,
    "ResultScreen": Category.PENILAIAN,
    "RealisasiScreen": Category.REKAP,
    "LoginScreen": Category.LOGIN_OTP,
    "OtpScreen": Category.LOGIN_OTP,
}
"""The category guessed from the screen F7 was pressed on (the learner can change it)."""


def guess_category(screen: str) -> Category:
    for name, category in SCREEN_CATEGORIES.items():
        if f"({name})" in screen:
            return category
    return Category.LAINNYA


class RaiseTicketScreen(HelpdeskScreen[None]):
    """Ask a mentor: one sentence, a category, the context attached automatically."""

    DEFAULT_CSS = """
    RaiseTicketScreen #raise-body { padding: 0 1; }
    RaiseTicketScreen #raise-context {
        height: auto; border: round $border; padding: 0 1; margin-bottom: 1;
    }
    RaiseTicketScreen #raise-buttons { height: auto; }
    RaiseTicketScreen #raise-buttons Button { margin-right: 2; }
    RaiseTicketScreen Field > Select { width: 1fr; max-width: 60; }
    """

    TITLE_KEY: ClassVar[str] = "hd.raise.title"
    HELP_KEY: ClassVar[str] = "hd.raise.help"

    def __init__(self, screen_name: str, last_error: str | None = None) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.last_error = last_error
        self.context: dict[str, Any] | None = None
        self._timer: Timer | None = None
        self._finished = False
        self._live: dict[str, str] = {}
        self.sent: TicketView | None = None

    # -- drafts -------------------------------------------------------------------------------

    @property
    def drafts(self) -> DraftStore:
        from ekinerja_tutor.services.drafts import DraftStore

        return DraftStore(self.services.settings.drafts_dir)

    @property
    def draft_account(self) -> str:
        p = self.principal
        return str(p.account_id) if p.account_id is not None else p.username

    # -- layout -------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        options = [(Content(tr.t(f"ticket.category.{c.value}")), c.value) for c in Category]
        with FormScroll(id="raise-body"):
            yield TLabel(tr, "hd.raise.intro")
            yield Field(
                tr,
                "hd.raise.description",
                Input(id="f-description"),
                hint_key="hd.raise.description_hint",
                id="field-ticket_description",
            )
            yield Field(
                tr,
                "hd.raise.category",
                Select(  # type: ignore[arg-type]
                    options,
                    value=guess_category(self.screen_name).value,
                    allow_blank=False,
                    id="f-category",
                ),
                id="field-category",
            )
            with Vertical(id="raise-context"):
                yield Static(Content(tr.t("hd.loading")), id="raise-context-text", markup=False)
            with Horizontal(id="raise-buttons"):
                yield TButton(tr, "hd.raise.send", id="raise-send", variant="primary")
                yield TButton(tr, "hd.menu.mine", id="raise-mine")

    def on_mount(self) -> None:
        self.query_one("#raise-context").border_title = self.tr.t("hd.raise.context_title")
        draft = self.drafts.load(self.draft_account, FORM_ID)
        if draft:
            self.query_one("#f-description", Input).value = str(draft.get("description", ""))
            category = str(draft.get("category", ""))
            if category in {c.value for c in Category}:
                self.query_one("#f-category", Select).value = category
            self.say_key("hd.raise.draft_restored")
        else:
            self.say_key("hd.raise.status")
        self._live = self.values()
        self.query_one("#f-description", Input).focus()
        self.run_service(self.read_context, tag="context", then=self.show_context)

    def language_changed(self) -> None:
        self.query_one("#raise-context").border_title = self.tr.t("hd.raise.context_title")
        relabel_select(
            self.query_one("#f-category", Select),
            [(Content(self.tr.t(f"ticket.category.{c.value}")), c.value) for c in Category],
        )
        if self.context is not None:
            self.show_context(self.context)

    # -- the context --------------------------------------------------------------------------

    def read_context(self) -> dict[str, Any]:
        """What the ticket will carry (read in a thread; the service attaches the same)."""
        principal = self.principal
        lesson: dict[str, Any] = {}
        try:
            lesson = dict(self.helpdesk.lessons.stuck_context(principal))
        except Exception:  # no lesson state: the ticket goes without it
            lesson = {}
        sandbox_id = today = None
        if principal.account_id is not None:
            view = self.services.sandboxes.for_account(principal, principal.account_id)
            if view is not None:
                sandbox_id, today = view.id, view.today.isoformat()
        return {
            "screen": self.screen_name,
            "last_error": self.last_error or lesson.get("last_error"),
            "sandbox_id": sandbox_id,
            "sandbox_today": today,
            "lesson": lesson,
        }

    def show_context(self, context: dict[str, Any]) -> None:
        self.context = context
        lines = context_lines(self.tr, context, staff=False)
        self.query_one("#raise-context-text", Static).update(Content("\n".join(lines)))

    # -- typing and autosave ------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {
            "description": self.query_one("#f-description", Input).value,
            "category": str(self.query_one("#f-category", Select).value),
        }

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        if self._finished or not self.is_mounted:
            return
        self._live = self.values()
        if self._timer is None:
            self._timer = self.set_timer(AUTOSAVE_DELAY, self.flush_draft)

    def flush_draft(self) -> bool:
        """Write the draft now (or drop it when nothing is typed). True if written."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._finished or not self.is_mounted:
            return False
        values = self.values()
        if not values["description"].strip():
            self.drafts.discard(self.draft_account, FORM_ID)
            return False
        self.drafts.save(self.draft_account, FORM_ID, values)
        return True

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._finished and self._live.get("description", "").strip():
            self.drafts.save(self.draft_account, FORM_ID, self._live)

    def action_back(self) -> None:
        kept = self.flush_draft()
        self._finished = True
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if kept and isinstance(below, TutorScreen):
            below.say_key("hd.raise.left_with_draft")
        self.dismiss(None)

    def can_go_back(self) -> bool:
        return len(self.app.screen_stack) > 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "raise_ticket":
            return False  # already here: F7 is not offered on its own form
        return super().check_action(action, parameters)

    # -- sending ------------------------------------------------------------------------------

    @on(Input.Submitted, "#f-description")
    def _to_send(self) -> None:
        """Enter in the sentence moves to "Kirim" (sending has its own button)."""
        self.query_one("#raise-send", Button).focus()
        self.say_key("hd.raise.ready")

    @on(Button.Pressed, "#raise-send")
    def send(self) -> None:
        self.clear_field_error(self.query_one("#field-ticket_description"))
        values = self.values()
        self.query_one("#raise-send", Button).disabled = True
        self.say_key("hd.raise.sending")
        self.run_service(
            self.helpdesk.raise_ticket,
            self.principal,
            values["category"],
            values["description"],
            screen=self.screen_name,
            last_error=self.last_error,
            tag="raise",
            then=self.sent_ok,
            failed=self._send_failed,
        )

    def _send_failed(self, _error: object) -> None:
        self.query_one("#raise-send", Button).disabled = False

    def sent_ok(self, view: TicketView) -> None:
        from ekinerja_tutor.ui.screens.ticket_view import LearnerTicketScreen

        self.sent = view
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.drafts.discard(self.draft_account, FORM_ID)
        self.app.switch_screen(
            LearnerTicketScreen(view.id, notice=self.tr.t("hd.raise.sent", id=view.id))
        )

    @on(Button.Pressed, "#raise-mine")
    def open_mine(self) -> None:
        from ekinerja_tutor.ui.screens.helpdesk_nav import open_my_tickets

        self.flush_draft()
        open_my_tickets(self.tutor)
