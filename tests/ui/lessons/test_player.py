"""The lesson player through Pilot: docked at 130 columns, full screen at 80, live ✅/❌,
Periksa, hints, show-me, reset, skip, stuck help, F1's lessons and resuming after a restart.

Everything is checked in what the screen shows and in the service's stored progress."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot
from textual.widgets import Input, Markdown, OptionList, Select, Static

from ekinerja_tutor.persistence.models import LessonStatus
from ekinerja_tutor.services.lessons import LessonProgressView, LessonService, StuckPolicy
from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
from ekinerja_tutor.ui.app import TutorApp
from ekinerja_tutor.ui.screens.confirm import ConfirmScreen
from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen, DailyReviewScreen
from ekinerja_tutor.ui.screens.daily_week import DailyWeekScreen
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from ekinerja_tutor.ui.screens.help import HelpScreen
from ekinerja_tutor.ui.screens.lesson_actions import start_lesson
from ekinerja_tutor.ui.screens.lesson_list import LessonListScreen
from ekinerja_tutor.ui.screens.lesson_player import LessonPlayerScreen
from ekinerja_tutor.ui.widgets.lesson_panel import LessonPanel
from tests.ui.workspace.conftest import (
    GOOD_ENTRY,
    MakeApp,
    WsWorld,
    settle,
    signed_in,
)

DAILY = "progres_harian"
WIDE = (130, 40)
NARROW = (80, 24)


def progress(ws: WsWorld, app: TutorApp) -> LessonProgressView:
    assert app.session is not None
    service = LessonService(ws.services.ctx)
    (view,) = [p for p in service.progress(app.session.principal) if p.lesson_id == DAILY]
    return view


def text(panel: LessonPanel, selector: str) -> str:
    widget = panel.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


async def wait(app: TutorApp, pilot: Pilot[int], rounds: int = 6) -> None:
    await settle(app, pilot, rounds)


async def started(app: TutorApp, pilot: Pilot[int], ws: WsWorld) -> LessonPanel:
    """Signed in, the daily-entry lesson started; the player showing step 1."""
    dashboard = await signed_in(app, pilot, ws)
    start_lesson(dashboard, DAILY, done_key="lesson_ui.started")
    for _ in range(40):
        await settle(app, pilot, 1)
        panel = player(app)
        if panel is not None and panel.step_index == 0 and "❌" in text(panel, "#lp-checks"):
            return panel
    raise AssertionError(f"no player on {app.screen_stack!r}")


def first_plan(ws: WsWorld, form: DailyFormScreen) -> int:
    """The first Rencana Aksi of May in the lesson's (rebuilt) sandbox."""
    seat = form.workspace.seat
    view = RencanaAksiService(ws.services.ctx).for_month(seat, seat.person_id, 2026, 5)
    return view.items[0].id


def player(app: TutorApp) -> LessonPanel | None:
    found = app.screen.query("LessonPanel")
    panels = [p for p in found if isinstance(p, LessonPanel) and p.display]
    return panels[0] if panels else None


def the_player(app: TutorApp) -> LessonPanel:
    panel = player(app)
    assert panel is not None, app.screen
    return panel


async def until(app: TutorApp, pilot: Pilot[int], condition: object, seconds: float = 8.0) -> None:
    """Wait (in real time, so the player's 2-second refresh can fire) until ``condition``."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await settle(app, pilot, 1)
        if callable(condition) and condition():
            return
        await pilot.pause(0.1)
    status = app.screen.query("#status")
    shown = str(status.first().render()) if status else ""
    raise AssertionError(f"condition never held on {app.screen!r}: {shown}")


async def test_f5_docks_the_player_beside_the_workspace_at_130_columns(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        panel = await started(app, pilot, ws)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and panel.docked
        # beside the workspace: the dashboard's body keeps the left 80+ columns
        assert panel.region.x >= 80 and panel.region.right == 130
        assert screen.query_one("#dash-menu").region.right <= panel.region.x
        assert "Di e-Kinerja asli: Kinerja Harian → Progres Harian" in text(panel, "#lp-real")
        assert not panel.has_focus_within  # the dashboard keeps the keys for step 1
        await pilot.press("f5")  # shown: F5 moves into the player
        await wait(app, pilot)
        assert panel.has_focus_within
        await pilot.press("f5")  # from inside the player: close it
        await wait(app, pilot)
        assert not panel.display and not panel.has_focus_within
        await pilot.press("f5")  # open again, focus in it
        await wait(app, pilot)
        assert panel.display and panel.has_focus_within
        await pilot.press("escape")  # Esc is the screen's; the player stays
        await pilot.press("f4")
        await wait(app, pilot)
        assert app.screen.__class__.__name__ == "ActionMenu"


async def test_f5_replaces_the_workspace_at_80_columns(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        panel = await started(app, pilot, ws)
        assert isinstance(app.screen, LessonPlayerScreen) and not panel.docked
        assert panel.region.width == 80
        await pilot.press("f5")
        await wait(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert (
            not app.screen.query("#lesson-dock") or not app.screen.query_one("#lesson-dock").display
        )
        await pilot.press("f5")
        await wait(app, pilot)
        assert isinstance(app.screen, LessonPlayerScreen)
        assert the_player(app).step_index == 0
        await pilot.press("escape")
        await wait(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_checks_turn_green_live_and_periksa_moves_on(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        panel = await started(app, pilot, ws)
        panel.focus_first()
        await pilot.press("p")  # Periksa before doing anything: ❌ with the failure in words
        await wait(app, pilot)
        assert "❌ Belum selesai" in text(panel, "#lp-note")
        assert "❌ Layar Progres Harian (mingguan) belum dibuka" in text(panel, "#lp-checks")
        assert progress(ws, app).steps[0].failed_presses == 1

        app.screen.focus_next()  # back to the dashboard; open Progres Harian with "1"
        app.screen.query_one("#dash-menu").focus()
        await pilot.press("1")
        await wait(app, pilot)
        assert isinstance(app.screen, DailyWeekScreen)
        panel = the_player(app)  # the week screen's own docked player, same step
        await until(app, pilot, lambda: "✅" in text(panel, "#lp-checks"))
        assert progress(ws, app).current_step == 0  # live ✅ is not a press of Periksa

        panel.focus_first()
        await pilot.press("p")
        await wait(app, pilot)
        assert panel.waiting_next and "Langkah 1 selesai" in text(panel, "#lp-note")
        assert progress(ws, app).current_step == 1
        await pilot.press("n")
        await wait(app, pilot)
        assert panel.step_index == 1
        assert "Langkah 2 dari 4" in str(panel.query_one("#lp-head", Static).render())
        assert "## Buka formulir untuk hari ini" in panel.query_one("#lp-body", Markdown).source
        assert "❌" in text(panel, "#lp-checks")


async def test_hints_in_order_then_help(make_app: MakeApp, ws: WsWorld) -> None:
    ws.services.ctx.extras["lesson_stuck_policy"] = StuckPolicy(presses=2, minutes=999)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        panel = await started(app, pilot, ws)
        panel.focus_first()
        await pilot.press("p")
        await wait(app, pilot)
        assert "petunjuk ke-1" not in text(panel, "#lp-note")
        await pilot.press("p")  # the second failed press: the next hint is offered
        await wait(app, pilot)
        assert "Mau lihat petunjuk ke-1?" in text(panel, "#lp-note")
        await pilot.press("h")
        await wait(app, pilot)
        assert text(panel, "#lp-hints") == (
            "Petunjuk 1: Menu Progres Harian ada di beranda. "
            "Gunakan panah atas/bawah, lalu tekan Enter."
        )
        assert not panel.query_one("#lp-help").display
        await pilot.press("h")  # no hint left: help is offered
        await wait(app, pilot)
        assert "Tidak ada petunjuk lagi" in text(panel, "#lp-note")
        assert panel.query_one("#lp-help").display
        assert progress(ws, app).steps[0].hints_seen == 1
        await pilot.press("b")  # Minta bantuan: the help desk's ticket form
        await wait(app, pilot)
        assert app.screen.__class__.__name__ == "RaiseTicketScreen"


async def test_show_me_opens_the_form_prefilled_and_is_recorded_as_shown(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        panel = await started(app, pilot, ws)
        panel.focus_first()
        await pilot.press("l")  # skip step 1 (recorded), then skip step 2
        await wait(app, pilot)
        panel.focus_first()
        await pilot.press("l")
        await wait(app, pilot)
        assert panel.step_index == 2
        assert [(s.skipped, s.passed) for s in progress(ws, app).steps[:2]] == [(True, False)] * 2
        await pilot.press("t")  # show me: the form opens with an example, nothing saved
        await until(app, pilot, lambda: isinstance(app.screen, DailyFormScreen))
        form = app.screen
        assert isinstance(form, DailyFormScreen)
        assert form.query_one("#f-kegiatan", Input).value == "Menyusun daftar hadir rapat staf"
        view = progress(ws, app)
        assert view.steps[2].shown and not view.steps[2].passed
        panel = the_player(app)
        await until(app, pilot, lambda: "❌" in text(panel, "#lp-checks"))
        assert "✅" not in text(panel, "#lp-checks")  # shown is not done

        await wait(app, pilot)
        form.query_one("#f-rencana_aksi_id", Select).value = first_plan(ws, form)
        form.query_one("#save-draft").focus()
        await pilot.press("enter")
        await wait(app, pilot)
        await until(app, pilot, lambda: "✅" in text(the_player(app), "#lp-checks"))


async def test_reset_asks_first_then_starts_again(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        panel = await started(app, pilot, ws)
        app.screen.query_one("#dash-menu").focus()
        await pilot.press("1")
        await wait(app, pilot)
        panel = the_player(app)
        panel.focus_first()
        await pilot.press("p")
        await wait(app, pilot)
        assert progress(ws, app).current_step == 1
        await pilot.press("u")
        await wait(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: nothing changes
        await wait(app, pilot)
        assert progress(ws, app).current_step == 1
        await pilot.press("u")
        await wait(app, pilot)
        app.screen.query_one("#confirm").focus()
        await pilot.press("enter")
        await until(
            app,
            pilot,
            lambda: (
                isinstance(app.screen, DashboardScreen)
                and progress(ws, app).current_step == 0
                and player(app) is not None
                and the_player(app).step_index == 0
            ),
        )
        assert progress(ws, app).steps[0].presses == 0


async def test_progress_resumes_after_a_restart(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        panel = await started(app, pilot, ws)
        await pilot.press("escape")
        await wait(app, pilot)
        app.screen.query_one("#dash-menu").focus()
        await pilot.press("1")
        await wait(app, pilot)
        await pilot.press("f5")
        await wait(app, pilot)
        panel = the_player(app)
        await until(app, pilot, lambda: "✅" in text(panel, "#lp-checks"))
        await pilot.press("p")
        await wait(app, pilot)
        assert progress(ws, app).current_step == 1
    ws.reopen()  # a new process on the same database
    again = TutorApp(services=ws.services, clock=ws.clock)
    async with again.run_test(size=NARROW) as pilot:
        await signed_in(again, pilot, ws)
        await pilot.press("f5")
        await wait(again, pilot)
        assert isinstance(again.screen, LessonPlayerScreen)
        panel = the_player(again)
        await until(again, pilot, lambda: panel.step_index == 1)
        assert "Langkah 2 dari 4" in str(panel.query_one("#lp-head", Static).render())


async def test_f1_offers_the_lesson_that_teaches_the_screen(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("1")
        await wait(app, pilot)
        assert isinstance(app.screen, DailyWeekScreen)
        await pilot.press("f1")
        await wait(app, pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        options = help_screen.query_one("#help-lessons", OptionList)
        await until(app, pilot, lambda: options.option_count > 0)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert DAILY in ids
        options.highlighted = ids.index(DAILY)
        await pilot.press("f5")
        await wait(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.query_one("#confirm").focus()
        await pilot.press("enter")
        await until(app, pilot, lambda: player(app) is not None and the_player(app).step_index == 0)


async def test_the_lesson_list_shows_status_and_prerequisites(
    make_app: MakeApp, ws: WsWorld
) -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await started(app, pilot, ws)
        await pilot.press("escape")
        await wait(app, pilot)
        await pilot.press("f4")
        await wait(app, pilot)
        menu = app.screen.query_one(OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        menu.highlighted = labels.index("Daftar pelajaran")
        await pilot.press("enter")
        await wait(app, pilot)
        screen = app.screen
        assert isinstance(screen, LessonListScreen)
        await until(app, pilot, lambda: bool(screen.summaries))
        options = screen.query_one("#lessons-list", OptionList)
        index = [s.id for s in screen.summaries].index(DAILY)
        assert "Langkah 1 dari 4" in str(options.get_option_at_index(index).prompt)
        options.highlighted = index
        await wait(app, pilot)
        detail = str(screen.query_one("#lessons-detail", Static).render())
        assert "Pelajari dulu: " in detail  # mengenal_layar is not done
        await pilot.press("enter")  # running: resumes without a question
        await wait(app, pilot)
        assert isinstance(app.screen, LessonPlayerScreen)


async def test_the_whole_daily_entry_lesson_in_the_player(make_app: MakeApp, ws: WsWorld) -> None:
    """Each check turns ✅ only after its step is really done on the screens."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        panel = await started(app, pilot, ws)
        app.screen.query_one("#dash-menu").focus()
        await pilot.press("1")  # step 1: the week
        await wait(app, pilot)
        week = app.screen
        assert isinstance(week, DailyWeekScreen)
        panel = the_player(app)
        await until(app, pilot, lambda: "✅" in text(panel, "#lp-checks"))
        panel.focus_first()
        await pilot.press("p", "n")
        await wait(app, pilot)
        assert panel.step_index == 1 and "❌" in text(panel, "#lp-checks")
        week.query_one("#new-entry").focus()  # step 2: the form
        await pilot.press("enter")
        await until(app, pilot, lambda: isinstance(app.screen, DailyFormScreen))
        form = app.screen
        assert isinstance(form, DailyFormScreen)
        panel = the_player(app)
        await until(app, pilot, lambda: panel.step_index == 1 and "✅" in text(panel, "#lp-checks"))
        panel.focus_first()
        await pilot.press("p", "n")
        await wait(app, pilot)
        assert panel.step_index == 2 and "❌" in text(panel, "#lp-checks")
        await wait(app, pilot)
        form.query_one("#f-rencana_aksi_id", Select).value = first_plan(ws, form)
        for name, value in GOOD_ENTRY.items():
            form.query_one(f"#f-{name}", Input).value = value
        await wait(app, pilot)
        assert "❌" in text(panel, "#lp-checks")  # typed, not yet saved
        form.query_one("#save-draft").focus()  # step 3: save
        await pilot.press("enter")
        await until(app, pilot, lambda: "✅" in text(panel, "#lp-checks"))
        panel.focus_first()
        await pilot.press("p", "n")
        await wait(app, pilot)
        assert panel.step_index == 3 and "❌" in text(panel, "#lp-checks")
        form.query_one("#submit").focus()  # step 4: send
        await pilot.press("enter")
        await until(app, pilot, lambda: isinstance(app.screen, DailyReviewScreen))
        assert "❌" in text(panel, "#lp-checks")  # the summary is not the sending
        app.screen.query_one("#review-send").focus()
        await pilot.press("enter")
        await until(app, pilot, lambda: isinstance(app.screen, DailyWeekScreen))
        panel = the_player(app)
        await wait(app, pilot)
        print(app.screen.query_one("#status").render(), panel.step_index, text(panel, "#lp-checks"))
        await until(app, pilot, lambda: "✅" in text(panel, "#lp-checks"))
        panel.focus_first()
        await pilot.press("p")
        await wait(app, pilot)
        view = progress(ws, app)
        assert view.status is LessonStatus.DONE
        assert [s.passed for s in view.steps] == [True] * 4
        await pilot.press("n")
        await wait(app, pilot)
        assert "selesai. Semua langkah berhasil" in text(panel, "#lp-checks")


def _unused() -> dt.date:  # keep the datetime import meaningful for type checkers
    return dt.date.today()


async def test_f2_and_f3_are_kept_on_the_account(make_app: MakeApp, ws: WsWorld) -> None:
    """What the "finding your way" lesson checks: the choices are saved, not only shown."""
    from ekinerja_tutor.persistence.models import Account
    from ekinerja_tutor.services.account_preferences import AccountPreferenceService

    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await signed_in(app, pilot, ws)
        assert app.session is not None
        me = app.session.principal
        prefs = AccountPreferenceService(ws.services.ctx)
        assert prefs.get(me).theme == ""
        await pilot.press("f2")
        await wait(app, pilot)
        assert prefs.get(me).language == "en"
        await pilot.press("f3")
        await wait(app, pilot)
        assert prefs.get(me).theme == app.theme
        await pilot.press("f2")
        await wait(app, pilot)
        assert prefs.get(me).language == "id"
    with ws.services.ctx.db.read() as session:
        account = session.get(Account, me.account_id)
        assert account is not None and account.theme


async def test_the_saved_language_and_theme_come_back_at_the_next_sign_in(
    make_app: MakeApp, ws: WsWorld
) -> None:
    """Older staff choose the large theme once: the next sign-in opens in it, in their language."""
    from ekinerja_tutor.services.account_preferences import AccountPreferenceService
    from ekinerja_tutor.ui.themes import HIGH_CONTRAST_LIGHT

    first = make_app()
    async with first.run_test(size=NARROW) as pilot:
        await signed_in(first, pilot, ws)
        assert first.session is not None
        AccountPreferenceService(ws.services.ctx).save(
            first.session.principal, language="en", theme=HIGH_CONTRAST_LIGHT.name
        )
    again = make_app()
    async with again.run_test(size=NARROW) as pilot:
        assert again.tr.lang == "id" and again.theme != HIGH_CONTRAST_LIGHT.name
        await signed_in(again, pilot, ws)
        await until(again, pilot, lambda: again.theme == HIGH_CONTRAST_LIGHT.name)
        assert again.tr.lang == "en"
        assert again.theme == HIGH_CONTRAST_LIGHT.name


async def test_with_no_lesson_running_enter_opens_the_lesson_list(
    make_app: MakeApp, ws: WsWorld
) -> None:
    """F5 before any lesson: the player says none is running and "Daftar pelajaran" has the
    focus, so Enter opens the list (found walking at 80×24: nothing had focus, Enter did
    nothing)."""
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f5")
        await wait(app, pilot)
        assert isinstance(app.screen, LessonPlayerScreen)
        panel = the_player(app)
        await until(app, pilot, lambda: panel.loaded is not None)
        assert "Belum ada pelajaran" in str(panel.query_one("#lp-checks", Static).render())
        assert app.focused is panel.query_one("#lp-list")
        await pilot.press("enter")
        await wait(app, pilot)
        assert isinstance(app.screen, LessonListScreen)
