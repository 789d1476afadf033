"""The same keys in the same place, F1 help per screen, F2 relabels, F4 menu, F9 clock."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Static

from ekinerja_tutor.persistence.models import Sandbox
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from ekinerja_tutor.ui.screens.dialogs import ActionMenu
from ekinerja_tutor.ui.screens.field_work import FieldWorkScreen
from ekinerja_tutor.ui.screens.help import HelpScreen
from ekinerja_tutor.ui.widgets.keybar import KeyBar
from ekinerja_tutor.ui.widgets.persona_bar import PersonaBar
from tests.ui.workspace.conftest import (
    MakeApp,
    WsWorld,
    open_new_form,
    settle,
    signed_in,
)

FIRST_KEYS = ["f1", "escape", "f2", "f3", "f4"]
"""F1 Bantuan, Esc Kembali, F2 English, F3 Tampilan, then F4 Menu on every workspace screen."""


def keys_of(screen: Screen[Any]) -> list[str]:
    return screen.query_one(KeyBar).shown_keys()


async def test_dashboard_week_and_form_share_their_first_keys_at_80x24_without_colour(
    make_app: MakeApp, ws: WsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        dashboard = await signed_in(app, pilot, ws)
        seen["dashboard"] = keys_of(dashboard)
        # the dashboard's bars read without colour: characters and numbers
        chart = dashboard.query_one("#dash-progress").text  # type: ignore[attr-defined]
        assert "█" in chart and "░" in chart and "dari 1800 surat" in chart
        assert dashboard.next_step_text.startswith("➜ Langkah berikutnya:")
        await pilot.press("1")
        await settle(app, pilot)
        seen["week"] = keys_of(app.screen)
        assert "pageup" in seen["week"] and "pagedown" in seen["week"]
        await pilot.click("#new-entry")
        await settle(app, pilot)
        assert isinstance(app.screen, DailyFormScreen)
        seen["form"] = keys_of(app.screen)
        await pilot.press("f4")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, ActionMenu)
        ids = [menu.query_one(OptionList).get_option_at_index(i).id for i in range(9)]
        menu.query_one(OptionList).highlighted = ids.index("field_work")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FieldWorkScreen)
        seen["field_work"] = keys_of(app.screen)
        # the menu closed the form (its draft kept) and opened field work over the dashboard
        assert isinstance(app.screen_stack[-2], DashboardScreen)
    for name, keys in seen.items():
        assert keys[:5] == FIRST_KEYS, name
        assert "f9" not in keys, name  # the sandbox clock is hidden unless the trainer shows it


async def test_f1_gives_each_screen_its_own_help(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_form(app, pilot, ws)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert text.startswith(app.tr.t("daily_ui.form_help")[:40])
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DailyFormScreen)


async def test_f2_relabels_everything_and_keeps_what_was_typed(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        form.query_one("#f-kegiatan", Input).value = "Menata arsip"
        await pilot.press("f2")
        await settle(app, pilot)
        labels = [str(label.render()) for label in form.query(".field--label")]
        assert "Daily activity (Kegiatan Harian)" in labels
        assert "Today in the sandbox: Wednesday 13 May 2026" in form.query_one(PersonaBar).text
        assert str(form.query_one("#submit").render()).strip().endswith("Send to supervisor")
        assert form.values()["kegiatan"] == "Menata arsip"
        await pilot.press("escape")
        await settle(app, pilot)
        week = app.screen
        headers = [str(column.label) for column in week.query_one(DataTable).columns.values()]
        assert headers == ["Day", "Time", "Min.", "Activity", "Status"]
        assert " to " in str(week.query_one("#week-head", Static).content)


async def test_the_sandbox_clock_key_appears_when_the_trainer_shows_it(
    make_app: MakeApp, ws: WsWorld
) -> None:
    with ws.services.ctx.db.write() as session:
        sandbox = session.get(Sandbox, ws.seeded.sandbox_id)
        assert sandbox is not None
        sandbox.clock_keys_visible = True
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await signed_in(app, pilot, ws)
        assert "f9" in keys_of(dashboard)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ActionMenu)
        await pilot.press("enter")  # the first move: to the next working day
        await settle(app, pilot)
        # 14 and 15 May are holidays, then the weekend: the next working day is Monday 18 May
        assert "Senin, 18 Mei 2026" in dashboard.query_one(PersonaBar).text
        assert (
            ws.services.sandboxes.get(
                app.auth.principal_for(ws.seeded.account_id), ws.seeded.sandbox_id
            )
            .today.date()
            .isoformat()
            == "2026-05-18"
        )


async def test_f2_on_the_dashboard_translates_what_it_shows(make_app: MakeApp, ws: WsWorld) -> None:
    """The dashboard skips redrawing an unchanged view; a language switch still redraws it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dash = await signed_in(app, pilot, ws)
        assert dash.view is not None
        before = dash.next_step_text
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.tr.lang == "en"
        expected = "➜ " + app.tr.t("dash.next_step", step=app.tr.msg(dash.view.next_step))
        assert dash.next_step_text == expected != before


def test_every_key_textual_shows_on_its_own_has_a_catalog_text() -> None:
    """Textual's own bindings with ``show=True`` (English descriptions) reach the key bar when
    their widget has focus; each needs a catalog key, and a Textual upgrade adding one fails
    here rather than showing English in the Indonesian bar."""
    import inspect

    from textual import widgets
    from textual.app import App
    from textual.binding import Binding
    from textual.dom import DOMNode
    from textual.widgets._select import SelectOverlay

    from ekinerja_tutor.i18n import load_catalog
    from ekinerja_tutor.ui.widgets.keybar import TEXTUAL_DESCRIPTIONS

    classes = [getattr(widgets, name) for name in vars(widgets)["__all__"]]  # (lazy module)
    shown: set[str] = set()
    for cls in [*classes, SelectOverlay, Screen, App]:
        if not (inspect.isclass(cls) and issubclass(cls, DOMNode)):
            continue
        for base in cls.__mro__:
            for item in base.__dict__.get("BINDINGS", []):
                binding = item if isinstance(item, Binding) else Binding(*item)
                if binding.show and base.__module__.startswith("textual."):
                    shown.add(binding.description)
    assert "Dismiss menu" in shown  # the scan sees Select's list
    assert shown <= set(TEXTUAL_DESCRIPTIONS), shown - set(TEXTUAL_DESCRIPTIONS)
    catalog = load_catalog()
    for key in TEXTUAL_DESCRIPTIONS.values():
        assert set(catalog[key]) >= {"id", "en"}, key


async def test_an_open_list_says_how_to_close_it_in_the_chosen_language(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_form(app, pilot, ws)
        await pilot.press("enter")  # the Rencana Aksi picker has focus: its list opens
        await pilot.pause()
        bar = str(form.query_one(KeyBar).render())
        assert "Tutup\u00a0daftar" in bar and "Dismiss" not in bar, bar
        await pilot.press("escape")  # closes the list, not the form
        await pilot.pause()
        assert app.screen is form
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        bar = str(form.query_one(KeyBar).render())
        assert "Close\u00a0the\u00a0list" in bar and "Dismiss" not in bar, bar
