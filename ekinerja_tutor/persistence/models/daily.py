"""Rencana Aksi, Progres Harian (daily entries) and admin period unlocks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck
from ekinerja_tutor.persistence.base import Base, intpk, sandbox_fk, str_enum, wib


class RencanaAksi(Base):
    """A planned action of an RHK for one month; daily entries must pick one."""

    __tablename__ = "rencana_aksi"
    __table_args__ = (Index("ix_rencana_aksi_rhk_month", "rhk_id", "year", "month"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    rhk_id: Mapped[int] = mapped_column(ForeignKey("rhk.id", ondelete="CASCADE"))
    iki_id: Mapped[int | None] = mapped_column(ForeignKey("iki.id", ondelete="SET NULL"))
    year: Mapped[int]
    month: Mapped[int]
    text: Mapped[str] = mapped_column(String(500))
    target: Mapped[int | None]
    satuan: Mapped[str | None] = mapped_column(String(50))


class DailyEntry(Base):
    """Progres Harian: the real form's fields plus its status and the evidence check."""

    __tablename__ = "daily_entry"
    __table_args__ = (
        Index("ix_daily_person_date", "person_id", "tanggal"),
        Index("ix_daily_reviewer_status", "sandbox_id", "status", "submitted_at"),
    )

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    rencana_aksi_id: Mapped[int | None] = mapped_column(
        ForeignKey("rencana_aksi.id", ondelete="SET NULL"), index=True
    )
    tanggal: Mapped[dt.date] = mapped_column(Date)
    jam_mulai: Mapped[dt.time] = mapped_column(Time)
    jam_selesai: Mapped[dt.time] = mapped_column(Time)
    kegiatan: Mapped[str] = mapped_column(String(500))
    realisasi: Mapped[int]
    satuan: Mapped[str] = mapped_column(String(50))
    bukti_dukung: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[DailyStatus] = mapped_column(str_enum(DailyStatus), default=DailyStatus.DRAFT)
    revision_note: Mapped[str | None] = mapped_column(String(1000))
    evidence_check: Mapped[EvidenceCheck] = mapped_column(
        str_enum(EvidenceCheck), default=EvidenceCheck.BELUM_DIVERIFIKASI
    )
    evidence_note: Mapped[str | None] = mapped_column(String(1000))
    quick_field_draft: Mapped[bool] = mapped_column(default=False)
    place: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[wib]
    submitted_at: Mapped[wib | None]
    on_time: Mapped[bool | None]
    reviewed_at: Mapped[wib | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class PeriodUnlock(Base):
    """An admin's unlock of a locked month for one person (or everyone when person is null)."""

    __tablename__ = "period_unlock"
    __table_args__ = (UniqueConstraint("sandbox_id", "person_id", "year", "month"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    year: Mapped[int]
    month: Mapped[int]
    until: Mapped[wib]
