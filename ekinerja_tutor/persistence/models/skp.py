"""The SKP and what hangs off it: Perjanjian Kinerja, RHK, IKI, perilaku, lampiran."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ekinerja_tutor.domain.statuses import (
    Aspek,
    LampiranKind,
    Pendekatan,
    Perilaku,
    RhkJenis,
    RhkKlasifikasi,
    SkpStatus,
)
from ekinerja_tutor.persistence.base import Base, intpk, sandbox_fk, str_enum, wib


class PerjanjianKinerja(Base):
    """One row of the unit's performance agreement; the head's RHKs come from it."""

    __tablename__ = "perjanjian_kinerja"

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    year: Mapped[int]
    key: Mapped[str] = mapped_column(String(64))
    sasaran: Mapped[str] = mapped_column(String(500))
    indikator: Mapped[str] = mapped_column(String(500))
    target: Mapped[int]
    satuan: Mapped[str] = mapped_column(String(50))


class Skp(Base):
    __tablename__ = "skp"
    __table_args__ = (Index("ix_skp_person_year", "person_id", "year"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    year: Mapped[int]
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    pendekatan: Mapped[Pendekatan] = mapped_column(str_enum(Pendekatan))
    status: Mapped[SkpStatus] = mapped_column(str_enum(SkpStatus), default=SkpStatus.DRAFT)
    return_note: Mapped[str | None] = mapped_column(String(1000))
    submitted_at: Mapped[wib | None]
    decided_at: Mapped[wib | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    rhks: Mapped[list[Rhk]] = relationship(
        back_populates="skp", order_by="Rhk.position", cascade="all, delete-orphan"
    )
    perilaku: Mapped[list[PerilakuExpectation]] = relationship(cascade="all, delete-orphan")
    lampiran: Mapped[list[Lampiran]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class Rhk(Base):
    __tablename__ = "rhk"

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    skp_id: Mapped[int] = mapped_column(ForeignKey("skp.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    jenis: Mapped[RhkJenis] = mapped_column(str_enum(RhkJenis))
    klasifikasi: Mapped[RhkKlasifikasi] = mapped_column(str_enum(RhkKlasifikasi))
    penugasan_dari: Mapped[str | None] = mapped_column(String(200))
    intervened_rhk_id: Mapped[int | None] = mapped_column(
        ForeignKey("rhk.id", ondelete="SET NULL"), index=True
    )
    pk_id: Mapped[int | None] = mapped_column(
        ForeignKey("perjanjian_kinerja.id", ondelete="SET NULL")
    )

    skp: Mapped[Skp] = relationship(back_populates="rhks")
    ikis: Mapped[list[Iki]] = relationship(order_by="Iki.position", cascade="all, delete-orphan")


class Iki(Base):
    """Indikator Kinerja Individu of an RHK."""

    __tablename__ = "iki"

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    rhk_id: Mapped[int] = mapped_column(ForeignKey("rhk.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    aspek: Mapped[Aspek] = mapped_column(str_enum(Aspek))
    target: Mapped[int]
    satuan: Mapped[str] = mapped_column(String(50))


class PerilakuExpectation(Base):
    """One BerAKHLAK row of an SKP, with the supervisor's optional ekspektasi khusus."""

    __tablename__ = "perilaku_expectation"
    __table_args__ = (UniqueConstraint("skp_id", "perilaku"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    skp_id: Mapped[int] = mapped_column(ForeignKey("skp.id", ondelete="CASCADE"))
    perilaku: Mapped[Perilaku] = mapped_column(str_enum(Perilaku))
    ekspektasi_khusus: Mapped[str | None] = mapped_column(String(1000))


class Lampiran(Base):
    __tablename__ = "lampiran"
    __table_args__ = (UniqueConstraint("skp_id", "kind"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    skp_id: Mapped[int] = mapped_column(ForeignKey("skp.id", ondelete="CASCADE"))
    kind: Mapped[LampiranKind] = mapped_column(str_enum(LampiranKind))
    text: Mapped[str] = mapped_column(String(1000))
