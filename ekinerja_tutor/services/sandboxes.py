"""Per-learner sandboxes: create, reset, delete, move the clock, show everything in one."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import month_end, quarter_end, wib_now
from ekinerja_tutor.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import Account, Person, Sandbox
from ekinerja_tutor.services.actors import SYSTEM, Principal
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service
from ekinerja_tutor.services.sandbox_clone import clone_sandbox, sandbox_tables

DEFAULT_SCENARIO = "base"
WORKDAY_START = dt.time(8, 0)
TEMPLATE_PREFIX = "template:"
BUILDER_VERSION = "3"
"""Bump when the year builder changes what it builds, so templates are rebuilt."""


@cache
def content_fingerprint(root: Path | None) -> str:
    """A short hash of every file under sandbox_data/ plus the builder's version."""
    from ekinerja_tutor.content.paths import content_root

    folder = root or content_root()
    digest = hashlib.sha256(BUILDER_VERSION.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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


class SandboxService(Service):
    # -- reads --------------------------------------------------------------------------------

    def _account(self, session: Session, username: str) -> Account:
        """The account by username, alias or NIP, matched as the sign-in screen matches it."""
        from ekinerja_tutor.services.auth import find_account

        account = find_account(session, username)
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
    ) -> SandboxView:
        """A new sandbox for the account: a copy of the scenario's template for the persona."""
        self._ensure_manager(principal)
        template_id = self._template(scenario, persona_key)
        with self.db.write() as session:
            account = session.get(Account, account_id)
            if account is None:
                raise NotFound(what=Msg("noun.account"))
            template = self._sandbox(session, template_id)
            sandbox = Sandbox(
                account_id=account_id,
                label=account.username,
                scenario=scenario,
                persona_key=persona_key,
                today=template.today,
                created_at=self.ctx.now(),
            )
            session.add(sandbox)
            session.flush()
            clone_sandbox(session, template, sandbox)
            self._audit(
                session,
                None,
                principal=principal,
                sandbox=sandbox,
                action="sandbox.create",
                entity="sandbox",
                entity_id=sandbox.id,
                after=snapshot(sandbox, "scenario", "persona_key", "today"),
            )
            return self._view(session, sandbox)

    def ensure_for_account(self, principal: Principal, account_id: int) -> SandboxView:
        """The account's sandbox, built on first use from the account's persona."""
        existing = self.for_account(principal, account_id)
        if existing is not None:
            return existing
        with self.db.read() as session:
            account = session.get(Account, account_id)
            if account is None:
                raise NotFound(what=Msg("noun.account"))
            if not account.persona_key:
                raise NotFound("error.no_sandbox", username=account.username)
            persona = account.persona_key
        try:
            return self.create(SYSTEM, account_id, persona_key=persona)
        except Conflict:  # built by another client of the same account a moment ago
            found = self.for_account(principal, account_id)
            if found is None:
                raise
            return found

    def ensure_for_username(self, principal: Principal, username: str) -> SandboxView:
        with self.db.read() as session:
            account_id = self._account(session, username).id
        return self.ensure_for_account(principal, account_id)

    # -- templates ------------------------------------------------------------------------------

    def _template(self, scenario: str, persona_key: str) -> int:
        """The id of the template sandbox for (scenario, persona), built once if missing.

        Templates are keyed by a fingerprint of sandbox_data/ and the builder's version, so an
        edited office or a changed builder gets fresh templates and the stale ones are dropped.
        """
        from ekinerja_tutor.content.scenarios import scenario_chain

        chain = scenario_chain(scenario, self.ctx.content_root)  # unknown name → ConfigError
        stem = f"{TEMPLATE_PREFIX}{scenario}:{persona_key}:"
        label = stem + content_fingerprint(self.ctx.content_root)
        with self.db.read() as session:
            found = session.scalar(select(Sandbox.id).where(Sandbox.label == label))
        if found is not None:
            return found
        try:
            with self.db.write() as session:
                found = session.scalar(select(Sandbox.id).where(Sandbox.label == label))
                if found is not None:
                    return found
                for stale in session.scalars(
                    select(Sandbox).where(
                        Sandbox.label.startswith(stem), Sandbox.account_id.is_(None)
                    )
                ):
                    self._clear(session, stale.id, audit_too=True)
                    session.delete(stale)
                template = Sandbox(
                    account_id=None,
                    label=label,
                    scenario=scenario,
                    persona_key=persona_key,
                    today=self._default_today(),
                    created_at=self.ctx.now(),
                )
                session.add(template)
                session.flush()
                self._populate(session, template, chain)
                return template.id
        except Conflict:  # another process built the same template first (PostgreSQL)
            with self.db.read() as session:
                found = session.scalar(select(Sandbox.id).where(Sandbox.label == label))
            if found is None:
                raise
            return found

    def _default_today(self) -> dt.datetime:
        now = wib_now(self.ctx.clock)
        return now.replace(hour=9, minute=0, second=0, microsecond=0)

    def _populate(self, session: Session, sandbox: Sandbox, chain: Any) -> None:
        from ekinerja_tutor.services.office_copy import copy_office
        from ekinerja_tutor.services.seeding import build_scenario

        persons = copy_office(session, sandbox, self.ctx.content_root)
        persona = persons.get(sandbox.persona_key)
        if persona is None:
            raise ValidationError(
                "error.unknown_persona", field="persona", persona=sandbox.persona_key
            )
        sandbox.persona_id = persona.id
        session.flush()
        build_scenario(self.ctx, session, sandbox, chain)

    def reset(
        self, principal: Principal, username: str, *, scenario: str | None = None
    ) -> SandboxView:
        """Rebuild one learner's sandbox from a scenario; no other sandbox is touched."""
        self.ensure_for_username(principal, username)
        with self.db.read() as session:
            sandbox = self._sandbox_of(session, username)
            self._ensure_manager(principal, sandbox)
            name = scenario or sandbox.scenario
            persona_key = sandbox.persona_key
        template_id = self._template(name, persona_key)
        with self.db.write() as session:
            sandbox = self._sandbox_of(session, username)
            before = snapshot(sandbox, "scenario", "today")
            self._clear(session, sandbox.id)
            clone_sandbox(session, self._sandbox(session, template_id), sandbox)
            sandbox.scenario = name
            self._audit(
                session,
                None,
                principal=principal,
                sandbox=sandbox,
                action="sandbox.reset",
                entity="sandbox",
                entity_id=sandbox.id,
                before=before,
                after=snapshot(sandbox, "scenario", "today"),
            )
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
        for table in reversed(sandbox_tables()):
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
        self,
        session: Session,
        principal: Principal,
        sandbox: Sandbox,
        move: str,
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
            raise ValidationError(
                "error.clock_backwards",
                field="date",
                target=new_day.isoformat(),
                today=day.isoformat(),
            )
        before = snapshot(sandbox, "today")
        sandbox.today = new_today
        self._audit(
            session,
            None,
            principal=principal,
            sandbox=sandbox,
            action="sandbox.clock",
            entity="sandbox",
            entity_id=sandbox.id,
            before=before,
            after=snapshot(sandbox, "today"),
        )
        session.flush()
        # Simulated colleagues act now, in this transaction, on what came due until new today.
        from ekinerja_tutor.services.simulation import SimulationService

        with self.db.joined(session):
            SimulationService(self.ctx).catch_up(sandbox.id, since=today)
        return self._view(session, sandbox)
