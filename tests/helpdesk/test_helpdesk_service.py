"""The help-desk service: flows, permissions, merge, SLA storage, context capture, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ekinerja_tutor.domain.tickets import Category, Priority, TicketStatus
from ekinerja_tutor.persistence.models import AuditEvent, LessonProgress, LessonStepRecord
from ekinerja_tutor.services.helpdesk import HelpdeskService
from ekinerja_tutor.services.lessons import LessonService
from tests.helpdesk.conftest import Desk

S = TicketStatus


def _raise(desk: Desk, who=None, category=Category.SKP, text="SKP saya tidak bisa diajukan"):  # type: ignore[no-untyped-def]
    return desk.svc.raise_ticket(
        who or desk.ani, category, text, screen="skp", attach_lesson_context=False
    )


def test_learner_raises_mentor_replies_with_canned_reply_learner_rates(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk, category=Category.LOGIN_OTP, text="Kode OTP saya selalu ditolak")
    assert t.status is S.BARU and t.context["screen"] == "skp"
    assert t.context["sandbox_id"] == desk.ani_sandbox_id
    with desk.ctx.db.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "ticket.create")
        ).all()
        assert [e.actor_account_id for e in events] == [desk.ani.account_id]

    queue = svc.queue(desk.mentor)
    assert [i.id for i in queue.items] == [t.id] and not queue.items[0].overdue

    suggestions = svc.canned_for(desk.mentor, Category.LOGIN_OTP, "Belum ada autentikator aktif")
    assert suggestions[0].key == "otp_jam_ponsel" and suggestions[0].matches_condition
    assert suggestions[0].lesson_id == "kode_ditolak" and suggestions[0].lesson_step == 1
    assert all(c.category in (None, Category.LOGIN_OTP) for c in suggestions)
    assert suggestions[-1].category is None  # general replies come last

    desk.advance(minutes=45)
    view = svc.reply(desk.mentor, t.id, suggestions[0].text("id"), canned_key=suggestions[0].key)
    assert view.status is S.DIBUKA
    assert view.first_response_minutes == 45
    assert view.summary.assignee == "mentor1"
    assert view.messages[-1].canned_key == "otp_jam_ponsel"

    mine = svc.my_tickets(desk.ani)
    assert mine[0].unread == 1 and svc.unread_count(desk.ani) == 1
    opened = svc.ticket(desk.ani, t.id)
    assert opened.sla is None  # SLA clocks are for staff
    assert svc.my_tickets(desk.ani)[0].unread == 0

    desk.advance(minutes=30)
    resolved = svc.resolve(desk.mentor, t.id)
    assert resolved.status is S.SELESAI and resolved.resolution_minutes == 75

    rated = svc.rate(desk.ani, t.id, 5, "Terima kasih")
    assert rated.status is S.DITUTUP and rated.summary.rating == 5
    with pytest.raises(InvalidTransition):
        svc.rate(desk.ani, t.id, 4)
    kinds = [e.kind for e in svc.ticket(desk.mentor, t.id).events]
    assert kinds == ["created", "status", "reply", "status", "status", "rated"]


def test_ask_learner_pauses_and_learner_reply_reopens(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk)
    svc.take(desk.mentor, t.id)
    desk.advance(minutes=60)
    asked = svc.reply(desk.mentor, t.id, "Di layar mana pesan itu muncul?", asks_learner=True)
    assert asked.status is S.MENUNGGU_PESERTA
    desk.advance(days=1)  # paused: does not count
    back = svc.reply(desk.ani, t.id, "Di layar SKP, saat menekan Ajukan.")
    assert back.status is S.DIBUKA
    desk.advance(minutes=30)
    svc.wait_for_other_party(desk.mentor, t.id)
    desk.advance(hours=2)  # paused too
    with pytest.raises(PermissionDenied):
        svc.resume(desk.ani, t.id)
    svc.resume(desk.mentor, t.id)
    desk.advance(minutes=15)
    done = svc.resolve(desk.mentor, t.id)
    assert done.resolution_minutes == 60 + 30 + 15
    assert done.first_response_minutes == 0  # taken at once


def test_reopen_within_seven_days_and_auto_close(desk: Desk) -> None:
    svc = desk.svc
    a = _raise(desk)
    b = _raise(desk, text="Pertanyaan kedua")
    for t in (a, b):
        svc.take(desk.mentor, t.id)
        svc.resolve(desk.mentor, t.id)
    desk.advance(days=2)
    again = svc.reopen_by_reply(desk.ani, a.id, "Masih gagal.")
    assert again.status is S.DIBUKA
    assert svc.auto_close_due(desk.clock.now()) == ()
    desk.advance(days=5)
    assert svc.auto_close_due(desk.clock.now()) == (b.id,)
    assert svc.ticket(desk.ani, b.id).status is S.DITUTUP
    svc.resolve(desk.mentor, a.id)
    desk.advance(days=8)
    with pytest.raises(InvalidTransition) as err:
        svc.reply(desk.ani, a.id, "Masih ada pertanyaan")
    assert err.value.key == "ticket.reopen_window_over"
    # a late rating still counts, on a ticket closed automatically
    svc.auto_close_due()
    assert svc.rate(desk.ani, a.id, 3).summary.rating == 3


def test_close_new_ticket_by_mentor_or_trainer_with_reason(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk)
    with pytest.raises(ValidationError):
        svc.close(desk.trainer, t.id, "")
    with pytest.raises(PermissionDenied):
        svc.close(desk.ani, t.id, "saya batalkan")
    closed = svc.close(desk.trainer, t.id, "Bukan masalah: SKP sudah diajukan.")
    assert closed.status is S.DITUTUP and closed.close_reason
    with pytest.raises(InvalidTransition):
        svc.reply(desk.ani, t.id, "halo?")


def test_permission_matrix(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk)
    svc.reply(desk.mentor, t.id, "Sudah dicek @mentor2, mohon bantu", internal=True)
    svc.reply(desk.mentor, t.id, "Sedang kami periksa.")
    # the owner sees public replies only
    own = svc.ticket(desk.ani, t.id)
    assert [m.internal for m in own.messages] == [False]
    assert all(e.kind not in ("note", "mention") for e in own.events)
    # another learner sees nothing of it
    with pytest.raises(PermissionDenied):
        svc.ticket(desk.budi, t.id)
    with pytest.raises(PermissionDenied):
        svc.reply(desk.budi, t.id, "ikut tanya")
    assert svc.my_tickets(desk.budi) == ()
    # learners cannot write notes, use the queue, reports or canned replies
    with pytest.raises(PermissionDenied):
        svc.reply(desk.ani, t.id, "catatan", internal=True)
    for call in (
        lambda: svc.queue(desk.ani),
        lambda: svc.report(desk.ani),
        lambda: svc.export_csv(desk.ani, "tickets"),
        lambda: svc.canned_for(desk.ani, Category.SKP),
        lambda: svc.assign(desk.ani, t.id, "mentor1"),
        lambda: svc.set_priority(desk.ani, t.id, Priority.TINGGI),
        lambda: svc.record_for_colleague(desk.ani, "Sari", "pertanyaan"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    # mentors see the queue and the notes, with the mention recorded
    staff = svc.ticket(desk.mentor2, t.id)
    assert staff.messages[0].internal and staff.messages[0].mentions == ("mentor2",)
    assert svc.queue(desk.mentor).total == 1
    # trainers see reports but not the queue
    assert svc.report(desk.trainer).backlog == ((S.DIBUKA, 1),)
    with pytest.raises(PermissionDenied):
        svc.queue(desk.trainer)
    with pytest.raises(PermissionDenied):
        svc.reply(desk.trainer, t.id, "jawaban")
    with pytest.raises(NotFound):
        svc.ticket(desk.mentor, 9999)


def test_merge(desk: Desk) -> None:
    svc = desk.svc
    first = _raise(desk)
    dup = _raise(desk, text="SKP saya tidak bisa diajukan (lagi)")
    closed = _raise(desk, text="spam")
    svc.close(desk.mentor, closed.id, "spam")
    with pytest.raises(PermissionDenied):
        svc.merge(desk.ani, dup.id, first.id)
    with pytest.raises(ValidationError):
        svc.merge(desk.mentor, dup.id, dup.id)
    with pytest.raises(InvalidTransition):
        svc.merge(desk.mentor, dup.id, closed.id)
    merged = svc.merge(desk.mentor, dup.id, first.id)
    assert merged.status is S.DIGABUNG and merged.summary.merged_into_id == first.id
    assert svc.ticket(desk.mentor, first.id).events[-1].detail["source"] == dup.id
    assert [i.id for i in svc.queue(desk.mentor).items] == [first.id]
    with pytest.raises(InvalidTransition):
        svc.merge(desk.mentor, dup.id, first.id)


def test_queue_filters_assignment_priority_overdue(desk: Desk) -> None:
    svc = desk.svc
    a = _raise(desk, category=Category.SKP, text="SKP tidak tersimpan")
    b = _raise(desk, who=desk.budi, category=Category.HARIAN, text="Tautan bukti ditolak")
    c = svc.record_for_colleague(desk.mentor, "Sari Dewi", "Lupa kata sandi e-Kinerja", "asli")
    assert c.summary.learner == "Sari Dewi" and c.summary.tag == "asli"
    with pytest.raises(ValidationError):
        svc.record_for_colleague(desk.mentor, "Sari", "x", "lain")
    svc.set_priority(desk.mentor, b.id, Priority.MENDESAK)
    svc.assign(desk.mentor, a.id, "mentor2")
    with pytest.raises(ValidationError):
        svc.assign(desk.mentor, a.id, "trainer1")
    q = svc.queue(desk.mentor)
    assert q.items[0].id == b.id  # urgent first
    assert [i.id for i in svc.queue(desk.mentor, assignee="mentor2").items] == [a.id]
    assert {i.id for i in svc.queue(desk.mentor, assignee="").items} == {b.id, c.id}
    assert [i.id for i in svc.queue(desk.mentor, category=Category.HARIAN).items] == [b.id]
    assert [i.id for i in svc.queue(desk.mentor, search="budi").items] == [b.id]
    assert [i.id for i in svc.queue(desk.mentor, search="sandi").items] == [c.id]
    assert [i.id for i in svc.queue(desk.mentor, search=f"#{a.id}").items] == [a.id]
    page = svc.queue(desk.mentor, page=1, page_size=2)
    assert page.total == 3 and len(page.items) == 1
    first = svc.queue(desk.mentor, page=0, page_size=2)
    assert first.total == 3 and [i.id for i in first.items + page.items] == [i.id for i in q.items]
    past = svc.queue(desk.mentor, page=5, page_size=2)  # past the end: no rows, the count
    assert past.total == 3 and past.items == ()
    assert svc.queue(desk.mentor, search="tidak ada").total == 0
    learners = {i.id: i.learner_name for i in q.items}
    assert learners[c.id] == "Sari Dewi" and all(learners.values())
    # 31 working minutes later the urgent one is overdue for its first response
    desk.advance(minutes=31)
    overdue = {i.id: i.overdue for i in svc.queue(desk.mentor).items}
    assert overdue == {a.id: False, b.id: True, c.id: False}
    svc.assign(desk.mentor, a.id, None)
    assert svc.ticket(desk.mentor, a.id).summary.assignee is None


def test_sla_skips_evening_weekend_and_holiday(desk: Desk) -> None:
    svc = desk.svc
    desk.clock.set(dt.datetime(2026, 12, 2, 8, 30, tzinfo=dt.UTC))  # Wed 15:30 WIB
    t = _raise(desk)
    desk.clock.set(dt.datetime(2026, 12, 4, 1, 10, tzinfo=dt.UTC))  # Fri 08:10 (Thu holiday)
    view = svc.take(desk.mentor, t.id)
    assert view.first_response_minutes == 30 + 10
    desk.clock.set(dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC))  # Mon 08:00
    assert svc.resolve(desk.mentor, t.id).resolution_minutes == 30 + 480


def test_report_and_csv_export(desk: Desk) -> None:
    svc = desk.svc
    with desk.ctx.db.write() as session:
        _progress(session, desk, "minta_bantuan", 1)
    lessons = _StubLessons({"lesson_id": "minta_bantuan", "step": 2, "failed_conditions": []})
    svc = HelpdeskService(desk.ctx, lessons=lessons)  # type: ignore[arg-type]
    a = svc.raise_ticket(desk.ani, Category.SKP, "Tidak bisa lanjut")
    b = svc.raise_ticket(desk.ani, Category.SKP, '=HYPERLINK("x")')
    s = svc.raise_ticket(
        desk.ani, Category.SARAN, "Tombol Ajukan sebaiknya di atas", attach_lesson_context=False
    )
    desk.advance(minutes=20)
    svc.reply(desk.mentor, a.id, "Coba tekan Simpan dulu.")
    desk.advance(minutes=40)
    svc.take(desk.mentor2, b.id)
    svc.resolve(desk.mentor, a.id)
    report = svc.report(desk.trainer)
    assert dict(report.backlog) == {S.BARU: 1, S.DIBUKA: 1}
    by_mentor = {m.group: m for m in report.by_mentor}
    assert by_mentor["mentor1"].first_response_median == 20
    assert by_mentor["mentor1"].resolution_median == 60
    assert by_mentor["mentor2"].first_response_median == 60
    assert {m.group: m.tickets for m in report.by_category} == {"skp": 2, "saran": 1}
    assert report.lesson_steps[0].lesson_id == "minta_bantuan"
    assert report.lesson_steps[0].tickets == 2
    assert [g.ticket_id for g in report.suggestions] == [s.id]

    rows = list(csv.DictReader(io.StringIO(svc.export_csv(desk.trainer, "tickets"))))
    assert [int(r["id"]) for r in rows] == [a.id, b.id, s.id]
    assert rows[0]["first_response_minutes"] == "20" and rows[0]["resolution_minutes"] == "60"
    assert rows[1]["description"].startswith("'=")  # no formula injection
    steps = list(csv.reader(io.StringIO(svc.export_csv(desk.mentor, "lesson_steps"))))
    assert steps == [["lesson_id", "step", "tickets"], ["minta_bantuan", "2", "2"]]
    sugg = list(csv.DictReader(io.StringIO(svc.export_csv(desk.trainer, "suggestions"))))
    assert sugg[0]["description"] == "Tombol Ajukan sebaiknya di atas"
    for kind in ("mentors", "categories"):
        assert svc.export_csv(desk.trainer, kind).startswith("group,")
    with pytest.raises(ValidationError):
        svc.export_csv(desk.trainer, "secrets")


class _StubLessons:
    def __init__(self, context: dict) -> None:  # type: ignore[type-arg]
        self.context = context

    def stuck_context(self, principal, *, account_id=None):  # type: ignore[no-untyped-def]
        return dict(self.context)


def _progress(session, desk: Desk, lesson_id: str, step: int) -> None:  # type: ignore[no-untyped-def]
    now = desk.clock.now()
    progress = LessonProgress(
        account_id=desk.ani.account_id,
        lesson_id=lesson_id,
        lang="id",
        scenario="base",
        current_step=step,
        started_at=now - dt.timedelta(minutes=10),
        updated_at=now,
        last_error="Koneksi ke server terputus.",
    )
    progress.steps.append(
        LessonStepRecord(
            step_index=step,
            started_at=now - dt.timedelta(minutes=5),
            hints_seen=1,
            presses=2,
            failed_presses=2,
            failed_conditions=[
                {"check": "x", "line": 1, "id": "Tiket belum terkirim", "en": "No ticket sent"}
            ],
        )
    )
    session.add(progress)


def test_context_captured_from_the_stuck_lesson_step(desk: Desk) -> None:
    with desk.ctx.db.write() as session:
        _progress(session, desk, "minta_bantuan", 1)
    svc = HelpdeskService(desk.ctx, lessons=LessonService(desk.ctx))
    t = svc.raise_ticket(desk.ani, "lainnya", "Saya bingung di langkah ini", screen="ticket_new")
    lesson = t.context["lesson"]
    assert lesson["lesson_id"] == "minta_bantuan" and lesson["step"] == 2
    assert lesson["failed_conditions"] == ["Tiket belum terkirim"]
    assert len(lesson["hints_seen"]) <= 1
    assert t.context["last_error"] == "Koneksi ke server terputus."
    assert t.context["sandbox_id"] == desk.ani_sandbox_id
    assert t.summary.lesson_id == "minta_bantuan" and t.summary.lesson_step == 2
    # the mentor is offered replies for the ticket's category and failed condition
    assert svc.canned_for_ticket(desk.mentor, t.id)


def test_bad_input(desk: Desk) -> None:
    svc = desk.svc
    with pytest.raises(ValidationError):
        svc.raise_ticket(desk.ani, Category.SKP, "   ", attach_lesson_context=False)
    with pytest.raises(ValidationError):
        svc.raise_ticket(desk.ani, "nope", "x", attach_lesson_context=False)
    t = _raise(desk)
    svc.take(desk.mentor, t.id)
    svc.resolve(desk.mentor, t.id)
    for stars in (0, 6):
        with pytest.raises(ValidationError):
            svc.rate(desk.ani, t.id, stars)
    with pytest.raises(NotFound):
        svc.reply(desk.mentor, t.id, "x", canned_key="no_such_reply")


def test_queue_pages_and_counts_alike_on_each_engine(desk_on_each_engine: Desk) -> None:
    """The page and its total come from one query (a window count); past the end, a count."""
    desk = desk_on_each_engine
    svc = desk.svc
    ids = [_raise(desk).id for _ in range(5)]
    pages = [svc.queue(desk.mentor, page=n, page_size=2) for n in range(4)]
    assert [p.total for p in pages] == [5, 5, 5, 5]
    assert [len(p.items) for p in pages] == [2, 2, 1, 0]
    assert sorted(i.id for p in pages for i in p.items) == ids
    assert all(i.learner_name for p in pages for i in p.items)
    desk.advance(days=3)  # every one is late for its first response
    late = [svc.queue(desk.mentor, overdue_only=True, page=n, page_size=2) for n in range(3)]
    assert [p.total for p in late] == [5, 5, 5]
    assert [i.id for p in late for i in p.items] == [i.id for p in pages for i in p.items]
