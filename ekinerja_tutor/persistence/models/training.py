"""Training sessions (outside sandboxes): enrolments, practice failures, certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.persistence.base import Base, intpk, utc


class TrainingSession(Base):
    """A trainer's session for a room (or one trainee): dates, lessons in order, join code."""

    __tablename__ = "training_session"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    lessons: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Lesson ids in the order the room works through them."""
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    trainer_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    created_at: Mapped[utc]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class TrainingEnrolment(Base):
    """One trainee in one session; ``via`` says how: ``trainer``, ``csv`` or ``join_code``."""

    __tablename__ = "training_enrolment"
    __table_args__ = (UniqueConstraint("session_id", "account_id"),)

    id: Mapped[intpk]
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    via: Mapped[str] = mapped_column(String(16))
    jabatan: Mapped[str | None] = mapped_column(String(200))
    """The jabatan given in the import file, if any (the persona was chosen from it)."""
    enrolled_at: Mapped[utc]


class PracticeFailure(Base):
    """The real system's failures, switched on by a trainer for one account.

    ``login_tripped``/``save_tripped`` make each failure fire on every other attempt: the
    first try fails, the retry works (which is what trainees must learn to do).
    """

    __tablename__ = "practice_failure"

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), unique=True
    )
    login_failure: Mapped[bool] = mapped_column(default=False)
    login_tripped: Mapped[bool] = mapped_column(default=False)
    save_error: Mapped[bool] = mapped_column(default=False)
    save_tripped: Mapped[bool] = mapped_column(default=False)
    slowness_ms: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[utc]


class InstallationSecret(Base):
    """Per-installation secrets (e.g. the key that signs certificates), made on first use."""

    __tablename__ = "installation_secret"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[utc]


class Certificate(Base):
    """A completion certificate; ``code`` is the serial plus an HMAC over ``facts``."""

    __tablename__ = "training_certificate"

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_session.id", ondelete="SET NULL")
    )
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issued_at: Mapped[utc]
