"""A learner's private copy of the office, with its own clock."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.persistence.base import Base, intpk, utc, wib


class Sandbox(Base):
    """One learner's practice office. Every workflow row carries its ``sandbox_id``.

    ``persona_id`` is the Person the account plays; it is set after the office is copied,
    hence nullable and without a database-level cycle.
    """

    __tablename__ = "sandbox"

    id: Mapped[intpk]
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), unique=True
    )
    label: Mapped[str] = mapped_column(String(200), unique=True)
    """The owner's username, or ``template:<scenario>:<persona>:<content hash>``."""
    scenario: Mapped[str] = mapped_column(String(64))
    persona_key: Mapped[str] = mapped_column(String(64))
    persona_id: Mapped[int | None]
    today: Mapped[wib]
    clock_keys_visible: Mapped[bool] = mapped_column(default=False)
    simulation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """How simulated colleagues behave, per person key (from the scenario's ``simulate``)."""
    created_at: Mapped[utc]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
