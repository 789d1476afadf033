"""Rencana Aksi: each month's planned actions per RHK of an approved SKP.

Daily entries (Progres Harian) must pick a Rencana Aksi of their month, so an empty month is
the most common "why is the picker empty?" moment; :meth:`RencanaAksiService.for_month` says
why it is empty and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.calendar import month_label
from ekinerja_tutor.domain.errors import LockedError, ValidationError
from ekinerja_tutor.domain.skp import skp_status_label
from ekinerja_tutor.domain.statuses import SkpStatus
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import DailyEntry, Iki, Person, RencanaAksi, Rhk, Skp
from ekinerja_tutor.services.actors import Seat
from ekinerja_tutor.services.skp import (
    Acting,
    SkpAreaService,
    audit_snapshot,
    ensure_can_read,
    ensure_owner,
    fit_text,
    load_in_sandbox,
    skp_of,
    whole_number,
)

_MONTHS = range(1, 13)


@dataclass(frozen=True)
class RencanaAksiView:
    """One planned action; ``daily_entry_count`` says how many daily entries use it."""

    id: int
    rhk_id: int
    rhk_text: str
    iki_id: int | None
    iki_text: str | None
    year: int
    month: int
    text: str
    target: int | None
    satuan: str | None
    daily_entry_count: int


@dataclass(frozen=True)
class RencanaAksiMonthView:
    """A person's Rencana Aksi for one month.

    Attributes:
        explanation: why there are no items and what to do (None when there are items).
        skp_status: status of the person's SKP for the year (None when there is none).
    """

    person_id: int
    year: int
    month: int
    skp_id: int | None
    skp_status: SkpStatus | None
    items: tuple[RencanaAksiView, ...]
    explanation: Msg | None


class RencanaAksiService(SkpAreaService):
    """Plan, change and read Rencana Aksi; only against an approved SKP, only by its owner."""

    def add(
        self,
        seat: Seat,
        rhk_id: int,
        year: int,
        month: int,
        text: str,
        *,
        iki_id: int | None = None,
        target: int | str | None = None,
        satuan: str | None = None,
    ) -> RencanaAksiView:
        with self.db.write() as session:
            acting, rhk = self._own_approved_rhk(session, seat, rhk_id)
            _check_month(rhk.skp, year, month)
            row = RencanaAksi(sandbox_id=acting.sandbox.id, rhk_id=rhk.id, year=year, month=month)
            _fill(session, row, rhk, text, iki_id=iki_id, target=target, satuan=satuan)
            session.add(row)
            session.flush()
            self._log(session, acting, "rencana_aksi.add", row)
            return _views(session, [row])[0]

    def update(
        self,
        seat: Seat,
        rencana_aksi_id: int,
        text: str,
        *,
        iki_id: int | None = None,
        target: int | str | None = None,
        satuan: str | None = None,
    ) -> RencanaAksiView:
        """Replace the text, indicator, target and satuan (the month and RHK stay)."""
        with self.db.write() as session:
            acting, row, rhk = self._own_row(session, seat, rencana_aksi_id)
            before = audit_snapshot(row)
            _fill(session, row, rhk, text, iki_id=iki_id, target=target, satuan=satuan)
            session.flush()
            self._log(session, acting, "rencana_aksi.update", row, before)
            return _views(session, [row])[0]

    def remove(self, seat: Seat, rencana_aksi_id: int) -> None:
        """Remove a Rencana Aksi that no daily entry uses yet."""
        with self.db.write() as session:
            acting, row, _rhk = self._own_row(session, seat, rencana_aksi_id)
            # Lock the row first: a daily entry being saved for it right now either is counted
            # below or fails its foreign key, never silently loses its Rencana Aksi.
            session.execute(
                select(RencanaAksi.id).where(RencanaAksi.id == row.id).with_for_update()
            )
            used = _entry_counts(session, [row.id]).get(row.id, 0)
            if used:
                raise LockedError("ra_svc.in_use", count=used)
            before = audit_snapshot(row)
            session.delete(row)
            session.flush()
            self._log(session, acting, "rencana_aksi.remove", row, before, removed=True)

    def for_month(self, seat: Seat, person_id: int, year: int, month: int) -> RencanaAksiMonthView:
        """The person's Rencana Aksi for the month, or why there are none yet."""
        with self.db.read() as session:
            sandbox, reader = self._seat(session, seat)
            owner: Person = load_in_sandbox(session, Person, person_id, sandbox, "noun.person")
            ensure_can_read(session, reader, owner)
            _check_month_number(month)
            return _month_view(session, owner.id, year, month)

    def copy_from_previous_month(self, seat: Seat, year: int, month: int) -> RencanaAksiMonthView:
        """Copy the seat's own Rencana Aksi of the month before into ``month``.

        Items already present (same RHK, indicator, text, target and satuan) are not copied
        twice, so pressing the button again changes nothing.
        """
        with self.db.write() as session:
            acting = self._acting(session, seat)
            _check_month_number(month)
            skp = skp_of(session, acting.person.id, year)
            _ensure_approved(skp.status if skp else None)
            assert skp is not None
            if month == 1:
                raise ValidationError("ra_svc.copy_january", field="month", year=year)
            source = _rows(session, skp.id, year, month - 1)
            if not source:
                raise ValidationError(
                    "ra_svc.copy_nothing", field="month", month=month_label(year, month - 1)
                )
            present = {_copy_key(row) for row in _rows(session, skp.id, year, month)}
            for old in source:
                if _copy_key(old) in present:
                    continue
                new = RencanaAksi(
                    sandbox_id=acting.sandbox.id,
                    rhk_id=old.rhk_id,
                    iki_id=old.iki_id,
                    year=year,
                    month=month,
                    text=old.text,
                    target=old.target,
                    satuan=old.satuan,
                )
                session.add(new)
                session.flush()
                self._log(session, acting, "rencana_aksi.copy", new)
            return _month_view(session, acting.person.id, year, month)

    # -- internals --------------------------------------------------------------------------------

    def _own_approved_rhk(self, session: Session, seat: Seat, rhk_id: int) -> tuple[Acting, Rhk]:
        acting = self._acting(session, seat)
        rhk: Rhk = load_in_sandbox(session, Rhk, rhk_id, acting.sandbox, "noun.rhk")
        ensure_owner(seat, rhk.skp.person_id)
        _ensure_approved(rhk.skp.status)
        return acting, rhk

    def _own_row(
        self, session: Session, seat: Seat, rencana_aksi_id: int
    ) -> tuple[Acting, RencanaAksi, Rhk]:
        acting = self._acting(session, seat)
        row: RencanaAksi = load_in_sandbox(
            session, RencanaAksi, rencana_aksi_id, acting.sandbox, "noun.rencana_aksi"
        )
        rhk = session.get_one(Rhk, row.rhk_id)
        ensure_owner(seat, rhk.skp.person_id)
        _ensure_approved(rhk.skp.status)
        return acting, row, rhk


# --- helpers -------------------------------------------------------------------------------------


def _ensure_approved(status: SkpStatus | None) -> None:
    """Rencana Aksi are planned against an approved SKP (GLOSSARY.md, "During the year")."""
    if status is None:
        raise LockedError("ra_svc.no_skp")
    if status is not SkpStatus.DISETUJUI:
        raise LockedError("ra_svc.skp_not_approved", status=skp_status_label(status))


def _check_month_number(month: int) -> None:
    if month not in _MONTHS:
        raise ValidationError("ra_svc.month_invalid", field="month", month=month)


def _check_month(skp: Skp, year: int, month: int) -> None:
    _check_month_number(month)
    if year != skp.year:
        raise ValidationError("ra_svc.month_outside_skp", field="month", year=skp.year)


def _fill(
    session: Session,
    row: RencanaAksi,
    rhk: Rhk,
    text: str,
    *,
    iki_id: int | None,
    target: int | str | None,
    satuan: str | None,
) -> None:
    row.text = fit_text("rencana_aksi_text", text, RencanaAksi.text)
    if iki_id is not None:
        iki = session.get(Iki, iki_id)
        if iki is None or iki.rhk_id != rhk.id:
            raise ValidationError("ra_svc.iki_not_of_rhk", field="iki_id")
    row.iki_id = iki_id
    row.target = None if target is None else whole_number("target", target)
    row.satuan = None if satuan is None else fit_text("satuan", satuan, RencanaAksi.satuan)


def _copy_key(row: RencanaAksi) -> tuple[object, ...]:
    return (row.rhk_id, row.iki_id, row.text, row.target, row.satuan)


def _rows(session: Session, skp_id: int, year: int, month: int) -> list[RencanaAksi]:
    return list(
        session.scalars(
            select(RencanaAksi)
            .join(Rhk, RencanaAksi.rhk_id == Rhk.id)
            .where(Rhk.skp_id == skp_id, RencanaAksi.year == year, RencanaAksi.month == month)
            .order_by(Rhk.position, Rhk.id, RencanaAksi.id)
        )
    )


def _entry_counts(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    query = (
        select(DailyEntry.rencana_aksi_id, func.count(DailyEntry.id))
        .where(DailyEntry.rencana_aksi_id.in_(ids))
        .group_by(DailyEntry.rencana_aksi_id)
    )
    return {ra_id: count for ra_id, count in session.execute(query) if ra_id is not None}


def _views(session: Session, rows: list[RencanaAksi]) -> list[RencanaAksiView]:
    counts = _entry_counts(session, [row.id for row in rows])
    views = []
    for row in rows:
        rhk = session.get_one(Rhk, row.rhk_id)
        iki = session.get(Iki, row.iki_id) if row.iki_id is not None else None
        views.append(
            RencanaAksiView(
                id=row.id,
                rhk_id=rhk.id,
                rhk_text=rhk.text,
                iki_id=row.iki_id,
                iki_text=iki.text if iki else None,
                year=row.year,
                month=row.month,
                text=row.text,
                target=row.target,
                satuan=row.satuan,
                daily_entry_count=counts.get(row.id, 0),
            )
        )
    return views


def _month_view(session: Session, person_id: int, year: int, month: int) -> RencanaAksiMonthView:
    skp = skp_of(session, person_id, year)
    rows = _rows(session, skp.id, year, month) if skp is not None else []
    explanation: Msg | None = None
    if skp is None:
        explanation = Msg("ra_svc.empty_no_skp", {"year": year})
    elif skp.status is not SkpStatus.DISETUJUI:
        explanation = Msg("ra_svc.empty_skp_not_approved", {"status": skp_status_label(skp.status)})
    elif not rows:
        explanation = Msg("ra_svc.empty_month", {"month": month_label(year, month)})
    return RencanaAksiMonthView(
        person_id=person_id,
        year=year,
        month=month,
        skp_id=skp.id if skp else None,
        skp_status=skp.status if skp else None,
        items=tuple(_views(session, rows)),
        explanation=explanation,
    )
