"""The verification queue from the supervisor's seat, opening evidence as the supervisor, and
what the record means (the TPP example, any unit's recap read-only, the head-only ranking)."""

from __future__ import annotations

from sqlalchemy import select

from ekinerja_tutor.domain.statuses import RecapStatus
from ekinerja_tutor.persistence.models import Person
from ekinerja_tutor.services.results import ResultsService
from ekinerja_tutor.ui.screens.recap_chain import RecapChainScreen, RecapDecisionScreen
from ekinerja_tutor.ui.screens.record_meaning import RecordMeaningScreen
from ekinerja_tutor.ui.screens.review_entry import ReviewEntryScreen
from ekinerja_tutor.ui.screens.review_inbox import ReviewInboxScreen
from ekinerja_tutor.ui.screens.review_views import MessageScreen
from tests.ui.supervisor.support import choose, cursor_to, submit_form, system_seat
from tests.ui.workspace.conftest import TRICKY, MakeApp, WsWorld, settle, signed_in

FOLDER = "https://drive.google.com/drive/folders/rekap-mega-tw2"


def person_id(ws: WsWorld, key: str) -> int:
    with ws.services.ctx.db.read() as session:
        found = session.scalar(
            select(Person.id).where(Person.sandbox_id == ws.seeded.sandbox_id, Person.key == key)
        )
    assert found is not None
    return found


async def test_the_learner_passes_a_colleagues_recap_up_the_chain(
    make_app: MakeApp, ws: WsWorld
) -> None:
    results = ResultsService(ws.services.ctx)
    mega = person_id(ws, "mega")
    sent = results.submit_recap(system_seat(ws, mega), 2026, 2, FOLDER)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "recap_chain")
        queue = app.screen
        assert isinstance(queue, RecapChainScreen)
        assert queue.items is not None and [i.id for i in queue.items] == [sent.id]
        await pilot.press("enter")
        await settle(app, pilot)
        decision = app.screen
        assert isinstance(decision, RecapDecisionScreen)
        assert FOLDER in decision.body_text and "Kasubag/Kabid" in decision.body_text
        await pilot.press("f8")
        await settle(app, pilot)
        await submit_form(app, pilot, recap_note=TRICKY)
        after = results.recap_view(ws.supervisor_seat, sent.id)
        assert after.status is RecapStatus.DIVERIFIKASI
        assert after.waiting_level is not None and after.waiting_level.value == "SEKRETARIS"
        [step] = after.steps
        assert step.passed and step.verifier.id == ws.seeded.supervisor_id
        assert step.note == TRICKY
        assert TRICKY in decision.body_text  # a note is user text: shown literally
        assert "diloloskan" in decision.body_text
        await pilot.press("escape")
        await settle(app, pilot)
        assert queue.items == []


async def test_the_persona_recap_never_reaches_the_learners_queue(
    make_app: MakeApp, ws: WsWorld
) -> None:
    results = ResultsService(ws.services.ctx)
    results.submit_recap(ws.persona_seat, 2026, 2, FOLDER)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "recap_chain")
        assert isinstance(app.screen, RecapChainScreen)
        assert app.screen.items == []  # the simulated Kasubag verifies it, not the learner


async def test_an_unopenable_drive_link_is_refused_to_the_supervisor(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await settle(app, pilot)
        inbox = app.screen
        assert isinstance(inbox, ReviewInboxScreen) and inbox.loaded is not None
        item = inbox.loaded.inbox.items[0]
        # the colleague's link points at a Practice Drive file that does not exist
        from sqlalchemy import update

        from ekinerja_tutor.persistence.models import DailyEntry

        with ws.services.ctx.db.write() as session:
            session.execute(
                update(DailyEntry)
                .where(DailyEntry.id == item.entry.id)
                .values(bukti_dukung="https://drive.latihan.local/d/tidakadaberkas42")
            )
        inbox.load()
        await settle(app, pilot)
        await cursor_to(app, pilot, "#inbox-table", f"entry:{item.entry.id}")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewEntryScreen)
        await pilot.press("t")
        await settle(app, pilot)
        shown = app.screen
        assert isinstance(shown, MessageScreen)
        assert "tidak bisa dibuka sebagai atasan" in shown._text
        assert "tidakadaberkas42" in shown._text


async def test_record_meaning_tpp_example_unit_recap_and_ranking(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "record_meaning")
        screen = app.screen
        assert isinstance(screen, RecordMeaningScreen)
        await settle(app, pilot)
        assert "Contoh TPP daerah" in screen.body_text  # always labelled a regional example
        assert "Sudarto" in screen.body_text and "Rp" in screen.body_text
        await pilot.press("2")
        await settle(app, pilot)
        assert "terbuka untuk semua pegawai" in screen.body_text
        assert "Subbagian Umum dan Kepegawaian" in screen.body_text  # the persona's unit first
        await pilot.press("u")
        await settle(app, pilot)
        units = {u.name: u.id for u in screen.units}
        await choose(app, pilot, str(units["Bidang Rehabilitasi Sosial"]))
        await settle(app, pilot)
        assert "Bidang Rehabilitasi Sosial" in screen.body_text  # another unit, read-only
        await pilot.press("3")
        await settle(app, pilot)
        assert "hanya dapat dilihat Kepala Dinas" in screen.body_text


async def test_approve_a_colleagues_skp_with_ekspektasi_khusus(
    make_app: MakeApp, ws: WsWorld
) -> None:
    from sqlalchemy import update

    from ekinerja_tutor.domain.statuses import Perilaku, SkpStatus
    from ekinerja_tutor.persistence.models import Skp
    from ekinerja_tutor.services.skp import SkpService
    from ekinerja_tutor.ui.screens.review_skp import SkpApprovalScreen, SkpReviewScreen

    mega = person_id(ws, "mega")
    with ws.services.ctx.db.write() as session:  # Mega's SKP is waiting again (a new year)
        session.execute(update(Skp).where(Skp.person_id == mega).values(status=SkpStatus.DIAJUKAN))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        await choose(app, pilot, "skp")
        queue = app.screen
        assert isinstance(queue, SkpApprovalScreen)
        assert queue.items is not None and [i.person_id for i in queue.items] == [mega]
        await pilot.press("enter")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, SkpReviewScreen)
        assert "1. " in review.body_text and "Akuntabel" in review.body_text
        await pilot.press("f8")
        await settle(app, pilot)
        await submit_form(app, pilot, ek_akuntabel=TRICKY)
        skp = SkpService(ws.services.ctx).skp_for(ws.supervisor_seat, mega, 2026)
        assert skp is not None and skp.status is SkpStatus.DISETUJUI
        wish = {row.perilaku: row.ekspektasi_khusus for row in skp.perilaku}
        assert wish[Perilaku.AKUNTABEL] == TRICKY
        assert TRICKY in review.body_text  # drawn literally
