"""The lesson player: the current step of the running lesson, its conditions ✅/❌ (updated as
the learner works), and the keys Periksa, hint, show-me, reset, skip, next and help.

One :class:`LessonPanel` is composed (hidden) into every workspace screen and shown docked on
the right (``split: right``) when the terminal is at least :data:`WIDE` columns wide and the
learner opened the player with F5; on narrower terminals the same panel fills
:class:`~ekinerja_tutor.ui.screens.lesson_player.LessonPlayerScreen`. Only one step is rendered
at a time (a Markdown widget is costly for long text), and everything is read in thread
workers through :class:`~ekinerja_tutor.services.lessons.LessonService`.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static

from ekinerja_tutor.ui.widgets.i18n import TButton
from ekinerja_tutor.ui.widgets.lesson_state import WIDE, lesson_service, player_state

if TYPE_CHECKING:
    from ekinerja_tutor.content.lessons import Lesson
    from ekinerja_tutor.i18n import Translator
    from ekinerja_tutor.services.actors import Principal
    from ekinerja_tutor.services.lessons import (
        LessonProgressView,
        LessonService,
        PeriksaResult,
        StepEvaluation,
        StuckOffer,
    )

REFRESH_SECONDS = 2.0
"""How often a shown player evaluates its step again (a few small reads)."""

SHOW_AREAS: dict[str, str] = {
    "dashboard": "dashboard",
    "daily_week": "daily",
    "skp": "skp",
    "matriks": "skp",
    "rencana_aksi": "rencana_aksi",
    "realisasi": "realisasi",
    "result": "results",
    "field_work": "field_work",
}
"""Screen names (``screen_visited``) the workspace menu can open, → its area."""

CHECK_AREAS: dict[str, str] = {
    "daily_entry": "daily",
    "entry_resubmitted": "daily",
    "evidence_link_present": "daily",
    "skp": "skp",
    "rhk": "skp",
    "rencana_aksi": "rencana_aksi",
    "realisasi": "realisasi",
    "rating_received": "results",
    "assessments": "results",
}
"""Checks whose work happens on one workspace area → that area."""

CHECK_KEYS: dict[str, str] = {"language_is": "F2", "theme_set": "F3", "clock_moved": "F9"}


@dataclass(frozen=True)
class Loaded:
    """What the player shows, read in one worker."""

    progress: LessonProgressView | None
    lesson: Lesson | None
    evaluation: StepEvaluation | None
    hints_seen: int
    seconds: int


class LessonPanel(Vertical):
    """The player. ``docked``: composed into a workspace screen (shown only when wide)."""

    DEFAULT_CSS = """
    LessonPanel { height: 1fr; background: $surface; }
    LessonPanel.-docked {
        split: right; width: 33%; min-width: 40; max-width: 64; height: 1fr;
        border-left: thick $accent;
    }
    LessonPanel #lp-head { text-style: bold; background: $boost; padding: 0 1; height: auto; }
    LessonPanel #lp-scroll { height: 1fr; min-height: 4; padding: 0 1; }
    LessonPanel #lp-body { margin: 0; padding: 0; }
    LessonPanel #lp-real {
        border: round $accent; padding: 0 1; height: auto; text-style: bold;
    }
    LessonPanel #lp-hints { height: auto; max-height: 4; padding: 0 1; color: $text-warning; }
    LessonPanel #lp-checks {
        height: auto; max-height: 7; padding: 0 1; border-top: solid $accent;
    }
    LessonPanel #lp-note { height: auto; max-height: 4; padding: 0 1; text-style: bold; }
    LessonPanel .lp-row { height: auto; }
    LessonPanel .lp-row Button { width: 1fr; min-width: 0; margin: 0 1 0 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "periksa", "lesson_ui.key_periksa", show=False),
        Binding("h", "hint", "lesson_ui.key_hint", show=False),
        Binding("t", "show_me", "lesson_ui.key_show", show=False),
        Binding("u", "reset", "lesson_ui.key_reset", show=False),
        Binding("l", "skip", "lesson_ui.key_skip", show=False),
        Binding("n", "next_step", "lesson_ui.key_next", show=False),
        Binding("b", "ask_help", "lesson_ui.key_help", show=False),
        Binding("escape", "leave", "key.back", show=False),
    ]

    def __init__(self, *, docked: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.docked = docked
        if docked:
            self.add_class("-docked")
        self.loaded: Loaded | None = None
        self.step_index: int | None = None
        """The step on display (0-based); None before loading."""
        self.waiting_next: bool = False
        """The shown step just passed: it stays until the learner presses Lanjut."""
        self.hints: list[str] = []
        self.offer: StuckOffer | None = None
        self.note: str = ""
        self._rendered: tuple[str, int, str] | None = None
        self._step_clock: float = time.monotonic()
        self._seconds_before = 0
        self._time_offered = False
        self._busy = False
        self._came_from: Widget | None = None
        self._reads_running: set[str] = set()
        self._reads_again: set[str] = set()

    # -- composing ------------------------------------------------------------------------------

    @property
    def tr(self) -> Translator:
        return self.app.tr  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        tr = self.tr
        yield Static(Content(tr.t("lesson_ui.loading")), id="lp-head", markup=False)
        with VerticalScroll(id="lp-scroll"):
            yield Markdown("", id="lp-body")
            yield Static("", id="lp-real", markup=False)
        # always in view, whatever the length of the step: the conditions and what to do next
        yield Static("", id="lp-checks", markup=False)
        yield Static("", id="lp-hints", markup=False)
        yield Static("", id="lp-note", markup=False)
        with Horizontal(classes="lp-row"):
            yield TButton(tr, "lesson_ui.button_periksa", id="lp-periksa", compact=True)
            yield TButton(tr, "lesson_ui.button_hint", id="lp-hint", compact=True)
            yield TButton(tr, "lesson_ui.button_show", id="lp-show", compact=True)
        with Horizontal(classes="lp-row"):
            yield TButton(tr, "lesson_ui.button_next", id="lp-next", compact=True)
            yield TButton(tr, "lesson_ui.button_skip", id="lp-skip", compact=True)
            yield TButton(tr, "lesson_ui.button_reset", id="lp-reset", compact=True)
        with Horizontal(classes="lp-row"):
            yield TButton(tr, "lesson_ui.button_help", id="lp-help", compact=True)
            yield TButton(tr, "lesson_ui.button_list", id="lp-list", compact=True)

    def on_mount(self) -> None:
        self.query_one("#lp-real").display = False
        self.query_one("#lp-help").display = False
        self.set_interval(REFRESH_SECONDS, self._tick)
        if self.docked:
            self.display = False
            self.sync()
        else:
            self.reload()

    # -- showing and hiding ---------------------------------------------------------------------

    @property
    def shown(self) -> bool:
        return bool(self.display) and self.is_attached and self.screen.is_current

    def sync(self) -> None:
        """Docked: shown when the player is on and the terminal is wide; read it again."""
        if not self.docked:
            self.reload()
            return
        state = player_state(self.app)
        show = state.visible and self.app.size.width >= WIDE
        changed = bool(self.display) != show
        self.display = show
        if show:
            self.reload()
        elif changed and self.has_focus_within:
            self.screen.set_focus(None)

    @property
    def has_focus_within(self) -> bool:
        focused = self.screen.focused
        return focused is not None and (focused is self or self in focused.ancestors)

    def focus_first(self) -> None:
        """Move into the player (remembering where the learner was, for Esc)."""
        focused = self.screen.focused
        if focused is not None and not self.has_focus_within:
            self._came_from = focused
        for name in ("#lp-periksa", "#lp-list", "#lp-reset"):
            button = self.query_one(name, Button)
            if button.display and not button.disabled:
                button.focus()
                return

    def _keep_focus_on_a_button(self) -> None:
        """Full screen, focus stays on a button that works: with no lesson running, the
        player opens on Periksa before it knows, and Periksa is then disabled (Textual leaves
        nothing focused, so Enter did nothing); "Daftar pelajaran" takes it instead."""
        if self.docked or not self.screen.is_current:
            return
        focused = self.screen.focused
        if focused is None or (self.has_focus_within and focused.disabled):
            self.focus_first()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return self.docked  # full screen: Esc is the screen's (back to the workspace)
        return True

    def action_leave(self) -> None:
        """Esc in the docked player: back to where the learner was; the player stays."""
        target = self._came_from
        if target is not None and target.is_attached and target.screen is self.screen:
            target.focus()
        else:
            self.screen.set_focus(None)
            self.screen.focus_next()
            if self.has_focus_within:
                self.screen.set_focus(None)

    def poke(self) -> None:
        """Something may have changed: evaluate the shown step again (cheap)."""
        if self.shown:
            self.refresh_checks()

    def language_changed(self) -> None:
        self._rendered = None
        if self.display:
            self.reload()

    # -- reading --------------------------------------------------------------------------------

    def _who(self) -> tuple[LessonService, Principal] | None:
        session = getattr(self.app, "session", None)
        service = lesson_service(self.app)
        if session is None or service is None or session.principal.account_id is None:
            return None
        return service, session.principal

    def reload(self) -> None:
        """Read the lesson, the learner's progress and the step's conditions (in a worker)."""
        self._background("load", self._read_all)

    def refresh_checks(self) -> None:
        """Only the conditions of the shown step, again (in a worker)."""
        self._background("eval", self._read_checks)

    def _background(self, kind: str, read: Any) -> None:
        """One read of each kind at a time; a request meanwhile runs once more afterwards
        (never cancelling a thread that is already reading)."""
        if kind in self._reads_running:
            self._reads_again.add(kind)
            return
        self._reads_running.add(kind)

        def run() -> None:
            try:
                read()
            except Exception:  # a lesson must never break the workspace
                pass
            finally:
                self.app.call_from_thread(self._read_done, kind, read)

        self.run_worker(run, thread=True, group=f"lesson-{kind}", exit_on_error=False)

    def _read_done(self, kind: str, read: Any) -> None:
        self._reads_running.discard(kind)
        if kind in self._reads_again:
            self._reads_again.discard(kind)
            self._background(kind, read)

    def _read_all(self) -> None:
        who = self._who()
        if who is None:
            return
        service, principal = who
        state = player_state(self.app)
        lang = self.tr.lang
        progress = None
        if state.lesson_id is not None:
            progress = next(
                (p for p in service.progress(principal) if p.lesson_id == state.lesson_id), None
            )
        if progress is None:
            progress = service.current(principal)
        if progress is None:
            self.app.call_from_thread(self._show, Loaded(None, None, None, 0, 0))
            return
        state.lesson_id = progress.lesson_id
        lesson = service.lesson(progress.lesson_id, lang)
        evaluation = None
        hints_seen = seconds = 0
        running = progress.current_step < progress.step_count
        if running:
            index = self.step_index if self.waiting_next else progress.current_step
            evaluation = service.evaluate(principal, progress.lesson_id, step=index)
            record = next((s for s in progress.steps if s.step_index == index), None)
            if record is not None:
                hints_seen, seconds = record.hints_seen, record.seconds
        self.app.call_from_thread(
            self._show, Loaded(progress, lesson, evaluation, hints_seen, seconds)
        )

    def _read_checks(self) -> None:
        who = self._who()
        loaded = self.loaded
        if who is None or loaded is None or loaded.progress is None or self.step_index is None:
            return
        if loaded.evaluation is None:
            return
        service, principal = who
        try:
            lesson_id = loaded.progress.lesson_id
            evaluation = service.evaluate(principal, lesson_id, step=self.step_index)
        except Exception:  # the lesson was left or reset meanwhile: read everything again
            self.app.call_from_thread(self.reload)
            return
        self.app.call_from_thread(self._show_checks, evaluation)

    # -- drawing --------------------------------------------------------------------------------

    def _show(self, loaded: Loaded) -> None:
        self.loaded = loaded
        tr = self.tr
        progress, lesson = loaded.progress, loaded.lesson
        head = self.query_one("#lp-head", Static)
        running = progress is not None and progress.current_step < progress.step_count
        for name in ("periksa", "hint", "show", "skip", "next"):
            self.query_one(f"#lp-{name}").disabled = not running
        self.query_one("#lp-reset").disabled = progress is None
        self._keep_focus_on_a_button()
        if progress is None or lesson is None:
            self.step_index = None
            head.update(Content(tr.t("lesson_ui.player_title")))
            self._markdown(("", -1, tr.lang), "")
            self._set("#lp-real", "")
            self._set("#lp-checks", tr.t("lesson_ui.none"))
            self._set("#lp-hints", "")
            self._set("#lp-note", "")
            return
        if not running:
            self.step_index = None
            self.waiting_next = False
            head.update(Content(lesson.title))
            self._markdown((lesson.id, -1, tr.lang), "")
            self._set("#lp-real", "")
            skipped = sum(1 for s in progress.steps if s.skipped)
            if skipped:
                text = tr.t("lesson_ui.finished_incomplete", title=lesson.title, skipped=skipped)
            else:
                text = tr.t("lesson_ui.finished_done", title=lesson.title)
            self._set("#lp-checks", text)
            self._set("#lp-hints", "")
            self.note = ""
            self.offer = None
            self._draw_note()
            return
        index = self.step_index if self.waiting_next else progress.current_step
        assert index is not None
        if index != self.step_index:
            self.step_index = index
            self.hints = list(lesson.steps[index].hints[: loaded.hints_seen])
            self.offer = None
            self._time_offered = False
            self._step_clock = time.monotonic()
            self._seconds_before = loaded.seconds
        step = lesson.steps[index]
        head.update(
            Content(
                tr.t("lesson_ui.head", title=lesson.title, step=index + 1, count=len(lesson.steps))
            )
        )
        body = f"## {step.title}\n\n{step.body_markdown}"
        if index == 0 and lesson.intro_markdown:
            body = f"{lesson.intro_markdown}\n\n{body}"
        self._markdown((lesson.id, index, tr.lang), body)
        real = tr.t("lesson_ui.real_system", path=step.real_system) if step.real_system else ""
        self._set("#lp-real", real)
        if progress.needs_restart:
            self.note = tr.t("lesson_ui.needs_restart")
        if loaded.evaluation is not None:
            self._show_checks(loaded.evaluation)
        self._draw_hints()

    def _markdown(self, key: tuple[str, int, str], text: str) -> None:
        """Render a step's Markdown once (it is the costly part)."""
        if self._rendered == key:
            return
        self._rendered = key
        self.query_one("#lp-body", Markdown).update(text)
        self.query_one("#lp-scroll", VerticalScroll).scroll_home(animate=False)

    def _set(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(Content(text))
        widget.display = bool(text)

    def _show_checks(self, evaluation: StepEvaluation) -> None:
        if evaluation.step_index != self.step_index:
            return
        tr = self.tr
        lines = [tr.t("lesson_ui.conditions")]
        lesson = self.loaded.lesson if self.loaded else None
        checks = lesson.steps[evaluation.step_index].checks if lesson else ()
        for number, result in enumerate(evaluation.results):
            message = result.condition if result.passed else (result.failure or result.condition)
            lines.append(f"{result.mark} {tr.msg(message)}")
            if not result.passed:
                # the hint written for this failure, in the language on screen
                hint = checks[number].hint if number < len(checks) else result.hint
                if hint or result.hint:
                    lines.append("   " + tr.t("lesson_ui.hint_line", hint=hint or result.hint))
        self._set("#lp-checks", "\n".join(lines))
        if evaluation.passed and self.waiting_next:
            self.note = tr.t("lesson_ui.step_done", step=evaluation.step_index + 1)
        self._draw_note()

    def _draw_hints(self) -> None:
        tr = self.tr
        lines = [
            tr.t("lesson_ui.hints_title", number=number, hint=hint)
            for number, hint in enumerate(self.hints, 1)
        ]
        self._set("#lp-hints", "\n".join(lines))

    def _draw_note(self) -> None:
        tr = self.tr
        text = self.note
        if self.offer is not None:
            text = f"{text}\n{tr.msg(self.offer.message)}".strip()
        self._set("#lp-note", text)
        self.query_one("#lp-help").display = self.offer is not None and self.offer.kind == "help"

    # -- the timer ------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not self.shown:
            return
        if self.docked and self.app.size.width < WIDE:
            self.sync()
            return
        self.refresh_checks()
        self._offer_after_time()

    def _offer_after_time(self) -> None:
        """M minutes on one step: offer the next hint, then help (the service's policy)."""
        from ekinerja_tutor.i18n import Msg
        from ekinerja_tutor.services.lessons import StuckOffer

        who = self._who()
        loaded = self.loaded
        if who is None or loaded is None or loaded.lesson is None or self.step_index is None:
            return
        if self._time_offered or self.waiting_next:
            return
        seconds = self._seconds_before + (time.monotonic() - self._step_clock)
        if seconds < who[0].policy.minutes * 60:
            return
        self._time_offered = True
        hints = loaded.lesson.steps[self.step_index].hints
        if len(self.hints) < len(hints):
            number = len(self.hints) + 1
            self.offer = StuckOffer(
                "hint", "time", Msg("lesson.offer_hint", {"number": number}), number
            )
        else:
            self.offer = StuckOffer("help", "time", Msg("lesson.offer_help"))
        minutes = int(seconds // 60)
        self.note = self.tr.t("lesson_ui.time_offer", minutes=minutes)
        self._draw_note()

    # -- actions --------------------------------------------------------------------------------

    @on(Button.Pressed, "#lp-periksa")
    def action_periksa(self) -> None:
        if self.waiting_next:
            self.action_next_step()
            return
        self._call("periksa", self._periksa_done)

    def _periksa_done(self, result: PeriksaResult) -> None:
        tr = self.tr
        self.offer = result.offer
        if result.step_passed:
            self.waiting_next = True
            self.note = tr.t("lesson_ui.step_done", step=result.evaluation.step_index + 1)
        else:
            self.note = tr.t("lesson_ui.not_yet")
        self._show_checks(result.evaluation)
        self.reload()
        if result.offer is not None:
            self.app.bell()

    @on(Button.Pressed, "#lp-next")
    def action_next_step(self) -> None:
        if not self.waiting_next:
            self.note = self.tr.t("lesson_ui.next_not_yet")
            self._draw_note()
            return
        self.waiting_next = False
        self.note = ""
        self.offer = None
        self.reload()

    @on(Button.Pressed, "#lp-hint")
    def action_hint(self) -> None:
        if self.waiting_next:
            return
        self._call("hint", self._hint_done)

    def _hint_done(self, view: Any) -> None:
        loaded = self.loaded
        if loaded is not None and loaded.lesson is not None and self.step_index is not None:
            hints = loaded.lesson.steps[self.step_index].hints
            self.hints = list(hints[: len(view.hints)])
        self._draw_hints()
        if view.new is None:  # every hint seen: the next help is a mentor
            from ekinerja_tutor.i18n import Msg
            from ekinerja_tutor.services.lessons import StuckOffer

            self.offer = StuckOffer("help", "presses", Msg("lesson.offer_help"))
            self.note = self.tr.t("lesson_ui.no_more_hints")
        elif self.offer is not None and self.offer.kind == "hint":
            self.offer = None  # the hint on offer is shown
        self._draw_note()

    @on(Button.Pressed, "#lp-skip")
    def action_skip(self) -> None:
        if self.step_index is None:
            return
        step = self.step_index + 1
        self.waiting_next = False
        self._call("skip", lambda _view: self._skipped(step))

    def _skipped(self, step: int) -> None:
        self.note = self.tr.t("lesson_ui.skipped", step=step)
        self.offer = None
        self.reload()

    @on(Button.Pressed, "#lp-show")
    def action_show_me(self) -> None:
        if self.waiting_next or self.step_index is None:
            return
        self._call("show_me", self._demonstrate)

    @on(Button.Pressed, "#lp-reset")
    def action_reset(self) -> None:
        loaded = self.loaded
        if loaded is None or loaded.progress is None:
            return
        from ekinerja_tutor.ui.screens.lesson_actions import confirm_and_start

        title = loaded.lesson.title if loaded.lesson else loaded.progress.lesson_id
        confirm_and_start(
            self.screen,
            loaded.progress.lesson_id,
            self.tr.t("lesson_ui.reset_question", title=title),
            self.tr.t("lesson_ui.reset_yes"),
            done_key="lesson_ui.reset_done",
        )

    @on(Button.Pressed, "#lp-help")
    async def action_ask_help(self) -> None:
        """Minta bantuan: the help desk's ticket form (``TutorApp.action_raise_ticket``),
        which attaches this lesson's stuck context."""
        if not hasattr(self.app, "action_raise_ticket"):
            self.note = self.tr.t("lesson_ui.help_unavailable")
            self._draw_note()
            return
        await self.app.run_action("raise_ticket")

    @on(Button.Pressed, "#lp-list")
    def open_list(self) -> None:
        from ekinerja_tutor.ui.screens.lesson_actions import open_lesson_list

        open_lesson_list(self.screen)

    # -- calling the service --------------------------------------------------------------------

    def _call(self, method: str, then: Any) -> None:
        """``LessonService.<method>(principal, lesson_id)`` in a worker; errors in the note."""
        who = self._who()
        loaded = self.loaded
        if who is None or loaded is None or loaded.progress is None or self._busy:
            return
        service, principal = who
        lesson_id = loaded.progress.lesson_id
        self._busy = True

        def run() -> None:
            from ekinerja_tutor.ui.errors import as_tutor_error

            try:
                result = getattr(service, method)(principal, lesson_id)
            except Exception as error:
                message = as_tutor_error(error).message
                self.app.call_from_thread(self._failed, message)
                return
            self.app.call_from_thread(self._answered, then, result)

        self.run_worker(run, thread=True, group=f"lesson-{method}", exit_on_error=False)

    def _answered(self, then: Any, result: Any) -> None:
        self._busy = False
        then(result)

    def _failed(self, message: Any) -> None:
        self._busy = False
        self.note = self.tr.msg(message)
        self._draw_note()
        self.reload()

    # -- show me --------------------------------------------------------------------------------

    def _demonstrate(self, view: Any) -> None:
        """Open where the step's (first failing) condition is done; say what to do there."""
        tr = self.tr
        loaded = self.loaded
        evaluation = loaded.evaluation if loaded else None
        failing = {r.line for r in evaluation.failed} if evaluation else set()
        checks = [c for c in view.checks if c.line in failing] or list(view.checks)
        what = tr.t("lesson_ui.show_text")
        target: tuple[str, str] | None = None
        for check in checks:
            if check.name == "screen_visited":
                name = str(check.args.get("name", ""))
                if name in SHOW_AREAS:
                    target = ("area", SHOW_AREAS[name])
                elif name == "daily_form":
                    target = ("form", "")
                elif name == "help":
                    target = ("help", "")
            elif check.name == "daily_entry":
                wanted = check.args.get("status") or ()
                statuses = {str(s).upper() for s in (wanted if isinstance(wanted, tuple) else [])}
                new_entry = not statuses or "DRAFT" in statuses
                target = ("form", "") if new_entry else ("area", "daily")
            elif check.name in CHECK_AREAS:
                target = ("area", CHECK_AREAS[check.name])
            elif check.name in CHECK_KEYS:
                what = tr.t("lesson_ui.show_key", key=CHECK_KEYS[check.name])
            if target is not None:
                break
        screen = self.screen
        if not self.docked:
            screen.dismiss()
            screen = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else screen
        self.note = ""
        if target is not None:
            what = self._open_target(screen, *target)
        self.note = tr.t("lesson_ui.shown", what=what)
        self._draw_note()
        say = getattr(self.app.screen, "say", None)
        if callable(say) and not self.docked:
            self.app.call_later(say, self.note)

    def _open_target(self, screen: Any, kind: str, area: str) -> str:
        tr = self.tr
        from ekinerja_tutor.ui.screens.workspace_base import AREA_LABELS, WorkspaceScreen

        if not isinstance(screen, WorkspaceScreen):
            return tr.t("lesson_ui.show_text")
        if kind == "help":
            screen.action_help()
            return tr.t("lesson_ui.show_key", key="F1")
        if kind == "area":
            screen.open_area(area)
            return tr.t("lesson_ui.show_opened", screen=tr.t(AREA_LABELS[area]))
        from ekinerja_tutor.ui.screens.daily_form import DailyFormScreen

        workspace = screen.workspace
        today: dt.date = workspace.sandbox.today.date()
        screen.open_area("daily")
        prefill = {
            "jam_mulai": "08:00",
            "jam_selesai": "09:30",
            "kegiatan": tr.t("lesson_ui.example_kegiatan"),
            "realisasi": "1",
            "satuan": tr.t("lesson_ui.example_satuan"),
        }
        self.app.push_screen(DailyFormScreen(workspace, day=today, prefill=prefill))
        return tr.t("lesson_ui.show_form")


def dock_of(screen: Widget | Any) -> LessonPanel | None:
    """The docked player of a workspace screen, if composed."""
    found = screen.query("#lesson-dock")
    return cast("LessonPanel", found.first()) if found else None  # "#lesson-dock" is a LessonPanel


__all__ = ["REFRESH_SECONDS", "LessonPanel", "dock_of"]
