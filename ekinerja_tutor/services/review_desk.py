"""The supervisor's desk: who a seat is, what waits for it, and the office's units.

The review screens need, before anything else, to say plainly which seat the learner sits in
("Kursi atasan: Hendra Gunawan, Kasubag …") and how much waits there. The waiting counts use
the same rules as the queues themselves: a learner never sees their own persona's work to
review (the simulated colleagues review it), so it is never counted either.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ekinerja_tutor.domain.statuses import DailyStatus, SkpStatus, UnitKind
from ekinerja_tutor.persistence.models import DailyEntry, Person, Skp, Unit
from ekinerja_tutor.services.actors import Seat
from ekinerja_tutor.services.context import Service


@dataclass(frozen=True)
class SeatSummaryView:
    """A seat as the persona bar and the review screens show it.

    Attributes:
        is_persona: True for the learner's own seat, False for the supervisor's seat.
        subordinates: direct subordinates whose work this seat may review (the learner's own
            persona left out).
        entries_waiting: their sent entries waiting for a decision.
        skps_waiting: their submitted SKPs waiting for a decision.
    """

    person_id: int
    name: str
    jabatan: str
    unit_name: str
    is_persona: bool
    subordinates: int
    entries_waiting: int
    skps_waiting: int


@dataclass(frozen=True)
class UnitRefView:
    id: int
    name: str
    kind: UnitKind
    depth: int


class ReviewDeskService(Service):
    """Reads for the supervisor's seat (no writes: the decisions go through the area services)."""

    def seat_summary(self, seat: Seat) -> SeatSummaryView:
        """Who the seat is and what waits for it."""
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            unit = session.get(Unit, me.unit_id)
            ids = list(
                session.scalars(
                    select(Person.id).where(
                        Person.sandbox_id == sandbox.id, Person.supervisor_id == me.id
                    )
                )
            )
            if not seat.simulated and sandbox.persona_id is not None:
                ids = [pid for pid in ids if pid != sandbox.persona_id]
            entries = skps = 0
            if ids:
                entries = (
                    session.scalar(
                        select(func.count(DailyEntry.id)).where(
                            DailyEntry.person_id.in_(ids), DailyEntry.status == DailyStatus.DIKIRIM
                        )
                    )
                    or 0
                )
                skps = (
                    session.scalar(
                        select(func.count(Skp.id)).where(
                            Skp.person_id.in_(ids), Skp.status == SkpStatus.DIAJUKAN
                        )
                    )
                    or 0
                )
            return SeatSummaryView(
                person_id=me.id,
                name=me.name,
                jabatan=me.jabatan,
                unit_name=unit.name if unit is not None else "",
                is_persona=me.id == sandbox.persona_id,
                subordinates=len(ids),
                entries_waiting=entries,
                skps_waiting=skps,
            )

    def units(self, seat: Seat) -> tuple[UnitRefView, ...]:
        """Every unit of the sandbox office, the Dinas first, each followed by the units below
        it (for the read-only recap of every unit)."""
        with self.db.read() as session:
            sandbox, _ = self._seat(session, seat)
            rows = list(
                session.scalars(select(Unit).where(Unit.sandbox_id == sandbox.id).order_by(Unit.id))
            )
            children: dict[int | None, list[Unit]] = {}
            for unit in rows:
                children.setdefault(unit.parent_id, []).append(unit)
            found: list[UnitRefView] = []

            def walk(parent: int | None, depth: int) -> None:
                for unit in children.get(parent, []):
                    found.append(UnitRefView(unit.id, unit.name, unit.kind, depth))
                    walk(unit.id, depth + 1)

            walk(None, 0)
            return tuple(found)
