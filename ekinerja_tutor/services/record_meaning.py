"""What the record means: monthly recaps per person and unit, and the head's year-end ranking.

Everything here is computed from verified records only: approved daily entries (not sent or
returned ones), quarterly recaps that reached VALID, the direct supervisor's assessments, and
attendance as the attendance system sent it. The allowance is the TPP example of
:meth:`ResultsService.allowance_for`, always labelled as a regional example.

Who reads what:

* a unit's monthly recap (and one person's row of it) is open to every employee of the sandbox:
  any seat in the sandbox, the sandbox's owner, or staff (trainers, mentors, admins) — the
  transparency some regencies practise; other sandboxes are refused;
* the year-end ranking of units and staff is the Kepala Dinas' view only (the head of the
  office's Dinas, sitting in that seat).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import quarter_end, quarter_start
from ekinerja_tutor.domain.daily import entry_minutes
from ekinerja_tutor.domain.errors import NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.domain.statuses import (
    DailyStatus,
    Predikat,
    RecapStatus,
    UnitKind,
    UnitResult,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Assessment,
    Attendance,
    DailyEntry,
    Person,
    QuarterRecap,
    Sandbox,
    Unit,
    UnitPeriodResult,
)
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.context import Service
from ekinerja_tutor.services.daily_logs import PersonRef, person_ref
from ekinerja_tutor.services.results import AllowanceView, ResultsService

Viewer = Seat | Principal
"""A seat in the sandbox (any employee) or a principal viewing it (owner or staff)."""

PREDIKAT_SCORE: dict[Predikat, int] = {
    Predikat.SANGAT_BAIK: 5,
    Predikat.BAIK: 4,
    Predikat.BUTUH_PERBAIKAN: 3,
    Predikat.KURANG: 2,
    Predikat.SANGAT_KURANG: 1,
}
UNIT_RESULT_SCORE: dict[UnitResult, int] = {
    UnitResult.ISTIMEWA: 5,
    UnitResult.BAIK: 4,
    UnitResult.BUTUH_PERBAIKAN: 3,
    UnitResult.KURANG: 2,
    UnitResult.SANGAT_KURANG: 1,
}
_WAITING = (DailyStatus.DIKIRIM, DailyStatus.REVISI)


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonMonthView:
    """One person's month as the records show it.

    Attributes:
        approved_minutes: minutes of approved entries only: what counts.
        waiting_minutes: minutes sent but not approved (waiting or returned): not counted yet.
        standard_percent: approved minutes against the monthly standard (may exceed 100).
        allowance: the TPP example (``allowance.label`` says it is a regional example).
        notes: plain-words reasons the month counts for less than it could.
    """

    person: PersonRef
    unit_id: int
    unit_name: str
    year: int
    month: int
    approved_minutes: int
    waiting_minutes: int
    monthly_standard: int
    standard_percent: float
    sent_entries: int
    on_time_entries: int
    on_time_rate: float | None
    working_days: int
    days_present: int
    days_late: int
    discipline_violations: int
    attendance_recorded: bool
    allowance: AllowanceView
    notes: tuple[Msg, ...]
    label: Msg
    regional_example: bool = True


@dataclass(frozen=True)
class UnitRecapView:
    """A unit's month: a row per person of the unit and the units below it, and totals."""

    unit_id: int
    unit_name: str
    unit_kind: UnitKind
    year: int
    month: int
    rows: tuple[PersonMonthView, ...]
    approved_minutes: int
    waiting_minutes: int
    monthly_standard_total: int
    standard_percent: float
    sent_entries: int
    on_time_entries: int
    on_time_rate: float | None
    allowance_total: int
    transparency: Msg
    label: Msg
    regional_example: bool = True


@dataclass(frozen=True)
class StaffRankView:
    """One employee's verified year.

    Attributes:
        predikat: the latest assessed quarter's predikat (None: not assessed this year).
        predikat_by_quarter: every assessed quarter's predikat.
    """

    rank: int
    person: PersonRef
    unit_name: str
    approved_minutes: int
    waiting_minutes: int
    valid_recaps: int
    submitted_recaps: int
    predikat: Predikat | None
    predikat_quarter: int | None
    predikat_by_quarter: tuple[tuple[int, Predikat], ...]


@dataclass(frozen=True)
class UnitRankView:
    """A unit directly under the Dinas (with everything below it) over the year.

    Attributes:
        unit_result: the unit's own result of its latest rated quarter (None: never rated).
        valid_share: valid recaps out of those due (members × quarters ended), None if none due.
        mean_predikat: the mean score (5 Sangat Baik … 1 Sangat Kurang) of members' latest
            predikat, None when nobody was assessed.
    """

    rank: int
    unit_id: int
    unit_name: str
    members: int
    approved_minutes: int
    minutes_per_member: float
    valid_recaps: int
    valid_share: float | None
    unit_result: UnitResult | None
    mean_predikat: float | None
    predikat_counts: tuple[tuple[Predikat, int], ...]


@dataclass(frozen=True)
class RankingView:
    """The head's year-end view, from verified results only (``basis`` says so)."""

    year: int
    as_of: dt.datetime
    quarters_ended: int
    units: tuple[UnitRankView, ...]
    staff: tuple[StaffRankView, ...]
    basis: Msg


# --- the service -------------------------------------------------------------------------------


class RecordMeaningService(Service):
    """Monthly recaps (open to every employee of the sandbox) and the head's ranking."""

    def person_recap(self, who: Viewer, person_id: int, year: int, month: int) -> PersonMonthView:
        """One person's month, readable by every employee of the same sandbox."""
        _check_month(year, month)
        with self.db.read() as session, self.db.joined(session):
            person = session.get(Person, person_id)
            if person is None:
                raise NotFound(what=Msg("noun.person"))
            self._ensure_reader(session, who, person.sandbox_id)
            unit = session.get(Unit, person.unit_id)
            return self._person_month(session, person, unit, year, month)

    def unit_recap(self, who: Viewer, unit_id: int, year: int, month: int) -> UnitRecapView:
        """A unit's month, person by person (the unit and every unit below it): open to every
        employee of the sandbox, refused to anyone outside it."""
        _check_month(year, month)
        with self.db.read() as session, self.db.joined(session):
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise NotFound(what=Msg("results_svc.noun_unit"))
            self._ensure_reader(session, who, unit.sandbox_id)
            units = {u.id: u for u in _subtree(session, unit)}
            people = _members(session, units)
            rows = tuple(
                self._person_month(session, p, units.get(p.unit_id), year, month) for p in people
            )
            approved = sum(r.approved_minutes for r in rows)
            standard = sum(r.monthly_standard for r in rows)
            sent = sum(r.sent_entries for r in rows)
            on_time = sum(r.on_time_entries for r in rows)
            return UnitRecapView(
                unit_id=unit.id,
                unit_name=unit.name,
                unit_kind=unit.kind,
                year=year,
                month=month,
                rows=rows,
                approved_minutes=approved,
                waiting_minutes=sum(r.waiting_minutes for r in rows),
                monthly_standard_total=standard,
                standard_percent=approved * 100 / standard if standard else 0.0,
                sent_entries=sent,
                on_time_entries=on_time,
                on_time_rate=on_time / sent if sent else None,
                allowance_total=sum(r.allowance.result.amount for r in rows),
                transparency=Msg("meaning.unit_recap_public"),
                label=Msg("meaning.tpp_regional_example"),
            )

    def ranking(self, seat: Seat, year: int) -> RankingView:
        """The Kepala Dinas' year-end view: units under the Dinas and its staff ranked by
        verified results, up to the sandbox's today.

        Staff order: latest predikat, then valid recaps, then approved minutes. Unit order:
        the unit's own latest result, then its members' mean predikat, then the share of due
        recaps that are valid, then approved minutes per member.
        """
        _check_year(year)
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            dinas = session.get(Unit, me.unit_id)
            if dinas is None or dinas.kind is not UnitKind.DINAS or not me.is_unit_head:
                raise PermissionDenied(reason=Msg("meaning.perm_head_only"))
            today = sandbox.today.date()
            quarters_ended = sum(
                1 for q in range(1, 5) if quarter_end(quarter_start(year, q)) < today
            )
            units = {u.id: u for u in _subtree(session, dinas)}
            staff = [p for p in _members(session, units) if p.id != me.id]
            facts = _year_facts(session, [p.id for p in staff], year)
            staff_rows = sorted(
                (_staff_row(p, units, facts) for p in staff),
                key=lambda r: (
                    -(PREDIKAT_SCORE[r.predikat] if r.predikat else 0),
                    -r.valid_recaps,
                    -r.approved_minutes,
                    r.person.name,
                ),
            )
            ranked_staff = tuple(
                _with_rank(row, index) for index, row in enumerate(staff_rows, start=1)
            )
            unit_rows = self._unit_rows(session, dinas, staff_rows, year, quarters_ended)
            return RankingView(
                year=year,
                as_of=sandbox.today,
                quarters_ended=quarters_ended,
                units=unit_rows,
                staff=ranked_staff,
                basis=Msg("meaning.ranking_basis"),
            )

    # -- internals ------------------------------------------------------------------------------

    def _ensure_reader(self, session: Session, who: Viewer, sandbox_id: int) -> None:
        if isinstance(who, Seat):
            sandbox, _ = self._seat(session, who)  # the principal may sit there at all
            if sandbox.id != sandbox_id:
                raise PermissionDenied(reason=Msg("perm.other_sandbox"))
            return
        target = session.get(Sandbox, sandbox_id)
        if target is None:
            raise NotFound(what=Msg("noun.sandbox"))
        self._ensure_viewer(session, who, target)

    def _person_month(
        self, session: Session, person: Person, unit: Unit | None, year: int, month: int
    ) -> PersonMonthView:
        allowance = ResultsService(self.ctx).allowance_for(SYSTEM, person.id, year, month)
        first = dt.date(year, month, 1)
        last = dt.date(year, month, _stdlib_calendar.monthrange(year, month)[1])
        rows = session.execute(
            select(DailyEntry.status, DailyEntry.jam_mulai, DailyEntry.jam_selesai).where(
                DailyEntry.person_id == person.id,
                DailyEntry.tanggal >= first,
                DailyEntry.tanggal <= last,
                DailyEntry.status.in_(_WAITING),
            )
        ).all()
        waiting = sum(entry_minutes(start, end) for _, start, end in rows)
        attendance = session.scalars(
            select(Attendance).where(
                Attendance.person_id == person.id,
                Attendance.year == year,
                Attendance.month == month,
            )
        ).first()
        standard = self.ctx.rules.allowance.monthly_minutes_standard
        notes: list[Msg] = []
        if waiting:
            notes.append(Msg("meaning.note.waiting_minutes", {"minutes": waiting}))
        if allowance.approved_minutes < standard:
            notes.append(
                Msg(
                    "meaning.note.below_standard",
                    {"approved": allowance.approved_minutes, "standard": standard},
                )
            )
        late = allowance.sent_entries - allowance.on_time_entries
        if late:
            notes.append(Msg("meaning.note.late_entries", {"late": late}))
        notes.extend(allowance.notes)
        return PersonMonthView(
            person=person_ref(person),
            unit_id=person.unit_id,
            unit_name=unit.name if unit else "",
            year=year,
            month=month,
            approved_minutes=allowance.approved_minutes,
            waiting_minutes=waiting,
            monthly_standard=standard,
            standard_percent=allowance.approved_minutes * 100 / standard if standard else 0.0,
            sent_entries=allowance.sent_entries,
            on_time_entries=allowance.on_time_entries,
            on_time_rate=allowance.on_time_rate,
            working_days=allowance.working_days,
            days_present=allowance.days_present,
            days_late=attendance.days_late if attendance else 0,
            discipline_violations=allowance.discipline_violations,
            attendance_recorded=allowance.attendance_recorded,
            allowance=allowance,
            notes=tuple(notes),
            label=Msg("meaning.tpp_regional_example"),
        )

    def _unit_rows(
        self,
        session: Session,
        dinas: Unit,
        staff: Sequence[StaffRankView],
        year: int,
        quarters_ended: int,
    ) -> tuple[UnitRankView, ...]:
        children = session.scalars(
            select(Unit).where(Unit.parent_id == dinas.id).order_by(Unit.id)
        ).all()
        rows: list[UnitRankView] = []
        for child in children:
            inside = {u.id for u in _subtree(session, child)}
            members = [s for s in staff if s.person.id in _ids_in(session, inside)]
            latest_result = session.scalars(
                select(UnitPeriodResult)
                .where(UnitPeriodResult.unit_id == child.id, UnitPeriodResult.year == year)
                .order_by(UnitPeriodResult.quarter.desc())
            ).first()
            scores = [PREDIKAT_SCORE[m.predikat] for m in members if m.predikat]
            counts = dict.fromkeys(Predikat, 0)
            for m in members:
                if m.predikat:
                    counts[m.predikat] += 1
            due = len(members) * quarters_ended
            valid = sum(m.valid_recaps for m in members)
            approved = sum(m.approved_minutes for m in members)
            rows.append(
                UnitRankView(
                    rank=0,
                    unit_id=child.id,
                    unit_name=child.name,
                    members=len(members),
                    approved_minutes=approved,
                    minutes_per_member=approved / len(members) if members else 0.0,
                    valid_recaps=valid,
                    valid_share=valid / due if due else None,
                    unit_result=latest_result.result if latest_result else None,
                    mean_predikat=sum(scores) / len(scores) if scores else None,
                    predikat_counts=tuple(counts.items()),
                )
            )
        rows.sort(
            key=lambda r: (
                -(UNIT_RESULT_SCORE[r.unit_result] if r.unit_result else 0),
                -(r.mean_predikat or 0.0),
                -(r.valid_share or 0.0),
                -r.minutes_per_member,
                r.unit_name,
            )
        )
        return tuple(
            UnitRankView(**{**row.__dict__, "rank": index})
            for index, row in enumerate(rows, start=1)
        )


# --- helpers -----------------------------------------------------------------------------------


@dataclass
class _Facts:
    approved: dict[int, int]
    waiting: dict[int, int]
    valid: dict[int, int]
    submitted: dict[int, int]
    predikat: dict[int, list[tuple[int, Predikat]]]


def _year_facts(session: Session, person_ids: Sequence[int], year: int) -> _Facts:
    facts = _Facts(
        defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(list)
    )
    if not person_ids:
        return facts
    entries = session.execute(
        select(
            DailyEntry.person_id, DailyEntry.status, DailyEntry.jam_mulai, DailyEntry.jam_selesai
        ).where(
            DailyEntry.person_id.in_(person_ids),
            DailyEntry.tanggal >= dt.date(year, 1, 1),
            DailyEntry.tanggal <= dt.date(year, 12, 31),
            DailyEntry.status != DailyStatus.DRAFT,
        )
    )
    for person_id, status, start, end in entries:
        if status is DailyStatus.DISETUJUI:
            facts.approved[person_id] += entry_minutes(start, end)
        else:
            facts.waiting[person_id] += entry_minutes(start, end)
    recaps = session.execute(
        select(QuarterRecap.person_id, QuarterRecap.status).where(
            QuarterRecap.person_id.in_(person_ids), QuarterRecap.year == year
        )
    )
    for person_id, recap_status in recaps:
        if recap_status is not RecapStatus.DRAFT:
            facts.submitted[person_id] += 1
        if recap_status is RecapStatus.VALID:
            facts.valid[person_id] += 1
    assessed = session.execute(
        select(Assessment.person_id, Assessment.quarter, Assessment.predikat)
        .where(Assessment.person_id.in_(person_ids), Assessment.year == year)
        .order_by(Assessment.quarter)
    )
    for person_id, quarter, value in assessed:
        facts.predikat[person_id].append((quarter, value))
    return facts


def _staff_row(person: Person, units: dict[int, Unit], facts: _Facts) -> StaffRankView:
    by_quarter = tuple(facts.predikat.get(person.id, ()))
    latest = by_quarter[-1] if by_quarter else None
    unit = units.get(person.unit_id)
    return StaffRankView(
        rank=0,
        person=person_ref(person),
        unit_name=unit.name if unit else "",
        approved_minutes=facts.approved.get(person.id, 0),
        waiting_minutes=facts.waiting.get(person.id, 0),
        valid_recaps=facts.valid.get(person.id, 0),
        submitted_recaps=facts.submitted.get(person.id, 0),
        predikat=latest[1] if latest else None,
        predikat_quarter=latest[0] if latest else None,
        predikat_by_quarter=by_quarter,
    )


def _with_rank(row: StaffRankView, rank: int) -> StaffRankView:
    return StaffRankView(**{**row.__dict__, "rank": rank})


def _subtree(session: Session, root: Unit) -> list[Unit]:
    """``root`` and every unit below it (breadth first)."""
    found = [root]
    frontier = [root.id]
    while frontier:
        children = session.scalars(
            select(Unit).where(Unit.parent_id.in_(frontier)).order_by(Unit.id)
        ).all()
        children = [c for c in children if c not in found]
        found.extend(children)
        frontier = [c.id for c in children]
    return found


def _members(session: Session, units: dict[int, Unit]) -> list[Person]:
    """People of these units (not the simulated outsiders), heads first, then by name."""
    if not units:
        return []
    people = session.scalars(
        select(Person).where(Person.unit_id.in_(list(units)), Person.simulated_external.is_(False))
    ).all()
    order = {unit_id: index for index, unit_id in enumerate(units)}
    return sorted(people, key=lambda p: (order[p.unit_id], not p.is_unit_head, p.name, p.id))


def _ids_in(session: Session, unit_ids: Iterable[int]) -> set[int]:
    ids = list(unit_ids)
    if not ids:
        return set()
    return set(session.scalars(select(Person.id).where(Person.unit_id.in_(ids))).all())


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationError("results_svc.year_range", field="year", minimum=2000, maximum=2100)


def _check_month(year: int, month: int) -> None:
    _check_year(year)
    if isinstance(month, bool) or not 1 <= month <= 12:
        raise ValidationError("results_svc.month_range", field="month")
