"""Service additions for the help-desk screens: allowed moves per role, canned lesson links,
the overdue filter, hints/FAQ from a resolved ticket, the learner's sandbox read-only, the
mentor list, CSV files for BKPSDM."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from ekinerja_tutor.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from ekinerja_tutor.domain.tickets import Category, TicketStatus
from ekinerja_tutor.persistence.models import AuditEvent, LessonProgress, LessonStepRecord
from ekinerja_tutor.services.helpdesk import HelpdeskService
from ekinerja_tutor.services.lessons import LessonService
from tests.helpdesk.conftest import Desk

S = TicketStatus


def _raise(desk: Desk, who=None, category=Category.SKP, text="SKP saya tidak bisa diajukan"):  # type: ignore[no-untyped-def]
    return desk.svc.raise_ticket(
        who or desk.ani, category, text, screen="skp", attach_lesson_context=False
    )


def _lesson_ticket(desk: Desk):  # type: ignore[no-untyped-def]
    now = desk.clock.now()
    with desk.ctx.db.write() as session:
        progress = LessonProgress(
            account_id=desk.ani.account_id,
            lesson_id="minta_bantuan",
            lang="id",
            scenario="base",
            current_step=1,
            started_at=now - dt.timedelta(minutes=10),
            updated_at=now,
        )
        progress.steps.append(LessonStepRecord(step_index=1, started_at=now, hints_seen=0))
        session.add(progress)
    svc = HelpdeskService(desk.ctx, lessons=LessonService(desk.ctx))
    return svc, svc.raise_ticket(desk.ani, "lainnya", "Saya bingung di langkah ini")


def test_moves_follow_the_table_by_role(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk)
    assert set(svc.ticket(desk.mentor, t.id).moves) == {S.DIBUKA, S.DITUTUP, S.DIGABUNG}
    assert set(svc.ticket(desk.trainer, t.id).moves) == {S.DITUTUP}
    assert svc.ticket(desk.ani, t.id).moves == ()
    svc.take(desk.mentor, t.id)
    assert set(svc.ticket(desk.mentor, t.id).moves) == {
        S.MENUNGGU_PESERTA,
        S.SELESAI,
        S.MENUNGGU_PIHAK_LAIN,
        S.DIGABUNG,
    }
    svc.resolve(desk.mentor, t.id)
    assert set(svc.ticket(desk.ani, t.id).moves) == {S.DIBUKA, S.DITUTUP}
    assert svc.ticket(desk.mentor, t.id).moves == ()
    desk.advance(days=8)  # the 7-day window is over: no reopening by reply any more
    assert set(svc.ticket(desk.ani, t.id).moves) == {S.DITUTUP}


def test_canned_reply_carries_its_lesson_link_to_the_learner(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk, category=Category.LOGIN_OTP, text="Kode OTP ditolak")
    canned = svc.canned_for(desk.mentor, Category.LOGIN_OTP)[0]
    svc.reply(desk.mentor, t.id, canned.text("id"), canned_key=canned.key)
    message = svc.ticket(desk.ani, t.id).messages[-1]
    assert message.lesson_id == canned.lesson_id is not None
    assert message.lesson_step == canned.lesson_step


def test_queue_overdue_only(desk: Desk) -> None:
    svc = desk.svc
    old = _raise(desk, text="Sudah lama")
    desk.advance(days=3)
    new = _raise(desk, text="Baru saja")
    every = svc.queue(desk.mentor)
    assert {i.id for i in every.items} == {old.id, new.id}
    late = svc.queue(desk.mentor, overdue_only=True)
    assert [i.id for i in late.items] == [old.id] and late.total == 1
    assert late.items[0].overdue


def test_queue_overdue_only_pages_and_keeps_the_queue_order(desk: Desk) -> None:
    svc = desk.svc
    old = [_raise(desk, text=f"Sudah lama {n}") for n in range(3)]
    svc.set_priority(desk.mentor, old[2].id, "mendesak")
    desk.advance(days=3)
    _raise(desk, text="Baru saja")
    late = [i.id for i in svc.queue(desk.mentor).items if i.overdue]
    assert late == [old[2].id, old[0].id, old[1].id]  # urgent first, then oldest
    pages = [svc.queue(desk.mentor, overdue_only=True, page=n, page_size=2) for n in (0, 1)]
    assert [[i.id for i in p.items] for p in pages] == [late[:2], late[2:]]
    assert {p.total for p in pages} == {3}


def test_queue_overdue_only_follows_the_clock_and_changes(desk: Desk) -> None:
    """The filter remembers each ticket's clocks between looks: that must never hide a ticket
    that fell late since, nor keep one that was answered or closed."""
    svc = desk.svc
    t = _raise(desk, text="Menunggu jawaban")
    assert svc.queue(desk.mentor, overdue_only=True).total == 0  # on time, remembered
    desk.advance(minutes=10)
    assert svc.queue(desk.mentor, overdue_only=True).total == 0
    desk.advance(days=3)  # past the first-response target
    assert [i.id for i in svc.queue(desk.mentor, overdue_only=True).items] == [t.id]
    svc.take(desk.mentor, t.id)
    svc.reply(desk.mentor, t.id, "Sudah kami periksa, silakan coba lagi.")
    svc.resolve(desk.mentor, t.id)  # no longer open
    assert svc.queue(desk.mentor, overdue_only=True).total == 0
    fresh = HelpdeskService(desk.ctx)  # another mentor's app, nothing remembered: the same
    assert fresh.queue(desk.mentor, overdue_only=True).total == 0


def test_queue_every_status_newest_first(desk: Desk) -> None:
    svc = desk.svc
    first, second = _raise(desk), _raise(desk, text="Yang kedua")
    svc.take(desk.mentor, first.id)
    svc.resolve(desk.mentor, first.id)
    assert [i.id for i in svc.queue(desk.mentor).items] == [second.id]
    every = svc.queue(desk.mentor, every=True)
    assert [i.id for i in every.items] == [second.id, first.id] and every.total == 2
    only = svc.queue(desk.mentor, every=True, status=TicketStatus.SELESAI)
    assert [i.id for i in only.items] == [first.id]


def test_learner_name_is_shown_with_the_username(desk: Desk) -> None:
    t = _raise(desk)
    item = desk.svc.queue(desk.mentor).items[0]
    assert item.id == t.id and item.learner == "ani" and item.learner_name


def test_note_for_step_from_a_resolved_lesson_ticket(desk: Desk) -> None:
    svc, t = _lesson_ticket(desk)
    with pytest.raises(InvalidTransition):  # not resolved yet
        svc.note_for_step(desk.mentor, t.id, "hint", "Tekan Kirim sesudah menulis.")
    svc.reply(desk.mentor, t.id, "Tekan Kirim sesudah menulis satu kalimat.")
    svc.resolve(desk.mentor, t.id)
    with pytest.raises(PermissionDenied):
        svc.note_for_step(desk.ani, t.id, "hint", "Saya menulis petunjuk sendiri")
    with pytest.raises(ValidationError):
        svc.note_for_step(desk.mentor, t.id, "poster", "?")
    hint = svc.note_for_step(desk.mentor, t.id, "hint", "Tekan Kirim sesudah menulis.")
    faq = svc.note_for_step(desk.mentor, t.id, "faq", "Tekan Kirim.", question="")
    assert (hint.lesson_id, hint.step, hint.kind) == ("minta_bantuan", 2, "hint")
    assert faq.question == "Saya bingung di langkah ini"  # the ticket's own question
    notes = svc.step_notes(desk.budi, "minta_bantuan", 2)
    assert [n.kind for n in notes] == ["hint", "faq"] and notes[0].author == "mentor1"
    assert svc.step_notes(desk.budi, "minta_bantuan", 3) == ()
    events = [e.kind for e in svc.ticket(desk.mentor, t.id).events]
    assert events.count("step_note") == 2


def test_note_for_step_needs_a_lesson_ticket(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk)
    svc.take(desk.mentor, t.id)
    svc.resolve(desk.mentor, t.id)
    with pytest.raises(ValidationError):
        svc.note_for_step(desk.mentor, t.id, "faq", "Jawaban")


def test_learner_sandbox_is_read_by_staff_only_and_audited(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk)
    with pytest.raises(PermissionDenied):
        svc.learner_sandbox(desk.ani, t.id)
    with pytest.raises(PermissionDenied):
        svc.learner_sandbox(desk.budi, t.id)
    data = svc.learner_sandbox(desk.mentor, t.id)
    assert data["sandbox"]["id"] == desk.ani_sandbox_id
    with desk.ctx.db.read() as session:
        seen = session.scalars(
            select(AuditEvent.actor_account_id).where(AuditEvent.action == "ticket.sandbox_view")
        ).all()
    assert seen == [desk.mentor.account_id]


def test_mentors_list_for_staff(desk: Desk) -> None:
    assert desk.svc.mentors(desk.trainer) == ("mentor1", "mentor2")
    with pytest.raises(PermissionDenied):
        desk.svc.mentors(desk.ani)


def test_save_exports_writes_the_bkpsdm_suggestions_file(desk: Desk, tmp_path: Path) -> None:
    svc = desk.svc
    _raise(desk, category=Category.SARAN, text="=Tombol Ajukan sebaiknya di atas")
    paths = svc.save_exports(desk.trainer, tmp_path / "exports")
    names = sorted(p.name for p in paths)
    assert len(names) == 5
    bkpsdm = next(p for p in paths if p.name.startswith("usulan-ekinerja-untuk-bkpsdm-"))
    text = bkpsdm.read_text(encoding="utf-8-sig")
    assert "'=Tombol Ajukan" in text  # a formula is defused for spreadsheets
    with pytest.raises(PermissionDenied):
        svc.save_exports(desk.ani, tmp_path / "x")


def test_auto_close_due_closes_after_seven_days(desk: Desk) -> None:
    svc = desk.svc
    t = _raise(desk)
    svc.take(desk.mentor, t.id)
    svc.resolve(desk.mentor, t.id)
    assert svc.auto_close_due() == ()
    desk.advance(days=7, minutes=1)
    assert svc.auto_close_due() == (t.id,)
    assert svc.ticket(desk.mentor, t.id).status is S.DITUTUP
