"""One help-desk ticket: the learner's view and the mentor's view.

The learner sees their question, the public replies (the service never hands them an internal
note), a reply line, and — once a mentor marks it resolved — "Sudah beres" and a rating. The
mentor sees the context block (screen, lesson step, failed conditions, last error), the whole
thread with internal notes marked as such, the history, and F4 "Tindakan" with exactly the
moves the service allows for this ticket and this mentor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from ekinerja_tutor.domain.tickets import OPEN_STATUSES, Priority, TicketStatus
from ekinerja_tutor.ui.screens.base import STANDARD_BINDINGS
from ekinerja_tutor.ui.screens.helpdesk_base import (
    HelpdeskScreen,
    MessageCard,
    context_lines,
    event_line,
    learner_label,
    summary_line,
    when,
)
from ekinerja_tutor.ui.widgets.choices import Tick
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel, keyed

if TYPE_CHECKING:
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.helpdesk import CannedView, TicketView

CLOSED = (TicketStatus.DITUTUP, TicketStatus.DIGABUNG)
REFRESH_SECONDS = 15.0


class TicketScreenBase(HelpdeskScreen[None]):
    """The thread of one ticket, and a reply line under it."""

    DEFAULT_CSS = """
    TicketScreenBase #ticket-body { height: 1fr; padding: 0 1; }
    TicketScreenBase #ticket-body:focus { border-left: thick $accent; }
    TicketScreenBase #ticket-head { text-style: bold; }
    TicketScreenBase #ticket-thread { height: auto; }
    TicketScreenBase .ticket-block {
        height: auto; border: round $border; padding: 0 1; margin-bottom: 1;
    }
    TicketScreenBase #ticket-reply-row { height: auto; padding: 0 1; }
    TicketScreenBase #ticket-reply-row Input { width: 1fr; }
    TicketScreenBase #ticket-reply-row Button { margin-left: 1; min-width: 10; }
    TicketScreenBase #ticket-learner-actions { height: auto; padding: 0 1; }
    TicketScreenBase #ticket-learner-actions Button { margin-right: 2; }
    """

    def __init__(self, ticket_id: int, *, notice: str = "") -> None:
        super().__init__()
        self.ticket_id = ticket_id
        self.view: TicketView | None = None
        self.initial_status = notice

    def title_params(self) -> dict[str, object]:
        return {"id": self.ticket_id}

    def compose_thread(self) -> ComposeResult:
        tr = self.tr
        with VerticalScroll(id="ticket-body"):
            yield Static(Content(tr.t("hd.loading")), id="ticket-head", markup=False)
            with Vertical(id="ticket-question", classes="ticket-block"):
                yield Static("", id="ticket-question-text", markup=False)
            yield from self.compose_extra_blocks()
            yield Vertical(id="ticket-thread")
            yield from self.compose_after_thread()

    def compose_extra_blocks(self) -> ComposeResult:
        yield from ()

    def compose_after_thread(self) -> ComposeResult:
        yield from ()

    STATUS_KEY: ClassVar[str] = "hd.ticket.status"
    NO_REPLIES_KEY: ClassVar[str] = "hd.ticket.no_replies"

    NEW_KEY: ClassVar[str] = "hd.ticket.new_reply"

    def on_mount(self) -> None:
        self.say_first(self.STATUS_KEY)
        self.load()
        # The other side answers from another terminal: look again now and then (one read).
        self.set_interval(REFRESH_SECONDS, self.refresh_quietly)

    def refresh_quietly(self) -> None:
        if self.view is not None and self.is_current:
            self.run_service(
                self.helpdesk.ticket,
                self.principal,
                self.ticket_id,
                tag="ticket-refresh",
                then=self._refreshed,
            )

    def _refreshed(self, view: TicketView) -> None:
        old = self.view
        if old is not None and _shape(view) == _shape(old):
            return
        self.show(view)
        if old is not None and len(view.messages) > len(old.messages):
            self.say_key(self.NEW_KEY)
            self.call_after_refresh(
                self.query_one("#ticket-body", VerticalScroll).scroll_end, animate=False
            )

    def load(self) -> None:
        self.run_service(
            self.helpdesk.ticket, self.principal, self.ticket_id, tag="ticket", then=self.show
        )

    def show(self, view: TicketView) -> None:
        self.view = view
        tr = self.tr
        self.query_one("#ticket-head", Static).update(Content(self.head_text(view)))
        question = self.query_one("#ticket-question")
        question.border_title = tr.t(self.QUESTION_KEY, at=when(view.summary.created_at))
        self.query_one("#ticket-question-text", Static).update(Content(view.summary.description))
        thread = self.query_one("#ticket-thread", Vertical)
        thread.remove_children()
        cards = [MessageCard(tr, m) for m in view.messages]
        if cards:
            thread.mount_all(cards)
        else:
            thread.mount(TLabel(tr, self.NO_REPLIES_KEY))
        self.show_more(view)
        self.refresh_bindings()

    QUESTION_KEY: ClassVar[str] = "hd.ticket.question_title"

    def head_text(self, view: TicketView) -> str:
        return summary_line(self.tr, view.summary)

    def show_more(self, view: TicketView) -> None:
        """Hook: the parts only one side has."""

    def language_changed(self) -> None:
        if self.view is not None:
            self.show(self.view)

    def reply_text(self) -> str:
        return self.query_one("#f-reply", Input).value

    def reply_done(self, view: TicketView, key: str) -> None:
        self.query_one("#f-reply", Input).value = ""
        self.clear_field_error(self.query_one("#field-ticket_reply"))
        self.show(view)
        self.say_key(key)
        self.call_after_refresh(
            self.query_one("#ticket-body", VerticalScroll).scroll_end, animate=False
        )

    def show_and_say(self, view: TicketView, key: str) -> None:
        """The ticket as a service call left it, and what that call did in the status line."""
        self.show(view)
        self.say_key(key)


def _shape(view: TicketView) -> tuple[int, TicketStatus, int]:
    """What a quiet refresh compares: a new message, a status move, a new history line."""
    return len(view.messages), view.status, len(view.events)


class ReplyField(Vertical):
    """The reply line with room for its error (``#field-ticket_reply``)."""

    DEFAULT_CSS = """
    ReplyField { height: auto; width: 1fr; }
    ReplyField > .field--error { text-style: bold; color: $text-error; display: none; }
    ReplyField.-invalid > .field--error { display: block; }
    """

    def __init__(self, tr: Translator, placeholder_key: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # keyed: a language switch rewrites the placeholder (ui/widgets/i18n.relabel)
        self.input = keyed(Input(placeholder=tr.t(placeholder_key), id="f-reply"), placeholder_key)
        self.input.cursor_blink = False

    def compose(self) -> ComposeResult:
        yield self.input
        yield Static("", markup=False, classes="field--error")

    def show_error(self, text: str) -> None:
        self.query_one(".field--error", Static).update(Content(f"✗ {text}"))
        self.add_class("-invalid")

    def clear_error(self) -> None:
        self.query_one(".field--error", Static).update("")
        self.remove_class("-invalid")


# -- the learner ---------------------------------------------------------------------------------


class LearnerTicketScreen(TicketScreenBase):
    """My ticket: the question, the mentors' public replies, reply / confirm / rate."""

    TITLE_KEY: ClassVar[str] = "hd.ticket.title"
    HELP_KEY: ClassVar[str] = "hd.ticket.learner_help"

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        yield from self.compose_thread()
        with Horizontal(id="ticket-reply-row"):
            yield ReplyField(tr, "hd.ticket.reply_placeholder", id="field-ticket_reply")
            yield TButton(tr, "hd.ticket.send", id="reply-send", variant="primary")
        with Horizontal(id="ticket-learner-actions"):
            yield TButton(tr, "hd.ticket.confirm", id="ticket-confirm")
            yield TButton(tr, "hd.ticket.rate", id="ticket-rate")
            yield TButton(tr, "hd.ticket.open_lesson", id="ticket-lesson")

    def compose_after_thread(self) -> ComposeResult:
        yield TLabel(self.tr, "hd.loading", id="ticket-outcome")

    def on_mount(self) -> None:
        self.query_one("#ticket-confirm").display = False
        self.query_one("#ticket-rate").display = False
        self.query_one("#ticket-lesson").display = False
        self.query_one("#f-reply", Input).focus()
        super().on_mount()

    def show_more(self, view: TicketView) -> None:
        status = view.status
        closed = status in CLOSED
        self.query_one("#field-ticket_reply").display = not closed
        self.query_one("#reply-send").display = not closed
        self.query_one("#ticket-confirm").display = TicketStatus.DITUTUP in view.moves
        can_rate = view.summary.rating is None and (
            status is TicketStatus.SELESAI
            or (
                status is TicketStatus.DITUTUP
                and any(e.to_status is TicketStatus.SELESAI for e in view.events)
            )
        )
        self.query_one("#ticket-rate").display = can_rate
        self.linked_lesson = next(
            (m.lesson_id for m in reversed(view.messages) if m.lesson_id), None
        )
        self.query_one("#ticket-lesson").display = self.linked_lesson is not None
        outcome = self.query_one("#ticket-outcome", TLabel)
        if status is TicketStatus.SELESAI:
            outcome.set_key(self.tr, "hd.ticket.resolved_hint")
        elif view.summary.rating is not None:
            outcome.set_key(self.tr, "hd.ticket.rated", stars="★" * view.summary.rating)
        elif status is TicketStatus.DIGABUNG:
            outcome.set_key(self.tr, "hd.ticket.merged", into=view.summary.merged_into_id or "-")
        elif closed:
            outcome.set_key(self.tr, "hd.ticket.closed", reason=view.close_reason or "-")
        elif status is TicketStatus.MENUNGGU_PESERTA:
            outcome.set_key(self.tr, "hd.ticket.waiting_for_you")
        elif status is TicketStatus.BARU:
            outcome.set_key(self.tr, "hd.ticket.waiting_for_mentor")
        else:
            outcome.set_key(self.tr, "hd.ticket.open_hint")
        if closed and (self.focused is None or isinstance(self.focused, Input)):
            # The reply line is gone: focus what is left to do, or the thread to scroll.
            target = "#ticket-rate" if can_rate else "#ticket-body"
            self.query_one(target).focus()

    @on(Input.Submitted, "#f-reply")
    @on(Button.Pressed, "#reply-send")
    def send_reply(self) -> None:
        self.run_service(
            self.helpdesk.reply,
            self.principal,
            self.ticket_id,
            self.reply_text(),
            tag="reply",
            then=lambda v: self.reply_done(v, "hd.ticket.reply_sent"),
        )

    @on(Button.Pressed, "#ticket-confirm")
    def confirm(self) -> None:
        self.run_service(
            self.helpdesk.confirm,
            self.principal,
            self.ticket_id,
            tag="confirm",
            then=lambda v: self.show_and_say(v, "hd.ticket.confirmed"),
        )

    linked_lesson: str | None = None

    @on(Button.Pressed, "#ticket-lesson")
    def open_linked_lesson(self) -> None:
        """The lesson a canned reply links to: resumed in the player if it is the one running,
        else started after the lesson player's own confirmation (it resets the sandbox)."""
        from ekinerja_tutor.ui.screens.lesson_actions import open_lesson
        from ekinerja_tutor.ui.widgets.lesson_state import player_state

        lesson = self.linked_lesson
        if lesson is None:
            return
        running = player_state(self.app).lesson_id == lesson
        open_lesson(self, lesson, lesson, running=running)

    @on(Button.Pressed, "#ticket-rate")
    def rate(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        choices = [
            (str(n), f"{'★' * n}{'☆' * (5 - n)}  {n} — {self.tr.t(f'hd.rate.{n}')}")
            for n in range(5, 0, -1)
        ]
        self.app.push_screen(ActionMenu(self.tr.t("hd.rate.title"), choices), self._rated)

    def _rated(self, choice: str | None) -> None:
        if choice is None:
            return
        self.run_service(
            self.helpdesk.rate,
            self.principal,
            self.ticket_id,
            int(choice),
            tag="rate",
            then=lambda v: self.show_and_say(v, "hd.ticket.thanks_rating"),
        )


# -- the mentor ----------------------------------------------------------------------------------

MOVE_ACTIONS: dict[TicketStatus, str] = {
    TicketStatus.DIBUKA: "take_or_resume",
    TicketStatus.SELESAI: "resolve",
    TicketStatus.MENUNGGU_PIHAK_LAIN: "wait_other",
    TicketStatus.DITUTUP: "close",
    TicketStatus.DIGABUNG: "merge",
}
"""Menu entries for the moves the service offers (``menunggu_peserta`` is a reply that asks)."""


class MentorTicketScreen(TicketScreenBase):
    """A ticket as a mentor works it: context, thread with notes, history, F4 Tindakan."""

    DEFAULT_CSS = """
    MentorTicketScreen #ticket-flags { height: auto; padding: 0 1; }
    MentorTicketScreen #ticket-flags Tick { margin-right: 2; }
    MentorTicketScreen #ticket-flags Button { margin-right: 1; width: auto; }
    MentorTicketScreen #ticket-flags Button:focus { text-style: bold reverse; }
    """

    TITLE_KEY: ClassVar[str] = "hd.mticket.title"
    HELP_KEY: ClassVar[str] = "hd.mticket.help"
    QUESTION_KEY: ClassVar[str] = "hd.mticket.question_title"
    STATUS_KEY: ClassVar[str] = "hd.mticket.status"
    NO_REPLIES_KEY: ClassVar[str] = "hd.mticket.no_replies"
    NEW_KEY: ClassVar[str] = "hd.mticket.new_message"
    BINDINGS: ClassVar[list[BindingType]] = [
        *STANDARD_BINDINGS,
        Binding("f4", "ticket_menu", "hd.mticket.menu_key", priority=True),
    ]

    def __init__(self, ticket_id: int) -> None:
        super().__init__(ticket_id)
        self.canned_key: str | None = None
        self.canned: tuple[CannedView, ...] = ()
        self._canned_text = ""

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        yield from self.compose_thread()
        with Horizontal(id="ticket-reply-row"):
            yield ReplyField(tr, "hd.mticket.reply_placeholder", id="field-ticket_reply")
            yield TButton(tr, "hd.ticket.send", id="reply-send", variant="primary")
        with Horizontal(id="ticket-flags"):
            yield Tick(Content(tr.t("hd.mticket.internal")), False, id="f-internal")
            yield Tick(Content(tr.t("hd.mticket.asks")), False, id="f-asks")
            yield TButton(tr, "hd.mticket.canned", id="ticket-canned", compact=True)

    def compose_extra_blocks(self) -> ComposeResult:
        with Vertical(id="ticket-context", classes="ticket-block"):
            yield Static("", id="ticket-context-text", markup=False)

    def compose_after_thread(self) -> ComposeResult:
        with Vertical(id="ticket-history", classes="ticket-block"):
            yield Static("", id="ticket-history-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#f-reply", Input).focus()
        super().on_mount()
        self.run_service(
            self.helpdesk.canned_for_ticket,
            self.principal,
            self.ticket_id,
            tag="canned",
            then=self._canned_loaded,
        )

    def _canned_loaded(self, canned: tuple[CannedView, ...]) -> None:
        self.canned = canned

    def head_text(self, view: TicketView) -> str:
        tr = self.tr
        s = view.summary
        sla = ""
        if view.sla is not None:
            sla = tr.t("hd.sla.overdue") if view.sla.overdue else tr.t("hd.sla.ok")
        return "\n".join(
            [
                summary_line(tr, s),
                tr.t(
                    "hd.mticket.who",
                    learner=learner_label(s),
                    assignee=s.assignee or tr.t("hd.shared_queue"),
                    sla=sla,
                ),
            ]
            + ([tr.t("hd.mticket.tag", tag=s.tag)] if s.tag else [])
        )

    def language_changed(self) -> None:
        self.query_one("#f-internal", Tick).label = Content(self.tr.t("hd.mticket.internal"))
        self.query_one("#f-asks", Tick).label = Content(self.tr.t("hd.mticket.asks"))
        super().language_changed()

    def show_more(self, view: TicketView) -> None:
        tr = self.tr
        block = self.query_one("#ticket-context")
        block.border_title = tr.t("hd.mticket.context_title")
        self.query_one("#ticket-context-text", Static).update(
            Content("\n".join(context_lines(tr, view.context, staff=True)))
        )
        history = self.query_one("#ticket-history")
        history.border_title = tr.t("hd.mticket.history_title")
        lines = [event_line(tr, e) for e in view.events]
        if view.first_response_minutes is not None:
            lines.append(tr.t("hd.mticket.first_response", minutes=view.first_response_minutes))
        if view.resolution_minutes is not None:
            lines.append(tr.t("hd.mticket.resolution", minutes=view.resolution_minutes))
        if view.summary.rating is not None:
            lines.append(
                tr.t(
                    "hd.mticket.rating",
                    stars="★" * view.summary.rating,
                    comment=view.rating_comment or "",
                )
            )
        self.query_one("#ticket-history-text", Static).update(Content("\n".join(lines)))
        closed = view.status in CLOSED
        for selector in ("#field-ticket_reply", "#reply-send", "#ticket-flags"):
            self.query_one(selector).display = not closed

    # -- replying -----------------------------------------------------------------------------

    @on(Input.Changed, "#f-reply")
    def _reply_changed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self.canned_key = None

    @on(Input.Submitted, "#f-reply")
    @on(Button.Pressed, "#reply-send")
    def send_reply(self) -> None:
        internal = self.query_one("#f-internal", Tick).value
        asks = self.query_one("#f-asks", Tick).value
        self.run_service(
            self.helpdesk.reply,
            self.principal,
            self.ticket_id,
            self.reply_text(),
            internal=internal,
            asks_learner=asks,
            canned_key=self.canned_key,
            tag="reply",
            then=self._replied,
        )

    def _replied(self, view: TicketView) -> None:
        internal = self.query_one("#f-internal", Tick).value
        self.canned_key = None
        self.query_one("#f-internal", Tick).value = False
        self.query_one("#f-asks", Tick).value = False
        self.reply_done(view, "hd.mticket.note_saved" if internal else "hd.ticket.reply_sent")

    @on(Button.Pressed, "#ticket-canned")
    def action_canned(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        if not self.canned:
            self.say_key("hd.mticket.no_canned")
            return
        lang = self.tr.lang
        choices = []
        for c in self.canned:
            mark = "★ " if c.matches_condition else ""
            link = (
                " → "
                + self.tr.t("hd.msg.lesson_short", lesson=c.lesson_id, step=c.lesson_step or "-")
                if c.lesson_id
                else ""
            )
            text = c.text(lang)
            choices.append((c.key, f"{mark}{text[:90]}{'…' if len(text) > 90 else ''}{link}"))
        self.app.push_screen(
            ActionMenu(self.tr.t("hd.mticket.canned_title"), choices), self._canned_chosen
        )

    def _canned_chosen(self, key: str | None) -> None:
        chosen = next((c for c in self.canned if c.key == key), None)
        if chosen is None:
            return
        field = self.query_one("#f-reply", Input)
        field.value = chosen.text(self.tr.lang)
        self.canned_key = chosen.key
        field.focus()
        self.say_key("hd.mticket.canned_inserted")

    # -- the F4 menu --------------------------------------------------------------------------

    def menu_choices(self) -> list[tuple[str, str]]:
        view = self.view
        tr = self.tr
        if view is None:
            return []
        choices: list[tuple[str, str]] = []
        status = view.status
        mine = view.summary.assignee == self.principal.username
        open_ = status in OPEN_STATUSES
        if open_ and not mine and status is not TicketStatus.BARU:
            choices.append(("take", tr.t("hd.act.take")))
        for target in view.moves:
            action = MOVE_ACTIONS.get(target)
            if action == "take_or_resume":
                key = "take" if status is TicketStatus.BARU else "resume"
                if (key, tr.t(f"hd.act.{key}")) not in choices:
                    choices.append((key, tr.t(f"hd.act.{key}")))
            elif action is not None:
                choices.append((action, tr.t(f"hd.act.{action}")))
        if open_:
            choices.append(("assign", tr.t("hd.act.assign")))
            choices.append(("priority", tr.t("hd.act.priority")))
            choices.append(("mention", tr.t("hd.act.mention")))
            choices.append(("canned", tr.t("hd.mticket.canned")))
        if view.context.get("sandbox_id") or view.summary.learner:
            choices.append(("sandbox", tr.t("hd.act.sandbox")))
        resolved = any(e.to_status is TicketStatus.SELESAI for e in view.events)
        if (
            view.summary.lesson_id
            and resolved
            and status in (TicketStatus.SELESAI, TicketStatus.DITUTUP)
        ):
            choices.append(("note_hint", tr.t("hd.act.note_hint")))
            choices.append(("note_faq", tr.t("hd.act.note_faq")))
        choices.append(("refresh", tr.t("hd.act.refresh")))
        return choices

    def action_ticket_menu(self) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        choices = self.menu_choices()
        if choices:
            self.app.push_screen(
                ActionMenu(self.tr.t("hd.mticket.menu_title", id=self.ticket_id), choices),
                self.menu_chosen,
            )

    def menu_chosen(self, choice: str | None) -> None:
        hd, p, tid = self.helpdesk, self.principal, self.ticket_id
        simple = {
            "take": (hd.take, "hd.done.take"),
            "resume": (hd.resume, "hd.done.resume"),
            "resolve": (hd.resolve, "hd.done.resolve"),
            "wait_other": (hd.wait_for_other_party, "hd.done.wait_other"),
        }
        if choice is None:
            return
        if choice in simple:
            fn, key = simple[choice]
            self.run_service(fn, p, tid, tag=choice, then=lambda v: self.show_and_say(v, key))
        elif choice == "close":
            self._form("close")
        elif choice == "merge":
            self._form("merge")
        elif choice == "assign":
            self.run_service(hd.mentors, p, tag="mentors", then=self._pick_assignee)
        elif choice == "priority":
            from ekinerja_tutor.ui.screens.dialogs import ActionMenu

            options = [(pr.value, self.tr.t(f"ticket.priority.{pr.value}")) for pr in Priority]
            self.app.push_screen(
                ActionMenu(self.tr.t("hd.act.priority"), options), self._priority_chosen
            )
        elif choice == "mention":
            self.run_service(hd.mentors, p, tag="mentors", then=self._pick_mention)
        elif choice == "canned":
            self.action_canned()
        elif choice == "sandbox":
            from ekinerja_tutor.ui.screens.ticket_sandbox import TicketSandboxScreen

            self.app.push_screen(TicketSandboxScreen(tid))
        elif choice in ("note_hint", "note_faq"):
            self._form(choice)
        elif choice == "refresh":
            self.load()

    def _form(self, kind: str) -> None:
        from ekinerja_tutor.ui.screens.dialogs import FormDialog, FormField

        hd, p, tid = self.helpdesk, self.principal, self.ticket_id
        tr = self.tr
        submit: Any
        if kind == "close":
            fields = [FormField("reason", "hd.form.reason", "hd.form.reason_hint")]
            submit = lambda v: hd.close(p, tid, v["reason"])  # noqa: E731
        elif kind == "merge":
            fields = [FormField("into_id", "hd.form.merge_into", "hd.form.merge_hint")]

            def submit(v: dict[str, Any]) -> Any:
                from ekinerja_tutor.domain.errors import ValidationError

                text = str(v["into_id"]).strip().lstrip("#")
                if not text.isdigit():
                    raise ValidationError("hd.form.merge_bad", field="into_id")
                return hd.merge(p, tid, int(text))
        else:
            note = kind.removeprefix("note_")
            # The last public answer of a mentor (never an internal note) as the starting text.
            answers = [
                m.text
                for m in (self.view.messages if self.view else ())
                if not m.internal and not m.from_learner
            ]
            answer = answers[-1] if answers else ""
            fields = [
                FormField("text", f"hd.form.{note}_text", f"hd.form.{note}_hint", value=answer)
            ]
            if note == "faq":
                question = self.view.summary.description if self.view else ""
                fields.insert(0, FormField("question", "hd.form.faq_question", value=question))
            submit = lambda v: hd.note_for_step(  # noqa: E731
                p, tid, note, v["text"], question=v.get("question")
            )
        title = tr.t(f"hd.form.{kind}_title", id=tid)
        self.app.push_screen(
            FormDialog(title, fields, submit, "hd.form.save"),
            lambda result, kind=kind: self._form_done(kind, result),
        )

    def _form_done(self, kind: str, result: Any) -> None:
        if result is None:
            return
        if kind.startswith("note_"):
            self.say_key(f"hd.done.{kind}", lesson=result.lesson_id, step=result.step or "-")
            self.load()
            return
        self.show(result)
        self.say_key(f"hd.done.{kind}")

    def _pick_assignee(self, names: tuple[str, ...]) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        choices = [("", self.tr.t("hd.shared_queue"))] + [(n, n) for n in names]
        self.app.push_screen(ActionMenu(self.tr.t("hd.act.assign"), choices), self._assignee_chosen)

    def _assignee_chosen(self, name: str | None) -> None:
        if name is None:
            return
        self.run_service(
            self.helpdesk.assign,
            self.principal,
            self.ticket_id,
            name or None,
            tag="assign",
            then=lambda v: self.show_and_say(v, "hd.done.assign"),
        )

    def _priority_chosen(self, value: str | None) -> None:
        if value is None:
            return
        self.run_service(
            self.helpdesk.set_priority,
            self.principal,
            self.ticket_id,
            value,
            tag="priority",
            then=lambda v: self.show_and_say(v, "hd.done.priority"),
        )

    def _pick_mention(self, names: tuple[str, ...]) -> None:
        from ekinerja_tutor.ui.screens.dialogs import ActionMenu

        others = [(n, f"@{n}") for n in names if n != self.principal.username]
        if not others:
            self.say_key("hd.mticket.no_mentors")
            return
        self.app.push_screen(ActionMenu(self.tr.t("hd.act.mention"), others), self._mention_chosen)

    def _mention_chosen(self, name: str | None) -> None:
        if not name:
            return
        field = self.query_one("#f-reply", Input)
        field.value = (field.value.rstrip() + f" @{name} ").lstrip()
        field.cursor_position = len(field.value)
        field.focus()
        self.say_key("hd.mticket.mention_added", name=name)
