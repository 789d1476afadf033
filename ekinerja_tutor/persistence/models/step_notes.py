"""Hints and FAQ entries mentors write for a lesson step from a resolved help-desk ticket."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.persistence.base import Base, intpk, utc


class StepNote(Base):
    """One hint (``kind="hint"``) or FAQ entry (``kind="faq"``) for a lesson step.

    Born from a resolved ticket (``ticket_id``) so the next learner stuck on the same step
    finds the answer without asking. Outside sandboxes: it belongs to the lesson, not a learner.
    """

    __tablename__ = "step_note"
    __table_args__ = (Index("ix_step_note_lesson_step", "lesson_id", "step"),)

    id: Mapped[intpk]
    lesson_id: Mapped[str] = mapped_column(String(64))
    step: Mapped[int | None]
    """1-based, as the ticket context stores it; None for the lesson as a whole."""
    kind: Mapped[str] = mapped_column(String(8))
    question: Mapped[str | None] = mapped_column(String(4000))
    """The FAQ question (None for a hint)."""
    text: Mapped[str] = mapped_column(String(4000))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    created_at: Mapped[utc]
