"""The help desk: learners raise tickets, mentors answer them, trainers read the reports.

Tickets live outside sandboxes (per account). Status rules and SLA arithmetic come from
:mod:`ekinerja_tutor.domain.tickets`; SLAs run on real time (``ctx.clock``) over the office's
working hours (``ctx.calendar``), never on the sandbox clock.

Who may do what:

- a learner sees only their own tickets and never an internal note; they raise, reply,
  confirm and rate;
- mentors see the queue and every ticket; they take, reply (publicly or as an internal note),
  resolve, close, merge, assign, change the priority, use canned replies;
- trainers (and admins) read every ticket and the reports, close new tickets, assign and set
  priorities.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.orm import Session, defer, lazyload, object_session, raiseload

from ekinerja_tutor.domain.clock import WIB
from ekinerja_tutor.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ekinerja_tutor.domain.fields import validate_text
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.domain.tickets import (
    OPEN_STATUSES,
    REOPEN_WINDOW,
    TRANSITIONS,
    ActorKind,
    Category,
    Priority,
    SlaEvent,
    SlaState,
    TicketStatus,
    on_time_until,
    sla_elapsed_minutes,
    sla_state,
    transition_ticket,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Account,
    AccountRole,
    CannedReply,
    Sandbox,
    StepNote,
    Ticket,
    TicketEvent,
    TicketMessage,
)
from ekinerja_tutor.services.actors import SYSTEM, Principal
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service, ServiceContext

if TYPE_CHECKING:
    from ekinerja_tutor.services.lessons import LessonService

TAGS = ("asli", "latihan")
"""Tags of a ticket a mentor records for a colleague: the real e-Kinerja, or practice."""

NOTE_KINDS = ("hint", "faq")
"""What a resolved ticket can become for its lesson step: a hint, or a FAQ entry."""

CSV_KINDS = ("tickets", "mentors", "categories", "lesson_steps", "suggestions")

_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.\-]+)")
_CLOSED = frozenset({TicketStatus.DITUTUP, TicketStatus.DIGABUNG})
_SNAP = ("status", "priority", "assignee_account_id", "merged_into_id", "rating")
_PRIORITY_ORDER = {Priority.MENDESAK: 0, Priority.TINGGI: 1, Priority.NORMAL: 2, Priority.RENDAH: 3}


# -- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketSummary:
    """One line of a ticket list (learner's "my tickets" or the mentors' queue)."""

    id: int
    status: TicketStatus
    category: Category
    priority: Priority
    description: str
    learner: str
    """The learner's username, or the colleague's name for a recorded ticket."""
    assignee: str | None
    tag: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    overdue: bool
    unread: int
    """Public replies the learner has not opened yet (learner lists only)."""
    merged_into_id: int | None
    rating: int | None
    lesson_id: str | None
    lesson_step: int | None
    learner_name: str | None = None
    """The learner's display name (the username of a civil servant is their NIP)."""


@dataclass(frozen=True)
class MessageView:
    id: int
    author: str
    from_learner: bool
    internal: bool
    asks_learner: bool
    text: str
    mentions: tuple[str, ...]
    canned_key: str | None
    at: dt.datetime
    lesson_id: str | None = None
    """The lesson a canned reply links to (the learner can open it from the reply)."""
    lesson_step: int | None = None


@dataclass(frozen=True)
class EventView:
    at: dt.datetime
    actor: str
    kind: str
    from_status: TicketStatus | None
    to_status: TicketStatus | None
    detail: Mapping[str, Any]


@dataclass(frozen=True)
class TicketView:
    """A ticket as the principal may see it (internal notes only for staff)."""

    summary: TicketSummary
    context: Mapping[str, Any]
    messages: tuple[MessageView, ...]
    events: tuple[EventView, ...]
    first_response_minutes: int | None
    resolution_minutes: int | None
    sla: SlaState | None
    """Staff only."""
    close_reason: str | None
    rating_comment: str | None
    moves: tuple[TicketStatus, ...] = ()
    """The statuses this principal may move the ticket to now (the table, by role)."""

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def status(self) -> TicketStatus:
        return self.summary.status


@dataclass(frozen=True)
class QueuePage:
    items: tuple[TicketSummary, ...]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class CannedView:
    key: str
    category: Category | None
    text_id: str
    text_en: str
    lesson_id: str | None
    lesson_step: int | None
    matches_condition: bool
    """Suggested because a failed condition of the ticket matches."""
    lesson_title: str | None = None

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_id


@dataclass(frozen=True)
class MedianRow:
    group: str
    tickets: int
    first_response_median: float | None
    resolution_median: float | None


@dataclass(frozen=True)
class LessonStepRow:
    lesson_id: str
    step: int | None
    tickets: int


@dataclass(frozen=True)
class SuggestionRow:
    ticket_id: int
    created_at: dt.datetime
    description: str
    tag: str | None


@dataclass(frozen=True)
class StepNoteView:
    id: int
    lesson_id: str
    step: int | None
    kind: str
    question: str | None
    text: str
    ticket_id: int | None
    author: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class HelpdeskReport:
    backlog: tuple[tuple[TicketStatus, int], ...]
    backlog_by_category: tuple[tuple[Category, int], ...]
    overdue: int
    by_mentor: tuple[MedianRow, ...]
    by_category: tuple[MedianRow, ...]
    lesson_steps: tuple[LessonStepRow, ...]
    suggestions: tuple[SuggestionRow, ...]


# -- the service -------------------------------------------------------------------------------


class HelpdeskService(Service):
    """Help-desk use cases; one transaction per public method."""

    def __init__(self, ctx: ServiceContext, *, lessons: LessonService | None = None) -> None:
        super().__init__(ctx)
        self._lessons = lessons
        self._sla_memo: dict[tuple[int, int], tuple[bool, dt.datetime, dt.datetime]] = {}
        """(ticket id, version) → (late?, from, until): what the clocks gave when last worked
        out, and for which moments it holds while the ticket is not changed. A late ticket
        stays late (its clocks only run on); one on time stays so at least until
        :func:`on_time_until`. The overdue filter works the clocks out again only for tickets
        that changed or outran that moment."""

    @cached_property
    def lessons(self) -> LessonService:
        if self._lessons is not None:
            return self._lessons
        from ekinerja_tutor.services.lessons import LessonService

        return LessonService(self.ctx)

    # -- learner ---------------------------------------------------------------------------------

    def raise_ticket(
        self,
        principal: Principal,
        category: Category | str,
        description: str,
        *,
        screen: str | None = None,
        last_error: str | None = None,
        attach_lesson_context: bool = True,
        priority: Priority = Priority.NORMAL,
    ) -> TicketView:
        """A learner asks for help; the context is attached automatically."""
        account_id = _needs_account(principal)
        category = _category(category)
        validate_text("ticket_description", description)
        lesson: dict[str, Any] = {}
        if attach_lesson_context:
            # A read of the lesson state, before this action's write transaction.
            lesson = dict(self.lessons.stuck_context(principal))
        now = self.ctx.now()
        with self.db.write() as session:
            sandbox = session.scalar(select(Sandbox).where(Sandbox.account_id == account_id))
            context: dict[str, Any] = {
                "screen": screen,
                "last_error": last_error or lesson.get("last_error"),
                "sandbox_id": sandbox.id if sandbox else None,
                "sandbox_today": sandbox.today.isoformat() if sandbox else None,
                "lesson": lesson,
            }
            ticket = Ticket(
                account_id=account_id,
                raised_by_account_id=account_id,
                sandbox_id=sandbox.id if sandbox else None,
                category=category,
                priority=Priority(priority),
                status=TicketStatus.BARU,
                description=description,
                context=context,
                screen=screen,
                lesson_id=lesson.get("lesson_id"),
                lesson_step=lesson.get("step"),
                created_at=now,
                updated_at=now,
            )
            session.add(ticket)
            session.flush()
            self._event(ticket, principal, "created", to_status=TicketStatus.BARU)
            self._audit(
                session,
                None,
                principal=principal,
                action="ticket.create",
                entity="ticket",
                entity_id=ticket.id,
                after=snapshot(ticket, "status", "category", "priority", "lesson_id", "screen"),
            )
            session.flush()
            return self._view(session, ticket, principal, ActorKind.LEARNER)

    def my_tickets(self, principal: Principal) -> tuple[TicketSummary, ...]:
        """The learner's own tickets, newest first, with the unread badge of each."""
        account_id = _needs_account(principal)
        with self.db.read() as session:
            rows = session.scalars(
                select(Ticket)
                .where(Ticket.account_id == account_id)
                .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
            ).all()
            names = _usernames(session, _account_ids(rows))
            return tuple(self._summary(t, names, learner_view=True) for t in rows)

    def unread_count(self, principal: Principal) -> int:
        """The badge: unread public replies over all the learner's tickets."""
        return sum(t.unread for t in self.my_tickets(principal))

    def confirm(self, principal: Principal, ticket_id: int) -> TicketView:
        """The learner confirms a resolved ticket: selesai → ditutup."""
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            if kind is not ActorKind.LEARNER:
                raise PermissionDenied(reason=Msg("ticket.perm.learner_only"))
            self._move(session, ticket, principal, kind, TicketStatus.DITUTUP)
            ticket.closed_at = self.ctx.now()
            return self._view(session, ticket, principal, kind)

    def rate(
        self, principal: Principal, ticket_id: int, stars: int, comment: str = ""
    ) -> TicketView:
        """The learner rates a resolved ticket (1–5 stars); a ``selesai`` ticket is closed."""
        if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
            raise ValidationError("ticket.bad_rating", field="stars")
        validate_text("feedback_free_text", comment)
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            if kind is not ActorKind.LEARNER:
                raise PermissionDenied(reason=Msg("ticket.perm.learner_only"))
            if ticket.rating is not None:
                raise InvalidTransition("ticket.already_rated")
            before = snapshot(ticket, *_SNAP)
            if ticket.status is TicketStatus.SELESAI:
                self._move(session, ticket, principal, kind, TicketStatus.DITUTUP)
                ticket.closed_at = self.ctx.now()
            elif ticket.status is not TicketStatus.DITUTUP or ticket.resolved_at is None:
                raise InvalidTransition("ticket.not_resolved")
            ticket.rating = stars
            ticket.rating_comment = comment or None
            self._event(ticket, principal, "rated", stars=stars)
            self._audit_change(session, principal, ticket, "ticket.rate", before)
            return self._view(session, ticket, principal, kind)

    def reopen_by_reply(self, principal: Principal, ticket_id: int, text: str) -> TicketView:
        """The learner answers a resolved ticket within 7 days: selesai → dibuka."""
        with self.db.read() as session:
            ticket = self._ticket(session, ticket_id)
            if self._kind(ticket, principal) is not ActorKind.LEARNER:
                raise PermissionDenied(reason=Msg("ticket.perm.learner_only"))
            if ticket.status is not TicketStatus.SELESAI:
                raise InvalidTransition("ticket.not_resolved")
        return self.reply(principal, ticket_id, text)

    # -- both sides ------------------------------------------------------------------------------

    def ticket(self, principal: Principal, ticket_id: int) -> TicketView:
        """One ticket with its messages and history, filtered by role.

        A learner opening their ticket marks its public replies as read.
        """
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            if kind is ActorKind.LEARNER:
                last = max((m.id for m in ticket.messages if not m.internal), default=0)
                ticket.learner_seen_message_id = max(ticket.learner_seen_message_id, last)
            return self._view(session, ticket, principal, kind)

    def reply(
        self,
        principal: Principal,
        ticket_id: int,
        text: str,
        *,
        internal: bool = False,
        asks_learner: bool = False,
        canned_key: str | None = None,
    ) -> TicketView:
        """A reply (or a mentor's internal note); moves the status as the table says.

        Learner: ``menunggu_peserta``/``selesai`` → ``dibuka``. Mentor, public: ``baru`` →
        ``dibuka`` (first response; the mentor takes it if nobody has), and with
        ``asks_learner`` → ``menunggu_peserta``. Internal notes never move the status and never
        count as a response. ``@username`` of another mentor mentions them.
        """
        validate_text("ticket_reply", text)
        now = self.ctx.now()
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            if ticket.status in _CLOSED:
                raise InvalidTransition("ticket.closed")
            before = snapshot(ticket, *_SNAP)
            mentions: list[str] = []
            if kind is ActorKind.LEARNER:
                if internal or asks_learner:
                    raise PermissionDenied(reason=Msg("ticket.perm.mentor_only"))
                if ticket.status in (TicketStatus.MENUNGGU_PESERTA, TicketStatus.SELESAI):
                    self._move(session, ticket, principal, kind, TicketStatus.DIBUKA)
                    ticket.resolved_at = None
            elif kind is ActorKind.MENTOR:
                mentions = self._mentions(session, text, principal)
                if not internal:
                    if ticket.status is TicketStatus.BARU:
                        self._move(session, ticket, principal, kind, TicketStatus.DIBUKA)
                        if ticket.assignee_account_id is None:
                            ticket.assignee_account_id = principal.account_id
                    self._first_response(ticket, principal, now)
                    if asks_learner and ticket.status is not TicketStatus.MENUNGGU_PESERTA:
                        self._move(session, ticket, principal, kind, TicketStatus.MENUNGGU_PESERTA)
                elif asks_learner:
                    raise ValidationError("ticket.note_cannot_ask", field="asks_learner")
            else:
                raise PermissionDenied(reason=Msg("ticket.perm.mentor_only"))
            known = select(CannedReply.id).where(CannedReply.key == canned_key)
            if canned_key is not None and session.scalar(known) is None:
                raise NotFound(what=Msg("ticket.noun_canned"))
            message = TicketMessage(
                author_account_id=principal.account_id,
                author_label=principal.username,
                from_learner=kind is ActorKind.LEARNER,
                internal=internal,
                asks_learner=asks_learner,
                text=text,
                mentions=mentions,
                canned_key=canned_key,
                at=now,
            )
            ticket.messages.append(message)
            ticket.updated_at = now
            session.flush()
            self._event(ticket, principal, "note" if internal else "reply", message_id=message.id)
            if mentions:
                self._event(ticket, principal, "mention", mentions=mentions, internal=internal)
            self._audit_change(
                session, principal, ticket, "ticket.note" if internal else "ticket.reply", before
            )
            return self._view(session, ticket, principal, kind)

    # -- mentors ---------------------------------------------------------------------------------

    def take(self, principal: Principal, ticket_id: int) -> TicketView:
        """A mentor takes a ticket: assigned to them, and ``baru`` → ``dibuka``."""
        now = self.ctx.now()
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            if kind is not ActorKind.MENTOR:
                raise PermissionDenied(reason=Msg("ticket.perm.mentor_only"))
            if ticket.status in _CLOSED:
                raise InvalidTransition("ticket.closed")
            before = snapshot(ticket, *_SNAP)
            if ticket.status is TicketStatus.BARU:
                self._move(session, ticket, principal, kind, TicketStatus.DIBUKA)
                self._first_response(ticket, principal, now)
            if ticket.assignee_account_id != principal.account_id:
                ticket.assignee_account_id = principal.account_id
                self._event(ticket, principal, "assigned", assignee=principal.username)
            self._audit_change(session, principal, ticket, "ticket.take", before)
            return self._view(session, ticket, principal, kind)

    def resolve(self, principal: Principal, ticket_id: int) -> TicketView:
        """``dibuka`` → ``selesai``; the resolution time (pauses excluded) is stored."""
        now = self.ctx.now()
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            before = snapshot(ticket, *_SNAP)
            self._move(session, ticket, principal, kind, TicketStatus.SELESAI)
            ticket.resolved_at = now
            ticket.resolver_account_id = principal.account_id
            ticket.resolution_minutes = sla_elapsed_minutes(
                self._sla_events(ticket), self.ctx.calendar, _wib(now)
            )
            self._audit_change(session, principal, ticket, "ticket.resolve", before)
            return self._view(session, ticket, principal, kind)

    def close(self, principal: Principal, ticket_id: int, reason: str) -> TicketView:
        """Close a ticket: a new one as spam / not a problem (mentor, trainer; with a reason)."""
        if reason and not reason.isspace():
            validate_text("ticket_reply", reason)
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            before = snapshot(ticket, *_SNAP)
            self._move(session, ticket, principal, kind, TicketStatus.DITUTUP, reason=reason)
            ticket.closed_at = self.ctx.now()
            ticket.close_reason = reason or None
            self._audit_change(session, principal, ticket, "ticket.close", before)
            return self._view(session, ticket, principal, kind)

    def wait_for_other_party(self, principal: Principal, ticket_id: int) -> TicketView:
        """``dibuka`` → ``menunggu_pihak_lain`` (needs BKPSDM or the Admin Instansi)."""
        return self._simple_move(principal, ticket_id, TicketStatus.MENUNGGU_PIHAK_LAIN)

    def resume(self, principal: Principal, ticket_id: int) -> TicketView:
        """``menunggu_pihak_lain`` → ``dibuka`` (the other party answered)."""
        return self._simple_move(principal, ticket_id, TicketStatus.DIBUKA)

    def merge(self, principal: Principal, ticket_id: int, into_id: int) -> TicketView:
        """Merge an open ticket into another one (mentor): the source becomes ``digabung``."""
        if ticket_id == into_id:
            raise ValidationError("ticket.merge_self", field="into_id")
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            target = self._ticket(session, into_id)
            kind = self._kind(ticket, principal)
            if target.status in _CLOSED:
                raise InvalidTransition("ticket.merge_target_closed", target=into_id)
            before = snapshot(ticket, *_SNAP)
            self._move(session, ticket, principal, kind, TicketStatus.DIGABUNG, into=target.id)
            ticket.merged_into_id = target.id
            ticket.closed_at = self.ctx.now()
            self._event(target, principal, "merged_in", source=ticket.id)
            target.updated_at = self.ctx.now()
            self._audit_change(session, principal, ticket, "ticket.merge", before)
            return self._view(session, ticket, principal, kind)

    def assign(
        self, principal: Principal, ticket_id: int, mentor_username: str | None
    ) -> TicketView:
        """Assign to a mentor, or back to the shared queue (``None``)."""
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            if kind not in (ActorKind.MENTOR, ActorKind.TRAINER):
                raise PermissionDenied(reason=Msg("ticket.perm.staff_only"))
            if ticket.status in _CLOSED:
                raise InvalidTransition("ticket.closed")
            assignee: int | None = None
            if mentor_username is not None:
                assignee = _mentor_id(session, mentor_username)
                if assignee is None:
                    raise ValidationError(
                        "ticket.not_a_mentor", field="assignee", username=mentor_username
                    )
            before = snapshot(ticket, *_SNAP)
            ticket.assignee_account_id = assignee
            ticket.updated_at = self.ctx.now()
            self._event(ticket, principal, "assigned", assignee=mentor_username)
            self._audit_change(session, principal, ticket, "ticket.assign", before)
            return self._view(session, ticket, principal, kind)

    def set_priority(
        self, principal: Principal, ticket_id: int, priority: Priority | str
    ) -> TicketView:
        try:
            priority = Priority(priority)
        except ValueError:
            raise ValidationError("ticket.bad_priority", field="priority") from None
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            if kind not in (ActorKind.MENTOR, ActorKind.TRAINER):
                raise PermissionDenied(reason=Msg("ticket.perm.staff_only"))
            before = snapshot(ticket, *_SNAP)
            ticket.priority = priority
            ticket.updated_at = self.ctx.now()
            self._event(ticket, principal, "priority", priority=priority.value)
            self._audit_change(session, principal, ticket, "ticket.priority", before)
            return self._view(session, ticket, principal, kind)

    def record_for_colleague(
        self,
        mentor: Principal,
        colleague_username_or_name: str,
        description: str,
        tag: str = "asli",
        *,
        category: Category | str = Category.LAINNYA,
    ) -> TicketView:
        """A mentor writes down a colleague's question in two fields (who, what).

        ``tag`` says whether it is about the real e-Kinerja (``asli``) or practice
        (``latihan``). A username of a tutor account links the ticket to that learner.
        """
        if not mentor.has(Role.MENTOR):
            raise PermissionDenied(reason=Msg("ticket.perm.mentor_only"))
        validate_text("display_name", colleague_username_or_name)
        validate_text("ticket_description", description)
        if tag not in TAGS:
            raise ValidationError("ticket.bad_tag", field="tag")
        category = _category(category)
        now = self.ctx.now()
        with self.db.write() as session:
            account = session.scalar(
                select(Account).where(Account.username == colleague_username_or_name)
            )
            ticket = Ticket(
                account_id=account.id if account else None,
                raised_by_account_id=mentor.account_id,
                colleague_name=None if account else colleague_username_or_name,
                tag=tag,
                category=category,
                priority=Priority.NORMAL,
                status=TicketStatus.BARU,
                description=description,
                context={"recorded_by": mentor.username},
                created_at=now,
                updated_at=now,
            )
            session.add(ticket)
            session.flush()
            self._event(ticket, mentor, "created", to_status=TicketStatus.BARU, tag=tag)
            self._audit(
                session,
                None,
                principal=mentor,
                action="ticket.record",
                entity="ticket",
                entity_id=ticket.id,
                after=snapshot(ticket, "status", "category", "tag", "colleague_name"),
            )
            session.flush()
            return self._view(session, ticket, mentor, ActorKind.MENTOR)

    def queue(
        self,
        principal: Principal,
        *,
        status: TicketStatus | str | None = None,
        category: Category | str | None = None,
        assignee: str | None = None,
        search: str | None = None,
        overdue_only: bool = False,
        every: bool = False,
        page: int = 0,
        page_size: int = 50,
    ) -> QueuePage:
        """The mentors' queue: open tickets by default, most urgent and oldest first.

        ``every``: tickets of every status instead (unless ``status`` names one), newest
        first. ``assignee``: a username, ``"me"``, or ``""`` for the shared (unassigned) queue.
        ``search`` matches the description, the learner's username, the colleague's name or
        the ticket number. Each item carries ``overdue`` from its SLA clocks; ``overdue_only``
        keeps only those (the SLA is computed per ticket, so that filter pages in Python, over
        the few columns the clocks need).
        """
        _ensure_mentor(principal)
        page = max(0, page)
        page_size = max(1, min(page_size, 200))
        with self.db.read() as session:
            where: list[ColumnElement[bool]] = []
            if status is not None:
                where.append(Ticket.status == TicketStatus(status))
            elif not every:
                where.append(Ticket.status.in_(tuple(OPEN_STATUSES)))
            if category is not None:
                where.append(Ticket.category == _category(category))
            if assignee == "":
                where.append(Ticket.assignee_account_id.is_(None))
            elif assignee == "me":
                where.append(Ticket.assignee_account_id == principal.account_id)
            elif assignee is not None:
                where.append(Ticket.assignee_account_id == (_mentor_id(session, assignee) or -1))
            if search:
                validate_text("search_query", search)
                like = f"%{_escape_like(search.strip())}%"
                terms: list[ColumnElement[bool]] = [
                    Ticket.description.ilike(like, escape="\\"),
                    Ticket.colleague_name.ilike(like, escape="\\"),
                    Account.username.ilike(like, escape="\\"),
                ]
                if search.strip().lstrip("#").isdigit():
                    terms.append(Ticket.id == int(search.strip().lstrip("#")))
                where.append(or_(*terms))
            weight = case(*((Ticket.priority == p, w) for p, w in _PRIORITY_ORDER.items()), else_=9)
            order = (
                (Ticket.id.desc(),)
                if every and status is None
                else (weight, Ticket.created_at, Ticket.id)
            )
            joined = Ticket.__table__.outerjoin(Account, Account.id == Ticket.account_id)
            if overdue_only:
                overdue_ids = self._overdue_ids(session, joined, where, order)
                ids = overdue_ids[page * page_size : (page + 1) * page_size]
                total = len(overdue_ids)
                found = {t.id: t for t in session.scalars(_queue_rows(Ticket.id.in_(ids)))}
                rows: Sequence[Ticket] = [found[i] for i in ids]
            else:
                # The page and, on each of its rows, how many match (a count read with it)
                paged = session.execute(
                    _queue_rows(*where)
                    .add_columns(func.count().over().label("total"))
                    .outerjoin(Account, Account.id == Ticket.account_id)
                    .order_by(*order)
                    .offset(page * page_size)
                    .limit(page_size)
                ).all()
                rows = [ticket for ticket, _total in paged]
                if paged:
                    total = paged[0].total
                else:  # past the end: how far the list reaches
                    counted = select(func.count()).select_from(joined).where(*where)
                    total = session.scalar(counted) or 0
            names, shown = _account_names(session, _account_ids(rows))
            now = self._stamp()
            open_rows = [t for t in rows if t.status in OPEN_STATUSES]
            unknown = [t for t in open_rows if self._remembered_late(t, now) is None]
            self._work_out_late(session, unknown, now)
            late = {t.id for t in open_rows if self._remembered_late(t, now)}
            items = tuple(
                self._summary(t, names, learner_view=False, display=shown, late=late) for t in rows
            )
            return QueuePage(items=items, total=total, page=page, page_size=page_size)

    def _overdue_ids(
        self,
        session: Session,
        joined: Any,
        where: Sequence[ColumnElement[bool]],
        order: Sequence[Any],
    ) -> list[int]:
        """Ids of the open tickets past an SLA target, in queue order.

        Reads only the columns and status changes the clocks need (not whole tickets with
        their threads): every candidate has to be looked at, however long the backlog.
        """
        heads = session.execute(
            select(Ticket.id, Ticket.version)
            .select_from(joined)
            .where(*where, Ticket.status.in_(tuple(OPEN_STATUSES)))
            .order_by(*order)
        ).all()
        now = self._stamp()
        unknown = [h.id for h in heads if self._remembered_late(h, now) is None]
        for chunk in _chunks(unknown, 500):
            clocks = session.execute(
                select(
                    Ticket.id,
                    Ticket.version,
                    Ticket.status,
                    Ticket.priority,
                    Ticket.created_at,
                    Ticket.updated_at,
                    Ticket.first_response_at,
                    Ticket.closed_at,
                ).where(Ticket.id.in_(chunk))
            ).all()
            self._work_out_late(session, clocks, now)
        return [h.id for h in heads if self._remembered_late(h, now)]

    def _stamp(self) -> dt.datetime:
        now = self.ctx.now()
        return now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)

    def _remembered_late(self, ticket: Any, now: dt.datetime) -> bool | None:
        """Whether ``ticket`` (its id and version) is late at ``now``, as remembered; ``None``
        when that is not known."""
        found = self._sla_memo.get((ticket.id, ticket.version))
        if found is None:
            return None
        late, since, until = found
        return late if since <= now <= until else None

    def _work_out_late(self, session: Session, tickets: Sequence[Any], now: dt.datetime) -> None:
        """Work out the clocks of open ``tickets`` (rows or objects with the clocks' columns)
        at ``now`` and remember for how long the answer holds (see ``_sla_memo``)."""
        memo = self._sla_memo
        if len(memo) > SLA_MEMO_SIZE:
            memo.clear()
        changes = _status_changes(session, [t.id for t in tickets])
        for t in tickets:
            sla = self._sla(t, now, changes.get(t.id, []))
            if sla.overdue:
                memo[(t.id, t.version)] = (True, now, dt.datetime.max.replace(tzinfo=dt.UTC))
                continue
            until = on_time_until(sla, self.ctx.calendar, _wib(now), priority=t.priority)
            if until is not None:
                memo[(t.id, t.version)] = (False, now, until.replace(tzinfo=WIB))

    def canned_for(
        self,
        principal: Principal,
        category: Category | str | None,
        failed_condition: str | None = None,
    ) -> tuple[CannedView, ...]:
        """Canned replies for a category: those matching the failed condition first, then
        those of the category, then the general ones."""
        _ensure_mentor(principal)
        category = _category(category) if category is not None else None
        with self.db.write() as session:
            rows = self._sync_canned(session)
            wanted = (failed_condition or "").casefold()
            views = []
            for row in rows:
                if row.category is not None and row.category != category:
                    continue
                match = bool(
                    wanted and row.failed_condition and row.failed_condition.casefold() in wanted
                )
                views.append(
                    CannedView(
                        key=row.key,
                        category=row.category,
                        text_id=row.text_id,
                        text_en=row.text_en,
                        lesson_id=row.lesson_id,
                        lesson_step=row.lesson_step,
                        matches_condition=match,
                    )
                )
            views.sort(key=lambda v: (not v.matches_condition, v.category is None))
            return tuple(views)

    def canned_for_ticket(self, principal: Principal, ticket_id: int) -> tuple[CannedView, ...]:
        """Canned replies suggested for a ticket by its category and failed conditions."""
        _ensure_mentor(principal)
        with self.db.read() as session:
            ticket = self._ticket(session, ticket_id)
            lesson = (ticket.context or {}).get("lesson") or {}
            failed = " | ".join(
                [*lesson.get("failed_conditions", []), *lesson.get("failed_now", [])]
            )
            category = ticket.category
        return self.canned_for(principal, category, failed or None)

    def mentors(self, principal: Principal) -> tuple[str, ...]:
        """Usernames of the mentor accounts (to assign a ticket or @mention someone)."""
        if not principal.has(Role.MENTOR, Role.TRAINER, Role.ADMIN):
            raise PermissionDenied(reason=Msg("ticket.perm.staff_only"))
        with self.db.read() as session:
            return tuple(
                session.scalars(
                    select(Account.username)
                    .join(AccountRole, AccountRole.account_id == Account.id)
                    .where(AccountRole.role == Role.MENTOR)
                    .order_by(Account.username)
                ).all()
            )

    def learner_sandbox(self, principal: Principal, ticket_id: int) -> dict[str, Any]:
        """The ticket's learner's sandbox, read-only (mentors, trainers, admins; audited).

        The same picture as ``ekinerja-tutor sandbox show`` (:mod:`services.sandbox_report`):
        persona, SKP, Rencana Aksi, daily entries, results, and the audit trail behind them.
        """
        from ekinerja_tutor.services.sandbox_report import SandboxReport

        if not principal.has(Role.MENTOR, Role.TRAINER, Role.ADMIN):
            raise PermissionDenied(reason=Msg("ticket.perm.staff_only"))
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            if ticket.account_id is None:
                raise NotFound("helpdesk.no_learner_sandbox")
            username = session.scalar(
                select(Account.username).where(Account.id == ticket.account_id)
            )
            self._audit(
                session,
                None,
                principal=principal,
                action="ticket.sandbox_view",
                entity="ticket",
                entity_id=ticket.id,
            )
        if username is None:
            raise NotFound("helpdesk.no_learner_sandbox")
        return SandboxReport(self.ctx).show(principal, username)

    def note_for_step(
        self,
        principal: Principal,
        ticket_id: int,
        kind: str,
        text: str,
        *,
        question: str | None = None,
    ) -> StepNoteView:
        """Turn a resolved ticket into a hint or a FAQ entry for its lesson step (mentor).

        Only a ticket raised from a lesson step (``lesson_id`` known) and already answered
        (``selesai`` or ``ditutup`` after a resolution) qualifies; a FAQ entry has a question
        (the ticket's description when none is given).
        """
        if not principal.has(Role.MENTOR, Role.TRAINER):
            raise PermissionDenied(reason=Msg("ticket.perm.staff_only"))
        if kind not in NOTE_KINDS:
            raise ValidationError("helpdesk.bad_note_kind", field="kind")
        validate_text("ticket_reply", text)
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            if ticket.lesson_id is None:
                raise ValidationError("helpdesk.note_needs_lesson", field="kind")
            if ticket.resolved_at is None or ticket.status not in (
                TicketStatus.SELESAI,
                TicketStatus.DITUTUP,
            ):
                raise InvalidTransition("ticket.not_resolved")
            if kind == "faq":
                question = (question or "").strip() or ticket.description
                validate_text("ticket_description", question)
            else:
                question = None
            note = StepNote(
                lesson_id=ticket.lesson_id,
                step=ticket.lesson_step,
                kind=kind,
                question=question,
                text=text,
                ticket_id=ticket.id,
                created_by_account_id=principal.account_id,
                created_at=self.ctx.now(),
            )
            session.add(note)
            session.flush()
            self._event(ticket, principal, "step_note", note_kind=kind, note_id=note.id)
            self._audit(
                session,
                None,
                principal=principal,
                action=f"ticket.to_{kind}",
                entity="step_note",
                entity_id=note.id,
                after=snapshot(note, "lesson_id", "step", "kind", "ticket_id"),
            )
            return _note_view(note, principal.username)

    def step_notes(
        self, principal: Principal, lesson_id: str, step: int | None = None
    ) -> tuple[StepNoteView, ...]:
        """Hints and FAQ entries for a lesson (one step, or all), oldest first (any account)."""
        _needs_account(principal)
        with self.db.read() as session:
            query = select(StepNote).where(StepNote.lesson_id == lesson_id)
            if step is not None:
                query = query.where(StepNote.step == step)
            rows = session.scalars(query.order_by(StepNote.id)).all()
            authors = {r.created_by_account_id for r in rows if r.created_by_account_id}
            names = _usernames(session, authors)
            return tuple(_note_view(r, names.get(r.created_by_account_id or -1)) for r in rows)

    # -- the program -----------------------------------------------------------------------------

    def auto_close_due(self, now: dt.datetime | None = None) -> tuple[int, ...]:
        """Close every ticket resolved 7 days ago or more (selesai → ditutup); their ids.

        When it runs: there is no background scheduler. The UI calls it before it lists
        tickets — the mentors' queue when it opens or comes back and on each refresh (every
        20 s), the learner's "Tiket saya" — so a due ticket is closed soon after anybody
        looks at a list past its 7 days.
        """
        now = now or self.ctx.now()
        due = (Ticket.status == TicketStatus.SELESAI, Ticket.resolved_at <= now - REOPEN_WINDOW)
        with self.db.read() as session:
            # Usually none: a look first, so a queue refresh does not queue for the write lock.
            if session.scalar(select(Ticket.id).where(*due).limit(1)) is None:
                return ()
        closed = []
        with self.db.write() as session:
            rows = session.scalars(select(Ticket).where(*due).order_by(Ticket.id)).all()
            for ticket in rows:
                before = snapshot(ticket, *_SNAP)
                self._move(session, ticket, SYSTEM, ActorKind.SYSTEM, TicketStatus.DITUTUP, now=now)
                ticket.closed_at = now
                self._audit_change(session, SYSTEM, ticket, "ticket.auto_close", before)
                closed.append(ticket.id)
        return tuple(closed)

    # -- reports ---------------------------------------------------------------------------------

    def report(self, principal: Principal) -> HelpdeskReport:
        """Backlog, median response/resolution times per mentor and category, the lesson steps
        that produce the most tickets, and the suggestions for the real e-Kinerja."""
        _ensure_reports(principal)
        now = self.ctx.now()
        with self.db.read() as session:
            rows = session.scalars(select(Ticket).order_by(Ticket.id)).all()
            names = _usernames(session, _account_ids(rows))
            open_rows = [t for t in rows if t.status in OPEN_STATUSES]
            backlog = Counter(t.status for t in open_rows)
            backlog_cat = Counter(t.category for t in open_rows)
            overdue = sum(1 for t in open_rows if self._sla(t, now).overdue)
            first_by_mentor: dict[str, list[int]] = defaultdict(list)
            res_by_mentor: dict[str, list[int]] = defaultdict(list)
            count_by_mentor: Counter[str] = Counter()
            first_by_cat: dict[str, list[int]] = defaultdict(list)
            res_by_cat: dict[str, list[int]] = defaultdict(list)
            count_by_cat: Counter[str] = Counter()
            for t in rows:
                count_by_cat[t.category.value] += 1
                if t.first_response_minutes is not None:
                    first_by_cat[t.category.value].append(t.first_response_minutes)
                    who = names.get(t.first_responder_account_id or -1, "-")
                    first_by_mentor[who].append(t.first_response_minutes)
                    count_by_mentor[who] += 1
                if t.resolution_minutes is not None:
                    res_by_cat[t.category.value].append(t.resolution_minutes)
                    who = names.get(t.resolver_account_id or -1, "-")
                    res_by_mentor[who].append(t.resolution_minutes)
            steps = Counter((t.lesson_id, t.lesson_step) for t in rows if t.lesson_id)
            return HelpdeskReport(
                backlog=tuple((s, backlog[s]) for s in TicketStatus if s in backlog),
                backlog_by_category=tuple(
                    (c, backlog_cat[c]) for c in Category if c in backlog_cat
                ),
                overdue=overdue,
                by_mentor=_medians(
                    sorted(set(first_by_mentor) | set(res_by_mentor)),
                    count_by_mentor,
                    first_by_mentor,
                    res_by_mentor,
                ),
                by_category=_medians(
                    [c.value for c in Category if c.value in count_by_cat],
                    count_by_cat,
                    first_by_cat,
                    res_by_cat,
                ),
                lesson_steps=tuple(
                    LessonStepRow(lesson_id=lid, step=step, tickets=n)
                    for (lid, step), n in sorted(
                        steps.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or 0)
                    )[:20]
                ),
                suggestions=tuple(
                    SuggestionRow(
                        ticket_id=t.id,
                        created_at=t.created_at,
                        description=t.description,
                        tag=t.tag,
                    )
                    for t in rows
                    if t.category is Category.SARAN and t.status is not TicketStatus.DIGABUNG
                ),
            )

    def export_csv(self, principal: Principal, kind: str) -> str:
        """One report as CSV text: ``tickets``, ``mentors``, ``categories``, ``lesson_steps``
        or ``suggestions``. Cells starting with ``= + - @`` are quoted for spreadsheets."""
        _ensure_reports(principal)
        if kind not in CSV_KINDS:
            raise ValidationError("helpdesk.csv_unknown_kind", field="kind", kind=kind)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if kind == "tickets":
            writer.writerow(_TICKET_COLUMNS)
            with self.db.read() as session:
                rows = session.scalars(select(Ticket).order_by(Ticket.id)).all()
                names = _usernames(session, _account_ids(rows))
                for t in rows:
                    writer.writerow(_cells(_ticket_row(t, names)))
            return out.getvalue()
        report = self.report(principal)
        if kind in ("mentors", "categories"):
            writer.writerow(["group", "tickets", "first_response_median", "resolution_median"])
            for m in report.by_mentor if kind == "mentors" else report.by_category:
                writer.writerow(
                    _cells([m.group, m.tickets, m.first_response_median, m.resolution_median])
                )
        elif kind == "lesson_steps":
            writer.writerow(["lesson_id", "step", "tickets"])
            for s in report.lesson_steps:
                writer.writerow(_cells([s.lesson_id, s.step, s.tickets]))
        else:
            writer.writerow(["ticket_id", "created_at", "tag", "description"])
            for g in report.suggestions:
                writer.writerow(
                    _cells([g.ticket_id, g.created_at.isoformat(), g.tag, g.description])
                )
        return out.getvalue()

    def save_exports(self, principal: Principal, folder: Path) -> tuple[Path, ...]:
        """Every CSV of :data:`CSV_KINDS` written into ``folder`` (trainers, mentors, admins).

        File names carry the office date and time (WIB); the suggestions for the real
        e-Kinerja get the name the office sends on to BKPSDM:
        ``usulan-ekinerja-untuk-bkpsdm-<YYYYMMDD-HHMM>.csv``. UTF-8 with a byte-order mark so
        spreadsheet programs read the Indonesian text right.
        """
        _ensure_reports(principal)
        stamp = _wib(self.ctx.now()).strftime("%Y%m%d-%H%M")
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for kind in CSV_KINDS:
            name = (
                f"usulan-ekinerja-untuk-bkpsdm-{stamp}.csv"
                if kind == "suggestions"
                else f"meja-bantuan-{kind}-{stamp}.csv"
            )
            path = folder / name
            path.write_text(self.export_csv(principal, kind), encoding="utf-8-sig")
            written.append(path)
        return tuple(written)

    # -- internals -------------------------------------------------------------------------------

    def _ticket(self, session: Session, ticket_id: int) -> Ticket:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound(what=Msg("ticket.noun"))
        return ticket

    def _kind(self, ticket: Ticket, principal: Principal) -> ActorKind:
        """What the principal is to this ticket; refuses a learner who does not own it."""
        if principal.simulated and principal.account_id is None:
            return ActorKind.SYSTEM
        if principal.account_id is not None and principal.account_id == ticket.account_id:
            return ActorKind.LEARNER
        if principal.has(Role.MENTOR):
            return ActorKind.MENTOR
        if principal.has(Role.TRAINER, Role.ADMIN):
            return ActorKind.TRAINER
        raise PermissionDenied(reason=Msg("ticket.perm.not_yours"))

    def _move(
        self,
        session: Session,
        ticket: Ticket,
        principal: Principal,
        kind: ActorKind,
        target: TicketStatus,
        *,
        reason: str | None = None,
        now: dt.datetime | None = None,
        **detail: Any,
    ) -> None:
        now = now or self.ctx.now()
        current = ticket.status
        transition_ticket(
            current, target, kind, reason=reason, now=now, resolved_at=ticket.resolved_at
        )
        ticket.status = target
        ticket.updated_at = now
        if reason:
            detail["reason"] = reason
        self._event(ticket, principal, "status", from_status=current, to_status=target, **detail)

    def _simple_move(
        self, principal: Principal, ticket_id: int, target: TicketStatus
    ) -> TicketView:
        with self.db.write() as session:
            ticket = self._ticket(session, ticket_id)
            kind = self._kind(ticket, principal)
            before = snapshot(ticket, *_SNAP)
            self._move(session, ticket, principal, kind, target)
            self._audit_change(session, principal, ticket, f"ticket.{target.value}", before)
            return self._view(session, ticket, principal, kind)

    def _event(
        self,
        ticket: Ticket,
        principal: Principal,
        kind: str,
        *,
        from_status: TicketStatus | None = None,
        to_status: TicketStatus | None = None,
        **detail: Any,
    ) -> None:
        ticket.events.append(
            TicketEvent(
                at=self.ctx.now(),
                actor_account_id=principal.account_id,
                actor_label=principal.username,
                kind=kind,
                from_status=from_status,
                to_status=to_status,
                detail=detail,
            )
        )

    def _audit_change(
        self,
        session: Session,
        principal: Principal,
        ticket: Ticket,
        action: str,
        before: dict[str, Any],
    ) -> None:
        self._audit(
            session,
            None,
            principal=principal,
            action=action,
            entity="ticket",
            entity_id=ticket.id,
            before=before,
            after=snapshot(ticket, *_SNAP),
        )

    def _first_response(self, ticket: Ticket, principal: Principal, now: dt.datetime) -> None:
        if ticket.first_response_at is not None:
            return
        ticket.first_response_at = now
        ticket.first_responder_account_id = principal.account_id
        ticket.first_response_minutes = self.ctx.calendar.working_minutes_between(
            _wib(ticket.created_at), _wib(now)
        )

    def _mentions(self, session: Session, text: str, principal: Principal) -> list[str]:
        """Usernames of other mentors @mentioned in ``text`` (unknown names are plain text)."""
        wanted = {m.rstrip(".") for m in _MENTION.findall(text)} - {principal.username}
        if not wanted:
            return []
        found = session.scalars(
            select(Account.username)
            .join(AccountRole, AccountRole.account_id == Account.id)
            .where(Account.username.in_(sorted(wanted)), AccountRole.role == Role.MENTOR)
        ).all()
        return sorted(set(found))

    def _sla_events(self, ticket: Any, changes: Sequence[SlaEvent] | None = None) -> list[SlaEvent]:
        """The ticket's status changes (``changes`` when read already, as by
        :func:`_status_changes`; else from its loaded events), or its creation if none."""
        events = (
            list(changes)
            if changes is not None
            else [
                SlaEvent(at=_wib(e.at), status=e.to_status)
                for e in ticket.events
                if e.to_status is not None
            ]
        )
        return events or [SlaEvent(at=_wib(ticket.created_at), status=ticket.status)]

    def _sla(
        self, ticket: Any, now: dt.datetime, changes: Sequence[SlaEvent] | None = None
    ) -> SlaState:
        """Both clocks of ``ticket`` (a Ticket, or a row with the clocks' columns when
        ``changes`` are given)."""
        return self._sla_from(
            self._sla_events(ticket, changes),
            ticket.status,
            ticket.priority,
            ticket.first_response_at,
            ticket.closed_at or ticket.updated_at,
            now,
        )

    def _sla_from(
        self,
        events: Sequence[SlaEvent],
        status: TicketStatus,
        priority: Priority,
        first_response_at: dt.datetime | None,
        ended_at: dt.datetime,
        now: dt.datetime,
    ) -> SlaState:
        """Both SLA clocks; a closed ticket nobody answered counts as answered when it ended."""
        first = first_response_at
        if first is None and status not in OPEN_STATUSES:
            first = ended_at
        return sla_state(
            events,
            self.ctx.calendar,
            _wib(now),
            priority=priority,
            first_response_at=_wib(first) if first else None,
        )

    def _summary(
        self,
        ticket: Ticket,
        names: Mapping[int, str],
        *,
        learner_view: bool,
        display: Mapping[int, str] | None = None,
        late: Collection[int] | None = None,
    ) -> TicketSummary:
        """``display``: the learners' display names read in one go (:func:`_account_names`);
        without it each ticket's learner is read on its own. ``late``: the ids of the late ones
        among a list of tickets, worked out in one go; without it the ticket's events are
        loaded for its clocks."""
        unread = 0
        if learner_view:
            unread = sum(
                1
                for m in ticket.messages
                if not m.internal and not m.from_learner and m.id > ticket.learner_seen_message_id
            )
        overdue = False
        if not learner_view and ticket.status in OPEN_STATUSES:
            if late is None:
                overdue = self._sla(ticket, self.ctx.now()).overdue
            else:
                overdue = ticket.id in late
        return TicketSummary(
            id=ticket.id,
            status=ticket.status,
            category=ticket.category,
            priority=ticket.priority,
            description=ticket.description,
            learner=names.get(ticket.account_id or -1) or ticket.colleague_name or "-",
            assignee=names.get(ticket.assignee_account_id or -1),
            tag=ticket.tag,
            created_at=ticket.created_at,
            updated_at=ticket.updated_at,
            overdue=overdue,
            unread=unread,
            merged_into_id=ticket.merged_into_id,
            rating=ticket.rating,
            lesson_id=ticket.lesson_id,
            lesson_step=ticket.lesson_step,
            learner_name=(
                _display_name(ticket)
                if display is None
                else display.get(ticket.account_id or -1, ticket.colleague_name)
            ),
        )

    def _view(
        self, session: Session, ticket: Ticket, principal: Principal, kind: ActorKind
    ) -> TicketView:
        session.flush()
        learner = kind is ActorKind.LEARNER
        names = _usernames(session, _account_ids([ticket]))
        hidden_events = {"note", "mention"}
        keys = {m.canned_key for m in ticket.messages if m.canned_key}
        links: dict[str, tuple[str | None, int | None]] = {}
        if keys:
            for row in session.scalars(select(CannedReply).where(CannedReply.key.in_(keys))):
                links[row.key] = (row.lesson_id, row.lesson_step)
        messages = tuple(
            MessageView(
                id=m.id,
                author=m.author_label,
                from_learner=m.from_learner,
                internal=m.internal,
                asks_learner=m.asks_learner,
                text=m.text,
                mentions=tuple(m.mentions or ()),
                canned_key=m.canned_key,
                at=m.at,
                lesson_id=links.get(m.canned_key or "", (None, None))[0],
                lesson_step=links.get(m.canned_key or "", (None, None))[1],
            )
            for m in ticket.messages
            if not (learner and m.internal)
        )
        events = tuple(
            EventView(
                at=e.at,
                actor=e.actor_label,
                kind=e.kind,
                from_status=e.from_status,
                to_status=e.to_status,
                detail=MappingProxyType(dict(e.detail or {})),
            )
            for e in ticket.events
            if not (learner and e.kind in hidden_events)
        )
        return TicketView(
            summary=self._summary(ticket, names, learner_view=learner),
            context=MappingProxyType(dict(ticket.context or {})),
            messages=messages,
            events=events,
            first_response_minutes=ticket.first_response_minutes,
            resolution_minutes=ticket.resolution_minutes,
            sla=None if learner else self._sla(ticket, self.ctx.now()),
            close_reason=ticket.close_reason,
            rating_comment=ticket.rating_comment,
            moves=self._moves(ticket, kind),
        )

    def _moves(self, ticket: Ticket, kind: ActorKind) -> tuple[TicketStatus, ...]:
        """The table's moves from the current status open to ``kind`` (7-day window kept)."""
        now = self.ctx.now()
        moves = []
        for (current, target), allowed in TRANSITIONS.items():
            if current is not ticket.status or kind not in allowed:
                continue
            if current is TicketStatus.SELESAI and target is TicketStatus.DIBUKA:
                resolved = ticket.resolved_at
                if resolved is None or now >= _aware(resolved) + REOPEN_WINDOW:
                    continue
            moves.append(target)
        return tuple(moves)

    def _sync_canned(self, session: Session) -> list[CannedReply]:
        """Bring the table in line with ``canned_replies.toml`` (added or edited by key)."""
        from ekinerja_tutor.content.canned import load_canned_replies

        existing = {r.key: r for r in session.scalars(select(CannedReply))}
        rows = []
        for data in load_canned_replies(self.ctx.content_root):
            row = existing.get(data.key)
            if row is None:
                row = CannedReply(key=data.key)
                session.add(row)
            row.category = data.category
            row.failed_condition = data.failed_condition
            row.text_id = data.text_id
            row.text_en = data.text_en
            row.lesson_id = data.lesson_id
            row.lesson_step = data.lesson_step
            rows.append(row)
        session.flush()
        return rows


# -- helpers -----------------------------------------------------------------------------------

_TICKET_COLUMNS = [
    "id",
    "created_at",
    "status",
    "category",
    "priority",
    "learner",
    "assignee",
    "tag",
    "lesson_id",
    "lesson_step",
    "first_response_minutes",
    "resolution_minutes",
    "rating",
    "description",
]


def _ticket_row(t: Ticket, names: Mapping[int, str]) -> list[Any]:
    return [
        t.id,
        t.created_at.isoformat(),
        t.status.value,
        t.category.value,
        t.priority.value,
        names.get(t.account_id or -1) or t.colleague_name or "",
        names.get(t.assignee_account_id or -1, ""),
        t.tag or "",
        t.lesson_id or "",
        t.lesson_step if t.lesson_step is not None else "",
        t.first_response_minutes if t.first_response_minutes is not None else "",
        t.resolution_minutes if t.resolution_minutes is not None else "",
        t.rating if t.rating is not None else "",
        t.description,
    ]


def _cells(values: Iterable[Any]) -> list[str]:
    """CSV cells; text a spreadsheet would run as a formula gets a leading apostrophe."""
    cells = []
    for value in values:
        text = "" if value is None else str(value)
        if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
            text = "'" + text
        cells.append(text)
    return cells


def _medians(
    groups: Sequence[str],
    counts: Mapping[str, int],
    first: Mapping[str, list[int]],
    resolution: Mapping[str, list[int]],
) -> tuple[MedianRow, ...]:
    return tuple(
        MedianRow(
            group=g,
            tickets=counts.get(g, 0),
            first_response_median=statistics.median(first[g]) if first.get(g) else None,
            resolution_median=statistics.median(resolution[g]) if resolution.get(g) else None,
        )
        for g in groups
    )


def _display_name(ticket: Ticket) -> str | None:
    """The learner's display name, from the ticket's own session (identity-map cached)."""
    session = object_session(ticket)
    if session is None or ticket.account_id is None:
        return ticket.colleague_name
    account = session.get(Account, ticket.account_id)
    return account.display_name if account is not None else None


SLA_MEMO_SIZE = 100_000
"""Tickets whose clocks are remembered before the memo starts again (a few MiB at most)."""


def _queue_rows(*where: ColumnElement[bool]) -> Select[Ticket]:
    """Tickets for queue lines: neither the thread, the events nor the attached context is
    read (the SLA clocks need only the status changes: :func:`_status_changes`)."""
    return (
        select(Ticket)
        .where(*where)
        .options(lazyload(Ticket.messages), raiseload(Ticket.events), defer(Ticket.context))
    )


def _status_changes(session: Session, ticket_ids: Sequence[int]) -> dict[int, list[SlaEvent]]:
    """Each ticket's status changes in order, as the SLA clocks read them (columns only: a
    ticket's events run to dozens, and loading them as objects cost most of a queue page)."""
    changes: dict[int, list[SlaEvent]] = defaultdict(list)
    for chunk in _chunks(ticket_ids, 500):
        for ticket_id, at, to_status in session.execute(
            select(TicketEvent.ticket_id, TicketEvent.at, TicketEvent.to_status)
            .where(TicketEvent.ticket_id.in_(chunk), TicketEvent.to_status.is_not(None))
            .order_by(TicketEvent.id)
        ):
            if to_status is not None:  # (only status changes are read)
                changes[ticket_id].append(SlaEvent(at=_wib(at), status=to_status))
    return changes


def _chunks(values: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _account_names(session: Session, ids: set[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Usernames and display names of the accounts ``ids``, in one query (a list of tickets
    would otherwise read each learner's account, and its roles, one by one)."""
    if not ids:
        return {}, {}
    found = session.execute(
        select(Account.id, Account.username, Account.display_name).where(Account.id.in_(ids))
    ).all()
    return {row.id: row.username for row in found}, {row.id: row.display_name for row in found}


def _note_view(note: StepNote, author: str | None) -> StepNoteView:
    return StepNoteView(
        id=note.id,
        lesson_id=note.lesson_id,
        step=note.step,
        kind=note.kind,
        question=note.question,
        text=note.text,
        ticket_id=note.ticket_id,
        author=author,
        created_at=note.created_at,
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _wib(moment: dt.datetime) -> dt.datetime:
    """A real instant as the naive WIB time the office calendar works in."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(WIB).replace(tzinfo=None)


def _needs_account(principal: Principal) -> int:
    if principal.account_id is None:
        raise PermissionDenied(reason=Msg("helpdesk.needs_account"))
    return principal.account_id


def _ensure_mentor(principal: Principal) -> None:
    if not principal.has(Role.MENTOR, Role.ADMIN):
        raise PermissionDenied(reason=Msg("ticket.perm.mentor_only"))


def _ensure_reports(principal: Principal) -> None:
    if not principal.has(Role.TRAINER, Role.MENTOR, Role.ADMIN):
        raise PermissionDenied(reason=Msg("helpdesk.perm.reports"))


def _category(value: Category | str) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise ValidationError("ticket.bad_category", field="category") from None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _account_ids(rows: Iterable[Ticket]) -> set[int]:
    ids: set[int] = set()
    for t in rows:
        ids.update(
            i
            for i in (
                t.account_id,
                t.assignee_account_id,
                t.first_responder_account_id,
                t.resolver_account_id,
            )
            if i is not None
        )
    return ids


def _usernames(session: Session, ids: set[int]) -> dict[int, str]:
    return _account_names(session, ids)[0]


def _mentor_id(session: Session, username: str) -> int | None:
    return session.scalar(
        select(Account.id)
        .join(AccountRole, AccountRole.account_id == Account.id)
        .where(Account.username == username, AccountRole.role == Role.MENTOR)
    )
