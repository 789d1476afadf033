"""Audit events: who did what, when (real and sandbox time), with before/after."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.persistence.base import Base, intpk, utc, wib


class AuditEvent(Base):
    """One state change. ``actor_person_id`` is the persona acting inside a sandbox;
    ``simulated`` marks actions taken by the program playing a colleague."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "sandbox_id", "entity", "entity_id"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("sandbox.id", ondelete="CASCADE"), index=True
    )
    actor_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL")
    )
    actor_person_id: Mapped[int | None]
    actor_label: Mapped[str] = mapped_column(String(200))
    simulated: Mapped[bool] = mapped_column(default=False)
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[utc]
    sandbox_time: Mapped[wib | None]
