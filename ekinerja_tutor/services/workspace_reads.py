"""Reads the employee workspace needs in one go: the dashboard, the supervisor seat, field work.

Each method is one read transaction, checks who may read (a seat in the sandbox, or a viewer of
it), and returns frozen views. The rules (reminders, next step, lock dates) come from
:mod:`ekinerja_tutor.domain`; this module only gathers the counts they need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import month_end
from ekinerja_tutor.domain.daily import period_lock_date
from ekinerja_tutor.domain.reminders import Reminder, build_reminders, next_step
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import Aspek, DailyStatus, SkpStatus
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    DailyEntry,
    Iki,
    Person,
    RencanaAksi,
    Rhk,
    Skp,
    Unit,
)
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.context import Service

LOOKBACK_DAYS = 10
"""How far back the dashboard looks for working days without an entry."""


@dataclass(frozen=True)
class RhkProgressView:
    """One RHK's progress for the year: approved realisasi against the indicator's target.

    Attributes:
        iki_text: the indicator the target comes from (the first Kuantitas one, else the first).
        realisasi: the sum of ``realisasi`` of the person's APPROVED entries of the year whose
            Rencana Aksi points at that indicator.
        waiting: the same sum for entries sent but not yet approved.
    """

    rhk_id: int
    rhk_text: str
    iki_text: str
    target: int
    satuan: str
    realisasi: int
    waiting: int


@dataclass(frozen=True)
class DashboardView:
    """What the learner's landing screen shows, for the sandbox's today."""

    today: dt.datetime
    year: int
    skp_status: SkpStatus | None
    reminders: tuple[Reminder, ...]
    next_step: Msg
    progress: tuple[RhkProgressView, ...]
    returned_entries: int
    draft_entries: int
    quick_drafts: int
    today_has_entry: bool


@dataclass(frozen=True)
class FieldWorkView:
    """What the field-work screen needs to fill a template for the persona.

    Attributes:
        unit_codes: the persona's unit and the units above it (their own Bidang first).
        rencana_aksi_by_theme: for this month, a Rencana Aksi id per RHK theme of ``plan.toml``.
        places: example places ``(kecamatan, desa)`` of the regency for ``{desa}`` patterns.
    """

    today: dt.date
    unit_codes: tuple[str, ...]
    rencana_aksi_by_theme: dict[str, int]
    places: tuple[tuple[str, str], ...]


class WorkspaceReadService(Service):
    """Read-only gatherings for the workspace screens."""

    def persona_supervisor(self, principal: Principal, sandbox_id: int) -> int | None:
        """The direct supervisor of the sandbox's persona (the learner's second seat)."""
        with self.db.read() as session:
            sandbox = self._sandbox(session, sandbox_id)
            self._ensure_viewer(session, principal, sandbox)
            if sandbox.persona_id is None:
                return None
            return session.scalar(
                select(Person.supervisor_id).where(Person.id == sandbox.persona_id)
            )

    def saved_so_far(self) -> int:
        """How many changes this process has saved: a screen that remembers the number with
        what it read re-reads only when it moved (another process's changes are not seen)."""
        return self.db.commits

    def dashboard(self, seat: Seat) -> DashboardView:
        """Reminders, the next step and SKP progress of the seat's person on the sandbox's today."""
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            today = sandbox.today.date()
            calendar, rules = self.ctx.calendar, self.ctx.rules
            skp = _skp_of(session, me.id, today.year)
            skp_status = skp.status if skp is not None else None
            has_ra = skp is not None and _has_rencana_aksi(session, skp.id, today)
            entry_dates = set(
                session.scalars(
                    select(DailyEntry.tanggal)
                    .where(
                        DailyEntry.person_id == me.id,
                        DailyEntry.tanggal >= today - dt.timedelta(days=LOOKBACK_DAYS),
                        DailyEntry.tanggal <= today,
                    )
                    .distinct()
                )
            )
            counts, quick = _status_counts(session, me.id)
            waiting = _reviews_waiting(session, me)
            reminders = build_reminders(
                today=today,
                calendar=calendar,
                rules=rules,
                entry_dates=entry_dates,
                returned_entries=counts.get(DailyStatus.REVISI, 0),
                reviews_waiting=waiting,
                skp_status=skp_status,
                rencana_aksi_this_month=has_ra,
                period_end=_open_period_end(today, rules),
                lookback_days=LOOKBACK_DAYS,
                quick_drafts=quick,
            )
            step = next_step(
                today=today,
                calendar=calendar,
                skp_status=skp_status,
                rencana_aksi_this_month=has_ra,
                returned_entries=counts.get(DailyStatus.REVISI, 0),
                entry_dates=entry_dates,
                draft_entries=counts.get(DailyStatus.DRAFT, 0),
            )
            progress = _progress(session, me.id, skp) if skp is not None else ()
            return DashboardView(
                today=sandbox.today,
                year=today.year,
                skp_status=skp_status,
                reminders=tuple(reminders),
                next_step=step,
                progress=progress,
                returned_entries=counts.get(DailyStatus.REVISI, 0),
                draft_entries=counts.get(DailyStatus.DRAFT, 0),
                quick_drafts=quick,
                today_has_entry=today in entry_dates,
            )

    def field_work(self, seat: Seat) -> FieldWorkView:
        """The persona's units, this month's Rencana Aksi per RHK theme, and example places."""
        from ekinerja_tutor.content.office import load_office
        from ekinerja_tutor.content.plan import load_plan

        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            today = sandbox.today.date()
            codes: list[str] = []
            unit = session.get(Unit, me.unit_id)
            while unit is not None and unit.code not in codes:
                codes.append(unit.code)
                unit = session.get(Unit, unit.parent_id) if unit.parent_id else None
            plan = load_plan(self.ctx.content_root)
            by_theme: dict[str, int] = {}
            skp = _skp_of(session, me.id, today.year)
            if skp is not None:
                rows = session.execute(
                    select(RencanaAksi.id, Rhk.key)
                    .join(Rhk, Rhk.id == RencanaAksi.rhk_id)
                    .where(
                        Rhk.skp_id == skp.id,
                        RencanaAksi.year == today.year,
                        RencanaAksi.month == today.month,
                    )
                    .order_by(Rhk.position, RencanaAksi.id)
                )
                known = {r.key: r.theme for r in plan.all_rhk()}
                for ra_id, rhk_key in rows:
                    theme = known.get(rhk_key)
                    if theme and theme not in by_theme:
                        by_theme[theme] = ra_id
            office = load_office(self.ctx.content_root)
            places = tuple(
                (area.kecamatan, desa) for area in office.wilayah for desa in area.desa[:1]
            )
            return FieldWorkView(today, tuple(codes), by_theme, places)


# --- helpers -----------------------------------------------------------------------------------


def _skp_of(session: Session, person_id: int, year: int) -> Skp | None:
    return session.scalars(
        select(Skp).where(Skp.person_id == person_id, Skp.year == year).order_by(Skp.id.desc())
    ).first()


def _has_rencana_aksi(session: Session, skp_id: int, day: dt.date) -> bool:
    found = session.scalar(
        select(RencanaAksi.id)
        .join(Rhk, Rhk.id == RencanaAksi.rhk_id)
        .where(Rhk.skp_id == skp_id, RencanaAksi.year == day.year, RencanaAksi.month == day.month)
        .limit(1)
    )
    return found is not None


def _status_counts(session: Session, person_id: int) -> tuple[dict[DailyStatus, int], int]:
    """The person's drafts and returned entries by status, and the quick field drafts among
    the drafts (one query)."""
    rows = session.execute(
        select(DailyEntry.status, DailyEntry.quick_field_draft, func.count(DailyEntry.id))
        .where(
            DailyEntry.person_id == person_id,
            DailyEntry.status.in_([DailyStatus.DRAFT, DailyStatus.REVISI]),
        )
        .group_by(DailyEntry.status, DailyEntry.quick_field_draft)
    )
    counts: dict[DailyStatus, int] = {}
    quick = 0
    for status, is_quick, count in rows:
        counts[DailyStatus(status)] = counts.get(DailyStatus(status), 0) + int(count)
        if is_quick and DailyStatus(status) is DailyStatus.DRAFT:
            quick += int(count)
    return counts, quick


def _reviews_waiting(session: Session, me: Person) -> int:
    """Direct subordinates' sent entries (the learner's own persona is reviewed by the program)."""
    subordinates = select(Person.id).where(
        Person.sandbox_id == me.sandbox_id, Person.supervisor_id == me.id
    )
    return (
        session.scalar(
            select(func.count(DailyEntry.id)).where(
                DailyEntry.person_id.in_(subordinates), DailyEntry.status == DailyStatus.DIKIRIM
            )
        )
        or 0
    )


def _open_period_end(today: dt.date, rules: RegionalRules) -> dt.date:
    """The end of the oldest month still open: last month while its lock date is ahead."""
    first = today.replace(day=1)
    previous_end = first - dt.timedelta(days=1)
    if today <= period_lock_date(previous_end, rules):
        return previous_end
    return month_end(today)


def _progress(session: Session, person_id: int, skp: Skp) -> tuple[RhkProgressView, ...]:
    """Per RHK, its target indicator and the realisasi of entries whose Rencana Aksi points at
    that indicator (the same sum the Realisasi form is pre-filled with, over the whole year)."""
    rhks = list(session.scalars(select(Rhk).where(Rhk.skp_id == skp.id).order_by(Rhk.position)))
    if not rhks:
        return ()
    by_rhk: dict[int, list[Iki]] = {rhk.id: [] for rhk in rhks}
    for indicator in session.scalars(
        select(Iki).where(Iki.rhk_id.in_(list(by_rhk))).order_by(Iki.position, Iki.id)
    ):
        by_rhk[indicator.rhk_id].append(indicator)
    chosen: dict[int, Iki | None] = {
        rhk_id: next((i for i in ikis if i.aspek is Aspek.KUANTITAS), ikis[0] if ikis else None)
        for rhk_id, ikis in by_rhk.items()
    }
    iki_ids = [iki.id for iki in chosen.values() if iki is not None]
    sums: dict[tuple[int, DailyStatus], int] = {}
    if iki_ids:
        rows = session.execute(
            select(RencanaAksi.iki_id, DailyEntry.status, func.sum(DailyEntry.realisasi))
            .join(RencanaAksi, RencanaAksi.id == DailyEntry.rencana_aksi_id)
            .where(
                DailyEntry.person_id == person_id,
                DailyEntry.tanggal >= dt.date(skp.year, 1, 1),
                DailyEntry.tanggal <= dt.date(skp.year, 12, 31),
                DailyEntry.status.in_([DailyStatus.DISETUJUI, DailyStatus.DIKIRIM]),
                RencanaAksi.iki_id.in_(iki_ids),
            )
            .group_by(RencanaAksi.iki_id, DailyEntry.status)
        )
        for iki_id, status, total in rows:
            if iki_id is not None:
                sums[(int(iki_id), DailyStatus(status))] = int(total or 0)
    views: list[RhkProgressView] = []
    for rhk in rhks:
        iki = chosen[rhk.id]
        key = iki.id if iki is not None else -1
        views.append(
            RhkProgressView(
                rhk_id=rhk.id,
                rhk_text=rhk.text,
                iki_text=iki.text if iki else "",
                target=iki.target if iki else 0,
                satuan=iki.satuan if iki else "",
                realisasi=sums.get((key, DailyStatus.DISETUJUI), 0),
                waiting=sums.get((key, DailyStatus.DIKIRIM), 0),
            )
        )
    return tuple(views)
