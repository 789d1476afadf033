"""What the year's work adds up to: realisasi, feedback, ratings, recaps, attendance."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.domain.statuses import (
    Predikat,
    Rating,
    RecapStatus,
    UnitResult,
    VerificationLevel,
)
from ekinerja_tutor.persistence.base import Base, intpk, sandbox_fk, str_enum, wib


class Realisasi(Base):
    """Achieved value of one IKI in one quarter, with its Sumber Data."""

    __tablename__ = "realisasi"
    __table_args__ = (UniqueConstraint("iki_id", "year", "quarter"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    iki_id: Mapped[int] = mapped_column(ForeignKey("iki.id", ondelete="CASCADE"))
    year: Mapped[int]
    quarter: Mapped[int]
    value: Mapped[int]
    sumber_data: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[wib]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Feedback(Base):
    """Umpan balik on an IKI or a perilaku: a library sentence plus free text."""

    __tablename__ = "feedback"

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    quarter: Mapped[int]
    target_kind: Mapped[str] = mapped_column(String(10))  # "iki" | "perilaku"
    target_ref: Mapped[str] = mapped_column(String(64))  # iki id or Perilaku value
    sentence_key: Mapped[str | None] = mapped_column(String(64))
    free_text: Mapped[str] = mapped_column(String(1000), default="")
    by_person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    at: Mapped[wib]


class Assessment(Base):
    """The direct supervisor's ratings for one person and quarter, and the predikat."""

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("person_id", "year", "quarter"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    year: Mapped[int]
    quarter: Mapped[int]
    rating_hasil: Mapped[Rating] = mapped_column(str_enum(Rating))
    rating_perilaku: Mapped[Rating] = mapped_column(str_enum(Rating))
    predikat: Mapped[Predikat] = mapped_column(str_enum(Predikat))
    note: Mapped[str] = mapped_column(String(1000), default="")
    assessed_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    at: Mapped[wib]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class UnitPeriodResult(Base):
    """A unit's own result (capaian organisasi) for a quarter."""

    __tablename__ = "unit_period_result"
    __table_args__ = (UniqueConstraint("unit_id", "year", "quarter"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    year: Mapped[int]
    quarter: Mapped[int]
    result: Mapped[UnitResult] = mapped_column(str_enum(UnitResult))
    at: Mapped[wib]


class QuarterRecap(Base):
    """A person's quarterly recap with its evidence folder, climbing the verification chain."""

    __tablename__ = "quarter_recap"
    __table_args__ = (UniqueConstraint("person_id", "year", "quarter"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    year: Mapped[int]
    quarter: Mapped[int]
    evidence_folder: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[RecapStatus] = mapped_column(str_enum(RecapStatus), default=RecapStatus.DRAFT)
    level_index: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[wib | None]
    valid_at: Mapped[wib | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class RecapStep(Base):
    """One level's decision on a recap (passed or returned with a note)."""

    __tablename__ = "recap_step"

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    recap_id: Mapped[int] = mapped_column(
        ForeignKey("quarter_recap.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[VerificationLevel] = mapped_column(str_enum(VerificationLevel))
    verifier_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    passed: Mapped[bool]
    note: Mapped[str] = mapped_column(String(1000), default="")
    at: Mapped[wib]


class Attendance(Base):
    """Monthly attendance and discipline: what the TPP example formula needs."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("person_id", "year", "month"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    year: Mapped[int]
    month: Mapped[int]
    days_present: Mapped[int]
    days_late: Mapped[int] = mapped_column(default=0)
    discipline_violations: Mapped[int] = mapped_column(default=0)
