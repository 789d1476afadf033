"""Two processes approving or returning one entry at once: exactly one wins, on both engines."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import select

from ekinerja_tutor.bootstrap import Services
from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.persistence.models import DailyEntry, Person
from ekinerja_tutor.services.actors import SYSTEM, Seat


def _decide(
    url: str, home: str, sandbox_id: int, person_id: int, entry_id: int, action: str
) -> str:
    from pathlib import Path

    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.services.daily_logs import DailyLogService
    from tests.integration.conftest import open_built

    services = open_built(url, Path(home))
    seat = Seat(SYSTEM, sandbox_id, person_id)
    service = DailyLogService(services.ctx)
    try:
        if action == "approve":
            service.approve(seat, entry_id)
        else:
            service.return_for_revision(seat, entry_id, "Bukti dukung belum lengkap.")
        return "won"
    except TutorError as error:
        return f"lost:{error.key}:{error.render('en')}"
    finally:
        services.close()


def test_two_processes_one_entry_one_winner(built_services: Services, tmp_path: object) -> None:
    services = built_services
    view = services.sandboxes.ensure_for_username(SYSTEM, "darto2")
    with services.ctx.db.read() as session:
        persona = session.get(Person, view.persona_id)
        assert persona is not None and persona.supervisor_id is not None
        entries = session.scalars(
            select(DailyEntry.id)
            .where(DailyEntry.person_id == persona.id, DailyEntry.status == DailyStatus.DIKIRIM)
            .order_by(DailyEntry.id)
        ).all()
    assert len(entries) >= 2
    url = services.ctx.db.engine.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("fork")
    for entry_id, actions in (
        (entries[0], ("approve", "approve")),
        (entries[1], ("approve", "return")),
    ):
        with ProcessPoolExecutor(2, mp_context=ctx) as pool:
            outcomes = list(
                pool.map(
                    _decide,
                    [url] * 2,
                    [str(tmp_path)] * 2,
                    [view.id] * 2,
                    [persona.supervisor_id] * 2,
                    [entry_id] * 2,
                    actions,
                )
            )
        assert sorted(o.split(":")[0] for o in outcomes) == ["lost", "won"], outcomes
        loser = next(o for o in outcomes if o.startswith("lost"))
        assert loser.split(":", 2)[2]  # a clear, translated message
        with services.ctx.db.read() as session:
            status = session.get(DailyEntry, entry_id).status  # type: ignore[union-attr]
        assert status in (DailyStatus.DISETUJUI, DailyStatus.REVISI)
