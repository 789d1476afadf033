"""Progres Harian through the screens, checked in the service's state."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, Select

from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen, DailyReviewScreen
from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen
from ekinerja_tutor.ui.widgets.form_fields import SelectField
from ekinerja_tutor.ui.widgets.status import StatusLine
from tests.ui.workspace.conftest import (
    GOOD_ENTRY,
    LINK,
    MakeApp,
    WsWorld,
    fill_form,
    open_new_form,
    open_week,
    press,
    rencana_aksi_ids,
    settle,
)

TODAY = dt.date(2026, 5, 13)


def entries_on(ws: WsWorld, day: dt.date) -> list[object]:
    page = ws.daily.list_entries(ws.persona_seat, ws.seeded.persona_id, start=day, end=day)
    return list(page.items)


async def test_fill_review_and_send_today_then_see_dikirim_in_the_week(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        assert form.values()["tanggal"] == "13-05-2026"  # the sandbox's today, not the real one
        ra_id = rencana_aksi_ids(ws)[0]
        fill_form(form, ra_id, **GOOD_ENTRY)
        await settle(app, pilot)
        await press(app, pilot, "#submit")

        review = app.screen
        assert isinstance(review, DailyReviewScreen)  # "Kirim ke atasan" shows a review first
        assert GOOD_ENTRY["kegiatan"] in review.text
        assert "08:00–09:30 (90 menit)" in review.text
        assert app.focused is not None and app.focused.id == "review-back"  # Cancel focused
        [draft] = entries_on(ws, TODAY)
        assert draft.status is DailyStatus.DRAFT  # type: ignore[attr-defined]

        await press(app, pilot, "#review-send")

        week = app.screen
        assert isinstance(week, DailyWeekScreen)
        [sent] = entries_on(ws, TODAY)
        assert sent.status is DailyStatus.DIKIRIM  # type: ignore[attr-defined]
        assert sent.rencana_aksi_id == ra_id  # type: ignore[attr-defined]
        assert sent.bukti_dukung == LINK  # type: ignore[attr-defined]
        rows = week.table_texts()
        today_rows = [row for row in rows if row[1] == "08:00–09:30"]
        assert today_rows and today_rows[0][4] == "DIKIRIM"
        assert "DIKIRIM" in week.query_one(StatusLine).text
        # nothing left to restore: the submitted entry discarded its draft
        assert not week.drafts.forms(week.draft_account)


async def test_returned_entry_shows_the_note_and_is_sent_again(
    make_app: MakeApp, ws: WsWorld
) -> None:
    latest = ws.daily.list_entries(
        ws.persona_seat, ws.seeded.persona_id, status=DailyStatus.DIKIRIM, page_size=1
    ).items[0]
    note = "Tautan bukti dukung tidak bisa dibuka. Buka aksesnya lalu kirim ulang."
    ws.daily.return_for_revision(ws.supervisor_seat, latest.id, note)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        week = await open_week(app, pilot, ws)
        assert week.revisi is not None and week.revisi.total == 1
        await press(app, pilot, "#go-revisi")
        form = app.screen
        assert isinstance(form, DailyFormScreen)
        assert note in form.note_text  # the supervisor's note, above the form
        assert "REVISI" in form.note_text
        assert form.values()["kegiatan"] == latest.kegiatan
        fill_form(form, bukti_dukung="https://drive.google.com/drive/folders/dibuka-untuk-umum")
        await press(app, pilot, "#submit")
        assert isinstance(app.screen, DailyReviewScreen)
        await press(app, pilot, "#review-send")
        again = ws.daily.get(ws.persona_seat, latest.id)
        assert again.status is DailyStatus.DIKIRIM
        assert again.bukti_dukung.endswith("dibuka-untuk-umum")
        assert isinstance(app.screen, DailyWeekScreen)


async def test_start_from_yesterdays_entry_fills_everything_but_the_date(
    make_app: MakeApp, ws: WsWorld
) -> None:
    yesterday = entries_on(ws, dt.date(2026, 5, 12))[-1]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        await press(app, pilot, "#copy-previous")
        values = form.values()
        assert values["tanggal"] == "13-05-2026"
        assert values["kegiatan"] == yesterday.kegiatan  # type: ignore[attr-defined]
        assert values["satuan"] == yesterday.satuan  # type: ignore[attr-defined]
        assert values["jam_mulai"] == f"{yesterday.jam_mulai:%H:%M}"  # type: ignore[attr-defined]
        assert values["rencana_aksi_id"] == str(yesterday.rencana_aksi_id)  # type: ignore[attr-defined]
        picker = form.query_one("#f-rencana_aksi_id", Select)
        assert picker.value == yesterday.rencana_aksi_id  # type: ignore[attr-defined]
        assert app.focused is form.query_one("#f-jam_mulai", Input)


async def test_problems_are_shown_beside_their_fields_with_focus_on_the_first(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        typed = {**GOOD_ENTRY, "jam_mulai": "8.00", "realisasi": "1,5", "tanggal": "32-05-2026"}
        fill_form(form, None, **typed)
        await press(app, pilot, "#submit")
        # typing problems, each beside its field, with the missing Rencana Aksi (a check
        # that needs nothing parsed); the first in the form's order (the picker) focused
        assert "32-05-2026" in form.error_of("tanggal")
        assert "1,5" in form.error_of("realisasi") or "12" in form.error_of("realisasi")
        assert form.error_of("jam_mulai") == ""  # "8.00" is a valid way to write 08:00
        assert form.query_one("#field-rencana_aksi_id", SelectField).error_text.startswith("✗")
        assert form.query_one("#field-rencana_aksi_id", SelectField).input.has_focus
        assert form.values()["realisasi"] == "1,5"  # nothing typed is lost

        # the rules of the real form: a holiday, the end before the start, no Rencana Aksi
        holiday = ws.services.ctx.calendar.holiday_name(dt.date(2026, 5, 1))
        assert holiday is not None
        fill_form(form, tanggal="01-05-2026", realisasi="12", jam_selesai="07:30")
        await press(app, pilot, "#submit")
        assert not isinstance(app.screen, DailyReviewScreen)
        picker = form.query_one("#field-rencana_aksi_id", SelectField)
        assert picker.error_text.startswith("✗")
        assert holiday in form.error_of("tanggal")  # the holiday is named
        assert "07:30" in form.error_of("jam_selesai")
        assert picker.input.has_focus  # the first problem in the form's order
        status = app.screen.query_one(StatusLine).text
        assert status.startswith("✗ 3")
        assert form.values()["kegiatan"] == GOOD_ENTRY["kegiatan"]


async def test_an_empty_rencana_aksi_picker_says_why(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        fill_form(form, tanggal="13-05-2027")  # no SKP for 2027 yet
        await settle(app, pilot)
        picker = form.query_one("#field-rencana_aksi_id", SelectField)
        assert "2027" in picker.explanation_text
        assert "SKP" in picker.explanation_text


async def test_a_sent_entry_opens_as_a_summary_that_cannot_be_changed(
    make_app: MakeApp, ws: WsWorld
) -> None:
    [sent] = entries_on(ws, dt.date(2026, 5, 12))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        week = await open_week(app, pilot, ws)
        table = week.query_one("#week-table", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        table.move_cursor(row=keys.index(f"entry:{sent.id}"))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, DailyFormScreen) and form.read_only
        assert "Status: DIKIRIM" in form.summary_text
        assert sent.kegiatan in form.summary_text  # type: ignore[attr-defined]
        assert "BELUM_DIVERIFIKASI" in form.summary_text
        assert not form.query(Input)  # nothing to type into
        assert app.focused is form.query_one("#form-summary")  # scrollable by keyboard
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DailyWeekScreen)
        assert not form.drafts.forms(form.draft_account)


async def test_a_refused_field_is_marked_and_its_message_follows_the_language(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        too_long = "Menata arsip " * 40  # 520 characters: the real form takes 500
        fill_form(form, rencana_aksi_ids(ws)[0], **{**GOOD_ENTRY, "kegiatan": too_long})
        await press(app, pilot, "#submit")
        assert not isinstance(app.screen, DailyReviewScreen)
        assert "500" in form.error_of("kegiatan")
        assert app.focused is form.query_one("#f-kegiatan", Input)
        assert form.values()["kegiatan"] == too_long
        assert entries_on(ws, TODAY) == []  # nothing invalid was stored
        await pilot.press("f2")
        await settle(app, pilot)
        assert "Daily activity" in form.error_of("kegiatan")  # the message is in English now
        assert app.screen.query_one(StatusLine).text.startswith("✗ ")


async def test_one_press_of_kirim_names_every_field_to_fix(make_app: MakeApp, ws: WsWorld) -> None:
    """A realisasi that is not a number no longer hides the other mistakes: the end before
    the start and a javascript: link are marked on the same press, and focus goes to the
    first of them (in the field study, errors sent people back to re-enter whole reports)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        typed = {
            **GOOD_ENTRY,
            "jam_mulai": "08:00",
            "jam_selesai": "07:30",
            "realisasi": "abc",
            "bukti_dukung": "javascript:alert(1)",
        }
        fill_form(form, rencana_aksi_ids(ws)[0], **typed)
        await press(app, pilot, "#submit")
        assert not isinstance(app.screen, DailyReviewScreen)
        assert "07:30" in form.error_of("jam_selesai")
        assert "abc" in form.error_of("realisasi")
        assert "javascript" in form.error_of("bukti_dukung")
        assert form.error_of("kegiatan") == form.error_of("satuan") == ""
        assert app.focused is form.query_one("#f-jam_selesai", Input)
        status = app.screen.query_one(StatusLine).text
        assert status.startswith("✗ 3 ") and "07:30" in status, status
        assert {name: form.values()[name] for name in typed} == typed  # nothing lost
        assert entries_on(ws, TODAY) == []


async def test_enter_on_a_chosen_rencana_aksi_moves_on(make_app: MakeApp, ws: WsWorld) -> None:
    """Enter opens the picker while nothing is chosen; once chosen, Enter goes to Tanggal,
    as it does in every other field of the form (the picker does not open again)."""
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        picker = form.query_one("#f-rencana_aksi_id", Select)
        picker.focus()
        await pilot.press("enter")  # nothing chosen: the list opens
        await pilot.pause()
        assert picker.expanded
        await pilot.press("down", "enter")  # choose the first Rencana Aksi
        await pilot.pause()
        assert not picker.is_blank() and not picker.expanded
        await pilot.press("enter")  # chosen: Enter moves on
        await pilot.pause()
        assert not picker.expanded
        assert app.focused is form.query_one("#f-tanggal", Input)
