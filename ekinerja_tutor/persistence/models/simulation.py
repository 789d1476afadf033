"""What the simulated colleagues did in a sandbox: their clock, each rule fired, planted defects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.persistence.base import Base, intpk, sandbox_fk, wib


class SimulationState(Base):
    """Where a sandbox's simulated colleagues are up to on its clock.

    ``started_at`` is the sandbox time at which they started acting (work already waiting then
    is treated as arriving at that moment); ``caught_up_to`` the sandbox time of the last
    catch-up (days up to it have been written).
    """

    __tablename__ = "simulation_state"
    __table_args__ = (UniqueConstraint("sandbox_id"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    started_at: Mapped[wib]
    caught_up_to: Mapped[wib]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class SimulationFiring(Base):
    """One simulation rule that fired (once: ``key`` is unique per sandbox).

    ``key`` names the rule and what it fired on, e.g. ``review:daily_entry:42:<sent at>``;
    ``outcome`` what the colleague did (``approve``, ``return``, ``write`` …).
    """

    __tablename__ = "simulation_firing"
    __table_args__ = (UniqueConstraint("sandbox_id", "key"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    key: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None]
    at: Mapped[wib]
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class PlantedDefect(Base):
    """A defect planted in a simulated colleague's daily entry, for the supervisor's seat.

    ``clean`` keeps the fields as they would have been written without the defect (the
    colleague restores them when the entry is returned). ``caught``/``how``/``decided_at`` are
    settled at each catch-up from the reviewer's audited actions; reports recompute them from
    the audit trail and never trust these columns alone.
    """

    __tablename__ = "planted_defect"
    __table_args__ = (UniqueConstraint("entry_id"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    entry_id: Mapped[int] = mapped_column(ForeignKey("daily_entry.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    clean: Mapped[dict[str, Any]] = mapped_column(JSON)
    planted_at: Mapped[wib]
    caught: Mapped[bool | None]
    how: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[wib | None]
