"""The office inside a sandbox: units and people (copied from sandbox_data per sandbox)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.domain.statuses import JenisJabatan, UnitKind
from ekinerja_tutor.persistence.base import Base, intpk, sandbox_fk, str_enum


class Unit(Base):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("sandbox_id", "code"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(str_enum(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    simulated_external: Mapped[bool] = mapped_column(default=False)


class Person(Base):
    """A staff member of the sandbox office. ``key`` is the stable id from sandbox_data."""

    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("sandbox_id", "key"),
        Index("ix_person_supervisor", "supervisor_id"),
    )

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    key: Mapped[str] = mapped_column(String(64))
    nip: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(200))
    jabatan: Mapped[str] = mapped_column(String(200))
    jenis_jabatan: Mapped[JenisJabatan] = mapped_column(str_enum(JenisJabatan))
    status_kepegawaian: Mapped[str] = mapped_column(String(20), default="PNS")
    golongan: Mapped[str] = mapped_column(String(10), default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    is_unit_head: Mapped[bool] = mapped_column(default=False)
    field_worker: Mapped[bool] = mapped_column(default=False)
    simulated_external: Mapped[bool] = mapped_column(default=False)
