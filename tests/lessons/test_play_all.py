"""Every shipped lesson played from its scenario, step by step, through the services.

For each lesson: start it (the sandbox is rebuilt from the lesson's scenario), then for every
step assert its checks are ❌ (except those the scenario itself satisfies, listed per lesson as
``given``), do the step the way the screens do it (service calls, screen visits recorded with
``record_screen_visit``), assert the step's checks are ✅, and press Periksa. The lesson must
end DONE. The office is built once for the module (~15 s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from ekinerja_tutor.bootstrap import Services, open_services
from ekinerja_tutor.content.office import load_office
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.statuses import (
    Aspek,
    EvidenceCheck,
    LampiranKind,
    RhkJenis,
    RhkKlasifikasi,
    Role,
)
from ekinerja_tutor.domain.totp import current_code
from ekinerja_tutor.persistence.models import Account, LessonStatus, Person, Sandbox
from ekinerja_tutor.services.actors import SYSTEM, Principal, Seat
from ekinerja_tutor.services.admin import AdminService
from ekinerja_tutor.services.auth import AuthService
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.lessons import LessonService, StuckPolicy
from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
from ekinerja_tutor.services.skp import SkpService
from ekinerja_tutor.settings import Settings
from tests.conftest import FIXED_NOW

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CALM = StuckPolicy(presses=99, minutes=999)
NEW_PASSWORD = "Sawah#Hijau2026x"


@dataclass
class Play:
    """One learner (darto's account) playing lessons in one built office."""

    services: Services
    clock: FixedClock
    me: Principal
    admin: Principal
    password: str
    secret: str = ""
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def ctx(self) -> ServiceContext:
        return self.services.ctx

    @property
    def lessons(self) -> LessonService:
        return LessonService(self.ctx, policy=CALM)

    @property
    def auth(self) -> AuthService:
        """One for the whole play, as in the app: it remembers who passed the password."""
        if "auth" not in self.notes:
            self.notes["auth"] = AuthService(self.ctx, hasher=CHEAP)
        return self.notes["auth"]  # type: ignore[no-any-return]

    @property
    def daily(self) -> DailyLogService:
        return DailyLogService(self.ctx)

    @property
    def skp(self) -> SkpService:
        return SkpService(self.ctx)

    def sandbox(self) -> Sandbox:
        with self.ctx.db.read() as session:
            found = session.scalar(select(Sandbox).where(Sandbox.account_id == self.me.account_id))
            assert found is not None
            session.expunge(found)
            return found

    def seat(self, *, boss: bool = False, principal: Principal | None = None) -> Seat:
        sandbox = self.sandbox()
        assert sandbox.persona_id is not None
        person_id = sandbox.persona_id
        if boss:
            with self.ctx.db.read() as session:
                persona = session.get(Person, sandbox.persona_id)
                assert persona is not None and persona.supervisor_id is not None
                person_id = persona.supervisor_id
        return Seat(principal or self.me, sandbox.id, person_id)

    def today(self) -> dt.date:
        return self.sandbox().today.date()

    def visit(self, screen: str) -> None:
        self.lessons.record_screen_visit(self.me, screen)

    # -- the account -------------------------------------------------------------------------

    def fresh_account(self) -> None:
        """As the admin would: a new first password and no authenticator."""
        admin = AdminService(self.ctx, hasher=CHEAP)
        admin.reset_device(self.admin, self.me.username)
        self.password = admin.reset_password(self.admin, self.me.username)

    def change_password(self) -> None:
        self.auth.login_password(self.me.username, self.password)
        self.auth.change_password(self.me.account_id, self.password, NEW_PASSWORD)  # type: ignore[arg-type]
        self.password = NEW_PASSWORD

    def enrol(self, *, practice: bool) -> None:
        name = "Ponsel latihan" if practice else "HP saya"
        enrolment = self.auth.start_enrolment(self.me.account_id, name, practice)  # type: ignore[arg-type]
        self.secret = enrolment.secret.replace(" ", "")
        code = current_code(self.secret, self.clock.now()).code
        self.auth.confirm_enrolment(self.me.account_id, code)  # type: ignore[arg-type]

    def sign_in(self) -> None:
        self.clock.advance(seconds=31)  # a fresh code (a code is used once)
        self.auth.login_password(self.me.username, self.password)
        code = current_code(self.secret, self.clock.now()).code
        self.auth.verify_otp(self.me.account_id, code)  # type: ignore[arg-type]

    def own_password(self) -> None:
        """Before a lesson about the learner's own phone: password changed, no authenticator."""
        self.fresh_account()
        self.change_password()

    def enrolled_account(self) -> None:
        """Before a lesson that starts signed in: password changed, practice phone active."""
        self.fresh_account()
        self.change_password()
        self.enrol(practice=True)

    def raise_ticket(self) -> None:
        from ekinerja_tutor.services.helpdesk import HelpdeskService

        HelpdeskService(self.ctx).raise_ticket(
            self.me, "login_otp", "HP saya hilang, saya tidak bisa masuk.", screen="help"
        )

    def set_preferences(self, **choices: str) -> None:
        from ekinerja_tutor.services.account_preferences import AccountPreferenceService

        AccountPreferenceService(self.ctx).save(self.me, **choices)

    # -- the daily entry ---------------------------------------------------------------------

    def form(self, *, link: str = "", day: dt.date | None = None) -> DailyEntryInput:
        seat = self.seat()
        today = day or self.today()
        plans = RencanaAksiService(self.ctx).for_month(
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

    def save_today(self, link: str = "") -> None:
        self.notes["entry"] = self.daily.save_draft(self.seat(), None, self.form(link=link)).id

    def send_entry(self) -> None:
        self.daily.submit(self.seat(), self.notes["entry"])

    def shared_link(self) -> str:
        """A file in the Practice Drive, shared "anyone with the link"; its link."""
        from ekinerja_tutor.domain.drive import GeneralAccess
        from ekinerja_tutor.services.drive import DriveService

        drive = DriveService(self.ctx)
        seat = self.seat()
        item = drive.add_file(seat, None, "daftar_hadir.pdf", b"%PDF-1.4 daftar hadir\n")
        drive.set_sharing(seat, item.id, GeneralAccess.ANYONE_WITH_LINK)
        return drive.link_of(seat, item.id)


Action = Callable[[Play], object]


@dataclass(frozen=True)
class Script:
    """How to play one lesson: ``before`` runs before the lesson starts (account state the
    scenario cannot hold), ``steps`` one action per step, ``given`` (step, check) pairs the
    scenario already satisfies."""

    steps: tuple[Action, ...]
    before: Action | None = None
    given: frozenset[tuple[int, int]] = frozenset()


def _returned_entry(play: Play) -> int:
    page = play.daily.list_entries(play.seat(), play.seat().person_id, newest_first=True)
    from ekinerja_tutor.domain.statuses import DailyStatus

    (entry,) = [e for e in page.items if e.status is DailyStatus.REVISI][:1]
    return entry.id


def _fix_returned(play: Play) -> None:
    entry_id = _returned_entry(play)
    current = play.daily.get(play.seat(), entry_id)
    form = current.as_input()
    from dataclasses import replace

    play.daily.save_draft(play.seat(), entry_id, replace(form, bukti_dukung=play.shared_link()))
    play.notes["entry"] = entry_id


def _add_rhk(play: Play, *, iki: bool, intervene: bool = True) -> None:
    seat = play.seat()
    skp = play.skp.skp_for(seat, seat.person_id, play.today().year)
    assert skp is not None
    choices = play.skp.intervention_choices(seat, skp.id)
    rhk = play.skp.add_rhk(
        seat,
        skp.id,
        "Tertibnya arsip surat masuk dan keluar",
        RhkJenis.UTAMA,
        RhkKlasifikasi.INDIVIDU,
        intervened_rhk_id=choices.choices[0].rhk_id if intervene else None,
    )
    play.notes["rhk"] = rhk.id
    if iki:
        _add_iki(play)


def _add_iki(play: Play) -> None:
    play.skp.add_iki(play.seat(), play.notes["rhk"], "Jumlah arsip", Aspek.KUANTITAS, 10, "berkas")


def _lampiran(play: Play) -> None:
    seat = play.seat()
    skp = play.skp.skp_for(seat, seat.person_id, play.today().year)
    assert skp is not None
    for kind in LampiranKind:
        play.skp.set_lampiran(seat, skp.id, kind, "Sesuai ketentuan yang berlaku.")


def _submit_skp(play: Play) -> None:
    seat = play.seat()
    skp = play.skp.skp_for(seat, seat.person_id, play.today().year)
    assert skp is not None
    play.skp.submit_skp(seat, skp.id)


def _choose_supervisor_rhk(play: Play) -> None:
    seat = play.seat()
    skp = play.skp.skp_for(seat, seat.person_id, play.today().year)
    assert skp is not None
    choices = play.skp.intervention_choices(seat, skp.id)
    assert choices.choices, choices.reason
    rhk = next(r for r in skp.rhks if r.id == play.notes["rhk"])
    play.skp.update_rhk(
        seat,
        rhk.id,
        rhk.text,
        rhk.jenis,
        rhk.klasifikasi,
        intervened_rhk_id=choices.choices[0].rhk_id,
    )


def _rencana_aksi(play: Play, *, every: bool) -> None:
    seat = play.seat()
    today = play.today()
    skp = play.skp.skp_for(seat, seat.person_id, today.year)
    assert skp is not None
    service = RencanaAksiService(play.ctx)
    month = service.for_month(seat, seat.person_id, today.year, today.month)
    done = {item.rhk_id for item in month.items}
    for rhk in skp.rhks:
        if rhk.id in done:
            continue
        text = f"Menyusun laporan untuk {rhk.text}"[:200]
        service.add(seat, rhk.id, today.year, today.month, text)
        if not every:
            return


def _move_clock(play: Play, move: str = "next_day", times: int = 1) -> None:
    for _ in range(times):
        play.services.sandboxes.move_own_clock(play.me, play.sandbox().id, move=move)


def _submit_recap(play: Play) -> None:
    from ekinerja_tutor.services.results import ResultsService

    today = play.today()
    quarter = (today.month - 1) // 3 + 1
    ResultsService(play.ctx).submit_recap(play.seat(), today.year, quarter, play.shared_link())


def _review(play: Play, decision: str) -> None:
    boss = play.seat(boss=True)
    inbox = play.daily.review_inbox(boss)
    entries = [item.entry.id for item in inbox.items]
    assert entries, "no entries to review"
    if decision == "evidence":
        play.daily.check_evidence(boss, entries[0], EvidenceCheck.SESUAI)
    elif decision == "approve":
        play.daily.approve(boss, entries[0])
    else:
        play.daily.return_for_revision(boss, entries[0], "Lengkapi jam selesai dan bukti dukung.")


def _rate_a_subordinate(play: Play) -> None:
    from ekinerja_tutor.domain.statuses import Rating
    from ekinerja_tutor.services.results import ResultsService

    boss = play.seat(boss=True)
    staff = play.daily.review_inbox(boss).items[0].person.id
    today = play.today()
    year, quarter = (today.year, (today.month - 1) // 3) if today.month > 3 else (today.year - 1, 4)
    ResultsService(play.services.ctx).assess(
        boss,
        staff,
        year,
        quarter,
        Rating.SESUAI,
        Rating.SESUAI,
        "Bukti lengkap dan tepat waktu.",
    )


def _field_note(play: Play) -> None:
    note = play.daily.quick_field_entry(play.seat(), "Kunjungan rumah KPM", "Desa Bontoala")
    play.notes["entry"] = note.id


def _complete_field_note(play: Play) -> None:
    play.visit("daily_form")
    play.daily.save_draft(play.seat(), play.notes["entry"], play.form(link=play.shared_link()))


SCRIPTS: dict[str, Script] = {
    "masuk_pertama": Script(
        before=lambda p: p.fresh_account(),
        steps=(
            lambda p: p.visit("practice_phone"),
            lambda p: p.change_password(),
            lambda p: p.enrol(practice=True),
            lambda p: p.sign_in(),
        ),
    ),
    "kode_ditolak": Script(
        before=lambda p: p.enrolled_account(),
        steps=(
            lambda p: p.visit("practice_phone"),
            lambda p: p.sign_in(),
            lambda p: p.visit("help"),
            lambda p: p.raise_ticket(),
        ),
    ),
    "ponsel_sendiri": Script(
        before=lambda p: p.own_password(),
        steps=(
            lambda p: p.visit("enrol"),
            lambda p: p.visit("enrol_qr"),
            lambda p: p.enrol(practice=False),
            lambda p: p.sign_in(),
        ),
    ),
    "mengenal_layar": Script(
        before=lambda p: p.set_preferences(language="id"),
        steps=(
            lambda p: p.visit("help"),
            lambda p: p.set_preferences(language="en"),
            lambda p: p.set_preferences(language="id"),
            lambda p: p.set_preferences(theme="ekinerja-kontras"),
            _move_clock,
        ),
    ),
    "minta_bantuan": Script(
        steps=(
            lambda p: p.visit("help"),
            lambda p: p.visit("ticket_new"),
            lambda p: p.raise_ticket(),
        ),
    ),
    "membaca_skp": Script(
        given=frozenset({(1, 0), (2, 0)}),
        steps=(
            lambda p: p.visit("skp"),
            lambda p: None,  # reading: the approved SKP is already there
            lambda p: None,
            lambda p: p.visit("matriks"),
        ),
    ),
    "menyusun_skp": Script(
        steps=(
            lambda p: p.visit("skp"),
            lambda p: _add_rhk(p, iki=False),
            _add_iki,
            _lampiran,
            _submit_skp,
        ),
    ),
    "menunggu_skp_atasan": Script(
        # "prepare your RHK while you wait": the scenario's SKP already holds RHKs, so the
        # check (at least one RHK) cannot tell the learner's work apart (reported)
        given=frozenset({(1, 0)}),
        steps=(
            lambda p: p.visit("skp"),
            lambda p: _add_rhk(p, iki=True, intervene=False),
            lambda p: _move_clock(p, times=2),
            _choose_supervisor_rhk,
        ),
    ),
    "rencana_aksi": Script(
        steps=(
            lambda p: p.visit("daily_form"),
            lambda p: p.visit("rencana_aksi"),
            lambda p: _rencana_aksi(p, every=False),
            lambda p: _rencana_aksi(p, every=True),
        ),
    ),
    "progres_harian": Script(
        steps=(
            lambda p: p.visit("daily_week"),
            lambda p: p.visit("daily_form"),
            lambda p: p.save_today(),
            lambda p: p.send_entry(),
        ),
    ),
    "bukti_dukung": Script(
        steps=(
            lambda p: p.visit("evidence_drive"),
            lambda p: p.save_today(link=p.shared_link()),
            lambda p: p.send_entry(),
        ),
    ),
    "catat_lapangan": Script(
        steps=(_field_note, _complete_field_note, lambda p: p.send_entry()),
    ),
    "sistem_lambat": Script(
        steps=(
            lambda p: p.save_today(),
            lambda p: p.visit("daily_week"),
            lambda p: p.send_entry(),
        ),
    ),
    "progres_dikembalikan": Script(
        given=frozenset({(0, 1)}),
        steps=(
            lambda p: p.visit("daily_week"),
            lambda p: p.visit("daily_form"),
            _fix_returned,
            lambda p: p.send_entry(),
        ),
    ),
    "umpan_balik_predikat": Script(
        given=frozenset({(1, 0), (2, 1)}),
        steps=(
            lambda p: p.visit("result"),
            lambda p: None,  # reading the predikat the scenario holds
            lambda p: p.visit("recap"),
        ),
    ),
    "rekap_triwulan": Script(
        given=frozenset({(0, 1)}),
        steps=(
            lambda p: p.visit("recap"),
            lambda p: _move_clock(p, move="quarter_end"),
            _submit_recap,
        ),
    ),
    "meninjau_bawahan": Script(
        steps=(
            lambda p: p.visit("review_inbox"),
            lambda p: _review(p, "evidence"),
            lambda p: _review(p, "approve"),
            lambda p: _review(p, "return"),
            _rate_a_subordinate,
        ),
    ),
}


def shipped_lessons() -> list[str]:
    from ekinerja_tutor.content.lessons import lesson_roots, load_library

    return list(load_library(lesson_roots(local=None)).ordered_ids())


def test_every_shipped_lesson_has_a_script() -> None:
    assert sorted(SCRIPTS) == sorted(shipped_lessons())


@pytest.fixture(scope="module")
def play(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Play]:
    home = tmp_path_factory.mktemp("lesson-play-all")
    settings = Settings(home=home, db_url=f"sqlite:///{home}/tutor.db", embedded=True)
    clock = FixedClock(FIXED_NOW)
    services = open_services(settings, clock=clock)
    services.ctx.extras["password_hasher"] = CHEAP
    services.ctx.extras["home"] = home
    services.seeding.rebuild()
    with services.ctx.db.read() as session:
        account = session.scalar(select(Account).where(Account.alias == "darto"))
        admin = session.scalar(select(Account).where(Account.username == "admin.bkpsdm"))
        assert account is not None and admin is not None
        me = Principal(account.id, account.username, frozenset({Role.LEARNER}))
        admin_principal = Principal(admin.id, admin.username, frozenset({Role.ADMIN}))
    (data,) = [a for a in load_office().accounts if a.username == me.username]
    services.sandboxes.create(SYSTEM, account.id, persona_key="darto")
    yield Play(services, clock, me, admin_principal, data.initial_password)
    services.close()


@pytest.mark.parametrize("lesson_id", list(SCRIPTS))
def test_play_the_lesson_from_its_scenario(play: Play, lesson_id: str) -> None:
    script = SCRIPTS[lesson_id]
    lessons = play.lessons
    me = play.me
    if script.before is not None:
        script.before(play)
    started = lessons.start(me, lesson_id, "id")
    assert started.step_count == len(script.steps), "one action per step"
    assert play.sandbox().scenario == started.scenario
    for index, act in enumerate(script.steps):
        before = lessons.evaluate(me, lesson_id, step=index)
        for number, result in enumerate(before.results):
            expected = (index, number) in script.given
            assert result.passed is expected, (
                f"step {index + 1} check {number + 1} ({result.name}) is "
                f"{result.mark} before its step: {result.condition.render('en')}"
            )
        reading = all((index, n) in script.given for n in range(len(before.results)))
        if not reading:  # a step that only reads what the scenario holds passes at once
            assert not before.passed
            assert not lessons.periksa(me, lesson_id).step_passed
        act(play)
        after = lessons.evaluate(me, lesson_id, step=index)
        failed = [(r.failure or r.condition).render("en") for r in after.failed]
        assert after.passed, f"step {index + 1} of {lesson_id} still fails: {failed}"
        pressed = lessons.periksa(me, lesson_id)
        assert pressed.step_passed and pressed.current_step == index + 1
    view = next(p for p in lessons.progress(me) if p.lesson_id == lesson_id)
    assert view.status is LessonStatus.DONE
    assert all(step.passed and not step.skipped for step in view.steps)
