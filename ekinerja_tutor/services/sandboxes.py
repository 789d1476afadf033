"""Per-learner sandboxes: create, reset, delete, move the clock, show everything in one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import month_end, quarter_end, wib_now
from ekinerja_tutor.domain.errors import NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import Account, Base, Person, Sandbox
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service

DEFAULT_SCENARIO = "base"
WORKDAY_START = dt.time(8, 0)


@dataclass(frozen=True)
class SandboxView:
    id: int
    account_id: int | None
    username: str
    scenario: str
    persona_key: str
    persona_id: int | None
    persona_name: str
    jabatan: str
    unit_name: str
    today: dt.datetime
    clock_keys_visible: bool


def sandbox_tables() -> list[Any]:
    """Every table carrying ``sandbox_id`` (except the sandbox itself), children first."""
    return [
        table
        for table in reversed(Base.metadata.sorted_tables)
        if "sandbox_id" in table.c and table.name != "sandbox"
    ]


class SandboxService(Service):
    # -- reads --------------------------------------------------------------------------------

    def _account(self, session: Session, username: str) -> Account:
        account = session.scalar(select(Account).where(Account.username == username))
        if account is None:
            account = session.scalar(select(Account).where(Account.nip == username))
        if account is None:
            raise NotFound("error.unknown_user", username=username)
        return account

    def _sandbox_of(self, session: Session, username: str) -> Sandbox:
        account = self._account(session, username)
        sandbox = session.scalar(select(Sandbox).where(Sandbox.account_id == account.id))
        if sandbox is None:
            raise NotFound("error.no_sandbox", username=username)
        return sandbox

    def _view(self, session: Session, sandbox: Sandbox) -> SandboxView:
        account = session.get(Account, sandbox.account_id) if sandbox.account_id else None
        persona = session.get(Person, sandbox.persona_id) if sandbox.persona_id else None
        unit_name = ""
        if persona is not None:
            from ekinerja_tutor.persistence.models import Unit

            unit = session.get(Unit, persona.unit_id)
            unit_name = unit.name if unit else ""
        return SandboxView(
            id=sandbox.id,
            account_id=sandbox.account_id,
            username=account.username if account else sandbox.label,
            scenario=sandbox.scenario,
            persona_key=sandbox.persona_key,
            persona_id=sandbox.persona_id,
            persona_name=persona.name if persona else "",
            jabatan=persona.jabatan if persona else "",
            unit_name=unit_name,
            today=sandbox.today,
            clock_keys_visible=sandbox.clock_keys_visible,
        )

    def get(self, principal: Principal, sandbox_id: int) -> SandboxView:
        with self.db.read() as session:
            sandbox = self._sandbox(session, sandbox_id)
            self._ensure_viewer(session, principal, sandbox)
            return self._view(session, sandbox)

    def for_account(self, principal: Principal, account_id: int) -> SandboxView | None:
        with self.db.read() as session:
            sandbox = session.scalar(select(Sandbox).where(Sandbox.account_id == account_id))
            if sandbox is None:
                return None
            self._ensure_viewer(session, principal, sandbox)
            return self._view(session, sandbox)

    # -- lifecycle ----------------------------------------------------------------------------

    def _ensure_manager(self, principal: Principal, sandbox: Sandbox | None = None) -> None:
        """Trainers, admins and the program manage any sandbox; a learner only their own."""
        if principal.simulated or principal.has(Role.TRAINER, Role.ADMIN):
            return
        if sandbox is not None and principal.account_id == sandbox.account_id:
            return
        raise PermissionDenied(reason=Msg("perm.other_sandbox"))

    def create(
        self,
        principal: Principal,
        account_id: int,
        *,
        persona_key: str,
        scenario: str = DEFAULT_SCENARIO,
        today: dt.datetime | None = None,
    ) -> SandboxView:
        """Copy the office into a new sandbox for the account and build its scenario."""
        self._ensure_manager(principal)
        from ekinerja_tutor.content.scenarios import scenario_chain

        chain = scenario_chain(scenario, self.ctx.content_root)  # unknown name → ConfigError
        start = today or self._default_today()
        with self.db.write() as session:
            account = session.get(Account, account_id)
            if account is None:
                raise NotFound(what=Msg("noun.account"))
            sandbox = Sandbox(
                account_id=account_id, label=account.username, scenario=scenario,
                persona_key=persona_key, today=start, created_at=self.ctx.now(),
            )
            session.add(sandbox)
            session.flush()
            self._populate(session, sandbox, chain)
            self._audit(session, None, principal=principal, sandbox=sandbox,
                        action="sandbox.create", entity="sandbox", entity_id=sandbox.id,
                        after=snapshot(sandbox, "scenario", "persona_key", "today"))
            return self._view(session, sandbox)

    def _default_today(self) -> dt.datetime:
        now = wib_now(self.ctx.clock)
        return now.replace(hour=9, minute=0, second=0, microsecond=0)

    def _populate(self, session: Session, sandbox: Sandbox, chain: Any) -> None:
        from ekinerja_tutor.services.office_copy import copy_office
        from ekinerja_tutor.services.seeding import build_scenario

        persons = copy_office(session, sandbox, self.ctx.content_root)
        persona = persons.get(sandbox.persona_key)
        if persona is None:
            raise ValidationError("error.unknown_persona", field="persona",
                                  persona=sandbox.persona_key)
        sandbox.persona_id = persona.id
        session.flush()
        build_scenario(self.ctx, session, sandbox, chain)

    def reset(
        self, principal: Principal, username: str, *, scenario: str | None = None
    ) -> SandboxView:
        """Rebuild one learner's sandbox from a scenario; no other sandbox is touched."""
        from ekinerja_tutor.content.scenarios import scenario_chain

        with self.db.read() as session:
            sandbox = self._sandbox_of(session, username)
            name = scenario or sandbox.scenario
        chain = scenario_chain(name, self.ctx.content_root)
        with self.db.write() as session:
            sandbox = self._sandbox_of(session, username)
            self._ensure_manager(principal, sandbox)
            before = snapshot(sandbox, "scenario", "today")
            self._clear(session, sandbox.id)
            sandbox.scenario = name
            sandbox.today = self._default_today()
            sandbox.persona_id = None
            session.flush()
            self._populate(session, sandbox, chain)
            self._audit(session, None, principal=principal, sandbox=sandbox,
                        action="sandbox.reset", entity="sandbox", entity_id=sandbox.id,
                        before=before, after=snapshot(sandbox, "scenario", "today"))
            return self._view(session, sandbox)

    def delete(self, principal: Principal, username: str) -> None:
        with self.db.write() as session:
            sandbox = self._sandbox_of(session, username)
            self._ensure_manager(principal, sandbox)
            self._clear(session, sandbox.id, audit_too=True)
            session.delete(sandbox)

    @staticmethod
    def _clear(session: Session, sandbox_id: int, *, audit_too: bool = False) -> None:
        """Delete every row of one sandbox, children first (the audit trail stays on reset)."""
        session.flush()
        # person.supervisor_id points within the table; break it before deleting people
        from sqlalchemy import update

        session.execute(
            update(Person).where(Person.sandbox_id == sandbox_id).values(supervisor_id=None)
        )
        for table in sandbox_tables():
            if table.name == "audit_event" and not audit_too:
                continue
            session.execute(delete(table).where(table.c.sandbox_id == sandbox_id))
        session.expire_all()

    # -- the clock ----------------------------------------------------------------------------

    def move_clock(
        self,
        principal: Principal,
        username: str,
        *,
        move: str,
        target: dt.date | None = None,
    ) -> SandboxView:
        """Move a sandbox's "today" forward: next working day, month end, quarter end, a date."""
        with self.db.write() as session:
            sandbox = self._sandbox_of(session, username)
            self._ensure_manager(principal, sandbox)
            return self._move(session, principal, sandbox, move, target)

    def move_own_clock(
        self, principal: Principal, sandbox_id: int, *, move: str, target: dt.date | None = None
    ) -> SandboxView:
        with self.db.write() as session:
            sandbox = self._sandbox(session, sandbox_id)
            self._ensure_manager(principal, sandbox)
            return self._move(session, principal, sandbox, move, target)

    def _move(
        self, session: Session, principal: Principal, sandbox: Sandbox, move: str,
        target: dt.date | None,
    ) -> SandboxView:
        today = sandbox.today
        day = today.date()
        calendar = self.ctx.calendar
        if move == "next_day":
            new_day = calendar.next_working_day(day)
            new_time = WORKDAY_START
        elif move == "month_end":
            new_day = month_end(day)
            if new_day == day:
                new_day = month_end(day + dt.timedelta(days=1))
            new_time = dt.time(16, 0)
        elif move == "quarter_end":
            new_day = quarter_end(day)
            if new_day == day:
                new_day = quarter_end(day + dt.timedelta(days=1))
            new_time = dt.time(16, 0)
        elif move == "date" and target is not None:
            new_day, new_time = target, WORKDAY_START
        else:
            raise ValidationError("error.date_invalid", field="date", value=str(target))
        new_today = dt.datetime.combine(new_day, new_time)
        if new_today < today:
            raise ValidationError("error.clock_backwards", field="date",
                                  target=new_day.isoformat(), today=day.isoformat())
        before = snapshot(sandbox, "today")
        sandbox.today = new_today
        self._audit(session, None, principal=principal, sandbox=sandbox,
                    action="sandbox.clock", entity="sandbox", entity_id=sandbox.id,
                    before=before, after=snapshot(sandbox, "today"))
        session.flush()
        return self._view(session, sandbox)
