"""Screenshots for the printed handouts, taken by the app itself.

:class:`HandoutCamera` builds a throwaway practice office in a temporary SQLite file (the real
migrations, the real seeding from ``sandbox_data/``), starts the lesson for its learner as the
lesson player does (``LessonService.start``: the sandbox rebuilt from the lesson's scenario),
starts :class:`~ekinerja_tutor.ui.app.TutorApp` headless at 80×24 in the handout's language,
signs the learner in and opens each screen the lesson's steps use, as a learner would (the
dashboard's areas, the weekly view's "new entry" button, F1…). Each screen is kept twice:
Textual's SVG export and the same cells as plain data (:class:`ScreenShot` rows of runs), so
the PDF can draw it without Textual.

Signing in: the camera calls ``app.sign_in(app.auth.principal_for(account_id), name)``, the
same hook the Pilot tests use after the second factor; the principal still comes from
:class:`~ekinerja_tutor.services.auth.AuthService` (roles read from the account), only the
password and the authenticator code are skipped, in a database that is deleted afterwards.
The sign-in screens themselves (login, password change, authenticator set-up, practice phone,
code) are pictured on a real first sign-in: an admin's password and device reset through
``AdminService``, then every step typed in as the learner would.

Pictures are cached per (scenario, learner, language, screen) for the camera's lifetime: two
lessons on the same scenario share them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from rich.color import blend_rgb
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import SVG_EXPORT_THEME
from textual.pilot import Pilot
from textual.widgets import Input

from ekinerja_tutor.services.documents.handout import Run, ScreenShot, step_screens

if TYPE_CHECKING:
    from ekinerja_tutor.bootstrap import Services
    from ekinerja_tutor.content.lessons import Lesson
    from ekinerja_tutor.domain.clock import Clock
    from ekinerja_tutor.settings import Settings
    from ekinerja_tutor.ui.app import TutorApp

SIZE: Final = (80, 24)
WIB: Final = dt.timezone(dt.timedelta(hours=7))

LEARNERS: Final[dict[str, str]] = {
    "pegawai": "darto",
    "atasan": "kasubag_umpeg",
    "pelatih": "dimas",
    "mentor": "dimas",
}
"""The persona whose learner account is pictured, by the lesson's first audience."""

SIGN_IN_SCREENS: Final = ("login", "change_password", "enrol", "enrol_qr", "practice_phone", "otp")
"""Screens of the sign-in journey, pictured together by :meth:`HandoutCamera._journey`."""

HANDOUT_PASSWORD: Final = "Panduan#2026cetak"
"""The throwaway office's new password for the pictured learner (the office is deleted)."""


def default_day(now: dt.datetime | None = None) -> dt.date:
    """The last working day (Monday–Friday) up to today in WIB: a day with work to record."""
    day = (now or dt.datetime.now(dt.UTC)).astimezone(WIB).date()
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class ShotEvent:
    """Progress for the caller: ``key`` is a catalog key, ``params`` its placeholders."""

    key: str
    params: dict[str, object]


Report = Callable[[ShotEvent], None]
OpenOffice = Callable[["Settings", "Clock"], "Services"]


@dataclass(frozen=True)
class _Learner:
    persona: str
    account_id: int
    username: str
    display_name: str


class HandoutCamera:
    """Takes the screenshots of lessons; use as a context manager (the office is temporary).

    Args:
        open_office: opens the services on the temporary database (given its settings and the
            fixed clock); the launcher passes ``bootstrap.open_services`` with migrations on.
        day: the office's clock, fixed at 09:00 WIB on this day (by default
            :func:`default_day`); a scenario that pins its own date (``base``: 13 May 2026)
            keeps it, so the pictures show the same sandbox day on every run.
        folder: where to build the office; by default a new temporary folder, deleted on close.
        report: called with :class:`ShotEvent` as the work goes (it takes seconds).
        lesson_roots: the lesson folders the lessons were read from (None: the usual ones).
    """

    def __init__(
        self,
        open_office: OpenOffice,
        *,
        day: dt.date | None = None,
        folder: Path | None = None,
        report: Report | None = None,
        lesson_roots: Sequence[Path] | None = None,
    ) -> None:
        self.day = day or default_day()
        self._open_office = open_office
        self._own_folder = folder is None
        self.folder = folder or Path(tempfile.mkdtemp(prefix="ekinerja-handout-"))
        self._report = report or (lambda event: None)
        self._services: Services | None = None
        self._cache: dict[tuple[str, str, str, str], ScreenShot | None] = {}
        self._lesson_roots = tuple(lesson_roots) if lesson_roots is not None else None
        self._learners: dict[str, _Learner] = {}

    # -- the temporary office -------------------------------------------------------------------

    @property
    def now(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(9, 0), WIB).astimezone(dt.UTC)

    def __enter__(self) -> HandoutCamera:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def services(self) -> Services:
        """The office, built on first use: migrations, practice accounts, nothing else."""
        if self._services is None:
            from ekinerja_tutor.domain.clock import FixedClock
            from ekinerja_tutor.settings import Settings

            self._report(ShotEvent("cli.handout_preparing", {}))
            db = self.folder / "handout.db"
            settings = Settings(home=self.folder, db_url=f"sqlite:///{db}", embedded=True)
            services = self._open_office(settings, FixedClock(self.now))
            services.seeding.rebuild()
            for row in services.seeding.account_directory():
                if row.persona and row.persona not in self._learners:
                    self._learners[row.persona] = _Learner(
                        row.persona, 0, row.username, row.persona_name or row.name
                    )
            self._services = services
        return self._services

    def learner_for(self, lesson: Lesson) -> _Learner:
        services = self.services
        persona = LEARNERS.get(lesson.audience[0] if lesson.audience else "pegawai", "darto")
        learner = self._learners.get(persona) or next(iter(self._learners.values()))
        if not learner.account_id:
            from ekinerja_tutor.services.actors import SYSTEM

            view = services.sandboxes.ensure_for_username(SYSTEM, learner.username)
            assert view.account_id is not None
            learner = _Learner(persona, view.account_id, learner.username, learner.display_name)
            self._learners[persona] = learner
        return learner

    def _start_lesson(self, lesson: Lesson, learner: _Learner) -> None:
        """The learner's sandbox as the lesson begins: ``LessonService.start`` rebuilds it from
        the lesson's scenario (and shows the sandbox clock when the lesson moves it)."""
        from ekinerja_tutor.domain.errors import TutorError
        from ekinerja_tutor.services.actors import SYSTEM
        from ekinerja_tutor.services.auth import AuthService
        from ekinerja_tutor.services.lessons import LessonService

        self._report(
            ShotEvent(
                "cli.handout_scenario",
                {"scenario": lesson.scenario, "learner": learner.display_name},
            )
        )
        ctx = self.services.ctx
        principal = AuthService(ctx).principal_for(learner.account_id)
        try:
            LessonService(ctx, roots=self._lesson_roots).start(principal, lesson.id, lesson.lang)
        except TutorError:  # a lesson the service cannot find: the scenario alone
            self.services.sandboxes.reset(SYSTEM, learner.username, scenario=lesson.scenario)

    # -- taking pictures --------------------------------------------------------------------

    def shots_for(self, lesson: Lesson) -> dict[str, ScreenShot]:
        """One picture per screen the lesson's steps use (screens that can't be opened: none).

        The sign-in screens come from one journey through the real sign-in; the others from
        one signed-in app that opens each screen from the dashboard in turn.
        """
        wanted = list(dict.fromkeys(name for name in step_screens(lesson) if name))
        learner = self.learner_for(lesson)
        prefix = (lesson.scenario, learner.persona, lesson.lang)
        for name in wanted:
            if (*prefix, name) in self._cache:
                shot = self._cache[(*prefix, name)]
                self._say(name, "cli.handout_shot_cached" if shot else "cli.handout_shot_missing")
        pending = [name for name in wanted if (*prefix, name) not in self._cache]
        if pending:
            self._start_lesson(lesson, learner)
        if any(name in SIGN_IN_SCREENS for name in pending):
            started = time.monotonic()
            journey = asyncio.run(self._journey(lesson.lang, learner))
            seconds = time.monotonic() - started
            for step in SIGN_IN_SCREENS:
                self._cache[(*prefix, step)] = journey.get(step)
            for name in pending:
                if name in SIGN_IN_SCREENS:
                    self._said(name, journey.get(name), seconds)
        others = [name for name in pending if name not in SIGN_IN_SCREENS]
        if others:
            taken = asyncio.run(self._take(others, lesson.lang, learner))
            for name in others:
                self._cache[(*prefix, name)] = taken.get(name)
        return {
            name: shot for name in wanted if (shot := self._cache.get((*prefix, name))) is not None
        }

    def _say(self, screen: str, result_key: str, seconds: float = 0.0) -> None:
        self._report(
            ShotEvent(
                "cli.handout_screen",
                {
                    "screen": screen,
                    "result_key": result_key,
                    "seconds": round(seconds, 1),
                },
            )
        )

    def _said(self, screen: str, shot: ScreenShot | None, seconds: float) -> None:
        if shot is None:
            self._say(screen, "cli.handout_shot_missing")
        else:
            self._say(screen, "cli.handout_shot_taken", seconds)

    async def _take(self, names: list[str], lang: str, learner: _Learner) -> dict[str, ScreenShot]:
        """Sign in once, then for each screen: open it from the dashboard, picture it."""
        from ekinerja_tutor.ui.app import TutorApp

        services = self.services
        app = TutorApp(lang=lang, services=services, clock=services.ctx.clock)
        shots: dict[str, ScreenShot] = {}
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await sign_in(app, pilot, learner.account_id, learner.display_name)
            for name in names:
                started = time.monotonic()
                if await opener_for(name)(app, pilot):
                    await steady(app, pilot)
                    shots[name] = capture(app, name)
                self._said(name, shots.get(name), time.monotonic() - started)
                await back_to_dashboard(app, pilot)
        return shots

    async def _journey(self, lang: str, learner: _Learner) -> dict[str, ScreenShot]:
        """The first sign-in through the real screens, pictured at each step.

        As after an admin's "reset password" and "reset device" (both through AdminService):
        the one-time password, the forced change, the authenticator set-up with the practice
        phone, then a second sign-in that asks for the code. Stops where the account's way
        differs (an own phone instead of the practice phone): the rest stays unpictured.
        """
        from ekinerja_tutor.domain.statuses import Role
        from ekinerja_tutor.services.actors import Principal
        from ekinerja_tutor.ui.app import TutorApp
        from ekinerja_tutor.ui.screens.change_password import ChangePasswordScreen
        from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
        from ekinerja_tutor.ui.screens.enrol import EnrolScreen
        from ekinerja_tutor.ui.screens.enrol_confirm import EnrolConfirmScreen
        from ekinerja_tutor.ui.screens.enrol_qr import EnrolQrScreen
        from ekinerja_tutor.ui.screens.login import LoginScreen
        from ekinerja_tutor.ui.screens.otp import OtpScreen
        from ekinerja_tutor.ui.widgets.phone import PracticePhonePanel

        services = self.services
        app = TutorApp(lang=lang, services=services, clock=services.ctx.clock)
        admin = Principal(account_id=None, username="handout", roles=frozenset({Role.ADMIN}))
        shots: dict[str, ScreenShot] = {}

        async def take(name: str) -> None:
            await steady(app, pilot)
            shots[name] = capture(app, name)

        async def submit(values: dict[str, str], then: type[Any]) -> bool:
            for selector, value in values.items():
                app.screen.query_one(selector, Input).value = value
            app.screen.query_one(list(values)[-1], Input).focus()
            await pilot.press("enter")
            return await until(app, pilot, lambda: isinstance(app.screen, then))

        async with app.run_test(size=SIZE) as pilot:
            if not await until(app, pilot, lambda: isinstance(app.screen, LoginScreen)):
                return shots
            one_time = app.admin.reset_password(admin, learner.username)
            app.admin.reset_device(admin, learner.username)
            login = {"#username": learner.username, "#password": one_time}
            app.screen.query_one("#username", Input).value = learner.username
            await take("login")
            if not await submit(login, ChangePasswordScreen):
                return shots
            await take("change_password")
            new = {"#new-password": HANDOUT_PASSWORD, "#repeat-password": HANDOUT_PASSWORD}
            if not await submit(new, EnrolScreen):
                return shots
            await take("enrol")
            await pilot.click("#next")
            if not await until(app, pilot, lambda: isinstance(app.screen, EnrolQrScreen)):
                return shots
            await take("enrol_qr")
            await pilot.click("#next")
            if not await until(app, pilot, lambda: isinstance(app.screen, EnrolConfirmScreen)):
                return shots
            panels = app.screen.query(PracticePhonePanel)
            code = panels.first().code if panels else None
            if not code:
                return shots
            await take("practice_phone")
            if not await submit({"#code": code}, DashboardScreen):
                return shots
            app.sign_out()
            await until(app, pilot, lambda: isinstance(app.screen, LoginScreen))
            again = {"#username": learner.username, "#password": HANDOUT_PASSWORD}
            if await submit(again, OtpScreen):
                await take("otp")
        return shots


# -- driving the app --------------------------------------------------------------------------


async def settle(app: TutorApp, pilot: Pilot[Any], rounds: int = 4) -> None:
    """Let thread workers finish and their messages be handled."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def steady(app: TutorApp, pilot: Pilot[Any]) -> None:
    """No blinking cursor, no pending worker: the same picture every time."""
    await settle(app, pilot)
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def until(
    app: TutorApp, pilot: Pilot[Any], ready: Callable[[], bool], rounds: int = 40
) -> bool:
    for _ in range(rounds):
        await settle(app, pilot, 1)
        if ready():
            return True
    return False


async def sign_in(app: TutorApp, pilot: Pilot[Any], account_id: int, name: str) -> None:
    """As after the second factor (the Pilot tests' path); waits for the dashboard."""
    from ekinerja_tutor.ui.screens.dashboard import DashboardScreen

    app.sign_in(app.auth.principal_for(account_id), name)

    def on_dashboard() -> bool:
        screen = app.screen
        return isinstance(screen, DashboardScreen) and screen.view is not None

    if not await until(app, pilot, on_dashboard):
        raise RuntimeError(f"the dashboard did not open (on {type(app.screen).__name__})")


async def back_to_dashboard(app: TutorApp, pilot: Pilot[Any]) -> None:
    """Close every screen above the dashboard (as Esc would, one by one)."""
    from ekinerja_tutor.ui.screens.dashboard import DashboardScreen

    while len(app.screen_stack) > 1 and not isinstance(app.screen, DashboardScreen):
        app.pop_screen()
        await pilot.pause()
    await settle(app, pilot, 2)


Opener = Callable[["TutorApp", Pilot[Any]], Awaitable[bool]]


async def _stay(app: TutorApp, pilot: Pilot[Any]) -> bool:
    return True


async def _help(app: TutorApp, pilot: Pilot[Any]) -> bool:
    from ekinerja_tutor.ui.screens.help import HelpScreen

    await pilot.press("f1")
    return await until(app, pilot, lambda: isinstance(app.screen, HelpScreen))


def _area(area: str) -> Opener:
    async def open_area(app: TutorApp, pilot: Pilot[Any]) -> bool:
        from ekinerja_tutor.ui.screens.workspace_base import AREAS, WorkspaceScreen, area_screen

        screen = app.screen
        if area not in AREAS or not isinstance(screen, WorkspaceScreen):
            return False
        kind = type(area_screen(area, screen.workspace))
        screen.open_area(area)
        return await until(app, pilot, lambda: isinstance(app.screen, kind))

    return open_area


async def _daily_form(app: TutorApp, pilot: Pilot[Any]) -> bool:
    from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen

    if not await _area("daily")(app, pilot):
        return False
    await settle(app, pilot)
    found = app.screen.query("#new-entry")
    if not found:
        return False
    await pilot.click("#new-entry")
    return await until(app, pilot, lambda: isinstance(app.screen, DailyFormScreen))


async def _clock(app: TutorApp, pilot: Pilot[Any]) -> bool:
    """The sandbox clock menu (F9), only when the trainer made it visible in this sandbox."""
    from ekinerja_tutor.ui.screens.dialogs import ActionMenu
    from ekinerja_tutor.ui.screens.workspace_base import WorkspaceScreen

    screen = app.screen
    if not isinstance(screen, WorkspaceScreen) or not screen.workspace.sandbox.clock_keys_visible:
        return False
    await pilot.press("f9")
    return await until(app, pilot, lambda: isinstance(app.screen, ActionMenu))


async def _raise_ticket(app: TutorApp, pilot: Pilot[Any]) -> bool:
    """F7 "Minta bantuan", as on every signed-in screen."""
    from ekinerja_tutor.ui.widgets.lesson_state import screen_key

    await pilot.press("f7")
    return await until(app, pilot, lambda: screen_key(app.screen) == "ticket_new", rounds=20)


def _search_areas(name: str) -> Opener:
    """Open each workspace area in turn until one is the screen lessons call ``name``."""

    async def search(app: TutorApp, pilot: Pilot[Any]) -> bool:
        from ekinerja_tutor.ui.screens.workspace_base import AREAS
        from ekinerja_tutor.ui.widgets.lesson_state import screen_key

        for area in AREAS:
            try:
                opened = await _area(area)(app, pilot)
            except Exception:  # an area that cannot open in this sandbox is simply not it
                opened = False
            if opened and screen_key(app.screen) == name:
                return True
        return False

    return search


def opener_for(name: str) -> Opener:
    """How to reach the lesson screen ``name``: a known way, else a search of the areas."""
    return OPENERS.get(name) or _search_areas(name)


OPENERS: Final[dict[str, Opener]] = {
    "ticket_new": _raise_ticket,
    "dashboard": _stay,
    "help": _help,
    "daily_week": _area("daily"),
    "daily_form": _daily_form,
    "field_work": _area("field_work"),
    "skp": _area("skp"),
    "rencana_aksi": _area("rencana_aksi"),
    "realisasi": _area("realisasi"),
    "result": _area("results"),
    "clock": _clock,
}
"""How to reach each lesson screen from a fresh sign-in (the login screen: before it)."""


# -- the picture ------------------------------------------------------------------------------


def screen_title(app: TutorApp, name: str) -> str:
    """The title line the screen shows (a window's own title for F1 help and menus)."""
    for selector in ("#screen-title", "#help-title", "#menu-title"):
        for widget in app.screen.query(selector):
            text = str(widget.render()).strip()
            if text:
                return text
    return app.tr.t(f"lesson_screen.{name}")


def capture(app: TutorApp, name: str) -> ScreenShot:
    """The current screen as Textual's SVG and as rows of coloured runs."""
    title = screen_title(app, name)
    svg = app.export_screenshot(title=title)
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    # What App.export_screenshot prints (Textual has no public "cells of the screen" call).
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    assert update is not None  # a full update always renders
    segments = [s for s in console.render(update, console.options) if not s.control]
    rows = tuple(_runs(line) for line in Segment.split_and_crop_lines(segments, width, pad=True))[
        :height
    ]
    background = SVG_EXPORT_THEME.background_color.hex
    return ScreenShot(name, title, svg, rows, width, height, background)


def _runs(line: Iterable[Segment]) -> tuple[Run, ...]:
    runs: list[Run] = []
    for segment in line:
        if not segment.text:
            continue
        fg, bg, bold = _look(segment.style)
        if runs and (runs[-1].fg, runs[-1].bg, runs[-1].bold) == (fg, bg, bold):
            last = runs[-1]
            runs[-1] = Run(last.text + segment.text, fg, bg, bold)
        else:
            runs.append(Run(segment.text, fg, bg, bold))
    return tuple(runs)


def _look(style: Style | None) -> tuple[str, str, bool]:
    """Foreground, background and boldness as Rich's SVG export resolves them."""
    theme = SVG_EXPORT_THEME
    if style is None:
        return theme.foreground_color.hex, theme.background_color.hex, False
    color = (
        theme.foreground_color
        if style.color is None or style.color.is_default
        else style.color.get_truecolor(theme)
    )
    bgcolor = (
        theme.background_color
        if style.bgcolor is None or style.bgcolor.is_default
        else style.bgcolor.get_truecolor(theme)
    )
    if style.reverse:
        color, bgcolor = bgcolor, color
    if style.dim:
        color = blend_rgb(color, bgcolor, 0.4)
    return color.hex, bgcolor.hex, bool(style.bold)
