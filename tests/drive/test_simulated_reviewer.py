"""The "Must show": a private drive link is returned by the simulated supervisor ("access
denied"); after sharing it with anyone with the link, the same link opens and is approved."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ekinerja_tutor.domain.drive import DriveAccessDenied, GeneralAccess, ShareLevel
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck
from ekinerja_tutor.persistence.models import DailyEntry, DriveItem, PlantedDefect
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.drive import DriveService
from ekinerja_tutor.services.sandboxes import SandboxService
from tests.services import conftest_sim as sim_fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import Work, form
from tests.services.conftest_sim import World, set_simulation

built_darto = sim_fixtures.built_darto
world = sim_fixtures.world

FRIDAY = dt.date(2026, 11, 27)


def entry(ctx: ServiceContext, entry_id: int) -> DailyEntry:
    with ctx.db.read() as session:
        row = session.get(DailyEntry, entry_id)
        assert row is not None
        return row


def move(ctx: ServiceContext, work: Work) -> None:
    owner = Principal(account_id=work.office.account_id, username="ani")
    SandboxService(ctx).move_own_clock(owner, work.office.sandbox_id, move="next_day")


def test_private_link_is_returned_then_opens_once_shared(rctx: ServiceContext, work: Work) -> None:
    set_simulation(rctx, work.office.sandbox_id, {"kasubag": {"reviews": "approve"}})
    drive = DriveService(rctx)
    me = learner(work.office)
    file = drive.add_file(me, None, "foto rapat.jpg", b"\xff\xd8", caption="Rapat koordinasi")
    daily = DailyLogService(rctx)
    draft = daily.save_draft(
        me, None, form(work.ra[("ani", FRIDAY.month)], FRIDAY, bukti=file.link)
    )
    daily.submit(me, draft.id)

    move(rctx, work)  # the simulated supervisor reviews on the next working day

    returned = entry(rctx, draft.id)
    assert returned.status is DailyStatus.REVISI
    assert returned.evidence_check is EvidenceCheck.TIDAK_SESUAI
    assert returned.revision_note and "tidak dapat dibuka" in returned.revision_note
    assert "Siapa saja yang memiliki link" in returned.revision_note
    # what the supervisor saw, from their own seat
    try:
        drive.open_link(learner(work.office, "kasubag"), file.link)
    except DriveAccessDenied as denied:
        assert denied.render("id").startswith("Anda memerlukan akses")
    else:
        raise AssertionError("the supervisor opened a private file")

    shared = drive.set_sharing(me, file.id, GeneralAccess.ANYONE_WITH_LINK)
    assert shared.level is ShareLevel.ANYONE_WITH_LINK
    assert drive.open_link(simulated(work.office, "kasubag"), file.link).data == b"\xff\xd8"
    daily.submit(me, draft.id)  # the same link, unchanged
    move(rctx, work)
    move(rctx, work)

    approved = entry(rctx, draft.id)
    assert approved.bukti_dukung == file.link
    assert approved.status is DailyStatus.DISETUJUI
    assert approved.evidence_check is EvidenceCheck.SESUAI


def test_planted_private_link_is_a_real_private_file_of_the_writer(world: World) -> None:
    ctx = world.ctx
    day = dt.date(2026, 5, 15)
    rows: list[tuple[PlantedDefect, DailyEntry]] = []
    while not rows and day < dt.date(2026, 7, 1):  # the kinds take turns: one comes soon
        day += dt.timedelta(days=7)
        world.move("date", day)
        with ctx.db.read() as session:
            rows = [
                (d, e)
                for d, e in session.execute(
                    select(PlantedDefect, DailyEntry)
                    .join(DailyEntry, DailyEntry.id == PlantedDefect.entry_id)
                    .where(PlantedDefect.kind == "private_link")
                ).all()
            ]
    assert rows, "no private link was planted"
    with ctx.db.read() as session:
        for defect, row in rows:
            token = row.bukti_dukung.rsplit("/", 1)[1]
            item = session.scalars(
                select(DriveItem).where(
                    DriveItem.sandbox_id == world.sandbox_id, DriveItem.token == token
                )
            ).one()
            assert item.owner_id == defect.person_id == row.person_id
            assert item.access is GeneralAccess.RESTRICTED
    drive = DriveService(ctx)
    _, first = rows[0]
    # the learner, from the supervisor's seat, gets the real failure
    try:
        drive.open_link(world.seat("kasubag_umpeg"), first.bukti_dukung)
    except DriveAccessDenied as denied:
        assert denied.render("en").startswith("You need access")
    else:
        raise AssertionError("a planted private link opened")
