"""Help-desk tickets (outside sandboxes): messages, history and canned replies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ekinerja_tutor.domain.tickets import Category, Priority, TicketStatus
from ekinerja_tutor.persistence.base import Base, intpk, str_enum, utc


class Ticket(Base):
    """A learner's question (or one a mentor recorded for a colleague).

    ``account_id`` is the learner who raised it (None for a colleague recorded by a mentor,
    whose name is in ``colleague_name``); ``sandbox_id`` refers to the learner's sandbox at
    the time. ``context`` is what was attached automatically (screen, lesson step, failed
    conditions, hints seen, last error). ``learner_seen_message_id`` drives the unread badge.
    """

    __tablename__ = "ticket"
    __table_args__ = (Index("ix_ticket_status_category", "status", "category"),)

    id: Mapped[intpk]
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    raised_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    sandbox_id: Mapped[int | None] = mapped_column(ForeignKey("sandbox.id", ondelete="SET NULL"))
    colleague_name: Mapped[str | None] = mapped_column(String(200))
    tag: Mapped[str | None] = mapped_column(String(16))
    """For tickets recorded by a mentor: ``asli`` (the real e-Kinerja) or ``latihan``."""
    category: Mapped[Category] = mapped_column(str_enum(Category))
    priority: Mapped[Priority] = mapped_column(str_enum(Priority), default=Priority.NORMAL)
    status: Mapped[TicketStatus] = mapped_column(str_enum(TicketStatus), default=TicketStatus.BARU)
    description: Mapped[str] = mapped_column(String(4000))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    screen: Mapped[str | None] = mapped_column(String(40))
    lesson_id: Mapped[str | None] = mapped_column(String(64))
    lesson_step: Mapped[int | None]
    assignee_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))
    created_at: Mapped[utc]
    updated_at: Mapped[utc]
    first_response_at: Mapped[utc | None]
    first_response_minutes: Mapped[int | None]
    """Working minutes from creation to the first public reply (or taking it)."""
    resolved_at: Mapped[utc | None]
    resolution_minutes: Mapped[int | None]
    """Working minutes the resolution clock ran (pauses excluded) when last resolved."""
    first_responder_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    resolver_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    closed_at: Mapped[utc | None]
    close_reason: Mapped[str | None] = mapped_column(String(1000))
    rating: Mapped[int | None]
    rating_comment: Mapped[str | None] = mapped_column(String(1000))
    learner_seen_message_id: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    messages: Mapped[list[TicketMessage]] = relationship(
        order_by="TicketMessage.id", cascade="all, delete-orphan", lazy="selectin"
    )
    events: Mapped[list[TicketEvent]] = relationship(
        order_by="TicketEvent.id", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}


class TicketMessage(Base):
    """A public reply (the learner sees it) or an internal note (mentors only)."""

    __tablename__ = "ticket_message"

    id: Mapped[intpk]
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    author_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    author_label: Mapped[str] = mapped_column(String(200))
    from_learner: Mapped[bool] = mapped_column(default=False)
    internal: Mapped[bool] = mapped_column(default=False)
    asks_learner: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(String(4000))
    mentions: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Usernames of the mentors @mentioned."""
    canned_key: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[utc]


class TicketEvent(Base):
    """One line of a ticket's history: created, status, assigned, priority, message, merged."""

    __tablename__ = "ticket_event"

    id: Mapped[intpk]
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    at: Mapped[utc]
    actor_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    actor_label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[TicketStatus | None] = mapped_column(str_enum(TicketStatus))
    to_status: Mapped[TicketStatus | None] = mapped_column(str_enum(TicketStatus))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CannedReply(Base):
    """A ready-made answer, seeded from ``sandbox_data/canned_replies.toml``."""

    __tablename__ = "canned_reply"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[Category | None] = mapped_column(str_enum(Category))
    failed_condition: Mapped[str | None] = mapped_column(String(200))
    """Suggested when a failed condition of the ticket contains this text."""
    text_id: Mapped[str] = mapped_column(String(4000))
    text_en: Mapped[str] = mapped_column(String(4000))
    lesson_id: Mapped[str | None] = mapped_column(String(64))
    lesson_step: Mapped[int | None]
