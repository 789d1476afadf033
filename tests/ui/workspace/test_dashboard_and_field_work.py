"""The dashboard's reminders and next step; field work's quick note and templates."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event
from textual.widgets import Input, OptionList

from ekinerja_tutor.domain.statuses import DailyStatus
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen
from ekinerja_tutor.ui.screens.daily_week import QUICK_MARK, DailyWeekScreen
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from ekinerja_tutor.ui.screens.field_work import FieldWorkScreen
from ekinerja_tutor.ui.widgets.bar_chart import bar, percent
from tests.ui.workspace.conftest import MakeApp, WsWorld, _open, press, settle, signed_in


def test_bars_are_characters_with_numbers() -> None:
    assert bar(0, 10, width=10) == "[░░░░░░░░░░]"
    assert bar(1, 1000, width=10) == "[█░░░░░░░░░]"  # any progress shows
    assert bar(5, 10, width=10) == "[█████░░░░░]"
    assert bar(30, 10, width=10) == "[██████████]"  # capped
    assert percent(422, 1800) == 23
    assert percent(3, 0) == 0


async def test_dashboard_names_missing_days_deadlines_and_the_next_step(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await signed_in(app, pilot, ws)
        reminders = dashboard.reminders_text
        assert "Selasa, 5 Mei 2026; Rabu, 6 Mei 2026" in reminders  # working days, no entry
        assert "23 hari lagi" in reminders  # the period lock, with days left
        assert dashboard.next_step_text.endswith(app.tr.t("reminders.next.today_entry"))
        options = dashboard.query_one("#dash-menu", OptionList)
        assert options.option_count == 5  # at most five main choices


async def test_a_quick_field_note_stays_a_draft_with_a_reminder(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f4")
        await pilot.pause()
        menu = app.screen.query_one(OptionList)
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        menu.highlighted = ids.index("field_work")
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FieldWorkScreen)
        assert "e-Kinerja asli tidak punya" in str(screen.query_one("#fw-aid").render())
        screen.query_one("#f-kegiatan", Input).value = "asesmen korban banjir"
        screen.query_one("#f-place", Input).value = "Desa Cibening"
        await press(app, pilot, "#fw-quick")

        [note] = ws.daily.list_entries(
            ws.persona_seat, ws.seeded.persona_id, start=dt.date(2026, 5, 13)
        ).items
        assert note.status is DailyStatus.DRAFT
        assert note.quick_field_draft and note.place == "Desa Cibening"
        assert note.kegiatan == "asesmen korban banjir"

        await pilot.press("escape")
        await settle(app, pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert "catatan cepat" in dashboard.reminders_text
        await pilot.press("1")
        await settle(app, pilot)
        week = app.screen
        assert isinstance(week, DailyWeekScreen)
        assert any(row[3].startswith(QUICK_MARK) for row in week.table_texts())


async def test_a_template_shows_the_real_form_and_fills_a_new_entry(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("1")
        await settle(app, pilot)
        await press(app, pilot, "#field-work")
        screen = app.screen
        assert isinstance(screen, FieldWorkScreen)
        preview = screen.preview_text
        assert preview.startswith(app.tr.t("field_ui.preview_title"))
        values = screen.chosen_values()
        assert values is not None
        assert "{desa}" not in values["kegiatan"] and "Desa" in values["kegiatan"]
        assert f"Kegiatan Harian: {values['kegiatan']}" in preview
        await press(app, pilot, "#fw-use")
        form = app.screen
        assert isinstance(form, DailyFormScreen)
        typed = form.values()
        assert typed["kegiatan"] == values["kegiatan"]
        assert typed["jam_mulai"] == "08:00" and typed["satuan"] == values["satuan"]
        assert form.flush_draft()  # a template start is kept like anything typed


async def test_back_on_the_dashboard_it_reads_again_after_a_save_or_after_a_while(
    make_app: MakeApp, ws: WsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ekinerja_tutor.ui.screens import dashboard as dashboard_module

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await signed_in(app, pilot, ws)
        statements: list[str] = []
        engine = ws.services.ctx.db.engine
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

        async def there_and_back() -> list[str]:
            await pilot.press("1")  # the weekly view (which reads its week)
            await settle(app, pilot)
            statements.clear()
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is dashboard
            return [s for s in statements if "daily_entry" in s]

        assert await there_and_back() == []  # nothing saved: what it shows is current

        # Another process (a second connection) saves a quick field note for the learner.
        other = _open(ws.home, ws.home / "t.db", ws.clock)
        try:
            DailyLogService(other.ctx).quick_field_entry(ws.persona_seat, "asesmen", "Desa X")
        finally:
            other.close()
        assert await there_and_back() == []  # not counted here: seen after a while
        monkeypatch.setattr(dashboard_module, "REREAD_SECONDS", 0.0)
        assert await there_and_back() != []
        assert "catatan cepat" in dashboard.reminders_text

        monkeypatch.setattr(dashboard_module, "REREAD_SECONDS", 3600.0)
        await there_and_back()  # (read at once above: nothing new)
        DailyLogService(ws.services.ctx).quick_field_entry(ws.persona_seat, "rapat", "Kantor")
        assert await there_and_back() != []  # a save in this process: read again at once
