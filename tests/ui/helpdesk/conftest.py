"""Help-desk UI fixtures: the seeded office of the workspace tests, plus the mentor's side.

The office (built once per session) has the learner darto and the mentor accounts of
``sandbox_data/accounts.toml`` (mentor.lestari, mentor.bkpsdm, dimas the trainer).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from textual.pilot import Pilot

from ekinerja_tutor.persistence.models import Account
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.helpdesk import HelpdeskService
from ekinerja_tutor.ui.app import TutorApp, UserSession
from tests.ui.workspace.conftest import (  # noqa: F401 - fixtures shared with the workspace
    WsWorld,
    make_app,
    seeded,
    settle,
    signed_in,
    ws,
)

HOSTILE = "Rapat [Bidang] [@click=app.quit]tutup[/]"


def principal(world: WsWorld, username: str) -> Principal:
    from ekinerja_tutor.services.auth import AuthService

    with world.services.ctx.db.read() as session:
        account_id = session.scalar(
            select(Account.id).where(
                or_(Account.username == username, Account.persona_key == username)
            )
        )
    assert account_id is not None, username
    return AuthService(world.services.ctx).principal_for(account_id)


def helpdesk(world: WsWorld) -> HelpdeskService:
    return HelpdeskService(world.services.ctx)


async def as_staff(app: TutorApp, pilot: Pilot[int], who: Principal, name: str) -> None:
    """A staff session without the home screen (which would build their persona's sandbox)."""
    await pilot.pause()
    app.session = UserSession(who, name)
    app.idle.touch(app.clock.now())
    await pilot.pause()
