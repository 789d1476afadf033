"""Simulated colleagues on a moving sandbox clock: each rule fires once, at its time, through the
same services as people (audited as simulated, sitting as the simulated person)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.content.simulation import (
    check_simulation_content,
    load_simulation_settings,
    person_rule,
)
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.domain.statuses import DailyStatus, EvidenceCheck, RecapStatus, SkpStatus
from ekinerja_tutor.persistence.models import (
    DailyEntry,
    PlantedDefect,
    QuarterRecap,
    RecapStep,
    Sandbox,
    SimulationFiring,
    Skp,
)
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.results import ResultsService
from ekinerja_tutor.services.sandboxes import SandboxService
from ekinerja_tutor.services.simulation import LINK_OPENS_EXTRA, SimulationService
from tests.services import conftest_rules as fixtures
from tests.services import conftest_sim as sim_fixtures
from tests.services.conftest import learner, simulated
from tests.services.conftest_rules import LINK, Work, form
from tests.services.conftest_sim import World, events, set_simulation

# The shared fixtures, bound here so pytest finds them in this module.
any_rctx = fixtures.any_rctx
any_work = fixtures.any_work
rctx = fixtures.rctx
sqlite_template = fixtures.sqlite_template
work = fixtures.work
built_darto = sim_fixtures.built_darto
world = sim_fixtures.world

FRIDAY = dt.date(2026, 11, 27)  # the mini office's today (09:00)


@pytest.fixture(autouse=True)
def _link_is_a_shared_drive_file(request: pytest.FixtureRequest) -> None:
    """``LINK`` names a real file in Ani's Practice Drive, shared with anyone with the link
    (simulated reviewers open drive links through the drive, as themselves)."""
    names = request.fixturenames
    prefix = "" if "work" in names else "any_" if "any_work" in names else None
    if prefix is None:
        return
    from ekinerja_tutor.domain.drive import GeneralAccess
    from ekinerja_tutor.services.drive import DriveService

    ctx: ServiceContext = request.getfixturevalue(f"{prefix}rctx")
    office: Work = request.getfixturevalue(f"{prefix}work")
    DriveService(ctx).add_file(
        simulated(office.office, "ani"),
        None,
        "Laporan kegiatan.txt",
        b"Laporan kegiatan",
        access=GeneralAccess.ANYONE_WITH_LINK,
        token=LINK.rsplit("/", 1)[1],
    )


# --- helpers -----------------------------------------------------------------------------------


def owner(work: Work) -> Principal:
    return Principal(account_id=work.office.account_id, username="ani")


def move(
    ctx: ServiceContext, work: Work, how: str = "next_day", target: dt.date | None = None
) -> dt.datetime:
    view = SandboxService(ctx).move_own_clock(
        owner(work), work.office.sandbox_id, move=how, target=target
    )
    return view.today


def send(
    ctx: ServiceContext,
    work: Work,
    *,
    day: dt.date = FRIDAY,
    bukti: str = LINK,
    start: dt.time = dt.time(7, 0),
    end: dt.time = dt.time(8, 0),
) -> int:
    """Ani (the persona) writes and sends one entry."""
    daily = DailyLogService(ctx)
    seat = learner(work.office)
    view = daily.save_draft(
        seat, None, form(work.ra[("ani", day.month)], day, start, end, bukti=bukti)
    )
    daily.submit(seat, view.id)
    return view.id


def status(ctx: ServiceContext, entry_id: int) -> DailyEntry:
    with ctx.db.read() as session:
        entry = session.get(DailyEntry, entry_id)
        assert entry is not None
        return entry


def firings(ctx: ServiceContext, sandbox_id: int) -> list[SimulationFiring]:
    with ctx.db.read() as session:
        return list(
            session.scalars(
                select(SimulationFiring)
                .where(SimulationFiring.sandbox_id == sandbox_id)
                .order_by(SimulationFiring.id)
            )
        )


# --- the mini office: one rule at a time ---------------------------------------------------------


def test_supervisor_reviews_after_the_delay_once_as_the_simulated_person(
    rctx: ServiceContext, work: Work
) -> None:
    sid = work.office.sandbox_id
    set_simulation(rctx, sid, {"kasubag": {"reviews": "approve", "delay_working_days": 2}})
    entry_id = send(rctx, work)

    assert move(rctx, work) == dt.datetime(2026, 11, 30, 8, 0)
    assert status(rctx, entry_id).status is DailyStatus.DIKIRIM  # due on the second working day

    assert move(rctx, work) == dt.datetime(2026, 12, 1, 8, 0)
    entry = status(rctx, entry_id)
    assert entry.status is DailyStatus.DISETUJUI
    assert entry.evidence_check is EvidenceCheck.SESUAI
    approvals = events(rctx, sid, entity="daily_entry", entity_id=entry_id, action="daily.approve")
    assert len(approvals) == 1
    event = approvals[0]
    assert event.simulated is True
    assert event.actor_account_id is None
    assert event.actor_person_id == work.pid("kasubag")
    assert event.sandbox_time == dt.datetime(2026, 12, 1, 8, 0)
    assert entry.reviewed_by_id == work.pid("kasubag")

    before = len(events(rctx, sid, entity="daily_entry", entity_id=entry_id))
    move(rctx, work)
    move(rctx, work, "month_end")
    assert len(events(rctx, sid, entity="daily_entry", entity_id=entry_id)) == before
    keys = [f.key for f in firings(rctx, sid) if f.entity_id == entry_id]
    assert len(keys) == len(set(keys)) == 1


def test_opening_does_not_play_what_the_scenario_left_waiting(
    rctx: ServiceContext, work: Work
) -> None:
    sid = work.office.sandbox_id
    set_simulation(rctx, sid, {"kasubag": {"reviews": "approve"}})
    entry_id = send(rctx, work)
    service = SimulationService(rctx)
    assert service.catch_up(sid).fired == ()
    assert service.catch_up(sid).fired == ()
    assert status(rctx, entry_id).status is DailyStatus.DIKIRIM
    move(rctx, work)
    assert status(rctx, entry_id).status is DailyStatus.DISETUJUI


def test_delay_zero_acts_on_the_next_read_without_a_move(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    set_simulation(rctx, sid, {"kasubag": {"reviews": "approve", "delay_working_days": 0}})
    SimulationService(rctx).catch_up(sid)  # the workspace opened
    entry_id = send(rctx, work)
    view = SimulationService(rctx).catch_up(sid)
    assert [(f.rule, f.outcome) for f in view.fired] == [("entry_review", "approve")]
    assert view.fired[0].message.key == "sim.fired.entry_review.approve"
    assert status(rctx, entry_id).status is DailyStatus.DISETUJUI


def test_never_and_unsimulated_reviewers_leave_work_alone(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    set_simulation(rctx, sid, {"kasubag": {"reviews": "never"}})
    entry_id = send(rctx, work)
    move(rctx, work)
    move(rctx, work)
    assert status(rctx, entry_id).status is DailyStatus.DIKIRIM
    assert [f.rule for f in firings(rctx, sid)] == ["attendance"]  # November, sent on 1 Dec


def test_return_once_uses_the_library_note_then_approves_the_resubmission(
    rctx: ServiceContext, work: Work
) -> None:
    sid = work.office.sandbox_id
    set_simulation(
        rctx, sid, {"kasubag": {"reviews": "return_once", "note_key": "daily.too_general"}}
    )
    first = send(rctx, work)
    second = send(rctx, work, start=dt.time(8, 0), end=dt.time(9, 0))
    move(rctx, work)
    returned = status(rctx, first)
    assert returned.status is DailyStatus.REVISI
    assert returned.revision_note is not None
    assert returned.revision_note.startswith("Uraian kegiatan terlalu umum")
    (event,) = events(rctx, sid, entity="daily_entry", entity_id=first, action="daily.return")
    assert event.simulated and event.after is not None
    assert event.after["sentence_key"] == "daily.too_general"
    assert status(rctx, second).status is DailyStatus.DISETUJUI  # the rule fired once

    DailyLogService(rctx).submit(learner(work.office), first)
    move(rctx, work)
    assert status(rctx, first).status is DailyStatus.DISETUJUI


def test_weak_evidence_is_questioned(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    set_simulation(rctx, sid, {"kasubag": {"reviews": "approve"}})
    no_link = send(rctx, work, bukti="")
    private = send(
        rctx,
        work,
        start=dt.time(8, 0),
        end=dt.time(9, 0),
        bukti="https://drive.latihan.local/d/laporan-akses-terbatas",
    )
    move(rctx, work)

    missing = status(rctx, no_link)
    assert missing.status is DailyStatus.DISETUJUI
    assert missing.evidence_check is EvidenceCheck.KURANG
    assert missing.evidence_note and "Bukti dukung belum dilampirkan" in missing.evidence_note

    closed = status(rctx, private)
    assert closed.status is DailyStatus.REVISI
    assert closed.evidence_check is EvidenceCheck.TIDAK_SESUAI
    assert closed.evidence_note and "tidak dapat dibuka" in closed.evidence_note
    assert closed.revision_note and "tidak dapat dibuka" in closed.revision_note


def test_the_practice_drive_hook_decides_which_links_open(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    asked: list[tuple[int, str]] = []

    def opens(sandbox_id: int, url: str) -> bool:
        asked.append((sandbox_id, url))
        return False

    rctx.extras[LINK_OPENS_EXTRA] = opens
    set_simulation(rctx, sid, {"kasubag": {"reviews": "approve"}})
    entry_id = send(rctx, work)
    move(rctx, work)
    assert asked == [(sid, LINK)]
    assert status(rctx, entry_id).evidence_check is EvidenceCheck.TIDAK_SESUAI


def test_learners_team_is_left_to_the_learner(rctx: ServiceContext, work: Work) -> None:
    """Budi is the persona's peer: the learner reviews him from the supervisor's seat."""
    sid = work.office.sandbox_id
    set_simulation(rctx, sid, {"kasubag": {"reviews": "approve"}})
    daily = DailyLogService(rctx)
    budi = simulated(work.office, "budi")
    view = daily.save_draft(budi, None, form(work.ra[("budi", 11)], FRIDAY))
    daily.submit(budi, view.id)
    move(rctx, work)
    move(rctx, work)
    assert status(rctx, view.id).status is DailyStatus.DIKIRIM


def test_supervisor_approves_or_returns_a_submitted_skp(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    with rctx.db.write() as session:
        for key in ("ani", "citra"):
            skp = session.scalars(select(Skp).where(Skp.person_id == work.pid(key))).one()
            skp.status = SkpStatus.DIAJUKAN
            skp.submitted_at = dt.datetime(2026, 11, 27, 8, 0)
    set_simulation(
        rctx,
        sid,
        {
            "kasubag": {"reviews": "approve"},
            "kabid": {"reviews": "return_once", "note_key": "daily.too_general"},
        },
    )
    move(rctx, work)
    with rctx.db.read() as session:
        ani = session.scalars(select(Skp).where(Skp.person_id == work.pid("ani"))).one()
        citra = session.scalars(select(Skp).where(Skp.person_id == work.pid("citra"))).one()
        assert (ani.status, ani.decided_by_id) == (SkpStatus.DISETUJUI, work.pid("kasubag"))
        assert citra.status is SkpStatus.DIKEMBALIKAN
        assert citra.return_note and citra.return_note.startswith("IKI belum terukur")
        ani_id, citra_id = ani.id, citra.id
    (approval,) = events(rctx, sid, entity="skp", entity_id=ani_id, action="skp.approve")
    assert approval.simulated and approval.actor_person_id == work.pid("kasubag")
    (returned,) = events(rctx, sid, entity="skp", entity_id=citra_id, action="skp.return")
    assert returned.simulated and returned.actor_person_id == work.pid("kabid")


def test_recap_climbs_one_level_per_working_day(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    set_simulation(
        rctx, sid, {k: {"reviews": "approve"} for k in ("kasubag", "sekretaris", "kadis")}
    )
    recap = ResultsService(rctx).submit_recap(learner(work.office), 2026, 4, LINK)
    assert recap.id is not None
    seen = []
    for _ in range(3):
        move(rctx, work)
        with rctx.db.read() as session:
            row = session.get(QuarterRecap, recap.id)
            assert row is not None
            seen.append((row.status, row.level_index))
    assert seen[:2] == [(RecapStatus.DIVERIFIKASI, 1), (RecapStatus.DIVERIFIKASI, 2)]
    assert seen[2][0] is RecapStatus.VALID
    with rctx.db.read() as session:
        steps = session.scalars(
            select(RecapStep).where(RecapStep.recap_id == recap.id).order_by(RecapStep.id)
        ).all()
        assert [(s.verifier_id, s.at.date()) for s in steps] == [
            (work.pid("kasubag"), dt.date(2026, 11, 30)),
            (work.pid("sekretaris"), dt.date(2026, 12, 1)),
            (work.pid("kadis"), dt.date(2026, 12, 2)),
        ]
    passes = events(rctx, sid, entity="quarter_recap", entity_id=recap.id, action="recap.pass")
    assert [e.actor_person_id for e in passes] == [
        work.pid("kasubag"),
        work.pid("sekretaris"),
        work.pid("kadis"),
    ]
    assert all(e.simulated for e in passes)


def test_one_jump_still_takes_one_working_day_per_level(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    set_simulation(
        rctx, sid, {k: {"reviews": "approve"} for k in ("kasubag", "sekretaris", "kadis")}
    )
    recap = ResultsService(rctx).submit_recap(learner(work.office), 2026, 4, LINK)
    move(rctx, work, "date", dt.date(2026, 12, 10))
    with rctx.db.read() as session:
        row = session.get(QuarterRecap, recap.id)
        assert row is not None and row.status is RecapStatus.VALID
        assert row.valid_at == dt.datetime(2026, 12, 2, 9, 0)


def test_template_sandboxes_are_never_played(rctx: ServiceContext, work: Work) -> None:
    sid = work.office.sandbox_id
    entry_id = send(rctx, work)
    with rctx.db.write() as session:
        sandbox = session.get(Sandbox, sid)
        assert sandbox is not None
        sandbox.account_id = None
        sandbox.simulation = {"kasubag": {"reviews": "approve", "delay_working_days": 0}}
    SimulationService(rctx).catch_up(sid)
    assert status(rctx, entry_id).status is DailyStatus.DIKIRIM


# --- a real built sandbox: the full loop ---------------------------------------------------------


def test_full_loop_returned_with_a_note_resubmitted_then_approved(world: World) -> None:
    ctx, sid = world.ctx, world.sandbox_id
    set_simulation(
        ctx,
        sid,
        {"kasubag_umpeg": {"reviews": "return_once", "note_key": "daily.photo_no_caption"}},
    )
    with ctx.db.write() as session:  # only the learner's own entry waits: clear the backlog
        for entry in session.scalars(
            select(DailyEntry).where(
                DailyEntry.person_id == world.people["darto"],
                DailyEntry.status == DailyStatus.DIKIRIM,
            )
        ):
            entry.status = DailyStatus.DISETUJUI
    daily = DailyLogService(ctx)
    today = world.today()
    ra = daily.copy_from_previous(world.seat(), today.date()).rencana_aksi_id
    assert ra is not None
    draft = daily.save_draft(
        world.seat(), None, form(ra, today.date(), dt.time(7, 0), dt.time(7, 30), bukti=LINK)
    )
    daily.submit(world.seat(), draft.id)

    moved = world.move()
    entry = status(ctx, draft.id)
    assert entry.status is DailyStatus.REVISI
    assert entry.revision_note == "Foto kegiatan tanpa keterangan/narasi."
    (returned,) = events(ctx, sid, entity="daily_entry", entity_id=draft.id, action="daily.return")
    assert returned.simulated and returned.actor_person_id == world.people["kasubag_umpeg"]
    assert returned.sandbox_time == moved.today

    daily.save_draft(
        world.seat(),
        draft.id,
        form(
            ra,
            today.date(),
            dt.time(7, 0),
            dt.time(7, 30),
            kegiatan="Rapat koordinasi "
            "kepegawaian di ruang Sekretariat (foto dan "
            "notulen terlampir)",
            bukti=LINK,
        ),
    )
    daily.submit(world.seat(), draft.id)
    world.move()
    entry = status(ctx, draft.id)
    assert entry.status is DailyStatus.DISETUJUI
    assert entry.reviewed_by_id == world.people["kasubag_umpeg"]
    approvals = events(ctx, sid, entity="daily_entry", entity_id=draft.id, action="daily.approve")
    assert len(approvals) == 1 and approvals[0].simulated
    before = len(events(ctx, sid, entity="daily_entry", entity_id=draft.id))
    world.move()
    world.move("month_end")
    assert len(events(ctx, sid, entity="daily_entry", entity_id=draft.id)) == before


def test_persona_recap_climbs_the_chain_to_the_kepala_dinas(world: World) -> None:
    ctx, sid = world.ctx, world.sandbox_id
    recap = ResultsService(ctx).submit_recap(
        world.seat(), 2026, 2, "https://drive.google.com/drive/folders/tw2-darto"
    )
    assert recap.id is not None
    holders = [lv.holder.id for lv in recap.levels if lv.holder is not None]
    assert holders == [world.people[k] for k in ("kasubag_umpeg", "sekretaris", "kadis")]
    states = []
    for _ in range(3):
        world.move()
        view = ResultsService(ctx).recap_view(world.seat(), recap.id)
        states.append((view.status, view.waiting_level))
    assert [s[0] for s in states] == [
        RecapStatus.DIVERIFIKASI,
        RecapStatus.DIVERIFIKASI,
        RecapStatus.VALID,
    ]
    passes = events(ctx, sid, entity="quarter_recap", entity_id=recap.id, action="recap.pass")
    assert [e.actor_person_id for e in passes] == holders
    assert len({e.sandbox_time.date() for e in passes if e.sandbox_time}) == 3


def test_colleagues_keep_writing_for_the_supervisor_seat(world: World) -> None:
    ctx, sid = world.ctx, world.sandbox_id
    inbox_before = DailyLogService(ctx).review_inbox(world.seat("kasubag_umpeg"), page_size=200)
    world.move("date", dt.date(2026, 5, 22))
    inbox = DailyLogService(ctx).review_inbox(world.seat("kasubag_umpeg"), page_size=200)
    assert inbox.total > inbox_before.total
    fresh = [i.entry for i in inbox.items if i.entry.tanggal >= dt.date(2026, 5, 13)]
    assert fresh and {i.person.key for i in inbox.items} <= {"mega", "fajar"}
    assert all(e.on_time for e in fresh)
    assert all(e.submitted_at and e.submitted_at.time() == dt.time(16, 30) for e in fresh)
    with ctx.db.read() as session:
        count = session.scalar(
            select(func.count()).select_from(DailyEntry).where(DailyEntry.sandbox_id == sid)
        )
    SimulationService(ctx).catch_up(sid)
    world.move("date", dt.date(2026, 5, 22))  # not backwards, no-op move
    with ctx.db.read() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(DailyEntry).where(DailyEntry.sandbox_id == sid)
            )
            == count
        )
        planted = session.scalar(select(func.count()).select_from(PlantedDefect))
    assert planted and planted > 0


def test_a_new_month_brings_rencana_aksi_and_attendance(world: World) -> None:
    ctx = world.ctx
    world.move("month_end")
    world.move()  # into June
    fired = SimulationService(ctx).firings(world.sandbox_id)
    rules = {(f.rule, f.person.key if f.person else None) for f in fired}
    assert ("rencana_aksi", "mega") in rules and ("rencana_aksi", "fajar") in rules
    assert ("attendance", "darto") in rules
    view = ResultsService(ctx).allowance_for(world.seat(), world.people["darto"], 2026, 5)
    assert view.attendance_recorded


def test_the_loop_on_both_engines(any_rctx: ServiceContext, any_work: Work) -> None:
    """Review, return once, resubmission and the recap chain, on SQLite and PostgreSQL."""
    ctx, work = any_rctx, any_work
    sid = work.office.sandbox_id
    set_simulation(
        ctx,
        sid,
        {
            "kasubag": {"reviews": "return_once", "note_key": "daily.link_broken"},
            "sekretaris": {"reviews": "approve"},
            "kadis": {"reviews": "approve"},
        },
    )
    entry_id = send(ctx, work)
    recap = ResultsService(ctx).submit_recap(learner(work.office), 2026, 4, LINK)
    move(ctx, work)
    assert status(ctx, entry_id).status is DailyStatus.REVISI
    returned = ResultsService(ctx).recap_view(learner(work.office), recap.id)
    assert returned.status is RecapStatus.DIKEMBALIKAN  # return_once holds for each kind of work
    assert returned.steps[-1].note.startswith("Isi folder belum dikelompokkan")
    DailyLogService(ctx).submit(learner(work.office), entry_id)
    ResultsService(ctx).submit_recap(learner(work.office), 2026, 4, LINK)
    move(ctx, work, "date", dt.date(2026, 12, 4))
    assert status(ctx, entry_id).status is DailyStatus.DISETUJUI
    view = ResultsService(ctx).recap_view(learner(work.office), recap.id)
    assert view.status is RecapStatus.VALID
    rules = [(f.rule, f.outcome) for f in SimulationService(ctx).firings(sid)]
    assert rules.count(("entry_review", "return")) == 1
    assert rules.count(("recap_review", "return")) == 1
    assert ("entry_review", "approve") in rules
    assert rules.count(("recap_review", "pass")) == 3


# --- the content: simulation.toml and defects.toml ------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("simulation.toml", 'review_time = "09:00"', 'review_time = "9 pagi"', "review_time"),
        (
            "simulation.toml",
            'daily_return = "daily.too_general"',
            'daily_return = "daily.nope"',
            "daily_return",
        ),
        ("simulation.toml", "[review]", "[review]\nlearner = true", "unknown key 'learner'"),
        ("defects.toml", 'bukti = "{drive_file}"', 'bukti = "{drive}{token}"', "drive_file"),
        ("defects.toml", "share = 0.35", "share = 0", "share"),
        (
            "defects.toml",
            '-{other_date}-{token}"',
            '-{kemarin}-{token}"',
            "unknown placeholder {kemarin}",
        ),
    ],
)
def test_broken_simulation_content_is_refused_naming_the_key(
    tmp_path: Path, file: str, old: str, new: str, problem: str
) -> None:
    root = tmp_path / "sandbox_data"
    shutil.copytree(content_root(), root)
    text = (root / file).read_text(encoding="utf-8")
    assert old in text
    (root / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        check_simulation_content(root)
    detail = str(caught.value.params.get("detail"))
    assert file in detail and problem in detail


def test_shipped_simulation_content_loads() -> None:
    settings = load_simulation_settings()
    assert settings.unopenable_check is EvidenceCheck.TIDAK_SESUAI
    assert person_rule(None, settings) is None
    rule = person_rule({"reviews": "never"}, settings)
    assert rule is not None
    assert (rule.reviews, rule.delay_working_days) == ("never", 1)
