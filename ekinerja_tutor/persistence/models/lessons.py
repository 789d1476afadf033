"""Lesson progress (outside sandboxes, per account) and the screens a learner opened."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ekinerja_tutor.persistence.base import Base, intpk, str_enum, utc, wib


class LessonStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    DONE = "done"
    """Every step passed its checks."""
    INCOMPLETE = "incomplete"
    """The learner reached the end, but skipped a step (a skip never counts as done)."""


class LessonProgress(Base):
    """One learner's attempt at one lesson; resumed after a restart.

    ``audit_floor`` and ``visit_floor`` are the highest audit-event and screen-visit ids when
    the lesson started: checks about "since the lesson started" count only later rows.
    ``sandbox_start`` is the sandbox's date when the lesson started (``clock_moved``).
    """

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("account_id", "lesson_id"),)

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    lesson_id: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(2))
    scenario: Mapped[str] = mapped_column(String(64))
    current_step: Mapped[int] = mapped_column(default=0)
    status: Mapped[LessonStatus] = mapped_column(
        str_enum(LessonStatus), default=LessonStatus.IN_PROGRESS
    )
    started_at: Mapped[utc]
    updated_at: Mapped[utc]
    completed_at: Mapped[utc | None]
    sandbox_start: Mapped[wib | None]
    audit_floor: Mapped[int] = mapped_column(default=0)
    visit_floor: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    """The last error message the app showed the learner (for the help desk)."""
    version: Mapped[int] = mapped_column(default=1)

    steps: Mapped[list[LessonStepRecord]] = relationship(
        order_by="LessonStepRecord.step_index",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    __mapper_args__ = {"version_id_col": version}


class LessonStepRecord(Base):
    """What happened on one step: checks passed, hints seen, Periksa presses, time spent."""

    __tablename__ = "lesson_step_record"
    __table_args__ = (UniqueConstraint("progress_id", "step_index"),)

    id: Mapped[intpk]
    progress_id: Mapped[int] = mapped_column(ForeignKey("lesson_progress.id", ondelete="CASCADE"))
    step_index: Mapped[int]
    started_at: Mapped[utc]
    ended_at: Mapped[utc | None]
    passed: Mapped[bool] = mapped_column(default=False)
    skipped: Mapped[bool] = mapped_column(default=False)
    shown: Mapped[bool] = mapped_column(default=False)
    """The learner asked "show me" (the player demonstrated the step)."""
    hints_seen: Mapped[int] = mapped_column(default=0)
    presses: Mapped[int] = mapped_column(default=0)
    failed_presses: Mapped[int] = mapped_column(default=0)
    offers: Mapped[int] = mapped_column(default=0)
    """How many times Periksa offered the next hint or help."""
    last_offer_at: Mapped[utc | None]
    last_offer_failed: Mapped[int] = mapped_column(default=0)
    """``failed_presses`` when the last offer was made."""
    checks_passed: Mapped[list[int]] = mapped_column(JSON, default=list)
    """Source lines of the checks that passed at the last Periksa."""
    failed_conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """The conditions that failed at the last Periksa, in both languages."""

    def seconds_on_step(self, now: dt.datetime) -> int:
        end = self.ended_at or now
        return max(0, int((end - self.started_at).total_seconds()))


class ScreenVisit(Base):
    """A screen the learner opened (reported by the app; read by ``screen_visited``)."""

    __tablename__ = "screen_visit"
    __table_args__ = (
        Index("ix_screen_visit_account_screen", "account_id", "screen"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    sandbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("sandbox.id", ondelete="CASCADE"), index=True
    )
    screen: Mapped[str] = mapped_column(String(40))
    at: Mapped[utc]
    sandbox_time: Mapped[wib | None]
