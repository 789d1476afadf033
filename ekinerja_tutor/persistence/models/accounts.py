"""Tutor accounts (outside sandboxes): credentials, authenticator device, roles."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.persistence.base import Base, intpk, str_enum, utc


class Account(Base):
    __tablename__ = "account"

    id: Mapped[intpk]
    username: Mapped[str] = mapped_column(String(64), unique=True)
    alias: Mapped[str | None] = mapped_column(String(64), unique=True)
    nip: Mapped[str | None] = mapped_column(String(18), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    persona_key: Mapped[str | None] = mapped_column(String(64))
    """The office person this account plays in its sandbox (learners; staff may have one)."""
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    lockouts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[utc | None]
    language: Mapped[str] = mapped_column(String(2), default="id")
    theme: Mapped[str] = mapped_column(String(40), default="")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    totp_device_name: Mapped[str | None] = mapped_column(String(100))
    totp_practice_phone: Mapped[bool] = mapped_column(default=False)
    totp_enrolled_at: Mapped[utc | None]
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    phone_clock_offset_s: Mapped[int] = mapped_column(default=0)
    phone_lost: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[utc]
    version: Mapped[int] = mapped_column(default=1)

    roles: Mapped[list[AccountRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}

    @property
    def role_set(self) -> set[Role]:
        return {r.role for r in self.roles}


class AccountRole(Base):
    __tablename__ = "account_role"
    __table_args__ = (UniqueConstraint("account_id", "role"),)

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role))


class RecoveryCode(Base):
    """Single-use recovery codes for staff accounts (not part of the real e-Kinerja)."""

    __tablename__ = "recovery_code"

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[dt.datetime | None]
