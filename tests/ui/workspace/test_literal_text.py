"""User text is shown exactly as typed, everywhere, and clicking it runs nothing."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input

from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen, DailyReviewScreen
from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen
from ekinerja_tutor.ui.text import clip
from tests.ui.workspace.conftest import (
    LINK,
    TRICKY,
    MakeApp,
    WsWorld,
    open_week,
    press,
    rencana_aksi_ids,
    settle,
)


def tricky_draft(ws: WsWorld) -> int:
    form = DailyEntryInput(
        tanggal=dt.date(2026, 5, 12),
        jam_mulai=dt.time(10, 0),
        jam_selesai=dt.time(11, 0),
        kegiatan=TRICKY,
        realisasi=1,
        satuan="kegiatan",
        bukti_dukung=LINK,
        rencana_aksi_id=rencana_aksi_ids(ws)[0],
    )
    return ws.daily.save_draft(ws.persona_seat, None, form).id


async def test_markup_in_a_kegiatan_is_literal_in_table_form_review_and_notice(
    make_app: MakeApp, ws: WsWorld
) -> None:
    entry_id = tricky_draft(ws)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        week = await open_week(app, pilot, ws)
        table = week.query_one("#week-table", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        table.move_cursor(row=keys.index(f"entry:{entry_id}"))
        await pilot.pause()
        row = week.table_texts()[keys.index(f"entry:{entry_id}")]
        assert row[3] == clip(TRICKY, 30)  # the table cell, literally ("[Bidang]" kept)
        assert TRICKY in week.detail_text  # the whole line under the table
        await pilot.click("#week-detail")  # clicking the text runs nothing
        await pilot.click("#week-table", offset=(40, 4))
        await pilot.pause()
        assert app.is_running

        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, DailyFormScreen)
        assert form.query_one("#f-kegiatan", Input).value == TRICKY
        title = str(form.query_one("#screen-title").render())
        assert "«Rapat [Bidang] [@click=app.quit]tutup[/]»" in title

        await press(app, pilot, "#submit")
        review = app.screen
        assert isinstance(review, DailyReviewScreen)
        assert f"{app.tr.t('field.label.kegiatan')}: {TRICKY}" in review.text
        shown = [str(widget.render()) for widget in review.query(".review-line")]
        assert any(TRICKY in line for line in shown)
        await pilot.click(".review-line")
        assert app.is_running

        await press(app, pilot, "#review-send")
        assert isinstance(app.screen, DailyWeekScreen)
        notices = [str(notice.message) for notice in app._notifications]
        assert any(TRICKY in notice for notice in notices)
        assert TRICKY in app.screen.query_one("#status").text  # type: ignore[attr-defined]
        assert app.is_running
