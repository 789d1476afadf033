"""What every service shares: the database, the real clock, and the shipped content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import Clock
from ekinerja_tutor.domain.errors import NotFound, PermissionDenied
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.database import Database
from ekinerja_tutor.persistence.models import Person, Sandbox
from ekinerja_tutor.services import audit
from ekinerja_tutor.services.actors import Principal, Seat

if TYPE_CHECKING:
    from ekinerja_tutor.domain.calendar import WorkCalendar
    from ekinerja_tutor.domain.rules import RegionalRules


@dataclass
class ServiceContext:
    """Shared dependencies, built once by the composition root (or a test)."""

    db: Database
    clock: Clock
    content_root: Path | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def rules(self) -> RegionalRules:
        from ekinerja_tutor.content.library import load_rules

        return load_rules(self.content_root)

    @cached_property
    def calendar(self) -> WorkCalendar:
        from ekinerja_tutor.content.library import load_holidays
        from ekinerja_tutor.domain.calendar import WorkCalendar

        return WorkCalendar(
            holidays=load_holidays(self.content_root),
            working_weekdays=self.rules.working_weekdays,
        )

    def now(self) -> dt.datetime:
        return self.clock.now()


class Service:
    """Base of every service: access to the context and the sandbox/seat guards."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def db(self) -> Database:
        return self.ctx.db

    # -- guards -------------------------------------------------------------------------------

    def _sandbox(self, session: Session, sandbox_id: int) -> Sandbox:
        sandbox = session.get(Sandbox, sandbox_id)
        if sandbox is None:
            raise NotFound(what=Msg("noun.sandbox"))
        return sandbox

    def _seat(self, session: Session, seat: Seat) -> tuple[Sandbox, Person]:
        """Load the seat's sandbox and person and check the principal may sit there."""
        sandbox = self._sandbox(session, seat.sandbox_id)
        person = session.get(Person, seat.person_id)
        if person is None or person.sandbox_id != sandbox.id:
            raise NotFound(what=Msg("noun.person"))
        principal = seat.principal
        if principal.simulated:
            return sandbox, person
        if principal.account_id is None or principal.account_id != sandbox.account_id:
            raise PermissionDenied(reason=Msg("perm.other_sandbox"))
        persona = session.get(Person, sandbox.persona_id) if sandbox.persona_id else None
        allowed = set()
        if persona is not None:
            allowed.add(persona.id)
            if persona.supervisor_id is not None:
                allowed.add(persona.supervisor_id)
        if person.id not in allowed:
            raise PermissionDenied(reason=Msg("perm.not_your_seat"))
        return sandbox, person

    def _ensure_viewer(self, session: Session, principal: Principal, sandbox: Sandbox) -> None:
        """Owners read their sandbox; trainers, mentors and admins read any (read-only)."""
        if principal.simulated or principal.is_staff:
            return
        if principal.account_id is None or principal.account_id != sandbox.account_id:
            raise PermissionDenied(reason=Msg("perm.other_sandbox"))

    def _audit(
        self,
        session: Session,
        seat: Seat | None,
        *,
        principal: Principal | None = None,
        sandbox: Sandbox | None = None,
        person: Person | None = None,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        who = principal or (seat.principal if seat else None)
        assert who is not None
        label = who.username
        if person is not None:
            label = f"{person.name} ({'simulasi' if who.simulated else who.username})"
        audit.record(
            session,
            principal=who,
            action=action,
            entity=entity,
            entity_id=entity_id,
            at=self.ctx.now(),
            sandbox_id=sandbox.id if sandbox else (seat.sandbox_id if seat else None),
            sandbox_time=sandbox.today if sandbox else None,
            person_id=person.id if person else None,
            actor_label=label,
            before=before,
            after=after,
        )


def persons_by_key(session: Session, sandbox_id: int) -> dict[str, Person]:
    rows = session.scalars(select(Person).where(Person.sandbox_id == sandbox_id))
    return {p.key: p for p in rows}
