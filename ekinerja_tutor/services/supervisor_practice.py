"""The supervisor's seat as practice: which planted defects the learner caught, which they let by.

Simulated colleagues whose entries the learner reviews carry planted defects
(:mod:`.simulation`, ``defects.toml``). Whether a defect was caught is computed here from what
the learner actually did through :class:`~.daily_logs.DailyLogService`, read back from the audit
trail: an entry returned for revision (``daily.return``) or evidence marked KURANG or
TIDAK_SESUAI (``daily.evidence_check``) catches it; an approval (``daily.approve``) with neither
lets it by. Only the learner's own actions count (never the program's), and nothing the learner
says about themselves does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ekinerja_tutor.content.simulation import DefectKind, load_defects
from ekinerja_tutor.domain.errors import NotFound
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    AuditEvent,
    DailyEntry,
    Person,
    PlantedDefect,
    Sandbox,
)
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.context import Service
from ekinerja_tutor.services.daily_logs import PersonRef, person_ref

Outcome = Literal["caught", "approved", "pending"]
How = Literal["returned", "evidence_kurang", "evidence_tidak_sesuai", "approved"]

_FLAGGING_CHECKS = frozenset({EvidenceCheck.KURANG.value, EvidenceCheck.TIDAK_SESUAI.value})
_REVIEW_ACTIONS = ("daily.return", "daily.evidence_check", "daily.approve")


@dataclass(frozen=True)
class Decision:
    """What the reviewer did first that settles a planted defect.

    Attributes:
        caught: True when the entry was returned or its evidence flagged, False when it was
            approved without either.
        how: the deciding action.
        at: the sandbox time of that action.
        approved: the entry was (also) approved by the reviewer at some point.
    """

    caught: bool
    how: How
    at: dt.datetime | None
    approved: bool


def decisions(session: Session, sandbox_id: int, entry_ids: Iterable[int]) -> dict[int, Decision]:
    """The learner's decision on each entry (entries nobody decided yet are left out).

    Reads the audit trail of the entries: only actions by a signed-in person, never the
    program's simulated colleagues.
    """
    ids = list(entry_ids)
    if not ids:
        return {}
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.sandbox_id == sandbox_id,
            AuditEvent.entity == "daily_entry",
            AuditEvent.entity_id.in_(ids),
            AuditEvent.simulated.is_(False),
            AuditEvent.action.in_(_REVIEW_ACTIONS),
        )
        .order_by(AuditEvent.id)
    )
    flagged: dict[int, tuple[How, dt.datetime | None]] = {}
    approved: dict[int, dt.datetime | None] = {}
    for event in events:
        entry_id = event.entity_id
        assert entry_id is not None
        after = event.after or {}
        how: How | None = None
        if event.action == "daily.return":
            how = "returned"
        elif event.action == "daily.evidence_check" and after.get("evidence_check") in (
            _FLAGGING_CHECKS
        ):
            how = (
                "evidence_kurang"
                if after["evidence_check"] == EvidenceCheck.KURANG.value
                else "evidence_tidak_sesuai"
            )
        elif event.action == "daily.approve":
            approved.setdefault(entry_id, event.sandbox_time)
        if how is not None:
            flagged.setdefault(entry_id, (how, event.sandbox_time))
    result: dict[int, Decision] = {}
    for entry_id in ids:
        if entry_id in flagged:
            how, at = flagged[entry_id]
            result[entry_id] = Decision(True, how, at, entry_id in approved)
        elif entry_id in approved:
            result[entry_id] = Decision(False, "approved", approved[entry_id], True)
    return result


def settle_planted_defects(session: Session, sandbox_id: int) -> int:
    """Copy the learner's decisions onto undecided :class:`PlantedDefect` rows; returns how
    many were settled. (Reports recompute them; the columns serve exports and queries.)"""
    open_rows = list(
        session.scalars(
            select(PlantedDefect).where(
                PlantedDefect.sandbox_id == sandbox_id, PlantedDefect.caught.is_(None)
            )
        )
    )
    found = decisions(session, sandbox_id, [row.entry_id for row in open_rows])
    for row in open_rows:
        decision = found.get(row.entry_id)
        if decision is not None:
            row.caught = decision.caught
            row.how = decision.how
            row.decided_at = decision.at
    session.flush()
    return sum(1 for row in open_rows if row.entry_id in found)


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DefectItemView:
    """One planted defect and what the reviewer did with its entry.

    ``kind`` is the content definition (its ``title(lang)`` and ``explain(lang)``; None only if
    ``defects.toml`` no longer has the kind); ``note_key`` the standard sentence that fits.
    """

    defect_id: int
    entry_id: int
    person: PersonRef
    tanggal: dt.date
    kegiatan: str
    kind_key: str
    kind: DefectKind | None
    entry_status: DailyStatus
    outcome: Outcome
    how: How | None
    decided_at: dt.datetime | None
    approved: bool
    note_key: str | None
    label: Msg


@dataclass(frozen=True)
class DefectReportView:
    """The learner's record in the supervisor's seat, from their real actions.

    Attributes:
        reviewer: the person whose subordinates' entries carried the defects.
        false_alarms: entries WITHOUT a planted defect that the learner returned or flagged
            (not always wrong — the report only counts them).
    """

    reviewer: PersonRef
    items: tuple[DefectItemView, ...]
    caught: int
    approved: int
    pending: int
    false_alarms: int
    summary: Msg

    @property
    def total(self) -> int:
        return len(self.items)


class SupervisorPracticeService(Service):
    """Reports on the learner's practice in the supervisor's seat."""

    def defect_report(self, seat: Seat) -> DefectReportView:
        """Planted defects in the entries of the seat person's direct subordinates, each marked
        caught, approved (let by) or still pending, from the audit trail of real actions."""
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            return self._report(session, sandbox, me)

    def sandbox_defect_report(self, principal: Principal, sandbox_id: int) -> DefectReportView:
        """The same for the persona's supervisor seat, read by the owner or by staff (trainers
        export it)."""
        with self.db.read() as session:
            sandbox = self._sandbox(session, sandbox_id)
            self._ensure_viewer(session, principal, sandbox)
            persona = session.get(Person, sandbox.persona_id) if sandbox.persona_id else None
            reviewer_id = persona.supervisor_id if persona is not None else None
            reviewer = session.get(Person, reviewer_id) if reviewer_id is not None else persona
            if reviewer is None:
                raise NotFound(what=Msg("noun.person"))
            return self._report(session, sandbox, reviewer)

    def _report(self, session: Session, sandbox: Sandbox, me: Person) -> DefectReportView:
        rows = session.execute(
            select(PlantedDefect, DailyEntry, Person)
            .join(DailyEntry, DailyEntry.id == PlantedDefect.entry_id)
            .join(Person, Person.id == PlantedDefect.person_id)
            .where(PlantedDefect.sandbox_id == sandbox.id, Person.supervisor_id == me.id)
            .order_by(DailyEntry.tanggal, DailyEntry.id)
        ).all()
        library = load_defects(self.ctx.content_root)
        found = decisions(session, sandbox.id, [entry.id for _, entry, _ in rows])
        items = [
            self._item(defect, entry, owner, found.get(entry.id), library.get(defect.kind))
            for defect, entry, owner in rows
        ]
        planted_ids = {entry.id for _, entry, _ in rows}
        false_alarms = self._false_alarms(session, sandbox, me, planted_ids)
        caught = sum(1 for i in items if i.outcome == "caught")
        approved = sum(1 for i in items if i.outcome == "approved")
        pending = len(items) - caught - approved
        summary = (
            Msg(
                "defect.summary",
                {"caught": caught, "approved": approved, "pending": pending, "total": len(items)},
            )
            if items
            else Msg("defect.none_planted")
        )
        return DefectReportView(
            reviewer=person_ref(me),
            items=tuple(items),
            caught=caught,
            approved=approved,
            pending=pending,
            false_alarms=false_alarms,
            summary=summary,
        )

    @staticmethod
    def _item(
        defect: PlantedDefect,
        entry: DailyEntry,
        owner: Person,
        decision: Decision | None,
        kind: DefectKind | None,
    ) -> DefectItemView:
        outcome: Outcome = (
            "pending" if decision is None else "caught" if decision.caught else "approved"
        )
        return DefectItemView(
            defect_id=defect.id,
            entry_id=entry.id,
            person=person_ref(owner),
            tanggal=entry.tanggal,
            kegiatan=entry.kegiatan,
            kind_key=defect.kind,
            kind=kind,
            entry_status=entry.status,
            outcome=outcome,
            how=decision.how if decision else None,
            decided_at=decision.at if decision else None,
            approved=decision.approved if decision else False,
            note_key=kind.note_key if kind else None,
            label=Msg(f"defect.outcome.{outcome}"),
        )

    @staticmethod
    def _false_alarms(session: Session, sandbox: Sandbox, me: Person, planted: set[int]) -> int:
        subordinate_ids: Sequence[int] = session.scalars(
            select(Person.id).where(Person.sandbox_id == sandbox.id, Person.supervisor_id == me.id)
        ).all()
        if not subordinate_ids:
            return 0
        entry_ids = session.scalars(
            select(DailyEntry.id)
            .where(DailyEntry.person_id.in_(subordinate_ids))
            .where(DailyEntry.status != DailyStatus.DRAFT)
        ).all()
        clean = [i for i in entry_ids if i not in planted]
        found = decisions(session, sandbox.id, clean)
        return sum(1 for d in found.values() if d.caught)
