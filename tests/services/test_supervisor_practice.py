"""Planted defects for the supervisor's seat: planted deterministically as the clock moves, and
reported as caught or let through from what the learner actually did."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ekinerja_tutor.content.simulation import load_defects
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.errors import PermissionDenied
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.persistence.models import DailyEntry, PlantedDefect
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.simulation import SimulationService
from ekinerja_tutor.services.supervisor_practice import SupervisorPracticeService
from tests.conftest import FIXED_NOW
from tests.services import conftest_sim as sim_fixtures
from tests.services.conftest_sim import Built, World

built_darto = sim_fixtures.built_darto
world = sim_fixtures.world

WEEK_LATER = dt.date(2026, 5, 22)


def planted(ctx: ServiceContext) -> list[tuple[Any, ...]]:
    with ctx.db.read() as session:
        rows = session.execute(
            select(PlantedDefect, DailyEntry)
            .join(DailyEntry, DailyEntry.id == PlantedDefect.entry_id)
            .order_by(PlantedDefect.id)
        ).all()
        return [
            (d.kind, d.person_id, e.tanggal, e.kegiatan, e.realisasi, e.bukti_dukung, d.id, e.id)
            for d, e in rows
        ]


def test_defects_are_planted_deterministically_per_sandbox(
    world: World, built_darto: Built, tmp_path: Path
) -> None:
    world.move("date", WEEK_LATER)
    first = planted(world.ctx)

    copy = tmp_path / "second.db"
    shutil.copyfile(built_darto.path, copy)
    db = Database(make_engine(f"sqlite:///{copy}"))
    try:
        other = World(
            ServiceContext(db=db, clock=FixedClock(FIXED_NOW)),
            world.sandbox_id,
            world.account_id,
            world.people,
        )
        other.move("next_day")  # a different path to the same day plants the same defects
        other.move("date", WEEK_LATER)
        second = planted(other.ctx)
    finally:
        db.dispose()

    assert first and [row[:6] for row in first] == [row[:6] for row in second]
    kinds = {row[0] for row in first}
    assert len(kinds) >= 3  # the kinds take turns
    assert kinds <= {k.key for k in load_defects().kinds}
    owners = {row[1] for row in first}
    assert owners <= {world.people["mega"], world.people["fajar"]}  # the learner's team only
    by_kind = {row[0]: row for row in first}
    if "private_link" in by_kind:
        assert by_kind["private_link"][5].startswith("https://drive.latihan.local/d/")
    if "outside_rhk" in by_kind:
        assert by_kind["outside_rhk"][3] in load_defects().get("outside_rhk").kegiatan_pool  # type: ignore[union-attr]


def test_report_is_computed_from_the_learners_real_actions(world: World) -> None:
    ctx = world.ctx
    world.move("date", WEEK_LATER)
    rows = planted(ctx)
    assert len(rows) >= 3
    (
        (_, _, _, _, _, _, id1, returned),
        (_, _, _, _, _, _, id2, flagged),
        (_, _, _, _, _, _, id3, let_by),
    ) = rows[:3]
    boss = world.seat("kasubag_umpeg")
    daily = DailyLogService(ctx)
    practice = SupervisorPracticeService(ctx)

    report = practice.defect_report(boss)
    assert (report.caught, report.approved, report.pending) == (0, 0, len(rows))

    # The program acting as the supervisor never counts as the learner's catch.
    daily.check_evidence(world.system("kasubag_umpeg"), let_by, EvidenceCheck.KURANG, "cek")

    daily.return_for_revision(boss, returned, "Tanggal bukti berbeda dengan tanggal kegiatan.")
    daily.check_evidence(boss, flagged, EvidenceCheck.KURANG, "Foto tanpa narasi.")
    daily.approve(boss, flagged)
    daily.approve(boss, let_by)
    with ctx.db.read() as session:
        clean = session.scalars(
            select(DailyEntry.id)
            .where(
                DailyEntry.person_id.in_([world.people["mega"], world.people["fajar"]]),
                DailyEntry.status == DailyStatus.DIKIRIM,
                DailyEntry.id.not_in([r[7] for r in rows]),
            )
            .order_by(DailyEntry.id)
        ).all()
    daily.return_for_revision(boss, clean[0], "Uraian kegiatan terlalu umum.")
    daily.approve(boss, clean[1])

    report = practice.defect_report(boss)
    outcomes = {item.entry_id: (item.outcome, item.how, item.approved) for item in report.items}
    assert outcomes[returned] == ("caught", "returned", False)
    assert outcomes[flagged] == ("caught", "evidence_kurang", True)
    assert outcomes[let_by] == ("approved", "approved", True)
    assert (report.caught, report.approved, report.pending) == (2, 1, len(rows) - 3)
    assert report.false_alarms == 1
    assert report.summary.key == "defect.summary"
    item = next(i for i in report.items if i.entry_id == let_by)
    assert item.kind is not None and item.kind.title("en") and item.note_key
    assert item.decided_at == world.today()

    # The next catch-up settles the stored columns from the same actions …
    world.move()
    with ctx.db.read() as session:
        stored = {d.id: (d.caught, d.how) for d in session.scalars(select(PlantedDefect))}
    assert stored[id1] == (True, "returned")
    assert stored[id2] == (True, "evidence_kurang")
    assert stored[id3] == (False, "approved")

    # … but the report never trusts them.
    with ctx.db.write() as session:
        row = session.get(PlantedDefect, id3)
        assert row is not None
        row.caught = True
        row.how = "returned"
    again = practice.defect_report(boss)
    assert {i.entry_id: i.outcome for i in again.items}[let_by] == "approved"

    # The colleague fixed the returned entry and sent it again, without the defect.
    with ctx.db.read() as session:
        entry = session.get(DailyEntry, returned)
        defect = session.get(PlantedDefect, id1)
        assert entry is not None and defect is not None
        assert entry.status is DailyStatus.DIKIRIM
        assert entry.bukti_dukung == defect.clean["bukti_dukung"]
        assert entry.kegiatan == defect.clean["kegiatan"]
    fired = SimulationService(ctx).firings(world.sandbox_id)
    assert any(f.rule == "entry_resubmit" and f.entity_id == returned for f in fired)
    daily.approve(boss, returned)
    final = practice.defect_report(boss)
    assert {i.entry_id: i.outcome for i in final.items}[returned] == "caught"


def test_report_readers(world: World) -> None:
    world.move("date", WEEK_LATER)
    practice = SupervisorPracticeService(world.ctx)
    mine = practice.defect_report(world.seat("kasubag_umpeg"))
    assert mine.total > 0 and mine.reviewer.key == "kasubag_umpeg"
    as_owner = practice.sandbox_defect_report(world.principal, world.sandbox_id)
    assert [i.entry_id for i in as_owner.items] == [i.entry_id for i in mine.items]
    persona = practice.defect_report(world.seat())
    assert persona.total == 0 and persona.summary.key == "defect.none_planted"
    stranger = Principal(account_id=world.account_id + 999, username="x")
    with pytest.raises(PermissionDenied):
        practice.sandbox_defect_report(stranger, world.sandbox_id)
    with pytest.raises(PermissionDenied):
        practice.defect_report(world.seat("sekretaris"))
