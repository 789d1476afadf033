"""Lessons played against a real built sandbox (the base scenario for Sudarto, built once).

Each step is done through the services, as the learner's seat, and each check must turn from
❌ to ✅ only once its step is done. The year is built once per module (~10 s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.content.office import load_office
from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ekinerja_tutor.domain.statuses import EvidenceCheck, Role
from ekinerja_tutor.domain.totp import current_code
from ekinerja_tutor.persistence.models import Account, LessonStatus, Person, Sandbox
from ekinerja_tutor.services import audit
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.auth import AuthService
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.lessons import LessonService, StuckPolicy
from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
from ekinerja_tutor.settings import Settings
from tests.conftest import FIXED_NOW

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
DAILY = "progres_harian"
CALM = StuckPolicy(presses=99, minutes=999)
LINK = "https://drive.latihan.local/d/abc123"


@dataclass
class World:
    services: Services
    settings: Settings
    clock: FixedClock
    me: Principal

    def lessons(self, policy: StuckPolicy = CALM) -> LessonService:
        return LessonService(self.services.ctx, policy=policy)

    def sandbox(self) -> tuple[int, int, int]:
        """Sandbox id, persona id and the persona's supervisor id."""
        with self.services.ctx.db.read() as session:
            sandbox = session.scalar(
                select(Sandbox).where(Sandbox.account_id == self.me.account_id)
            )
            assert sandbox is not None and sandbox.persona_id is not None
            persona = session.get(Person, sandbox.persona_id)
            assert persona is not None and persona.supervisor_id is not None
            return sandbox.id, persona.id, persona.supervisor_id

    def seat(self, *, boss: bool = False, principal: Principal | None = None) -> Seat:
        sandbox_id, persona_id, boss_id = self.sandbox()
        return Seat(principal or self.me, sandbox_id, boss_id if boss else persona_id)

    def today(self) -> dt.date:
        with self.services.ctx.db.read() as session:
            sandbox = session.scalar(
                select(Sandbox).where(Sandbox.account_id == self.me.account_id)
            )
            assert sandbox is not None
            return sandbox.today.date()

    def form(self, *, link: str = "") -> DailyEntryInput:
        seat = self.seat()
        today = self.today()
        plans = RencanaAksiService(self.services.ctx).for_month(
            seat, seat.person_id, today.year, today.month
        )
        return DailyEntryInput(
            tanggal=today,
            jam_mulai=dt.time(8, 0),
            jam_selesai=dt.time(9, 30),
            kegiatan="Menyusun daftar hadir rapat staf",
            realisasi=1,
            satuan="dokumen",
            bukti_dukung=link,
            rencana_aksi_id=plans.items[0].id,
        )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    home = tmp_path_factory.mktemp("lesson-play")
    settings = Settings(home=home, db_url=f"sqlite:///{home}/tutor.db", embedded=True)
    clock = FixedClock(FIXED_NOW)
    services = open_services(settings, clock=clock)
    services.ctx.extras["password_hasher"] = CHEAP
    services.ctx.extras["home"] = home
    services.seeding.rebuild()
    with services.ctx.db.read() as session:
        account = session.scalar(select(Account).where(Account.alias == "darto"))
        assert account is not None
        me = Principal(account.id, account.username, frozenset({Role.LEARNER}))
    services.sandboxes.create(SYSTEM, account.id, persona_key="darto")
    yield World(services, settings, clock, me)
    services.close()


def steps_passed(lessons: LessonService, me: Principal, lesson_id: str, count: int) -> list[bool]:
    return [lessons.evaluate(me, lesson_id, step=i).passed for i in range(count)]


def test_the_daily_entry_lesson_played_step_by_step(world: World) -> None:
    lessons = world.lessons()
    me = world.me
    started = lessons.start(me, DAILY, "id")
    assert (started.current_step, started.step_count, started.status) == (
        0,
        4,
        LessonStatus.IN_PROGRESS,
    )
    assert steps_passed(lessons, me, DAILY, 4) == [False] * 4
    daily = DailyLogService(world.services.ctx)
    saved: list[int] = []

    def save() -> None:
        saved.append(daily.save_draft(world.seat(), None, world.form()).id)

    actions: list[Callable[[], object]] = [
        lambda: lessons.record_screen_visit(me, "daily_week"),
        lambda: lessons.record_screen_visit(me, "daily_form"),
        save,
        lambda: daily.submit(world.seat(), saved[0]),
    ]
    for index, act in enumerate(actions):
        before = lessons.periksa(me, DAILY)
        assert not before.step_passed and before.current_step == index
        failed = before.evaluation.failed[0]
        assert failed.mark == "❌" and failed.failure is not None and failed.hint
        if index == 3:  # the exact condition, in words, in both languages
            assert failed.failure.render("id").endswith("berstatus Draf, belum Dikirim.")
            assert "is Draft, not yet Sent" in failed.failure.render("en")
        act()
        assert steps_passed(lessons, me, DAILY, 4) == [True] * (index + 1) + [False] * (3 - index)
        after = lessons.periksa(me, DAILY)
        assert after.step_passed and after.evaluation.results[0].mark == "✅"
    assert after.status is LessonStatus.DONE and after.current_step == 4
    with pytest.raises(InvalidTransition):
        lessons.periksa(me, DAILY)

    # resumed after a restart: a new process reading the same database
    again = open_services(world.settings, clock=world.clock)
    try:
        (view,) = [p for p in LessonService(again.ctx).progress(me) if p.lesson_id == DAILY]
    finally:
        again.close()
    assert view.status is LessonStatus.DONE and view.completed_at is not None
    assert [(s.passed, s.presses, s.failed_presses) for s in view.steps] == [(True, 2, 1)] * 4


def test_periksa_offers_the_next_hint_then_help(world: World) -> None:
    lessons = world.lessons(StuckPolicy(presses=2, minutes=5))
    me = world.me
    lessons.start(me, DAILY, "id")
    hints = lessons.lesson(DAILY, "id").steps[0].hints
    assert lessons.periksa(me, DAILY).offer is None
    offer = lessons.periksa(me, DAILY).offer
    assert offer is not None and (offer.kind, offer.reason, offer.hint_number) == (
        "hint",
        "presses",
        1,
    )
    shown = lessons.hint(me, DAILY)
    assert shown.new == hints[0] and shown.hints == hints[:1]
    assert shown.remaining == len(hints) - 1
    while lessons.hint(me, DAILY).new is not None:
        pass
    assert lessons.hint(me, DAILY).offer_help
    assert lessons.periksa(me, DAILY).offer is None  # counted again from the last offer
    offer = lessons.periksa(me, DAILY).offer
    assert offer is not None and offer.kind == "help"
    world.clock.advance(minutes=6)
    offer = lessons.periksa(me, DAILY).offer
    assert offer is not None and (offer.kind, offer.reason) == ("help", "time")

    lessons.record_error_shown(me, "Jam Selesai harus lebih akhir dari Jam Mulai.")
    context = lessons.stuck_context(me)
    assert context["lesson_id"] == DAILY and context["step"] == 1
    assert context["step_title"] == "Buka Progres Harian minggu ini"
    assert context["failed_conditions"] == [
        "Layar Progres Harian (mingguan) belum dibuka sejak pelajaran dimulai."
    ]
    assert context["failed_now"] == context["failed_conditions"]
    assert context["hints_seen"] == list(hints)
    assert context["time_on_step_seconds"] == 360
    assert context["periksa_presses"] == 5 and context["failed_presses"] == 5
    assert context["last_error"] == "Jam Selesai harus lebih akhir dari Jam Mulai."
    assert context["sandbox_today"].startswith("2026-05-13")


def test_skipping_is_recorded_and_never_done(world: World) -> None:
    lessons = world.lessons()
    me = world.me
    lessons.start(me, DAILY, "en")
    shown = lessons.show_me(me, DAILY)
    assert shown.title == "Open this week's daily progress"
    assert shown.real_system == "Kinerja Harian → Progres Harian"
    lessons.record_screen_visit(me, "daily_week")
    assert lessons.periksa(me, DAILY).step_passed
    for _ in range(3):
        view = lessons.skip(me, DAILY)
    assert view.status is LessonStatus.INCOMPLETE and view.current_step == 4
    assert [(s.passed, s.skipped) for s in view.steps] == [(True, False)] + [(False, True)] * 3
    assert [s.shown for s in view.steps] == [True, False, False, False]
    (summary,) = [s for s in lessons.catalog("en", me) if s.id == DAILY]
    assert summary.status is LessonStatus.INCOMPLETE and summary.lang == "en"
    assert lessons.current(me) is None and lessons.stuck_context(me) == {}


def test_another_lesson_resets_the_sandbox_so_the_first_needs_a_restart(world: World) -> None:
    lessons = world.lessons()
    me = world.me
    lessons.start(me, DAILY, "id")
    lessons.start(me, "membaca_skp", "id")
    views = {p.lesson_id: p for p in lessons.progress(me)}
    assert views[DAILY].needs_restart and not views["membaca_skp"].needs_restart
    current = lessons.current(me)
    assert current is not None and current.lesson_id == "membaca_skp"


def test_checks_read_the_sandbox_state(world: World) -> None:
    lessons = world.lessons()
    me = world.me
    lessons.start(me, "membaca_skp", "id")

    def check(line: str) -> tuple[bool, str]:
        result = lessons.evaluate_line(me, "membaca_skp", line)
        return result.passed, (result.failure or result.condition).render("en")

    assert check("skp status=DISETUJUI")[0]
    assert check("skp status=DRAFT") == (
        False,
        "The SKP for 2026 is Approved (Disetujui), not yet Draft.",
    )
    assert check("skp year=next") == (False, "There is no SKP for 2027 yet.")
    assert check("rhk intervenes=yes iki=yes")[0]
    assert check("rhk min=20")[1].startswith("Only ")
    assert check("rencana_aksi every_rhk=yes")[0]
    assert check("rencana_aksi month=next") == (
        False,
        "There is no Rencana Aksi for June 2026 yet.",
    )
    assert check("recap status=VALID")[0]
    assert check("recap status=VALID quarter=current") == (
        False,
        "There is no recap for quarter II 2026 yet.",
    )
    passed, text = check("rating_received")
    assert passed and text.startswith("Quarter I 2026 is rated: predikat")
    assert not check("realisasi quarter=current min=50")[0]

    # the sandbox clock
    assert check("clock_moved")[1].startswith("The sandbox date is still Wednesday 13 May 2026")
    sandbox_id = world.sandbox()[0]
    world.services.sandboxes.move_own_clock(me, sandbox_id, move="next_day")
    assert check("clock_moved") == (True, "The sandbox date has moved forward at least 1 day(s)")
    moved = (world.today() - dt.date(2026, 5, 13)).days  # holidays are skipped
    assert check(f"clock_moved days={moved}")[0] and not check(f"clock_moved days={moved + 1}")[0]
    day = date_label(world.today()).render("en")

    # a field note, completed with an evidence link and sent, then returned and sent again
    daily = DailyLogService(world.services.ctx)
    assert check("daily_entry field_work=yes")[1].startswith("There is no field note for today")
    note = daily.quick_field_entry(world.seat(), "Kunjungan rumah KPM", "Desa Bontoala")
    assert check("daily_entry field_work=yes")[0]
    assert check("evidence_link_present")[1] == (
        f"The evidence (Bukti Dukung) field of the entry of {day} is empty."
    )
    form = world.form(link=LINK)
    daily.save_draft(world.seat(), note.id, form)
    assert check("evidence_link_present")[0]
    assert not check("daily_entry status=DIKIRIM evidence=link")[0]
    daily.submit(world.seat(), note.id)
    assert check("daily_entry status=DIKIRIM evidence=link field_work=yes")[0]
    assert check("entry_resubmitted")[1] == (
        "You have not sent a returned (REVISI) entry again in this lesson."
    )
    simulated_boss = world.seat(boss=True, principal=SYSTEM)
    daily.return_for_revision(simulated_boss, note.id, "Tautan bukti dukung tidak dapat dibuka.")
    assert check("daily_entry status=REVISI date=any by=anyone")[0]
    assert check("entry_resubmitted")[1] == (
        f"The entry of {day} is still REVISI. Fix it, then press Send."
    )
    daily.save_draft(world.seat(), note.id, world.form(link=LINK + "x"))
    daily.submit(world.seat(), note.id)
    assert check("entry_resubmitted")[0]

    # in the supervisor's seat: evidence, approve, return
    for decision in ("evidence", "approve", "return"):
        assert not check(f"entry_reviewed decision={decision}")[0]
    boss = world.seat(boss=True)
    inbox = daily.review_inbox(boss)
    first, second = inbox.items[0].entry.id, inbox.items[1].entry.id
    daily.check_evidence(boss, first, EvidenceCheck.SESUAI)
    daily.approve(boss, first)
    daily.return_for_revision(boss, second, "Lengkapi jam selesai.")
    for decision in ("evidence", "approve", "return", "any"):
        assert check(f"entry_reviewed decision={decision}")[0], decision
    assert check("entry_reviewed min=3")[1] == (
        "You have reviewed 2 of your staff's entries in this lesson; 3 needed."
    )

    # screens and the help desk's audit event
    assert not check("screen_visited name=help")[0]
    lessons.record_screen_visit(me, "help")
    assert check("screen_visited name=help")[0]
    assert check("ticket_raised")[1] == "You have not sent a help ticket since the lesson started."
    with world.services.ctx.db.write() as session:
        audit.record(
            session,
            principal=me,
            action="ticket.create",
            entity="ticket",
            entity_id=1,
            at=world.clock.now(),
        )
    assert check("ticket_raised")[0]

    # the account: language, theme, password, authenticator, sign-in
    assert check("language_is lang=en") == (
        False,
        "The saved language is still Indonesian, not English.",
    )
    assert not check("theme_set")[0]
    with world.services.ctx.db.write() as session:
        session.execute(
            update(Account)
            .where(Account.id == me.account_id)
            .values(language="en", theme="ekinerja-kontras")
        )
    assert check("language_is lang=en")[0] and check("theme_set")[0]

    auth = AuthService(world.services.ctx, hasher=CHEAP)
    (data,) = [a for a in load_office().accounts if a.username == me.username]
    new_password = "Sawah#Hijau2026x"
    assert not check("password_changed")[0]
    auth.login_password(me.username, data.initial_password)
    auth.change_password(me.account_id, data.initial_password, new_password)  # type: ignore[arg-type]
    assert check("password_changed")[0]
    assert check("otp_enrolled")[1] == "No authenticator is active on your account yet."
    enrolment = auth.start_enrolment(me.account_id, "Ponsel latihan", True)  # type: ignore[arg-type]
    assert check("otp_enrolled")[1].startswith("Activation has started")
    secret = enrolment.secret.replace(" ", "")
    auth.confirm_enrolment(me.account_id, current_code(secret, world.clock.now()).code)  # type: ignore[arg-type]
    assert check("otp_enrolled device=practice")[0]
    assert check("otp_enrolled device=own")[1].startswith("The active authenticator is still")
    assert not check("signed_in")[0]
    world.clock.advance(seconds=30)
    auth.login_password(me.username, new_password)
    auth.verify_otp(me.account_id, current_code(secret, world.clock.now()).code)  # type: ignore[arg-type]
    assert check("signed_in")[0]


def test_guards(world: World) -> None:
    lessons = world.lessons()
    with pytest.raises(ValidationError):
        lessons.record_screen_visit(world.me, "kantin")
    with pytest.raises(PermissionDenied):
        lessons.start(SYSTEM, DAILY, "id")
    with pytest.raises(NotFound):
        lessons.start(world.me, "tidak_ada", "id")
    with pytest.raises(NotFound):
        lessons.evaluate(world.me, "rekap_triwulan")
    with pytest.raises(ValidationError):
        lessons.evaluate_line(world.me, "membaca_skp", "rhk min=many")
    other = Principal(world.me.account_id + 1, "eko", frozenset({Role.LEARNER}))  # type: ignore[operator]
    with pytest.raises(PermissionDenied):
        lessons.stuck_context(other, account_id=world.me.account_id)
    mentor = Principal(None, "mentor", frozenset({Role.MENTOR}))
    assert lessons.stuck_context(mentor, account_id=world.me.account_id)["lesson_id"]
    assert [s.id for s in lessons.for_screen("daily_form", "id")][:1] == ["rencana_aksi"]


def test_the_lessons_folder_is_shipped() -> None:
    assert (Path(__file__).resolve().parents[2] / "lessons" / "README.md").is_file()


def test_a_visit_is_written_once_per_lesson_and_only_during_one(world: World) -> None:
    """Only visits since the lesson started count; every other report writes nothing."""
    from sqlalchemy import func

    from ekinerja_tutor.persistence.models import ScreenVisit

    lessons, me = world.lessons(), world.me

    def rows() -> int:
        with world.services.ctx.db.read() as session:
            return session.scalar(select(func.count(ScreenVisit.id))) or 0

    while (left := lessons.current(me)) is not None:  # (earlier tests' lessons, skipped)
        lessons.skip(me, left.lesson_id)
    before = rows()
    assert not lessons.record_screen_visit(me, "daily_week")  # no lesson in progress
    assert rows() == before
    lessons.start(me, DAILY, "en")  # (rebuilds the sandbox, and its visits go with it)
    started = rows()
    assert not lessons.periksa(me, DAILY).step_passed
    assert lessons.record_screen_visit(me, "daily_week")  # the first in this lesson
    assert not lessons.record_screen_visit(me, "daily_week")  # already seen in it
    assert lessons.record_screen_visit(me, "help")  # another screen
    assert rows() == started + 2
    assert lessons.periksa(me, DAILY).step_passed
    world.clock.advance(minutes=1)
    lessons.start(me, DAILY, "en")  # started again: the old visits no longer count
    assert not lessons.periksa(me, DAILY).step_passed
    assert lessons.record_screen_visit(me, "daily_week")
    assert lessons.periksa(me, DAILY).step_passed
    # Two lessons in progress, the earlier one touched last: a visit counts for the later one
    world.clock.advance(minutes=1)
    lessons.start(me, "minta_bantuan", "en")
    world.clock.advance(minutes=1)
    lessons.periksa(me, DAILY)
    line = "screen_visited name=daily_week"
    assert not lessons.evaluate_line(me, "minta_bantuan", line).passed
    assert lessons.record_screen_visit(me, "daily_week")
    assert lessons.evaluate_line(me, "minta_bantuan", line).passed
