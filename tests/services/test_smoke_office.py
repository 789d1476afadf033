"""The mini office builds on both engines; the seat guard keeps learners in their sandbox."""

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.errors import PermissionDenied
from ekinerja_tutor.persistence.models import Person
from ekinerja_tutor.services.actors import Principal, Seat
from ekinerja_tutor.services.context import Service, ServiceContext
from tests.factories import build_mini_office
from tests.services.conftest import learner


def test_office_builds_on_both_engines(any_ctx: ServiceContext) -> None:
    with any_ctx.db.write() as session:
        office = build_mini_office(session)
    with any_ctx.db.read() as session:
        names = set(
            session.scalars(select(Person.key).where(Person.sandbox_id == office.sandbox_id))
        )
    assert {"kadis", "ani", "kasubag"} <= names


def test_seat_guard(ctx: ServiceContext) -> None:
    with ctx.db.write() as session:
        mine = build_mini_office(session, username="ani")
        other = build_mini_office(session, username="eko")
    service = Service(ctx)
    with ctx.db.read() as session:
        service._seat(session, learner(mine, "ani"))
        service._seat(session, learner(mine, "kasubag"))  # the persona's supervisor seat
        with pytest.raises(PermissionDenied):
            service._seat(session, learner(mine, "kadis"))
        intruder = Seat(Principal(mine.account_id, "ani"), other.sandbox_id, other.persons["ani"])
        with pytest.raises(PermissionDenied):
            service._seat(session, intruder)
