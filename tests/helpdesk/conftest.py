"""Help-desk fixtures: a migrated database, a mini office for the learner, staff accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.persistence.models import Account, AccountRole
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.helpdesk import HelpdeskService
from tests.factories import build_mini_office

# Monday 30 Nov 2026, 09:00 WIB
START = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)
HOLIDAY = dt.date(2026, 12, 3)


@dataclass(frozen=True)
class Desk:
    ctx: ServiceContext
    clock: FixedClock
    svc: HelpdeskService
    ani: Principal
    """A learner with a sandbox (mini office)."""
    budi: Principal
    """Another learner."""
    mentor: Principal
    mentor2: Principal
    trainer: Principal
    ani_sandbox_id: int

    def advance(self, **delta: float) -> None:
        self.clock.advance(**delta)


def _account(session, username: str, *roles: Role) -> Principal:  # type: ignore[no-untyped-def]
    account = Account(
        username=username,
        display_name=username.title(),
        password_hash="x",
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    account.roles = [AccountRole(role=r) for r in roles]
    session.add(account)
    session.flush()
    return Principal(account_id=account.id, username=username, roles=frozenset(roles))


@pytest.fixture
def desk(sqlite_url: str) -> Iterator[Desk]:
    yield from _desk(sqlite_url)


@pytest.fixture
def desk_on_each_engine(db_url: str) -> Iterator[Desk]:
    """The same help desk on SQLite and on the throwaway PostgreSQL server."""
    yield from _desk(db_url)


def _desk(url: str) -> Iterator[Desk]:
    db = Database(make_engine(url))
    migrate.upgrade(db)
    clock = FixedClock(START)
    ctx = ServiceContext(db=db, clock=clock)
    ctx.calendar = WorkCalendar(holidays={HOLIDAY: "Libur"})
    with db.write() as session:
        office = build_mini_office(session)
        budi_office = build_mini_office(session, username="budi", persona="budi")
        ani = Principal(
            account_id=office.account_id, username="ani", roles=frozenset({Role.LEARNER})
        )
        budi = Principal(
            account_id=budi_office.account_id, username="budi", roles=frozenset({Role.LEARNER})
        )
        mentor = _account(session, "mentor1", Role.MENTOR)
        mentor2 = _account(session, "mentor2", Role.MENTOR)
        trainer = _account(session, "trainer1", Role.TRAINER)
    yield Desk(
        ctx=ctx,
        clock=clock,
        svc=HelpdeskService(ctx),
        ani=ani,
        budi=budi,
        mentor=mentor,
        mentor2=mentor2,
        trainer=trainer,
        ani_sandbox_id=office.sandbox_id,
    )
    db.dispose()
