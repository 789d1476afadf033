"""The learner in the supervisor's seat: F6, the inbox, catching a planted defect, approving,
approving many at once, and rating a period — every outcome checked in the services."""

from __future__ import annotations

from textual.widgets import Static

from ekinerja_tutor.domain.statuses import DailyStatus, Predikat
from ekinerja_tutor.services.results import ResultsService
from ekinerja_tutor.services.supervisor_practice import SupervisorPracticeService
from ekinerja_tutor.ui.screens.assessment import AssessmentScreen
from ekinerja_tutor.ui.screens.confirm import ConfirmScreen
from ekinerja_tutor.ui.screens.review_entry import ReviewEntryScreen
from ekinerja_tutor.ui.screens.review_inbox import ReviewInboxScreen
from ekinerja_tutor.ui.screens.review_views import MessageScreen
from ekinerja_tutor.ui.screens.skp import SkpScreen
from ekinerja_tutor.ui.widgets.persona_bar import PersonaBar
from ekinerja_tutor.ui.widgets.status import StatusLine
from tests.ui.supervisor.support import (
    choose,
    choose_first,
    cursor_to,
    move_clock,
    planted,
    show_clock_keys,
    submit_form,
)
from tests.ui.workspace.conftest import MakeApp, WsWorld, settle, signed_in


async def test_f6_switches_seat_and_the_bar_says_which(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        bar = app.screen.query_one(PersonaBar)
        assert "Sudarto" in bar.text and "KURSI ATASAN" not in bar.text
        await pilot.press("f6")
        await settle(app, pilot)
        inbox = app.screen
        assert isinstance(inbox, ReviewInboxScreen)
        bar = inbox.query_one(PersonaBar)
        assert "KURSI ATASAN: Hendra Gunawan" in bar.text
        assert inbox.workspace.active_seat.person_id == ws.seeded.supervisor_id
        # the persona's own entries never appear: the simulated supervisor reviews those
        names = {row[2] for row in inbox.table_texts()}
        assert names and not any(name.startswith("Sudarto") for name in names)
        assert inbox.loaded is not None and inbox.loaded.inbox.total == 16
        await pilot.press("f6")
        await settle(app, pilot)
        assert "KURSI ATASAN" not in inbox.query_one(PersonaBar).text
        assert "tidak punya bawahan" in inbox.head_text()  # darto's own seat has no staff
        # F4 offers the seat too (browsers may swallow F6)
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "switch_seat")
        assert "KURSI ATASAN" in app.screen.query_one(PersonaBar).text


async def test_review_catch_a_planted_defect_approve_others_and_rate(
    make_app: MakeApp, ws: WsWorld
) -> None:
    show_clock_keys(ws)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await move_clock(app, pilot, "month_end")  # the colleagues write (and plant) meanwhile
        defects = planted(ws)
        assert defects, "simulated colleagues planted no defect by the month's end"
        await pilot.press("f6")
        await settle(app, pilot)
        inbox = app.screen
        assert isinstance(inbox, ReviewInboxScreen)

        # 1. approve the old ones at once: select two clean entries on the page, F8, confirm
        clean = [
            item.entry.id
            for item in inbox.loaded.inbox.items  # type: ignore[union-attr]
            if item.entry.id not in defects
        ][:2]
        for entry_id in clean:
            await cursor_to(app, pilot, "#inbox-table", f"entry:{entry_id}")
            await pilot.press("space")
        assert inbox.selected == set(clean)
        await pilot.press("f8")
        await settle(app, pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        confirm.query_one("#confirm").focus()
        await pilot.press("enter")
        await settle(app, pilot, 6)
        for entry_id in clean:
            assert ws.daily.get(ws.supervisor_seat, entry_id).status is DailyStatus.DISETUJUI
        assert "2 kegiatan disetujui, 0 gagal" in inbox.query_one(StatusLine).text

        # 2. catch a planted defect: filter to its writer, open it, return it with a note
        defect_id = next(iter(defects))
        writer = ws.daily.get(ws.supervisor_seat, defect_id).person_id
        await pilot.press("f")
        await settle(app, pilot)
        await choose(app, pilot, f"person:{writer}")
        await settle(app, pilot)
        page = inbox.loaded.inbox  # type: ignore[union-attr]
        while defect_id not in {item.entry.id for item in page.items}:
            assert (inbox.page + 1) * page.page_size < page.total, "defect entry not in inbox"
            await pilot.press("pagedown")
            await settle(app, pilot)
            page = inbox.loaded.inbox  # type: ignore[union-attr]
        await cursor_to(app, pilot, "#inbox-table", f"entry:{defect_id}")
        await pilot.press("enter")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewEntryScreen)
        assert "Bukti dukung:" in review.body_text
        await pilot.press("k")
        await settle(app, pilot)
        await choose_first(app, pilot)  # a standard sentence from the library…
        await submit_form(app, pilot)  # …sent as it is
        returned = ws.daily.get(ws.supervisor_seat, defect_id)
        assert returned.status is DailyStatus.REVISI and returned.revision_note
        report = SupervisorPracticeService(ws.services.ctx).defect_report(ws.supervisor_seat)
        assert report.caught >= 1
        caught = [item for item in report.items if item.entry_id == defect_id]
        assert caught and caught[0].outcome == "caught"
        await pilot.press("escape")
        await settle(app, pilot)

        # the practice report says it was caught
        assert app.screen is inbox
        await pilot.press("l")
        await settle(app, pilot)
        await choose(app, pilot, "practice")
        shown = app.screen
        assert isinstance(shown, MessageScreen)
        assert "— tertangkap" in shown._text and "1 tertangkap" in shown._head
        await pilot.press("escape")
        await settle(app, pilot)

        # 3. approve another clean entry from its own screen
        assert app.screen is inbox
        other = next(
            item.entry.id
            for item in inbox.loaded.inbox.items  # type: ignore[union-attr]
            if item.entry.id not in defects and item.entry.status is DailyStatus.DIKIRIM
        )
        await cursor_to(app, pilot, "#inbox-table", f"entry:{other}")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        assert ws.daily.get(ws.supervisor_seat, other).status is DailyStatus.DISETUJUI

        # 4. rate the period: F4 → Penilaian, Enter on the first person, hasil, perilaku, note
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "assessment")
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        assert screen.loaded is not None and screen.loaded.people
        person = screen.loaded.people[0]
        assert not person.name.startswith("Sudarto")
        await pilot.press("enter")
        await settle(app, pilot)
        await choose(app, pilot, "DI_ATAS_EKSPEKTASI")
        await choose(app, pilot, "SESUAI_EKSPEKTASI")
        await choose_first(app, pilot)
        await submit_form(app, pilot)
        await settle(app, pilot, 6)
        saved = ResultsService(ws.services.ctx).assessment_for(
            ws.supervisor_seat, person.id, 2026, 2
        )
        assert saved is not None and saved.predikat is Predikat.BAIK
        assert saved.note  # the library sentence
        assert "Baik" in screen.detail_text
        assert "Hasil unit" in screen.guide_text or "belum ditetapkan" in screen.guide_text
        assert screen.query_one("#as-guide-text", Static) is not None


async def test_own_work_stays_the_personas_and_screens_keep_their_own_f6(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await settle(app, pilot)
        inbox = app.screen
        assert isinstance(inbox, ReviewInboxScreen)
        # opening an own-work area goes back to the learner's own seat, and the bar says so
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "skp")
        skp = app.screen
        assert isinstance(skp, SkpScreen)
        assert not skp.workspace.in_supervisor_seat
        assert "KURSI ATASAN" not in skp.query_one(PersonaBar).text
        # the SKP screen binds F6 itself ("Tambah RHK"): F6 there is not the seat switch
        await pilot.press("f6")
        await settle(app, pilot)
        still = app.screen
        assert isinstance(still, SkpScreen)
        assert not still.workspace.in_supervisor_seat


async def test_the_guidance_warns_when_the_spread_strays(make_app: MakeApp, ws: WsWorld) -> None:
    from sqlalchemy import select

    from ekinerja_tutor.domain.statuses import UnitResult
    from ekinerja_tutor.persistence.models import Unit
    from ekinerja_tutor.services.actors import SYSTEM, Seat

    with ws.services.ctx.db.read() as session:
        umpeg = session.scalar(
            select(Unit.id).where(Unit.sandbox_id == ws.seeded.sandbox_id, Unit.code == "UMPEG")
        )
    assert umpeg is not None
    program = Seat(SYSTEM, ws.seeded.sandbox_id, ws.seeded.supervisor_id)
    ResultsService(ws.services.ctx).set_unit_result(program, umpeg, 2026, 2, UnitResult.KURANG)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "assessment")
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        assert "Hasil unit: Kurang" in screen.guide_text and "⚠" not in screen.guide_text
        await pilot.press("enter")
        await settle(app, pilot)
        await choose(app, pilot, "DI_ATAS_EKSPEKTASI")
        await choose(app, pilot, "DI_ATAS_EKSPEKTASI")
        await choose(app, pilot, "__free__")
        await submit_form(app, pilot, catatan_rekomendasi="")
        await settle(app, pilot, 6)
        assert "Sangat Baik" in screen.detail_text
        assert "⚠" in screen.guide_text  # guidance, never a block: the rating was saved
