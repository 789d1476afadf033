"""Seeding: practice accounts and their sandboxes, from ``sandbox_data/``.

The office's year inside each sandbox is built by :mod:`.seed_year` through the same services
a person uses, as the simulated colleagues, so every record carries its audit trail.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.persistence.models import Account, AccountRole, Base, Person, Sandbox
from ekinerja_tutor.services.actors import SYSTEM
from ekinerja_tutor.services.context import Service, ServiceContext


@dataclass(frozen=True)
class RebuildSummary:
    accounts: int
    sandboxes: int


@dataclass(frozen=True)
class AccountRow:
    """One line of ``ekinerja-tutor accounts``."""

    username: str
    alias: str | None
    roles: tuple[str, ...]
    name: str
    persona: str | None
    persona_name: str | None
    jabatan: str | None
    unit: str | None
    practice_phone: bool

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["roles"] = list(self.roles)
        return data


class SeedService(Service):
    def is_seeded(self) -> bool:
        with self.db.read() as session:
            return bool(session.scalar(select(func.count()).select_from(Account)))

    def rebuild(self, *, sandboxes: bool = False) -> RebuildSummary:
        """Empty every table and seed the practice accounts.

        One transaction: a failure (say, a broken seed file) leaves the old data intact. A
        learner's sandbox is built on first use (``SandboxService.ensure_for_account``), or
        here when ``sandboxes`` is true.
        """
        from ekinerja_tutor.content.office import load_office

        office = load_office(self.ctx.content_root)  # validate before deleting anything
        hasher = self._hasher()
        with self.db.write() as session, self.db.joined(session):
            self._empty(session)
            accounts: list[tuple[Account, str | None]] = []
            for data in office.accounts:
                account = Account(
                    username=data.username,
                    alias=data.alias,
                    nip=data.nip,
                    display_name=data.display_name,
                    persona_key=data.persona,
                    password_hash=hasher.hash(data.initial_password),
                    must_change_password=data.must_change_password,
                    totp_practice_phone=data.practice_phone,
                    created_at=self.ctx.now(),
                )
                account.roles = [AccountRole(role=Role(r)) for r in data.roles]
                session.add(account)
                accounts.append((account, data.persona))
            session.flush()
            from ekinerja_tutor.services.sandboxes import SandboxService

            service = SandboxService(self.ctx)
            count = 0
            for account, persona in accounts:
                if sandboxes and persona and Role.LEARNER in account.role_set:
                    service.create(SYSTEM, account.id, persona_key=persona)
                    count += 1
            return RebuildSummary(accounts=len(accounts), sandboxes=count)

    def _hasher(self) -> Any:
        hasher = self.ctx.extras.get("password_hasher")
        if hasher is None:
            from ekinerja_tutor.services.auth import default_hasher

            hasher = default_hasher()
        return hasher

    @staticmethod
    def _empty(session: Session) -> None:
        session.execute(update(Person).values(supervisor_id=None))
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))

    def _office_person(self, key: str | None) -> Any:
        """The persona as the shipped office describes it (before the sandbox exists)."""
        if not key:
            return None
        from ekinerja_tutor.content.office import load_office

        office = load_office(self.ctx.content_root)
        return office.person(key) if office.is_person(key) else None

    def _office_unit(self, code: str) -> str:
        from ekinerja_tutor.content.office import load_office

        return load_office(self.ctx.content_root).unit(code).name

    def account_directory(self) -> list[AccountRow]:
        """Every account with its persona: as played in its sandbox, or as the office has it."""
        from ekinerja_tutor.persistence.models import Unit

        with self.db.read() as session:
            rows = []
            accounts = session.scalars(select(Account).order_by(Account.id)).all()
            for account in accounts:
                sandbox = session.scalar(select(Sandbox).where(Sandbox.account_id == account.id))
                person = (
                    session.get(Person, sandbox.persona_id)
                    if sandbox and sandbox.persona_id
                    else None
                )
                unit = session.get(Unit, person.unit_id) if person else None
                shipped = self._office_person(account.persona_key) if person is None else None
                rows.append(
                    AccountRow(
                        username=account.username,
                        alias=account.alias,
                        roles=tuple(sorted(r.value for r in account.role_set)),
                        name=account.display_name,
                        persona=sandbox.persona_key if sandbox else account.persona_key,
                        persona_name=person.name if person else shipped and shipped.name,
                        jabatan=person.jabatan if person else shipped and shipped.jabatan,
                        unit=unit.name if unit else shipped and self._office_unit(shipped.unit),
                        practice_phone=account.totp_practice_phone,
                    )
                )
            return rows


def build_scenario(ctx: ServiceContext, session: Session, sandbox: Sandbox, chain: Any) -> None:
    """Build the office's year in a fresh sandbox, then apply the scenario's overlays."""
    from ekinerja_tutor.services.seed_year import YearBuilder

    with ctx.db.joined(session):
        YearBuilder(ctx, sandbox.id).run(chain)
