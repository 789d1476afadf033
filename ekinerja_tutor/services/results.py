"""What the year's work adds up to: realisasi, feedback, ratings, the quarterly recap, TPP.

Realisasi is pre-filled from approved daily entries; feedback and ratings come from the direct
supervisor only; a unit head's rating hasil kerja is the unit's own result; the quarterly recap
climbs the configured verification chain; the allowance is a labelled regional example. The
rules themselves live in :mod:`ekinerja_tutor.domain` (predikat, recap, allowance, daily).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.allowance import AllowanceInputs, AllowanceResult, compute_allowance
from ekinerja_tutor.domain.clock import quarter_end, quarter_start
from ekinerja_tutor.domain.daily import entry_minutes
from ekinerja_tutor.domain.drive import check_evidence_link
from ekinerja_tutor.domain.errors import (
    LockedError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ekinerja_tutor.domain.fields import MAX_WHOLE_NUMBER, field_label, validate_text
from ekinerja_tutor.domain.permissions import ensure_role
from ekinerja_tutor.domain.predikat import (
    ShareRule,
    check_distribution,
    explain_predikat,
    guidance_for,
    head_rating_from_unit,
    predikat,
    rating_label,
    unit_result_label,
)
from ekinerja_tutor.domain.recap import RecapChain, RecapState, level_label
from ekinerja_tutor.domain.statuses import (
    Aspek,
    DailyStatus,
    Perilaku,
    Predikat,
    Rating,
    RecapStatus,
    Role,
    UnitKind,
    UnitResult,
    VerificationLevel,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Assessment,
    Attendance,
    DailyEntry,
    Feedback,
    Iki,
    Person,
    QuarterRecap,
    Realisasi,
    RecapStep,
    RencanaAksi,
    Rhk,
    Sandbox,
    Skp,
    Unit,
    UnitPeriodResult,
)
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.daily_logs import (
    OfficeService,
    PersonRef,
    Reader,
    check_sentence_key,
    person_ref,
)

_REALISASI_FIELDS = ("iki_id", "year", "quarter", "value", "sumber_data", "updated_at")
_ASSESSMENT_FIELDS = (
    "person_id",
    "year",
    "quarter",
    "rating_hasil",
    "rating_perilaku",
    "predikat",
    "note",
    "assessed_by_id",
    "at",
)
_RECAP_FIELDS = (
    "person_id",
    "year",
    "quarter",
    "evidence_folder",
    "status",
    "level_index",
    "submitted_at",
    "valid_at",
)
_ATTENDANCE_FIELDS = (
    "person_id",
    "year",
    "month",
    "days_present",
    "days_late",
    "discipline_violations",
)
_FEEDBACK_KINDS = ("iki", "perilaku")
_MAX_VIOLATIONS = 100
_NOTE_LIMIT = 1000  # Assessment.note and RecapStep.note columns
MIN_YEAR = 2000
MAX_YEAR = 2100


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealisasiRowView:
    """One IKI's realisasi for a quarter.

    Attributes:
        prefilled: the sum of ``realisasi`` of the person's APPROVED entries in the quarter whose
            Rencana Aksi points at this IKI (what the form offers before anything is saved).
        saved_value: what the employee saved, or None.
    """

    iki_id: int
    rhk_id: int
    rhk_text: str
    iki_text: str
    aspek: Aspek
    target: int
    satuan: str
    prefilled: int
    approved_entries: int
    saved_value: int | None
    sumber_data: str
    updated_at: dt.datetime | None

    @property
    def value(self) -> int:
        return self.saved_value if self.saved_value is not None else self.prefilled


@dataclass(frozen=True)
class RealisasiView:
    person: PersonRef
    year: int
    quarter: int
    skp_id: int | None
    rows: tuple[RealisasiRowView, ...]
    locked: bool
    lock_reason: Msg | None


@dataclass(frozen=True)
class FeedbackView:
    id: int
    person_id: int
    year: int
    quarter: int
    target_kind: str
    target_ref: str
    sentence_key: str | None
    free_text: str
    by_person_id: int
    at: dt.datetime


@dataclass(frozen=True)
class AssessmentView:
    """The direct supervisor's ratings and the predikat from the matrix.

    Attributes:
        unit_result: for a unit head whose unit has a result this quarter, that result; the
            rating hasil kerja was then taken from it (``head_rating_from_unit``).
        explanation: the matrix reading, e.g. "Sesuai + Di Atas → Baik".
    """

    id: int
    person: PersonRef
    year: int
    quarter: int
    rating_hasil: Rating
    rating_perilaku: Rating
    predikat: Predikat
    note: str
    assessed_by_id: int
    at: dt.datetime
    unit_result: UnitResult | None
    explanation: Msg
    version: int


@dataclass(frozen=True)
class UnitResultView:
    unit_id: int
    unit_name: str
    year: int
    quarter: int
    result: UnitResult
    head: PersonRef | None
    head_rating: Rating


@dataclass(frozen=True)
class GuidanceView:
    """Distribution guidance for a supervisor's staff predikat: guidance, never a block."""

    unit_id: int
    unit_name: str
    year: int
    quarter: int
    unit_result: UnitResult | None
    summary: Msg | None
    rules: tuple[ShareRule, ...]
    counts: tuple[tuple[Predikat, int], ...]
    assessed: int
    not_assessed: tuple[PersonRef, ...]
    warnings: tuple[Msg, ...]


@dataclass(frozen=True)
class AttendanceView:
    person_id: int
    year: int
    month: int
    days_present: int
    days_late: int
    discipline_violations: int


@dataclass(frozen=True)
class AllowanceView:
    """The example TPP for one month. Always shown with ``label``: it is a regional example.

    Attributes:
        on_time_rate: share of the month's sent entries that were on time (None: none sent).
        attendance_recorded: False when no attendance was recorded for the month; full
            attendance is then assumed and ``notes`` says so.
    """

    person: PersonRef
    year: int
    month: int
    approved_minutes: int
    sent_entries: int
    on_time_entries: int
    on_time_rate: float | None
    working_days: int
    days_present: int
    discipline_violations: int
    attendance_recorded: bool
    result: AllowanceResult
    label: Msg
    notes: tuple[Msg, ...]
    regional_example: bool = True


LevelState = Literal["passed", "waiting", "returned", "pending"]


@dataclass(frozen=True)
class RecapLevelView:
    level: VerificationLevel
    holder: PersonRef | None
    state: LevelState


@dataclass(frozen=True)
class RecapStepView:
    level: VerificationLevel
    verifier: PersonRef
    passed: bool
    note: str
    at: dt.datetime


@dataclass(frozen=True)
class RecapView:
    """A quarterly recap with every level and every step, as the employee sees it.

    ``id`` is None when the employee has not submitted this quarter's recap yet.
    """

    id: int | None
    person: PersonRef
    year: int
    quarter: int
    evidence_folder: str
    status: RecapStatus
    level_index: int
    waiting_level: VerificationLevel | None
    waiting_holder: PersonRef | None
    levels: tuple[RecapLevelView, ...]
    steps: tuple[RecapStepView, ...]
    submitted_at: dt.datetime | None
    valid_at: dt.datetime | None
    version: int


@dataclass(frozen=True)
class RecapSummaryView:
    """A recap waiting in a verifier's queue."""

    id: int
    person: PersonRef
    year: int
    quarter: int
    level: VerificationLevel
    evidence_folder: str
    submitted_at: dt.datetime | None


def _supervisor_chain(session: Session, person: Person) -> set[int]:
    """Ids of everyone above ``person`` (direct supervisor, theirs, and so on)."""
    above: set[int] = set()
    current = person.supervisor_id
    while current is not None and current not in above:
        above.add(current)
        boss = session.get(Person, current)
        current = boss.supervisor_id if boss is not None else None
    return above


# --- the service -------------------------------------------------------------------------------


class ResultsService(OfficeService):
    """Realisasi, feedback, assessment, unit results, attendance, TPP and the quarterly recap."""

    # -- realisasi ------------------------------------------------------------------------------

    def realisasi_for(self, who: Reader, person_id: int, year: int, quarter: int) -> RealisasiView:
        """Every IKI of the person's SKP for ``year``: pre-filled and saved realisasi."""
        _check_quarter(year, quarter)
        with self.db.read() as session:
            sandbox, person, _ = self._reader(session, who, person_id)
            skp = _skp_of(session, person.id, year)
            rows: list[RealisasiRowView] = []
            if skp is not None:
                ikis = session.execute(
                    select(Iki, Rhk.text)
                    .join(Rhk, Rhk.id == Iki.rhk_id)
                    .where(Rhk.skp_id == skp.id)
                    .order_by(Rhk.position, Rhk.id, Iki.position, Iki.id)
                ).all()
                iki_ids = [iki.id for iki, _ in ikis]
                sums = self._approved_sums(session, person.id, iki_ids, year, quarter)
                saved = {
                    r.iki_id: r
                    for r in session.scalars(
                        select(Realisasi).where(
                            Realisasi.iki_id.in_(iki_ids),
                            Realisasi.year == year,
                            Realisasi.quarter == quarter,
                        )
                    )
                }
                for iki, rhk_text in ikis:
                    total, count = sums.get(iki.id, (0, 0))
                    row = saved.get(iki.id)
                    rows.append(
                        RealisasiRowView(
                            iki_id=iki.id,
                            rhk_id=iki.rhk_id,
                            rhk_text=rhk_text,
                            iki_text=iki.text,
                            aspek=iki.aspek,
                            target=iki.target,
                            satuan=iki.satuan,
                            prefilled=total,
                            approved_entries=count,
                            saved_value=row.value if row else None,
                            sumber_data=row.sumber_data if row else "",
                            updated_at=row.updated_at if row else None,
                        )
                    )
            reason = self._realisasi_lock(session, sandbox, person, year, quarter)
            return RealisasiView(
                person=person_ref(person),
                year=year,
                quarter=quarter,
                skp_id=skp.id if skp else None,
                rows=tuple(rows),
                locked=reason is not None,
                lock_reason=reason.message if reason else None,
            )

    def save_realisasi(
        self, seat: Seat, iki_id: int, year: int, quarter: int, value: int, sumber_data: str
    ) -> RealisasiRowView:
        """The owner saves an IKI's realisasi for a quarter, with its Sumber Data.

        Refused once the quarter has been assessed or its period is locked (admin unlocks of
        the quarter's last month count).
        """
        _check_quarter(year, quarter)
        if isinstance(value, bool) or not 0 <= value <= MAX_WHOLE_NUMBER:
            raise ValidationError(
                "results_svc.value_range", field="realisasi", maximum=MAX_WHOLE_NUMBER
            )
        validate_text("sumber_data", sumber_data)
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            found = session.execute(
                select(Iki, Rhk.text, Skp)
                .join(Rhk, Rhk.id == Iki.rhk_id)
                .join(Skp, Skp.id == Rhk.skp_id)
                .where(Iki.id == iki_id)
            ).first()
            if found is None or found[0].sandbox_id != sandbox.id:
                raise NotFound(what=Msg("noun.iki"))
            iki, rhk_text, skp = found
            if skp.person_id != me.id:
                raise PermissionDenied(reason=Msg("perm.not_owner"))
            if skp.year != year:
                raise ValidationError("results_svc.wrong_year", field="year", year=skp.year)
            lock = self._realisasi_lock(session, sandbox, me, year, quarter)
            if lock is not None:
                raise lock
            row = session.scalars(
                select(Realisasi)
                .where(
                    Realisasi.iki_id == iki.id,
                    Realisasi.year == year,
                    Realisasi.quarter == quarter,
                )
                .with_for_update()
            ).first()
            before = snapshot(row, *_REALISASI_FIELDS) if row else None
            if row is None:
                row = Realisasi(sandbox_id=sandbox.id, iki_id=iki.id, year=year, quarter=quarter)
                session.add(row)
            row.value = value
            row.sumber_data = sumber_data
            row.updated_at = sandbox.today
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="realisasi.save",
                entity="realisasi",
                entity_id=row.id,
                before=before,
                after=snapshot(row, *_REALISASI_FIELDS),
            )
            total, count = self._approved_sums(session, me.id, [iki.id], year, quarter).get(
                iki.id, (0, 0)
            )
            return RealisasiRowView(
                iki_id=iki.id,
                rhk_id=iki.rhk_id,
                rhk_text=rhk_text,
                iki_text=iki.text,
                aspek=iki.aspek,
                target=iki.target,
                satuan=iki.satuan,
                prefilled=total,
                approved_entries=count,
                saved_value=row.value,
                sumber_data=row.sumber_data,
                updated_at=row.updated_at,
            )

    # -- feedback and assessment ----------------------------------------------------------------

    def give_feedback(
        self,
        seat: Seat,
        person_id: int,
        year: int,
        quarter: int,
        target_kind: str,
        target_ref: str,
        sentence_key: str | None = None,
        free_text: str = "",
    ) -> FeedbackView:
        """Umpan balik from the direct supervisor on one IKI (``target_ref`` = IKI id) or one
        BerAKHLAK value (``target_ref`` = a :class:`Perilaku` value): a standard sentence from
        the library (``sentence_key``), free text, or both."""
        _check_quarter(year, quarter)
        if target_kind not in _FEEDBACK_KINDS:
            raise ValidationError("results_svc.feedback_kind", field="target_kind")
        if sentence_key is not None:
            check_sentence_key(sentence_key)
        if free_text:
            validate_text("feedback_free_text", free_text)
        if sentence_key is None and (free_text == "" or free_text.isspace()):
            raise ValidationError("results_svc.feedback_empty", field="free_text")
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            subject = self._person_in(session, sandbox.id, person_id)
            self._ensure_reviewer(seat, sandbox, me, subject)
            if target_kind == "iki":
                self._check_iki_target(session, subject, year, target_ref)
            elif target_ref not in {p.value for p in Perilaku}:
                raise ValidationError("results_svc.feedback_perilaku", field="target_ref")
            row = Feedback(
                sandbox_id=sandbox.id,
                person_id=subject.id,
                year=year,
                quarter=quarter,
                target_kind=target_kind,
                target_ref=target_ref,
                sentence_key=sentence_key,
                free_text=free_text,
                by_person_id=me.id,
                at=sandbox.today,
            )
            session.add(row)
            session.flush()
            fields = (
                "person_id",
                "year",
                "quarter",
                "target_kind",
                "target_ref",
                "sentence_key",
                "free_text",
            )
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="feedback.give",
                entity="feedback",
                entity_id=row.id,
                before=None,
                after=snapshot(row, *fields),
            )
            return _feedback_view(row)

    def feedback_for(
        self, who: Reader, person_id: int, year: int, quarter: int
    ) -> tuple[FeedbackView, ...]:
        """Every piece of feedback the person received for the quarter, oldest first."""
        _check_quarter(year, quarter)
        with self.db.read() as session:
            _, person, _ = self._reader(session, who, person_id)
            rows = session.scalars(
                select(Feedback)
                .where(
                    Feedback.person_id == person.id,
                    Feedback.year == year,
                    Feedback.quarter == quarter,
                )
                .order_by(Feedback.at, Feedback.id)
            )
            return tuple(_feedback_view(r) for r in rows)

    def assess(
        self,
        seat: Seat,
        person_id: int,
        year: int,
        quarter: int,
        rating_hasil: Rating | None,
        rating_perilaku: Rating,
        note: str = "",
    ) -> AssessmentView:
        """The direct supervisor rates hasil kerja and perilaku; the predikat follows the matrix.

        For a unit head whose unit has a result for the quarter, rating hasil kerja IS the
        unit's result (``head_rating_from_unit``): pass None to have it taken from the unit, or
        the same rating; a different rating is refused with a message naming the unit's
        result, because silently overriding a supervisor's choice would teach the wrong rule.
        Everyone else needs an explicit rating hasil kerja. Assessing again replaces the
        earlier ratings (audited).
        """
        _check_quarter(year, quarter)
        if note:
            _check_note("catatan_rekomendasi", note)
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            subject = self._person_in(session, sandbox.id, person_id)
            self._ensure_reviewer(seat, sandbox, me, subject)
            unit_result = self._head_unit_result(session, subject, year, quarter)
            if unit_result is not None:
                from_unit = head_rating_from_unit(unit_result)
                if rating_hasil is not None and rating_hasil is not from_unit:
                    raise ValidationError(
                        "results_svc.head_rating_from_unit",
                        field="rating_hasil",
                        unit=unit_result_label(unit_result),
                        rating=rating_label(from_unit),
                    )
                rating_hasil = from_unit
            if rating_hasil is None:
                raise ValidationError("results_svc.rating_required", field="rating_hasil")
            row = session.scalars(
                select(Assessment)
                .where(
                    Assessment.person_id == subject.id,
                    Assessment.year == year,
                    Assessment.quarter == quarter,
                )
                .with_for_update()
            ).first()
            before = snapshot(row, *_ASSESSMENT_FIELDS) if row else None
            if row is None:
                row = Assessment(
                    sandbox_id=sandbox.id, person_id=subject.id, year=year, quarter=quarter
                )
                session.add(row)
            row.rating_hasil = rating_hasil
            row.rating_perilaku = rating_perilaku
            row.predikat = predikat(rating_hasil, rating_perilaku)
            row.note = note
            row.assessed_by_id = me.id
            row.at = sandbox.today
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="assessment.create" if before is None else "assessment.update",
                entity="assessment",
                entity_id=row.id,
                before=before,
                after=snapshot(row, *_ASSESSMENT_FIELDS),
            )
            return _assessment_view(row, subject, unit_result)

    def assessment_for(
        self, who: Reader, person_id: int, year: int, quarter: int
    ) -> AssessmentView | None:
        _check_quarter(year, quarter)
        with self.db.read() as session:
            _, person, _ = self._reader(session, who, person_id)
            row = session.scalars(
                select(Assessment).where(
                    Assessment.person_id == person.id,
                    Assessment.year == year,
                    Assessment.quarter == quarter,
                )
            ).first()
            if row is None:
                return None
            unit_result = self._head_unit_result(session, person, year, quarter)
            return _assessment_view(row, person, unit_result)

    def set_unit_result(
        self, seat: Seat, unit_id: int, year: int, quarter: int, result: UnitResult
    ) -> UnitResultView:
        """Record a unit's own result (capaian organisasi) for a quarter.

        Set by the unit head's supervisor (Atasan Pejabat Penilai rates the unit), or by the
        program (``SYSTEM``) for units whose rater is outside the office (the Kepala Dinas'
        Dinas, rated by the regency). Refused when it would contradict the head's existing
        assessment for the quarter: reassess the head first.
        """
        _check_quarter(year, quarter)
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            unit = session.get(Unit, unit_id)
            if unit is None or unit.sandbox_id != sandbox.id:
                raise NotFound(what=Msg("results_svc.noun_unit"))
            head = _unit_head(session, unit)
            if not _is_program(seat.principal):
                if head is None or head.supervisor_id is None:
                    raise PermissionDenied(reason=Msg("results_svc.perm_unit_result"))
                self._ensure_reviewer(seat, sandbox, me, head)
            if head is not None:
                assessed = session.scalars(
                    select(Assessment).where(
                        Assessment.person_id == head.id,
                        Assessment.year == year,
                        Assessment.quarter == quarter,
                    )
                ).first()
                if assessed is not None and assessed.rating_hasil is not head_rating_from_unit(
                    result
                ):
                    raise LockedError(
                        "results_svc.unit_result_contradicts",
                        head=head.name,
                        rating=rating_label(assessed.rating_hasil),
                    )
            row = session.scalars(
                select(UnitPeriodResult)
                .where(
                    UnitPeriodResult.unit_id == unit.id,
                    UnitPeriodResult.year == year,
                    UnitPeriodResult.quarter == quarter,
                )
                .with_for_update()
            ).first()
            fields = ("unit_id", "year", "quarter", "result")
            before = snapshot(row, *fields) if row else None
            if row is None:
                row = UnitPeriodResult(
                    sandbox_id=sandbox.id, unit_id=unit.id, year=year, quarter=quarter
                )
                session.add(row)
            row.result = result
            row.at = sandbox.today
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="unit_result.set",
                entity="unit_period_result",
                entity_id=row.id,
                before=before,
                after=snapshot(row, *fields),
            )
            return UnitResultView(
                unit_id=unit.id,
                unit_name=unit.name,
                year=year,
                quarter=quarter,
                result=result,
                head=person_ref(head) if head else None,
                head_rating=head_rating_from_unit(result),
            )

    def distribution_guidance(self, seat: Seat, year: int, quarter: int) -> GuidanceView:
        """The seat's unit result, how its direct subordinates' predikat are spread, and
        warnings where the spread strays from the guidance (never a block)."""
        _check_quarter(year, quarter)
        with self.db.read() as session:
            _, me = self._seat(session, seat)
            unit = session.get(Unit, me.unit_id)
            assert unit is not None
            result = session.scalar(
                select(UnitPeriodResult.result).where(
                    UnitPeriodResult.unit_id == unit.id,
                    UnitPeriodResult.year == year,
                    UnitPeriodResult.quarter == quarter,
                )
            )
            subordinates = self._subordinates(session, me)
            rows = session.execute(
                select(Assessment.person_id, Assessment.predikat).where(
                    Assessment.person_id.in_([p.id for p in subordinates]),
                    Assessment.year == year,
                    Assessment.quarter == quarter,
                )
            )
            assessed = {row[0]: row[1] for row in rows}
            values = list(assessed.values())
            counts = Counter(values)
            guidance = guidance_for(result) if result is not None else None
            return GuidanceView(
                unit_id=unit.id,
                unit_name=unit.name,
                year=year,
                quarter=quarter,
                unit_result=result,
                summary=guidance.summary if guidance else None,
                rules=guidance.rules if guidance else (),
                counts=tuple((p, counts[p]) for p in Predikat),
                assessed=len(values),
                not_assessed=tuple(person_ref(p) for p in subordinates if p.id not in assessed),
                warnings=tuple(check_distribution(result, values)) if result else (),
            )

    # -- attendance and allowance ---------------------------------------------------------------

    def record_attendance(
        self,
        who: Seat | Principal,
        person_id: int,
        year: int,
        month: int,
        days_present: int,
        days_late: int = 0,
        violations: int = 0,
    ) -> AttendanceView:
        """Monthly attendance and discipline, as the attendance system would send it.

        Only the program (``SYSTEM``) or an admin (Admin Instansi) records it.
        """
        principal = who.principal if isinstance(who, Seat) else who
        if not _is_program(principal):
            ensure_role(principal.roles, Role.ADMIN)
        _check_month(year, month)
        days = _stdlib_calendar.monthrange(year, month)[1]
        if not 0 <= days_present <= days:
            raise ValidationError("results_svc.days_present", field="days_present", days=days)
        if not 0 <= days_late <= days_present:
            raise ValidationError("results_svc.days_late", field="days_late")
        if not 0 <= violations <= _MAX_VIOLATIONS:
            raise ValidationError(
                "results_svc.violations", field="violations", maximum=_MAX_VIOLATIONS
            )
        with self.db.write() as session:
            if isinstance(who, Seat) and principal.simulated:
                sandbox, _ = self._seat(session, who)
                person = self._person_in(session, sandbox.id, person_id)
            else:
                found = session.get(Person, person_id)
                if found is None or (isinstance(who, Seat) and found.sandbox_id != who.sandbox_id):
                    raise NotFound(what=Msg("noun.person"))
                person = found
                sandbox = self._sandbox(session, person.sandbox_id)
            row = session.scalars(
                select(Attendance)
                .where(
                    Attendance.person_id == person.id,
                    Attendance.year == year,
                    Attendance.month == month,
                )
                .with_for_update()
            ).first()
            before = snapshot(row, *_ATTENDANCE_FIELDS) if row else None
            if row is None:
                row = Attendance(sandbox_id=sandbox.id, person_id=person.id, year=year, month=month)
                session.add(row)
            row.days_present = days_present
            row.days_late = days_late
            row.discipline_violations = violations
            session.flush()
            self._audit(
                session,
                None,
                principal=principal,
                sandbox=sandbox,
                action="attendance.record",
                entity="attendance",
                entity_id=row.id,
                before=before,
                after=snapshot(row, *_ATTENDANCE_FIELDS),
            )
            return AttendanceView(person.id, year, month, days_present, days_late, violations)

    def allowance_for(self, who: Reader, person_id: int, year: int, month: int) -> AllowanceView:
        """The example TPP of one month from the records: approved minutes only, the on-time
        rate of sent entries, attendance and discipline. Labelled as a regional example."""
        _check_month(year, month)
        first = dt.date(year, month, 1)
        last = dt.date(year, month, _stdlib_calendar.monthrange(year, month)[1])
        with self.db.read() as session:
            _, person, _ = self._reader(session, who, person_id)
            rows = session.execute(
                select(
                    DailyEntry.status,
                    DailyEntry.jam_mulai,
                    DailyEntry.jam_selesai,
                    DailyEntry.on_time,
                ).where(
                    DailyEntry.person_id == person.id,
                    DailyEntry.tanggal >= first,
                    DailyEntry.tanggal <= last,
                    DailyEntry.status != DailyStatus.DRAFT,
                )
            ).all()
            approved = sum(
                entry_minutes(start, end)
                for status, start, end, _ in rows
                if status is DailyStatus.DISETUJUI
            )
            sent = len(rows)
            on_time = sum(1 for *_, flag in rows if flag)
            attendance = session.scalars(
                select(Attendance).where(
                    Attendance.person_id == person.id,
                    Attendance.year == year,
                    Attendance.month == month,
                )
            ).first()
            working_days = len(self.ctx.calendar.working_days_in_month(year, month))
            notes: list[Msg] = []
            if attendance is None:
                days_present, violations = working_days, 0
                notes.append(Msg("results_svc.allowance_no_attendance"))
            else:
                days_present = attendance.days_present
                violations = attendance.discipline_violations
            inputs = AllowanceInputs(
                approved_minutes=approved,
                on_time_entries=on_time,
                total_entries=sent,
                days_present=days_present,
                working_days=working_days,
                discipline_violations=violations,
            )
            return AllowanceView(
                person=person_ref(person),
                year=year,
                month=month,
                approved_minutes=approved,
                sent_entries=sent,
                on_time_entries=on_time,
                on_time_rate=on_time / sent if sent else None,
                working_days=working_days,
                days_present=days_present,
                discipline_violations=violations,
                attendance_recorded=attendance is not None,
                result=compute_allowance(inputs, self.ctx.rules.allowance),
                label=Msg("results_svc.allowance_regional_example"),
                notes=tuple(notes),
            )

    # -- the quarterly recap --------------------------------------------------------------------

    def submit_recap(self, seat: Seat, year: int, quarter: int, evidence_folder: str) -> RecapView:
        """The employee sends the quarter's recap with its evidence folder link to the lowest
        verification level (from DRAFT, or again after it was returned). The link is normally
        the quarter's Practice Drive folder ("Data dukung TW I 2026"); a drive link that names
        no item is refused like any other broken link."""
        _check_quarter(year, quarter)
        check_evidence_link(evidence_folder, field="evidence_folder")
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            chain = self._chain_for(session, me)
            if quarter_start(year, quarter) > sandbox.today.date():
                raise ValidationError(
                    "recap_svc.quarter_not_started", field="quarter", quarter=quarter, year=year
                )
            recap = session.scalars(
                select(QuarterRecap)
                .where(
                    QuarterRecap.person_id == me.id,
                    QuarterRecap.year == year,
                    QuarterRecap.quarter == quarter,
                )
                .with_for_update()
            ).first()
            before = snapshot(recap, *_RECAP_FIELDS) if recap else None
            if chain is None:  # nobody above in the office verifies it (the Kepala Dinas)
                RecapChain.from_rules(self.ctx.rules).submit(
                    recap.status if recap else RecapStatus.DRAFT
                )  # same transition rules
                state = RecapState(RecapStatus.VALID, 0)
            else:
                state = chain.submit(recap.status if recap else RecapStatus.DRAFT)
            if recap is None:
                recap = QuarterRecap(
                    sandbox_id=sandbox.id, person_id=me.id, year=year, quarter=quarter
                )
                session.add(recap)
            recap.evidence_folder = evidence_folder
            recap.status = state.status
            recap.level_index = state.level_index
            recap.submitted_at = sandbox.today
            recap.valid_at = sandbox.today if state.status is RecapStatus.VALID else None
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="recap.submit",
                entity="quarter_recap",
                entity_id=recap.id,
                before=before,
                after=snapshot(recap, *_RECAP_FIELDS),
            )
            return self._recap_view(session, recap, me, chain)

    def recap_queue(self, seat: Seat) -> list[RecapSummaryView]:
        """Recaps waiting at a level the seat's person holds, oldest submission first.

        Level holders: KASUBAG_KABID is the employee's direct supervisor when that person heads
        a Subbagian or Bidang, else the head of the employee's Subbagian/Bidang; SEKRETARIS is
        the head of the Sekretariat; KEPALA_DINAS the head of the Dinas. The levels and their
        order come from the regional rules. A person's own recap never appears in their queue
        (and a learner's own persona's recap is verified by the simulated colleagues).
        """
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            recaps = session.execute(
                select(QuarterRecap, Person)
                .join(Person, Person.id == QuarterRecap.person_id)
                .where(
                    QuarterRecap.sandbox_id == sandbox.id,
                    QuarterRecap.status == RecapStatus.DIVERIFIKASI,
                    QuarterRecap.person_id != me.id,
                )
                .order_by(QuarterRecap.submitted_at, QuarterRecap.id)
            ).all()
            queue: list[RecapSummaryView] = []
            for recap, employee in recaps:
                if not seat.simulated and employee.id == sandbox.persona_id:
                    continue
                chain = self._chain_for(session, employee)
                if chain is None:
                    continue
                level = chain.waiting_level(RecapState(recap.status, recap.level_index))
                if level is None:
                    continue
                holder = self._level_holder(session, level, employee)
                if holder is not None and holder.id == me.id:
                    queue.append(
                        RecapSummaryView(
                            id=recap.id,
                            person=person_ref(employee),
                            year=recap.year,
                            quarter=recap.quarter,
                            level=level,
                            evidence_folder=recap.evidence_folder,
                            submitted_at=recap.submitted_at,
                        )
                    )
            return queue

    def pass_recap(self, seat: Seat, recap_id: int, note: str = "") -> RecapView:
        """The level the recap waits at passes it on (VALID after the top level).

        A level holder never verifies their own recap: an employee's chain keeps only the levels
        whose holder is above them (:meth:`_chain_for`), so a Kasubag's recap starts at the
        Sekretaris and the Kepala Dinas' recap needs no level inside the office.
        """
        if note:
            _check_note("recap_note", note)
        return self._decide_recap(seat, recap_id, passed=True, note=note)

    def return_recap(self, seat: Seat, recap_id: int, note: str) -> RecapView:
        """The level the recap waits at returns it to the employee; the note is required."""
        return self._decide_recap(seat, recap_id, passed=False, note=note)

    def recap_view(
        self,
        who: Reader,
        recap_id: int | None = None,
        *,
        person_id: int | None = None,
        year: int | None = None,
        quarter: int | None = None,
    ) -> RecapView:
        """A recap with every level and step, by id or by (person, year, quarter).

        When the person has not submitted that quarter's recap, a DRAFT view without id.
        """
        with self.db.read() as session:
            recap: QuarterRecap | None = None
            if recap_id is not None:
                recap = session.get(QuarterRecap, recap_id)
                if recap is None or (isinstance(who, Seat) and recap.sandbox_id != who.sandbox_id):
                    raise NotFound(what=Msg("noun.recap"))
                person_id = recap.person_id
            elif person_id is None or year is None or quarter is None:
                raise ValidationError("recap_svc.which", field="recap_id")
            _, person, _ = self._reader(session, who, person_id)
            chain = self._chain_for(session, person)
            if recap is None:
                assert year is not None and quarter is not None
                _check_quarter(year, quarter)
                recap = session.scalars(
                    select(QuarterRecap).where(
                        QuarterRecap.person_id == person.id,
                        QuarterRecap.year == year,
                        QuarterRecap.quarter == quarter,
                    )
                ).first()
                if recap is None:
                    levels = tuple(
                        RecapLevelView(
                            level, _ref(self._level_holder(session, level, person)), "pending"
                        )
                        for level in (chain.levels if chain else ())
                    )
                    return RecapView(
                        id=None,
                        person=person_ref(person),
                        year=year,
                        quarter=quarter,
                        evidence_folder="",
                        status=RecapStatus.DRAFT,
                        level_index=0,
                        waiting_level=None,
                        waiting_holder=None,
                        levels=levels,
                        steps=(),
                        submitted_at=None,
                        valid_at=None,
                        version=0,
                    )
            return self._recap_view(session, recap, person, chain)

    # -- internals ------------------------------------------------------------------------------

    def _decide_recap(self, seat: Seat, recap_id: int, *, passed: bool, note: str) -> RecapView:
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            recap = session.get(QuarterRecap, recap_id, with_for_update=True)
            if recap is None or recap.sandbox_id != sandbox.id:
                raise NotFound(what=Msg("noun.recap"))
            employee = self._person_in(session, sandbox.id, recap.person_id)
            if employee.id == me.id:
                raise PermissionDenied(reason=Msg("recap_svc.own_recap"))
            if not seat.simulated and employee.id == sandbox.persona_id:
                raise PermissionDenied(reason=Msg("perm.persona_reviewed_by_simulation"))
            # No level applies only to recaps that were valid on submission: the full chain
            # then refuses with the domain's message (already valid).
            chain = self._chain_for(session, employee) or RecapChain.from_rules(self.ctx.rules)
            state = RecapState(recap.status, recap.level_index)
            level = chain.waiting_level(state)
            if level is None:
                # Not waiting anywhere: the domain says why (already valid, returned, draft).
                chain.pass_level(recap.status, recap.level_index, chain.levels[0])
                raise AssertionError("unreachable: the chain refuses a recap not waiting")
            holder = self._level_holder(session, level, employee)
            if holder is None or holder.id != me.id:
                raise PermissionDenied(
                    reason=Msg(
                        "recap_svc.not_level_holder",
                        {"level": level_label(level), "holder": holder.name if holder else "-"},
                    )
                )
            before = snapshot(recap, *_RECAP_FIELDS)
            if passed:
                new = chain.pass_level(recap.status, recap.level_index, level)
            else:
                new = chain.return_level(recap.status, recap.level_index, level, note)
            recap.status = new.status
            recap.level_index = new.level_index
            if new.status is RecapStatus.VALID:
                recap.valid_at = sandbox.today
            session.add(
                RecapStep(
                    sandbox_id=sandbox.id,
                    recap_id=recap.id,
                    level=level,
                    verifier_id=me.id,
                    passed=passed,
                    note=note,
                    at=sandbox.today,
                )
            )
            session.flush()
            after = snapshot(recap, *_RECAP_FIELDS)
            after.update(level=level.value, note=note)
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="recap.pass" if passed else "recap.return",
                entity="quarter_recap",
                entity_id=recap.id,
                before=before,
                after=after,
            )
            return self._recap_view(session, recap, employee, chain)

    def _recap_view(
        self, session: Session, recap: QuarterRecap, person: Person, chain: RecapChain | None
    ) -> RecapView:
        steps = session.execute(
            select(RecapStep, Person)
            .join(Person, Person.id == RecapStep.verifier_id)
            .where(RecapStep.recap_id == recap.id)
            .order_by(RecapStep.at, RecapStep.id)
        ).all()
        levels: list[RecapLevelView] = []
        for index, level in enumerate(chain.levels if chain else ()):
            holder = _ref(self._level_holder(session, level, person))
            levels.append(RecapLevelView(level, holder, _level_state(recap, index)))
        waiting = (
            chain.waiting_level(RecapState(recap.status, recap.level_index)) if chain else None
        )
        waiting_holder = (
            _ref(self._level_holder(session, waiting, person)) if waiting is not None else None
        )
        return RecapView(
            id=recap.id,
            person=person_ref(person),
            year=recap.year,
            quarter=recap.quarter,
            evidence_folder=recap.evidence_folder,
            status=recap.status,
            level_index=recap.level_index,
            waiting_level=waiting,
            waiting_holder=waiting_holder,
            levels=tuple(levels),
            steps=tuple(
                RecapStepView(step.level, person_ref(verifier), step.passed, step.note, step.at)
                for step, verifier in steps
            ),
            submitted_at=recap.submitted_at,
            valid_at=recap.valid_at,
            version=recap.version,
        )

    def _chain_for(self, session: Session, employee: Person) -> RecapChain | None:
        """The levels that verify ``employee``'s recap.

        The configured chain (Kasubag/Kabid → Sekretaris → Kepala Dinas) is for staff; the
        Sekretaris checks every unit's recaps, not only the Sekretariat's. A level with nobody
        to hold it, held by the employee, or held by one of the employee's own subordinates
        is skipped (a Kasubag's recap starts at the Sekretaris); None when no level is left.
        """
        levels = tuple(
            level
            for level in self.ctx.rules.verification_levels
            if (holder := self._level_holder(session, level, employee)) is not None
            and holder.id != employee.id
            and employee.id not in _supervisor_chain(session, holder)
        )
        return RecapChain(levels) if levels else None

    def _level_holder(
        self, session: Session, level: VerificationLevel, employee: Person
    ) -> Person | None:
        """Who verifies ``employee``'s recap at ``level`` (None when the office has nobody)."""
        units = _unit_chain(session, employee.unit_id)
        if level is VerificationLevel.KASUBAG_KABID:
            boss = session.get(Person, employee.supervisor_id) if employee.supervisor_id else None
            if boss is not None and boss.is_unit_head:
                boss_unit = session.get(Unit, boss.unit_id)
                if boss_unit is not None and boss_unit.kind in _SECTION_KINDS:
                    return boss
            section = next((u for u in units if u.kind in _SECTION_KINDS), None)
            return _unit_head(session, section) if section is not None else None
        dinas = next((u for u in units if u.kind is UnitKind.DINAS), None)
        if dinas is None:
            return None
        if level is VerificationLevel.KEPALA_DINAS:
            return _unit_head(session, dinas)
        sekretariat = session.scalars(
            select(Unit)
            .where(Unit.parent_id == dinas.id, Unit.kind == UnitKind.SEKRETARIAT)
            .order_by(Unit.id)
        ).first()
        return _unit_head(session, sekretariat) if sekretariat is not None else None

    def _approved_sums(
        self, session: Session, person_id: int, iki_ids: list[int], year: int, quarter: int
    ) -> dict[int, tuple[int, int]]:
        """Per IKI: (sum of realisasi, number) of the person's approved entries in the quarter."""
        if not iki_ids:
            return {}
        start = quarter_start(year, quarter)
        rows = session.execute(
            select(RencanaAksi.iki_id, func.sum(DailyEntry.realisasi), func.count(DailyEntry.id))
            .join(RencanaAksi, RencanaAksi.id == DailyEntry.rencana_aksi_id)
            .where(
                DailyEntry.person_id == person_id,
                DailyEntry.status == DailyStatus.DISETUJUI,
                DailyEntry.tanggal >= start,
                DailyEntry.tanggal <= quarter_end(start),
                RencanaAksi.iki_id.in_(iki_ids),
            )
            .group_by(RencanaAksi.iki_id)
        ).all()
        return {
            int(iki_id): (int(total or 0), int(count))
            for iki_id, total, count in rows
            if iki_id is not None
        }

    def _realisasi_lock(
        self, session: Session, sandbox: Sandbox, person: Person, year: int, quarter: int
    ) -> LockedError | None:
        """Why the quarter's realisasi can no longer change, or None."""
        assessed = session.scalar(
            select(Assessment.id).where(
                Assessment.person_id == person.id,
                Assessment.year == year,
                Assessment.quarter == quarter,
            )
        )
        if assessed is not None:
            return LockedError("results_svc.realisasi_assessed", quarter=quarter, year=year)
        last_day = quarter_end(quarter_start(year, quarter))
        if self._month_locked(session, sandbox, person.id, last_day):
            return LockedError("results_svc.realisasi_period_locked", quarter=quarter, year=year)
        return None

    def _head_unit_result(
        self, session: Session, person: Person, year: int, quarter: int
    ) -> UnitResult | None:
        if not person.is_unit_head:
            return None
        return session.scalar(
            select(UnitPeriodResult.result).where(
                UnitPeriodResult.unit_id == person.unit_id,
                UnitPeriodResult.year == year,
                UnitPeriodResult.quarter == quarter,
            )
        )

    def _check_iki_target(self, session: Session, subject: Person, year: int, ref: str) -> None:
        iki_id = int(ref) if ref.isascii() and ref.isdigit() and len(ref) < 19 else None
        owner = None
        if iki_id is not None:
            owner = session.execute(
                select(Skp.person_id, Skp.year)
                .join(Rhk, Rhk.skp_id == Skp.id)
                .join(Iki, Iki.rhk_id == Rhk.id)
                .where(Iki.id == iki_id)
            ).first()
        if owner is None or (owner[0], owner[1]) != (subject.id, year):
            raise ValidationError("results_svc.feedback_iki", field="target_ref")


# --- module helpers ----------------------------------------------------------------------------

_SECTION_KINDS = frozenset({UnitKind.SUBBAGIAN, UnitKind.BIDANG})


def _is_program(principal: Principal) -> bool:
    """The program itself (seeding, simulated colleagues), not a signed-in account."""
    return principal.simulated and principal.account_id is None


def _ref(person: Person | None) -> PersonRef | None:
    return person_ref(person) if person is not None else None


def _unit_chain(session: Session, unit_id: int) -> list[Unit]:
    """The unit and its parents, own unit first."""
    chain: list[Unit] = []
    current: int | None = unit_id
    while current is not None and len(chain) < 20:
        unit = session.get(Unit, current)
        if unit is None or unit in chain:
            break
        chain.append(unit)
        current = unit.parent_id
    return chain


def _unit_head(session: Session, unit: Unit) -> Person | None:
    return session.scalars(
        select(Person)
        .where(Person.unit_id == unit.id, Person.is_unit_head.is_(True))
        .order_by(Person.id)
    ).first()


def _skp_of(session: Session, person_id: int, year: int) -> Skp | None:
    return session.scalars(
        select(Skp).where(Skp.person_id == person_id, Skp.year == year).order_by(Skp.id.desc())
    ).first()


def _level_state(recap: QuarterRecap, index: int) -> LevelState:
    if recap.status is RecapStatus.VALID:
        return "passed"
    if recap.status is RecapStatus.DIVERIFIKASI:
        if index < recap.level_index:
            return "passed"
        return "waiting" if index == recap.level_index else "pending"
    if recap.status is RecapStatus.DIKEMBALIKAN and index == recap.level_index:
        return "returned"
    return "pending"


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            "results_svc.year_range", field="year", minimum=MIN_YEAR, maximum=MAX_YEAR
        )


def _check_quarter(year: int, quarter: int) -> None:
    _check_year(year)
    if isinstance(quarter, bool) or quarter not in (1, 2, 3, 4):
        raise ValidationError("results_svc.quarter_range", field="quarter")


def _check_month(year: int, month: int) -> None:
    _check_year(year)
    if isinstance(month, bool) or not 1 <= month <= 12:
        raise ValidationError("results_svc.month_range", field="month")


def _check_note(field: str, note: str) -> None:
    """A note by its field rule, and within the 1,000 characters its column holds."""
    validate_text(field, note)
    if len(note) > _NOTE_LIMIT:
        raise ValidationError(
            "field.too_long",
            field=field,
            label=field_label(field),
            length=len(note),
            limit=_NOTE_LIMIT,
            excess=len(note) - _NOTE_LIMIT,
        )


def _feedback_view(row: Feedback) -> FeedbackView:
    return FeedbackView(
        id=row.id,
        person_id=row.person_id,
        year=row.year,
        quarter=row.quarter,
        target_kind=row.target_kind,
        target_ref=row.target_ref,
        sentence_key=row.sentence_key,
        free_text=row.free_text,
        by_person_id=row.by_person_id,
        at=row.at,
    )


def _assessment_view(
    row: Assessment, person: Person, unit_result: UnitResult | None
) -> AssessmentView:
    return AssessmentView(
        id=row.id,
        person=person_ref(person),
        year=row.year,
        quarter=row.quarter,
        rating_hasil=row.rating_hasil,
        rating_perilaku=row.rating_perilaku,
        predikat=row.predikat,
        note=row.note,
        assessed_by_id=row.assessed_by_id,
        at=row.at,
        unit_result=unit_result,
        explanation=explain_predikat(row.rating_hasil, row.rating_perilaku),
        version=row.version,
    )
