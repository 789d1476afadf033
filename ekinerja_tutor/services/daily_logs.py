"""Progres Harian: the employee's daily entries and the direct supervisor's review of them.

The employee (the seat's own person) drafts, sends and fixes entries; only the direct
supervisor (Pejabat Penilai Kinerja) approves them, asks for revision or checks the evidence.
Every rule (status machine, form rules, minute cap, on-time rule, period locks) comes from
:mod:`ekinerja_tutor.domain.daily` and :mod:`ekinerja_tutor.domain.evidence`; this module loads
what those rules need, checks who may act, writes the change and its audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.daily import (
    EDITABLE_STATUSES,
    DailyEntryInput,
    collect_entry_problems,
    ensure_entry_editable,
    entry_minutes,
    is_on_time,
    is_period_locked,
    transition_daily,
    validate_entry,
)
from ekinerja_tutor.domain.errors import (
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.evidence import entry_requires_evidence, set_evidence_check
from ekinerja_tutor.domain.fields import validate_text
from ekinerja_tutor.domain.permissions import ensure_reviewer
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    DailyEntry,
    PeriodUnlock,
    Person,
    RencanaAksi,
    Rhk,
    Sandbox,
    Skp,
)
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service

Reader = Seat | Principal
"""Who reads: a :class:`Seat` (a person in the sandbox) or a :class:`Principal` viewing it
(the learner owning the sandbox, or a trainer, mentor or admin, read-only)."""

MAX_PAGE_SIZE = 200
MAX_RANGE_DAYS = 366

ENTRY_AUDIT_FIELDS: tuple[str, ...] = (
    "person_id",
    "rencana_aksi_id",
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "kegiatan",
    "realisasi",
    "satuan",
    "bukti_dukung",
    "status",
    "revision_note",
    "evidence_check",
    "evidence_note",
    "quick_field_draft",
    "place",
    "submitted_at",
    "on_time",
    "reviewed_at",
    "reviewed_by_id",
)

#: Form fields whose rules (length, one line, link) also hold for a draft once filled in.
_DRAFT_CHECKED_FIELDS = frozenset({"kegiatan", "satuan", "bukti_dukung", "realisasi"})


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRef:
    """A person as lists show them."""

    id: int
    key: str
    name: str
    nip: str
    jabatan: str


@dataclass(frozen=True)
class FieldProblem:
    """Something that still blocks sending, shown beside ``field``."""

    field: str | None
    message: Msg


@dataclass(frozen=True)
class DailyEntryView:
    """One Progres Harian entry.

    Attributes:
        minutes: the entry's working minutes (end minus start).
        problems: what still blocks sending; filled by ``save_draft`` only (reads leave it empty).
    """

    id: int
    sandbox_id: int
    person_id: int
    rencana_aksi_id: int | None
    rencana_aksi_text: str | None
    tanggal: dt.date
    jam_mulai: dt.time
    jam_selesai: dt.time
    minutes: int
    kegiatan: str
    realisasi: int
    satuan: str
    bukti_dukung: str
    status: DailyStatus
    revision_note: str | None
    evidence_check: EvidenceCheck
    evidence_note: str | None
    quick_field_draft: bool
    place: str | None
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    on_time: bool | None
    reviewed_at: dt.datetime | None
    reviewed_by_id: int | None
    version: int
    problems: tuple[FieldProblem, ...] = ()

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def as_input(self) -> DailyEntryInput:
        """The form as it would be shown for editing this entry."""
        return DailyEntryInput(
            tanggal=self.tanggal,
            jam_mulai=self.jam_mulai,
            jam_selesai=self.jam_selesai,
            kegiatan=self.kegiatan,
            realisasi=self.realisasi,
            satuan=self.satuan,
            bukti_dukung=self.bukti_dukung,
            rencana_aksi_id=self.rencana_aksi_id,
        )


@dataclass(frozen=True)
class DayView:
    """One day of the "Mingguan" (weekly) tab."""

    tanggal: dt.date
    working_day: bool
    holiday: str | None
    entries: tuple[DailyEntryView, ...]
    minutes: int
    approved_minutes: int


@dataclass(frozen=True)
class WeekView:
    """A person's week: working days (5 or more), plus any other day that has entries."""

    person: PersonRef
    week_start: dt.date
    week_end: dt.date
    days: tuple[DayView, ...]
    total_minutes: int
    approved_minutes: int
    daily_minute_cap: int


@dataclass(frozen=True)
class EntryPage:
    items: tuple[DailyEntryView, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class InboxItem:
    person: PersonRef
    entry: DailyEntryView


@dataclass(frozen=True)
class InboxView:
    """The supervisor's review inbox, oldest submission first.

    Attributes:
        subordinates: the direct subordinates whose work this seat reviews (for the filter).
        persona_hidden: a learner in the supervisor seat does not see their own persona's
            entries; the simulated supervisor reviews those.
    """

    items: tuple[InboxItem, ...]
    total: int
    page: int
    page_size: int
    status: DailyStatus | None
    subordinates: tuple[PersonRef, ...]
    persona_hidden: bool


@dataclass(frozen=True)
class BulkItemResult:
    entry_id: int
    ok: bool
    message: Msg | None = None
    entry: DailyEntryView | None = None


@dataclass(frozen=True)
class BulkResult:
    items: tuple[BulkItemResult, ...]

    @property
    def approved(self) -> tuple[int, ...]:
        return tuple(item.entry_id for item in self.items if item.ok)

    @property
    def failed(self) -> tuple[BulkItemResult, ...]:
        return tuple(item for item in self.items if not item.ok)


# --- shared helpers (also used by the results service) ----------------------------------------


def person_ref(person: Person) -> PersonRef:
    return PersonRef(person.id, person.key, person.name, person.nip, person.jabatan)


def check_page(page: int, page_size: int) -> None:
    if page < 0 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationError("daily_svc.bad_page", field="page", maximum=MAX_PAGE_SIZE)


class OfficeService(Service):
    """Guards shared by the services that act on people of the sandbox office."""

    def _person_in(self, session: Session, sandbox_id: int, person_id: int) -> Person:
        person = session.get(Person, person_id)
        if person is None or person.sandbox_id != sandbox_id:
            raise NotFound(what=Msg("noun.person"))
        return person

    def _is_above(self, session: Session, boss_id: int, person: Person) -> bool:
        """True when ``boss_id`` is anywhere up ``person``'s supervisor chain."""
        seen: set[int] = set()
        current = person.supervisor_id
        while current is not None and current not in seen:
            if current == boss_id:
                return True
            seen.add(current)
            current = session.scalar(select(Person.supervisor_id).where(Person.id == current))
        return False

    def _reader(
        self, session: Session, who: Reader, person_id: int
    ) -> tuple[Sandbox, Person, bool]:
        """Load ``person_id`` for reading; returns (sandbox, person, sees_drafts).

        A seat (simulated ones too: a colleague played by the program is still that colleague)
        reads its own person and the people below it in the chain, not their drafts. A
        principal reads a sandbox it owns; staff and the program read any sandbox, drafts too.
        """
        if isinstance(who, Seat):
            sandbox, me = self._seat(session, who)
            person = self._person_in(session, sandbox.id, person_id)
            if person.id == me.id:
                return sandbox, person, True
            if self._is_above(session, me.id, person):
                return sandbox, person, False
            raise PermissionDenied(reason=Msg("perm.not_supervisor"))
        viewed = session.get(Person, person_id)
        if viewed is None:
            raise NotFound(what=Msg("noun.person"))
        sandbox = self._sandbox(session, viewed.sandbox_id)
        self._ensure_viewer(session, who, sandbox)
        return sandbox, viewed, True

    def _ensure_reviewer(self, seat: Seat, sandbox: Sandbox, me: Person, subject: Person) -> None:
        """Only the direct supervisor reviews; never one's own work; a learner's own persona is
        reviewed by the simulated supervisor, not by the learner sitting in that seat."""
        ensure_reviewer(me.id, subject.id, subject.supervisor_id)
        if not seat.simulated and subject.id == sandbox.persona_id:
            raise PermissionDenied(reason=Msg("perm.persona_reviewed_by_simulation"))

    def _subordinates(self, session: Session, me: Person) -> list[Person]:
        return list(
            session.scalars(
                select(Person)
                .where(Person.sandbox_id == me.sandbox_id, Person.supervisor_id == me.id)
                .order_by(Person.name, Person.id)
            )
        )

    def _period_unlocked(
        self, session: Session, sandbox: Sandbox, person_id: int, year: int, month: int
    ) -> bool:
        """An admin unlock of this month for this person (or everyone) still in force."""
        found = session.scalar(
            select(PeriodUnlock.id).where(
                PeriodUnlock.sandbox_id == sandbox.id,
                or_(PeriodUnlock.person_id == person_id, PeriodUnlock.person_id.is_(None)),
                PeriodUnlock.year == year,
                PeriodUnlock.month == month,
                PeriodUnlock.until >= sandbox.today,
            )
        )
        return found is not None

    def _month_locked(
        self, session: Session, sandbox: Sandbox, person_id: int, day: dt.date
    ) -> bool:
        unlocked = self._period_unlocked(session, sandbox, person_id, day.year, day.month)
        return is_period_locked(day, sandbox.today.date(), self.ctx.rules, unlocked)


# --- the service -------------------------------------------------------------------------------


class DailyLogService(OfficeService):
    """Progres Harian for the employee, and its review by the direct supervisor."""

    # -- the employee ---------------------------------------------------------------------------

    def save_draft(self, seat: Seat, entry_id: int | None, form: DailyEntryInput) -> DailyEntryView:
        """Create (``entry_id`` None) or update an editable entry of the seat's own person.

        A draft may be incomplete: empty fields and context rules (date, minute cap, period
        lock) wait for :meth:`submit`. Filled-in fields must still obey their rules (length,
        one line, link scheme, whole number), so nothing invalid is ever stored. The returned
        view lists in ``problems`` what still blocks sending.
        """
        self._practice_failure(seat)
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            self._lock_person(session, me)
            entry: DailyEntry | None = None
            if entry_id is not None:
                entry = self._own_entry(session, sandbox, me, entry_id)
                ensure_entry_editable(entry.status)
            ra = self._rencana_aksi_of(session, sandbox, me, form.rencana_aksi_id)
            world = self._world(session, sandbox, me, form, ra=ra, exclude_id=entry_id)
            problems = self._problems(form, world)
            for problem in problems:
                value = getattr(form, problem.field or "", None)
                if problem.field in _DRAFT_CHECKED_FIELDS and value != "":
                    raise problem
            before = snapshot(entry, *ENTRY_AUDIT_FIELDS) if entry else None
            if entry is None:
                entry = DailyEntry(
                    sandbox_id=sandbox.id,
                    person_id=me.id,
                    status=DailyStatus.DRAFT,
                    evidence_check=EvidenceCheck.BELUM_DIVERIFIKASI,
                    quick_field_draft=False,
                    created_at=sandbox.today,
                )
                session.add(entry)
            _apply_form(entry, form)
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="daily.create" if before is None else "daily.update",
                entity="daily_entry",
                entity_id=entry.id,
                before=before,
                after=snapshot(entry, *ENTRY_AUDIT_FIELDS),
            )
            view = _entry_view(entry, ra.text if ra else None)
            return replace(
                view,
                problems=tuple(FieldProblem(p.field, p.message) for p in problems),
            )

    def submit(self, seat: Seat, entry_id: int) -> DailyEntryView:
        """Send a DRAFT or REVISI entry to the supervisor (→ DIKIRIM).

        Runs every form rule with the sandbox's today, the regional minute cap over the
        person's other entries that day, and the period lock (admin unlocks included). The
        entry is on time when sent (sandbox now) within the regional number of working days.
        """
        self._practice_failure(seat)
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            self._lock_person(session, me)
            entry = self._own_entry(session, sandbox, me, entry_id)
            before = snapshot(entry, *ENTRY_AUDIT_FIELDS)
            ensure_entry_editable(entry.status)
            form = _form_of(entry)
            ra = self._rencana_aksi_of(session, sandbox, me, entry.rencana_aksi_id)
            self._validate(
                form, self._world(session, sandbox, me, form, ra=ra, exclude_id=entry.id)
            )
            entry.status = transition_daily(entry.status, DailyStatus.DIKIRIM)
            entry.submitted_at = sandbox.today
            entry.on_time = is_on_time(
                entry.tanggal, sandbox.today, self.ctx.calendar, self.ctx.rules
            )
            entry.quick_field_draft = False
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="daily.submit",
                entity="daily_entry",
                entity_id=entry.id,
                before=before,
                after=snapshot(entry, *ENTRY_AUDIT_FIELDS),
            )
            return _entry_view(entry, ra.text if ra else None)

    def _practice_failure(self, seat: Seat) -> None:
        """A trainer's practice failure for this learner: slowness, then a "server error"."""
        from ekinerja_tutor.services.training_failures import save_failure

        if not seat.simulated:
            scale = self.ctx.extras.get("practice_slowness_scale", 1.0)
            save_failure(self.db, seat.principal.account_id, scale=scale)

    def delete_draft(self, seat: Seat, entry_id: int) -> None:
        """Delete one of the seat's own entries that was never sent (status DRAFT)."""
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            entry = self._own_entry(session, sandbox, me, entry_id)
            if entry.status is not DailyStatus.DRAFT:
                ensure_entry_editable(entry.status)
                raise ValidationError("daily_svc.delete_only_draft", field=None)
            before = snapshot(entry, *ENTRY_AUDIT_FIELDS)
            session.delete(entry)
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="daily.delete",
                entity="daily_entry",
                entity_id=entry_id,
                before=before,
                after=None,
            )

    def copy_from_previous(self, seat: Seat, tanggal: dt.date) -> DailyEntryInput:
        """Start from yesterday's entry: the person's latest entry before ``tanggal`` (any
        status), as a new form dated ``tanggal``. Nothing is saved. The Rencana Aksi is kept only
        when it belongs to the new date's month (Rencana Aksi are monthly).
        """
        with self.db.read() as session:
            _, me = self._seat(session, seat)
            entry = session.scalars(
                select(DailyEntry)
                .where(DailyEntry.person_id == me.id, DailyEntry.tanggal < tanggal)
                .order_by(
                    DailyEntry.tanggal.desc(), DailyEntry.jam_mulai.desc(), DailyEntry.id.desc()
                )
                .limit(1)
            ).first()
            if entry is None:
                raise NotFound("daily_svc.nothing_to_copy", date=date_label(tanggal))
            ra_id = entry.rencana_aksi_id
            if ra_id is not None:
                ra = session.get(RencanaAksi, ra_id)
                if ra is None or (ra.year, ra.month) != (tanggal.year, tanggal.month):
                    ra_id = None
            return replace(_form_of(entry), tanggal=tanggal, rencana_aksi_id=ra_id)

    def quick_field_entry(self, seat: Seat, words: str, place: str | None = None) -> DailyEntryView:
        """A few words typed in the field: a DRAFT dated today, starting now.

        It stays a draft (``quick_field_draft``; reminders point at it) until the employee
        completes it and sends it.
        """
        validate_text("kegiatan", words)
        if place:
            _validate_place(place)
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            now = sandbox.today.time().replace(second=0, microsecond=0)
            entry = DailyEntry(
                sandbox_id=sandbox.id,
                person_id=me.id,
                tanggal=sandbox.today.date(),
                jam_mulai=now,
                jam_selesai=now,
                kegiatan=words,
                realisasi=0,
                satuan="",
                bukti_dukung="",
                status=DailyStatus.DRAFT,
                evidence_check=EvidenceCheck.BELUM_DIVERIFIKASI,
                quick_field_draft=True,
                place=place or None,
                created_at=sandbox.today,
            )
            session.add(entry)
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="daily.quick_field",
                entity="daily_entry",
                entity_id=entry.id,
                before=None,
                after=snapshot(entry, *ENTRY_AUDIT_FIELDS),
            )
            return _entry_view(entry, None)

    # -- reading --------------------------------------------------------------------------------

    def get(self, who: Reader, entry_id: int) -> DailyEntryView:
        with self.db.read() as session:
            entry = session.get(DailyEntry, entry_id)
            if entry is None:
                raise NotFound(what=Msg("noun.daily_entry"))
            if isinstance(who, Seat) and entry.sandbox_id != who.sandbox_id:
                raise NotFound(what=Msg("noun.daily_entry"))
            _, _, sees_drafts = self._reader(session, who, entry.person_id)
            if entry.status is DailyStatus.DRAFT and not sees_drafts:
                raise NotFound(what=Msg("noun.daily_entry"))
            return self._views(session, [entry])[0]

    def week(self, who: Reader, person_id: int, week_start: dt.date) -> WeekView:
        """The "Mingguan" tab: the week (Monday first) holding ``week_start``.

        Shows every working weekday of the region (holidays named) and any other day of the
        week that has entries, each with its entries and minutes.
        """
        monday = week_start - dt.timedelta(days=week_start.weekday())
        sunday = monday + dt.timedelta(days=6)
        calendar = self.ctx.calendar
        with self.db.read() as session:
            _, person, sees_drafts = self._reader(session, who, person_id)
            query = select(DailyEntry).where(
                DailyEntry.person_id == person.id,
                DailyEntry.tanggal >= monday,
                DailyEntry.tanggal <= sunday,
            )
            if not sees_drafts:
                query = query.where(DailyEntry.status != DailyStatus.DRAFT)
            rows = list(
                session.scalars(
                    query.order_by(DailyEntry.tanggal, DailyEntry.jam_mulai, DailyEntry.id)
                )
            )
            views = self._views(session, rows)
            days: list[DayView] = []
            for offset in range(7):
                day = monday + dt.timedelta(days=offset)
                entries = tuple(v for v in views if v.tanggal == day)
                if day.weekday() not in calendar.working_weekdays and not entries:
                    continue
                days.append(
                    DayView(
                        tanggal=day,
                        working_day=calendar.is_working_day(day),
                        holiday=calendar.holiday_name(day),
                        entries=entries,
                        minutes=sum(v.minutes for v in entries),
                        approved_minutes=sum(
                            v.minutes for v in entries if v.status is DailyStatus.DISETUJUI
                        ),
                    )
                )
            return WeekView(
                person=person_ref(person),
                week_start=monday,
                week_end=sunday,
                days=tuple(days),
                total_minutes=sum(d.minutes for d in days),
                approved_minutes=sum(d.approved_minutes for d in days),
                daily_minute_cap=self.ctx.rules.daily_minute_cap,
            )

    def list_entries(
        self,
        who: Reader,
        person_id: int,
        *,
        status: DailyStatus | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        newest_first: bool = True,
        page: int = 0,
        page_size: int = 50,
    ) -> EntryPage:
        """A person's entries, one page at a time, newest (or oldest) first."""
        check_page(page, page_size)
        with self.db.read() as session:
            _, person, sees_drafts = self._reader(session, who, person_id)
            query = select(DailyEntry).where(DailyEntry.person_id == person.id)
            if status is not None:
                query = query.where(DailyEntry.status == status)
            if not sees_drafts:
                query = query.where(DailyEntry.status != DailyStatus.DRAFT)
            if start is not None:
                query = query.where(DailyEntry.tanggal >= start)
            if end is not None:
                query = query.where(DailyEntry.tanggal <= end)
            keys = (DailyEntry.tanggal, DailyEntry.jam_mulai, DailyEntry.id)
            order = [k.desc() for k in keys] if newest_first else list(keys)
            return self._page(session, query, order, page, page_size)

    # -- the supervisor -------------------------------------------------------------------------

    def review_inbox(
        self,
        seat: Seat,
        person_id: int | None = None,
        status: DailyStatus | None = DailyStatus.DIKIRIM,
        page: int = 0,
        page_size: int = 50,
    ) -> InboxView:
        """Direct subordinates' sent entries (``status`` None: every sent status), oldest first.

        Drafts are the employee's own and never appear. A learner in the supervisor seat does
        not see their own persona's entries (the simulated supervisor reviews those).
        """
        check_page(page, page_size)
        if status is DailyStatus.DRAFT:
            raise ValidationError("daily_svc.inbox_no_drafts", field="status")
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            subordinates = self._subordinates(session, me)
            hide_persona = not seat.simulated and sandbox.persona_id is not None
            visible = [p for p in subordinates if not (hide_persona and p.id == sandbox.persona_id)]
            persona_hidden = len(visible) != len(subordinates)
            ids = [p.id for p in visible]
            if person_id is not None:
                subject = self._person_in(session, sandbox.id, person_id)
                self._ensure_reviewer(seat, sandbox, me, subject)
                ids = [subject.id]
            query = select(DailyEntry).where(
                DailyEntry.sandbox_id == sandbox.id,
                DailyEntry.person_id.in_(ids),
                DailyEntry.status != DailyStatus.DRAFT,
            )
            if status is not None:
                query = query.where(DailyEntry.status == status)
            order = [DailyEntry.submitted_at, DailyEntry.tanggal, DailyEntry.id]
            entries = self._page(session, query, order, page, page_size)
            people = {p.id: person_ref(p) for p in subordinates}
            return InboxView(
                items=tuple(InboxItem(people[e.person_id], e) for e in entries.items),
                total=entries.total,
                page=page,
                page_size=page_size,
                status=status,
                subordinates=tuple(person_ref(p) for p in visible),
                persona_hidden=persona_hidden,
            )

    def approve(self, seat: Seat, entry_id: int) -> DailyEntryView:
        """The direct supervisor approves a sent entry (→ DISETUJUI, locked for good)."""
        with self.db.write() as session:
            sandbox, me, entry = self._review_target(session, seat, entry_id)
            before = snapshot(entry, *ENTRY_AUDIT_FIELDS)
            entry.status = transition_daily(entry.status, DailyStatus.DISETUJUI)
            entry.reviewed_at = sandbox.today
            entry.reviewed_by_id = me.id
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="daily.approve",
                entity="daily_entry",
                entity_id=entry.id,
                before=before,
                after=snapshot(entry, *ENTRY_AUDIT_FIELDS),
            )
            return self._views(session, [entry])[0]

    def return_for_revision(
        self, seat: Seat, entry_id: int, note: str, sentence_key: str | None = None
    ) -> DailyEntryView:
        """The direct supervisor sends a sent entry back (→ REVISI); the note is required.

        ``sentence_key`` names the standard feedback sentence the note started from; it is
        kept in the audit event (the entry stores the note as the employee reads it).
        """
        if sentence_key is not None:
            check_sentence_key(sentence_key)
        with self.db.write() as session:
            sandbox, me, entry = self._review_target(session, seat, entry_id)
            before = snapshot(entry, *ENTRY_AUDIT_FIELDS)
            entry.status = transition_daily(entry.status, DailyStatus.REVISI, note)
            entry.revision_note = note
            entry.reviewed_at = sandbox.today
            entry.reviewed_by_id = me.id
            session.flush()
            after = snapshot(entry, *ENTRY_AUDIT_FIELDS)
            after["sentence_key"] = sentence_key
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="daily.return",
                entity="daily_entry",
                entity_id=entry.id,
                before=before,
                after=after,
            )
            return self._views(session, [entry])[0]

    def check_evidence(
        self, seat: Seat, entry_id: int, check: EvidenceCheck, note: str | None = None
    ) -> DailyEntryView:
        """The direct supervisor marks the Bukti Dukung SESUAI, KURANG or TIDAK_SESUAI.

        KURANG and TIDAK_SESUAI need a note saying what is missing. Allowed on sent and on
        approved entries (the check is the supervisor's mark, not a change of the entry).
        """
        with self.db.write() as session:
            sandbox, me, entry = self._review_target(
                session, seat, entry_id, statuses=(DailyStatus.DIKIRIM, DailyStatus.DISETUJUI)
            )
            before = snapshot(entry, *ENTRY_AUDIT_FIELDS)
            entry.evidence_check = set_evidence_check(entry.evidence_check, check, note)
            entry.evidence_note = note or None
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="daily.evidence_check",
                entity="daily_entry",
                entity_id=entry.id,
                before=before,
                after=snapshot(entry, *ENTRY_AUDIT_FIELDS),
            )
            return self._views(session, [entry])[0]

    def approve_many(self, seat: Seat, entry_ids: Iterable[int]) -> BulkResult:
        """Approve several entries, each in its own transaction, reporting per id.

        Each approval is a separate decision on a separate item, and is checked exactly as
        :meth:`approve` checks it. One refusal (an entry changed meanwhile, returned by
        someone else, not this supervisor's) must not undo the others: the supervisor would
        otherwise lose forty approvals to one stale row and have to redo them. Short
        transactions also keep the SQLite write lock free for everyone else in the room,
        where one long batch would hold it for the whole list.
        """
        results: list[BulkItemResult] = []
        for entry_id in dict.fromkeys(entry_ids):
            try:
                view = self.approve(seat, entry_id)
            except TutorError as error:
                results.append(BulkItemResult(entry_id, False, error.message))
            else:
                results.append(BulkItemResult(entry_id, True, None, view))
        return BulkResult(tuple(results))

    def missing_days(
        self, seat: Seat, start: dt.date, end: dt.date
    ) -> dict[PersonRef, list[dt.date]]:
        """Working days from ``start`` to ``end`` (not after the sandbox's today) on which a
        direct subordinate sent no entry. Drafts do not count: the supervisor cannot see them.
        """
        if end < start or (end - start).days > MAX_RANGE_DAYS:
            raise ValidationError("daily_svc.bad_range", field="start", days=MAX_RANGE_DAYS)
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            end = min(end, sandbox.today.date())
            days = self.ctx.calendar.working_days_between(start, end)
            subordinates = self._subordinates(session, me)
            filled: set[tuple[int, dt.date]] = set()
            if subordinates and days:
                rows = session.execute(
                    select(DailyEntry.person_id, DailyEntry.tanggal)
                    .where(
                        DailyEntry.person_id.in_([p.id for p in subordinates]),
                        DailyEntry.tanggal >= start,
                        DailyEntry.tanggal <= end,
                        DailyEntry.status != DailyStatus.DRAFT,
                    )
                    .distinct()
                )
                filled = {(pid, day) for pid, day in rows}
            return {
                person_ref(p): [d for d in days if (p.id, d) not in filled] for p in subordinates
            }

    # -- internals ------------------------------------------------------------------------------

    def _lock_person(self, session: Session, person: Person) -> None:
        """Serialise a person's entry writes (minute cap) on PostgreSQL; SQLite already is."""
        if not self.db.is_sqlite:
            session.execute(select(Person.id).where(Person.id == person.id).with_for_update())

    def _own_entry(
        self, session: Session, sandbox: Sandbox, me: Person, entry_id: int
    ) -> DailyEntry:
        entry = session.get(DailyEntry, entry_id, with_for_update=True)
        if entry is None or entry.sandbox_id != sandbox.id:
            raise NotFound(what=Msg("noun.daily_entry"))
        if entry.person_id != me.id:
            raise PermissionDenied(reason=Msg("perm.not_owner"))
        return entry

    def _review_target(
        self,
        session: Session,
        seat: Seat,
        entry_id: int,
        statuses: Sequence[DailyStatus] | None = None,
    ) -> tuple[Sandbox, Person, DailyEntry]:
        sandbox, me = self._seat(session, seat)
        entry = session.get(DailyEntry, entry_id, with_for_update=True)
        if entry is None or entry.sandbox_id != sandbox.id:
            raise NotFound(what=Msg("noun.daily_entry"))
        subject = self._person_in(session, sandbox.id, entry.person_id)
        self._ensure_reviewer(seat, sandbox, me, subject)
        if entry.status is DailyStatus.DRAFT:
            # A draft is the employee's own: to the supervisor it does not exist yet.
            raise NotFound(what=Msg("noun.daily_entry"))
        if statuses is not None and entry.status not in statuses:
            raise ValidationError("daily_svc.evidence_not_sent", field=None)
        return sandbox, me, entry

    def _rencana_aksi_of(
        self, session: Session, sandbox: Sandbox, me: Person, ra_id: int | None
    ) -> RencanaAksi | None:
        """The chosen Rencana Aksi, which must hang off one of the person's own SKPs."""
        if ra_id is None:
            return None
        row = session.execute(
            select(RencanaAksi, Skp.person_id)
            .join(Rhk, Rhk.id == RencanaAksi.rhk_id)
            .join(Skp, Skp.id == Rhk.skp_id)
            .where(RencanaAksi.id == ra_id)
        ).first()
        if row is None or row[0].sandbox_id != sandbox.id or row[1] != me.id:
            raise ValidationError("daily_svc.rencana_aksi_not_yours", field="rencana_aksi_id")
        return row[0]

    def _world(
        self,
        session: Session,
        sandbox: Sandbox,
        me: Person,
        form: DailyEntryInput,
        *,
        ra: RencanaAksi | None,
        exclude_id: int | None,
    ) -> _World:
        """What the domain's form rules need to know about the world around the form.

        The minute cap counts the person's other entries of that day that were sent (DIKIRIM,
        REVISI, DISETUJUI). Unsent drafts claim no minutes: a forgotten autosaved draft must
        not block today's real entry; whichever entry is sent first takes the minutes.
        """
        others = session.execute(
            select(DailyEntry.jam_mulai, DailyEntry.jam_selesai).where(
                DailyEntry.person_id == me.id,
                DailyEntry.tanggal == form.tanggal,
                DailyEntry.status != DailyStatus.DRAFT,
                DailyEntry.id != (exclude_id if exclude_id is not None else -1),
            )
        )
        return _World(
            today=sandbox.today.date(),
            other_minutes=sum(entry_minutes(a, b) for a, b in others),
            period_locked=self._month_locked(session, sandbox, me.id, form.tanggal),
            rencana_aksi_month_ok=ra is not None
            and (ra.year, ra.month) == (form.tanggal.year, form.tanggal.month),
        )

    def _problems(self, form: DailyEntryInput, world: _World) -> list[ValidationError]:
        return collect_entry_problems(
            form,
            today=world.today,
            calendar=self.ctx.calendar,
            rules=self.ctx.rules,
            other_minutes_that_day=world.other_minutes,
            period_locked=world.period_locked,
            rencana_aksi_month_ok=world.rencana_aksi_month_ok,
            require_evidence=entry_requires_evidence(self.ctx.rules.evidence_mode),
        )

    def _validate(self, form: DailyEntryInput, world: _World) -> None:
        validate_entry(
            form,
            today=world.today,
            calendar=self.ctx.calendar,
            rules=self.ctx.rules,
            other_minutes_that_day=world.other_minutes,
            period_locked=world.period_locked,
            rencana_aksi_month_ok=world.rencana_aksi_month_ok,
            require_evidence=entry_requires_evidence(self.ctx.rules.evidence_mode),
        )

    def _views(self, session: Session, entries: Sequence[DailyEntry]) -> list[DailyEntryView]:
        ra_ids = {e.rencana_aksi_id for e in entries if e.rencana_aksi_id is not None}
        texts: dict[int, str] = {}
        if ra_ids:
            rows = session.execute(
                select(RencanaAksi.id, RencanaAksi.text).where(RencanaAksi.id.in_(ra_ids))
            )
            texts = {row[0]: row[1] for row in rows}
        return [
            _entry_view(e, texts.get(e.rencana_aksi_id) if e.rencana_aksi_id else None)
            for e in entries
        ]

    def _page(
        self,
        session: Session,
        query: Select[Any],
        order: Sequence[Any],
        page: int,
        page_size: int,
    ) -> EntryPage:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = list(
            session.scalars(query.order_by(*order).offset(page * page_size).limit(page_size))
        )
        return EntryPage(tuple(self._views(session, rows)), total, page, page_size)


# --- module helpers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _World:
    today: dt.date
    other_minutes: int
    period_locked: bool
    rencana_aksi_month_ok: bool


def _apply_form(entry: DailyEntry, form: DailyEntryInput) -> None:
    entry.tanggal = form.tanggal
    entry.jam_mulai = form.jam_mulai
    entry.jam_selesai = form.jam_selesai
    entry.kegiatan = form.kegiatan
    entry.realisasi = form.realisasi
    entry.satuan = form.satuan
    entry.bukti_dukung = form.bukti_dukung
    entry.rencana_aksi_id = form.rencana_aksi_id


def _form_of(entry: DailyEntry) -> DailyEntryInput:
    return DailyEntryInput(
        tanggal=entry.tanggal,
        jam_mulai=entry.jam_mulai,
        jam_selesai=entry.jam_selesai,
        kegiatan=entry.kegiatan,
        realisasi=entry.realisasi,
        satuan=entry.satuan,
        bukti_dukung=entry.bukti_dukung,
        rencana_aksi_id=entry.rencana_aksi_id,
    )


def _entry_view(entry: DailyEntry, ra_text: str | None) -> DailyEntryView:
    return DailyEntryView(
        id=entry.id,
        sandbox_id=entry.sandbox_id,
        person_id=entry.person_id,
        rencana_aksi_id=entry.rencana_aksi_id,
        rencana_aksi_text=ra_text,
        tanggal=entry.tanggal,
        jam_mulai=entry.jam_mulai,
        jam_selesai=entry.jam_selesai,
        minutes=entry_minutes(entry.jam_mulai, entry.jam_selesai),
        kegiatan=entry.kegiatan,
        realisasi=entry.realisasi,
        satuan=entry.satuan,
        bukti_dukung=entry.bukti_dukung,
        status=entry.status,
        revision_note=entry.revision_note,
        evidence_check=entry.evidence_check,
        evidence_note=entry.evidence_note,
        quick_field_draft=entry.quick_field_draft,
        place=entry.place,
        created_at=entry.created_at,
        submitted_at=entry.submitted_at,
        on_time=entry.on_time,
        reviewed_at=entry.reviewed_at,
        reviewed_by_id=entry.reviewed_by_id,
        version=entry.version,
    )


def _validate_place(place: str) -> None:
    """Where a quick field note was written: one line, at most 200 characters.

    The field rules have no ``place`` entry yet, so the single-line 200-character rule of
    ``unit_name`` checks it, reported on the ``place`` field under its own label.
    """
    try:
        validate_text("unit_name", place)
    except ValidationError as error:
        params = {**error.params, "label": Msg("daily_svc.place_label")}
        raise ValidationError(error.key, field="place", **params) from None


def check_sentence_key(key: str) -> None:
    """A key of the standard feedback sentence library: ASCII letters, digits, ``._-``."""
    plain = key.replace("_", "").replace(".", "").replace("-", "")
    if not 1 <= len(key) <= 64 or not key.isascii() or not plain.isalnum():
        raise ValidationError("daily_svc.bad_sentence_key", field="sentence_key")
