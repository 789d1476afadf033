"""A learner alone: submit → the clock moves → the simulated supervisor returns it with a note →
fix and resend → the clock moves → approved → the quarterly recap climbs the chain to the
Kepala Dinas, every step with its (simulated) actor on the result screen."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input

from ekinerja_tutor.domain.statuses import DailyStatus, RecapStatus
from ekinerja_tutor.services.daily_logs import DailyEntryView
from ekinerja_tutor.services.results import ResultsService
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen, DailyReviewScreen
from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen
from ekinerja_tutor.ui.screens.result import ResultScreen
from ekinerja_tutor.ui.screens.skp_forms import ReviewScreen
from ekinerja_tutor.ui.widgets.status import StatusLine
from tests.ui.supervisor.support import choose, move_clock, show_clock_keys
from tests.ui.workspace.conftest import (
    GOOD_ENTRY,
    MakeApp,
    WsWorld,
    fill_form,
    open_new_form,
    press,
    rencana_aksi_ids,
    settle,
)

UNOPENABLE = "https://drive.latihan.local/d/tidakadaberkas42"  # no such file in the drive
FIXED = "https://drive.google.com/drive/folders/dibuka-untuk-umum"
FOLDER = "https://drive.google.com/drive/folders/rekap-triwulan-2"
TODAY = dt.date(2026, 5, 13)


def own_entry(ws: WsWorld, kegiatan: str) -> DailyEntryView:
    page = ws.daily.list_entries(ws.persona_seat, ws.seeded.persona_id, start=TODAY, end=TODAY)
    return next(e for e in page.items if e.kegiatan == kegiatan)


async def test_returned_fixed_approved_then_the_recap_climbs_to_the_kepala_dinas(
    make_app: MakeApp, ws: WsWorld
) -> None:
    show_clock_keys(ws)
    kegiatan = GOOD_ENTRY["kegiatan"]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # submit an entry whose evidence link the supervisor cannot open
        form = await open_new_form(app, pilot, ws)
        fill_form(form, rencana_aksi_ids(ws)[0], **{**GOOD_ENTRY, "bukti_dukung": UNOPENABLE})
        await settle(app, pilot)
        await press(app, pilot, "#submit")
        review = app.screen
        assert isinstance(review, DailyReviewScreen)
        await press(app, pilot, "#review-send")
        entry = own_entry(ws, kegiatan)
        assert entry.status is DailyStatus.DIKIRIM

        # the clock moves; the simulated supervisor opens the link as themself and returns it
        for _ in range(4):
            await move_clock(app, pilot, "next_day")
            entry = ws.daily.get(ws.persona_seat, entry.id)
            if entry.status is not DailyStatus.DIKIRIM:
                break
        assert entry.status is DailyStatus.REVISI, entry
        assert entry.revision_note
        assert entry.reviewed_by_id == ws.seeded.supervisor_id

        # the learner reads the note, fixes the link and sends it again
        week = app.screen
        assert isinstance(week, DailyWeekScreen)
        await settle(app, pilot)
        assert week.revisi is not None and week.revisi.total >= 1
        await press(app, pilot, "#go-revisi")
        revised = app.screen
        assert isinstance(revised, DailyFormScreen)
        assert entry.revision_note in revised.note_text
        fill_form(revised, bukti_dukung=FIXED)
        await press(app, pilot, "#submit")
        await press(app, pilot, "#review-send")
        assert ws.daily.get(ws.persona_seat, entry.id).status is DailyStatus.DIKIRIM

        for _ in range(4):
            await move_clock(app, pilot, "next_day")
            entry = ws.daily.get(ws.persona_seat, entry.id)
            if entry.status is DailyStatus.DISETUJUI:
                break
        assert entry.status is DailyStatus.DISETUJUI

        # the quarter's recap: sent from the result screen, then up the chain as time passes
        await pilot.press("f4")
        await settle(app, pilot)
        await choose(app, pilot, "results")
        result = app.screen
        assert isinstance(result, ResultScreen)
        for _ in range(10):
            if result.loaded is not None:
                break
            await settle(app, pilot, 1)
        if result.quarter == 1:  # it opens on the last quarter with a result
            await pilot.press("pagedown")
            await settle(app, pilot)
        assert result.loaded is not None and result.quarter == 2
        assert result.loaded.recap.quarter == 2
        result.query_one("#evidence", Input).value = FOLDER
        await press(app, pilot, "#send")
        assert isinstance(app.screen, ReviewScreen), result.query_one(StatusLine).text
        await press(app, pilot, "#send")  # "Kirim" on the review of what is sent
        results = ResultsService(ws.services.ctx)
        year, quarter = 2026, 2
        recap = results.recap_view(
            ws.persona_seat, person_id=ws.seeded.persona_id, year=year, quarter=quarter
        )
        assert recap.status is RecapStatus.DIVERIFIKASI
        for _ in range(8):
            await move_clock(app, pilot, "next_day")
            recap = results.recap_view(
                ws.persona_seat, person_id=ws.seeded.persona_id, year=year, quarter=quarter
            )
            if recap.status is RecapStatus.VALID:
                break
        assert recap.status is RecapStatus.VALID
        assert [s.level.value for s in recap.steps] == [
            "KASUBAG_KABID",
            "SEKRETARIS",
            "KEPALA_DINAS",
        ]
        await settle(app, pilot)
        text = result.text
        for step in recap.steps:
            assert step.verifier.name + " (rekan simulasi)" in text
        assert "Riwayat langkah" in text
        assert text.count("diloloskan") == 3
