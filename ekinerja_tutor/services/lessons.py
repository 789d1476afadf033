"""Lessons as a use case: start one (the sandbox is reset to its scenario), check the learner's
real sandbox state step by step, count Periksa presses, reveal hints, offer help when stuck,
and keep the progress so it resumes after a restart.

The player (UI) shows a step, calls :meth:`LessonService.record_screen_visit` whenever a
screen opens, :meth:`LessonService.periksa` when the learner presses "Periksa", and shows each
condition ✅/❌ with the failed condition in words and the lesson's hint for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ekinerja_tutor.content.lessons import (
    SCREENS,
    CheckSpec,
    Lesson,
    LessonLibrary,
    lesson_roots,
    load_library,
)
from ekinerja_tutor.content.lessons.checks import CheckLineError, parse_check_line
from ekinerja_tutor.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from ekinerja_tutor.i18n import LANGUAGES, Msg
from ekinerja_tutor.persistence.models import (
    Account,
    AuditEvent,
    LessonProgress,
    LessonStatus,
    LessonStepRecord,
    Person,
    Sandbox,
    ScreenVisit,
)
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service, ServiceContext
from ekinerja_tutor.services.lesson_checks import CheckWorld, evaluate_check, visited_since

MAX_ERROR_LENGTH: Final = 1000
_PROGRESS_FIELDS: Final = ("lesson_id", "lang", "scenario", "current_step", "status")


@dataclass(frozen=True)
class StuckPolicy:
    """When Periksa offers more help: after ``presses`` failed presses on a step, or after
    ``minutes`` on it (counted again from each offer). Set ``ctx.extras["lesson_stuck_policy"]``
    or pass ``policy=`` to change it."""

    presses: int = 3
    minutes: float = 5.0


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonSummary:
    """One line of the lesson catalog (with the learner's status when asked for)."""

    id: str
    lang: str
    title: str
    summary: str
    audience: tuple[str, ...]
    minutes: int
    needs: str
    prerequisites: tuple[str, ...]
    scenario: str
    step_count: int
    screens: tuple[str, ...]
    status: LessonStatus | None = None
    current_step: int | None = None


@dataclass(frozen=True)
class CheckResult:
    """One condition of a step: ✅ or ❌, in words, with the hint for that failure."""

    name: str
    line: int
    passed: bool
    condition: Msg
    failure: Msg | None
    hint: str | None

    @property
    def mark(self) -> str:
        return "✅" if self.passed else "❌"


@dataclass(frozen=True)
class StepEvaluation:
    lesson_id: str
    lang: str
    step_index: int
    step_count: int
    step_title: str
    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        return tuple(result for result in self.results if not result.passed)


@dataclass(frozen=True)
class StuckOffer:
    """More help offered after failed presses or time: the next hint, then a mentor.

    ``kind`` is ``"hint"`` (``hint_number`` is the hint on offer, 1-based) or ``"help"``;
    ``reason`` is ``"presses"`` or ``"time"``.
    """

    kind: str
    reason: str
    message: Msg
    hint_number: int | None = None


@dataclass(frozen=True)
class PeriksaResult:
    """What one press of Periksa found; a passed step moves the lesson on."""

    evaluation: StepEvaluation
    step_passed: bool
    status: LessonStatus
    current_step: int
    offer: StuckOffer | None


@dataclass(frozen=True)
class HintView:
    """The hints revealed so far on the current step (in order) and what is left."""

    lesson_id: str
    step_index: int
    hints: tuple[str, ...]
    new: str | None
    remaining: int

    @property
    def offer_help(self) -> bool:
        """No hint left: the next help is a mentor."""
        return self.remaining == 0


@dataclass(frozen=True)
class ShowMeView:
    """What the player needs to demonstrate the step (the demonstration itself is the UI's)."""

    lesson_id: str
    step_index: int
    title: str
    body_markdown: str
    real_system: str | None
    checks: tuple[CheckSpec, ...]


@dataclass(frozen=True)
class StepRecordView:
    step_index: int
    passed: bool
    skipped: bool
    shown: bool
    hints_seen: int
    presses: int
    failed_presses: int
    seconds: int
    failed_conditions: tuple[str, ...]


@dataclass(frozen=True)
class LessonProgressView:
    """A learner's attempt at a lesson.

    Attributes:
        current_step: 0-based; equals ``step_count`` once the lesson is finished.
        needs_restart: the sandbox was reset (another lesson, a trainer) after this lesson
            started, so its checks no longer see the learner's work: start it again.
    """

    lesson_id: str
    lang: str
    title: str
    scenario: str
    status: LessonStatus
    current_step: int
    step_count: int
    started_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    steps: tuple[StepRecordView, ...]
    needs_restart: bool


# --- the service -------------------------------------------------------------------------------


class LessonService(Service):
    """Lessons for the signed-in learner (their account and their own sandbox)."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        roots: Sequence[Path] | None = None,
        policy: StuckPolicy | None = None,
    ) -> None:
        super().__init__(ctx)
        self._roots = tuple(roots) if roots is not None else None
        self.policy: StuckPolicy = policy or ctx.extras.get("lesson_stuck_policy") or StuckPolicy()

    @cached_property
    def library(self) -> LessonLibrary:
        """Shipped lessons plus the office's own (read once per service)."""
        from ekinerja_tutor.content.scenarios import load_scenarios

        roots = self._roots or lesson_roots(home=self.ctx.extras.get("home"))
        return load_library(roots, scenarios=tuple(load_scenarios(self.ctx.content_root)))

    # -- the catalog -----------------------------------------------------------------------------

    def catalog(self, lang: str, principal: Principal | None = None) -> tuple[LessonSummary, ...]:
        """Every lesson in catalog order, in ``lang`` where translated; with the learner's
        status when ``principal`` is given."""
        states: dict[str, tuple[LessonStatus, int]] = {}
        if principal is not None and principal.account_id is not None:
            with self.db.read() as session:
                for row in session.scalars(
                    select(LessonProgress).where(LessonProgress.account_id == principal.account_id)
                ):
                    states[row.lesson_id] = (row.status, row.current_step)
        summaries = []
        for lesson_id in self.library.ordered_ids():
            lesson = self.library.get(lesson_id, lang)
            assert lesson is not None
            status, step = states.get(lesson_id, (None, None))
            summaries.append(
                LessonSummary(
                    id=lesson.id,
                    lang=lesson.lang,
                    title=lesson.title,
                    summary=lesson.summary,
                    audience=lesson.audience,
                    minutes=lesson.minutes,
                    needs=lesson.needs,
                    prerequisites=lesson.prerequisites,
                    scenario=lesson.scenario,
                    step_count=len(lesson.steps),
                    screens=lesson.screens,
                    status=status,
                    current_step=step,
                )
            )
        return tuple(summaries)

    def lesson(self, lesson_id: str, lang: str) -> Lesson:
        """The parsed lesson (for the player to render a step at a time)."""
        found = self.library.get(lesson_id, lang)
        if found is None:
            raise NotFound("lesson.unknown", lesson=lesson_id)
        return found

    def for_screen(self, screen: str, lang: str) -> tuple[LessonSummary, ...]:
        """Lessons that name ``screen`` in their ``screens:`` (what F1 offers there)."""
        return tuple(s for s in self.catalog(lang) if screen in s.screens)

    # -- starting and screens --------------------------------------------------------------------

    def start(self, principal: Principal, lesson_id: str, lang: str) -> LessonProgressView:
        """Start (or start again) a lesson: the learner's sandbox is rebuilt from the lesson's
        scenario, and the progress starts at step 1."""
        from ekinerja_tutor.services.sandboxes import SandboxService

        account_id = _account_id(principal)
        lesson = self.lesson(lesson_id, lang if lang in LANGUAGES else LANGUAGES[0])
        SandboxService(self.ctx).reset(principal, principal.username, scenario=lesson.scenario)
        now = self.ctx.now()
        with self.db.write() as session:
            sandbox = _sandbox_of(session, account_id)
            progress = _progress_row(session, account_id, lesson_id, required=False)
            before = snapshot(progress, *_PROGRESS_FIELDS) if progress else None
            if progress is None:
                progress = LessonProgress(account_id=account_id, lesson_id=lesson_id)
                session.add(progress)
            else:
                progress.steps.clear()
                session.flush()
            progress.lang = lesson.lang
            progress.scenario = lesson.scenario
            progress.current_step = 0
            progress.status = LessonStatus.IN_PROGRESS
            progress.started_at = now
            progress.updated_at = now
            progress.completed_at = None
            progress.last_error = None
            progress.sandbox_start = sandbox.today if sandbox else None
            if sandbox is not None and _uses_clock(lesson):
                sandbox.clock_keys_visible = True  # the lesson moves the sandbox clock (F9)
            progress.audit_floor = session.scalar(select(func.max(AuditEvent.id))) or 0
            progress.visit_floor = session.scalar(select(func.max(ScreenVisit.id))) or 0
            progress.steps.append(LessonStepRecord(step_index=0, started_at=now))
            session.flush()
            self._audit(
                session,
                None,
                principal=principal,
                action="lesson.start",
                entity="lesson_progress",
                entity_id=progress.id,
                before=before,
                after=snapshot(progress, *_PROGRESS_FIELDS),
            )
            return self._progress_view(session, progress, now)

    def record_screen_visit(self, principal: Principal, screen: str) -> bool:
        """The app opened ``screen`` (a key of ``SCREENS``) for this learner; whether a visit
        was written.

        Only a visit since the current lesson started counts (``screen_visited``), so one is
        written only while a lesson is in progress and only the first time in it: the app
        reports every screen it shows, and a write per Esc cost the workspace 7-10 ms a key
        (and a shared server a write per learner's every move).
        """
        if screen not in SCREENS:
            raise ValidationError("lesson.unknown_screen", screen=screen)
        account_id = _account_id(principal)
        with self.db.read() as session:
            # The lesson in progress that started last: a visit it counts, every other
            # lesson in progress counts too (their floors and starts are no later).
            latest = select(
                func.max(LessonProgress.visit_floor), func.max(LessonProgress.started_at)
            ).where(
                LessonProgress.account_id == account_id,
                LessonProgress.status == LessonStatus.IN_PROGRESS,
            )
            floor, started_at = session.execute(latest).one()
            started = _aware(started_at)
            if floor is None or started is None:
                return False  # (a visit before a lesson starts never counts)
            if visited_since(session, account_id, screen, floor, started):
                return False
        with self.db.write(counted=False) as session:
            sandbox = _sandbox_of(session, account_id)
            session.add(
                ScreenVisit(
                    account_id=account_id,
                    sandbox_id=sandbox.id if sandbox else None,
                    screen=screen,
                    at=self.ctx.now(),
                    sandbox_time=sandbox.today if sandbox else None,
                )
            )
        return True

    def record_error_shown(self, principal: Principal, text: str) -> None:
        """Remember the last error the app showed during a lesson (for the help desk)."""
        account_id = _account_id(principal)
        with self.db.write(counted=False) as session:
            progress = _current_row(session, account_id)
            if progress is not None:
                progress.last_error = text[:MAX_ERROR_LENGTH]

    # -- checking --------------------------------------------------------------------------------

    def evaluate(
        self, principal: Principal, lesson_id: str, *, step: int | None = None
    ) -> StepEvaluation:
        """Evaluate the checks of the current step (or of ``step``, 0-based), read-only."""
        account_id = _account_id(principal)
        with self.db.read() as session:
            progress = _progress_row(session, account_id, lesson_id)
            lesson = self.lesson(lesson_id, progress.lang)
            index = _clamp(step if step is not None else progress.current_step, lesson)
            return self._evaluate(session, progress, lesson, index)

    def evaluate_line(self, principal: Principal, lesson_id: str, text: str) -> CheckResult:
        """Evaluate one check line, written as in a lesson, against the learner's sandbox in
        the context of their attempt at ``lesson_id`` (for lesson authors and trainers).

        Raises:
            ValidationError: the line is not a valid check (the reason in ``detail``).
        """
        try:
            name, args, hint = parse_check_line(text)
        except CheckLineError as error:
            raise ValidationError("lesson.bad_check", detail=str(error)) from None
        spec = CheckSpec(name=name, args=MappingProxyType(args), hint=hint, line=0, source=text)
        account_id = _account_id(principal)
        with self.db.read() as session:
            progress = _progress_row(session, account_id, lesson_id)
            outcome = evaluate_check(_world(session, progress), spec)
        return CheckResult(
            name=name,
            line=0,
            passed=outcome.passed,
            condition=outcome.condition,
            failure=outcome.failure,
            hint=None if outcome.passed else hint,
        )

    def periksa(self, principal: Principal, lesson_id: str) -> PeriksaResult:
        """The learner pressed "Periksa": evaluate, record the press, and move on when every
        condition holds; after enough failed presses or time, offer the next hint, then help.

        Raises:
            InvalidTransition: the lesson is already finished.
        """
        account_id = _account_id(principal)
        now = self.ctx.now()
        with self.db.write() as session:
            progress = _progress_row(session, account_id, lesson_id)
            _ensure_running(progress)
            lesson = self.lesson(lesson_id, progress.lang)
            index = _clamp(progress.current_step, lesson)
            evaluation = self._evaluate(session, progress, lesson, index)
            record = _record(progress, index, now)
            record.presses += 1
            record.checks_passed = [r.line for r in evaluation.results if r.passed]
            record.failed_conditions = [_failed_json(r) for r in evaluation.failed]
            offer: StuckOffer | None = None
            if evaluation.passed:
                record.passed = True
                record.ended_at = now
                self._advance(
                    session, principal, progress, lesson, now, action="lesson.step_passed"
                )
            else:
                record.failed_presses += 1
                offer = self._offer(record, len(lesson.steps[index].hints), now)
            _touch(progress, now)
            return PeriksaResult(
                evaluation=evaluation,
                step_passed=evaluation.passed,
                status=progress.status,
                current_step=progress.current_step,
                offer=offer,
            )

    def hint(self, principal: Principal, lesson_id: str) -> HintView:
        """Reveal the next hint of the current step (recorded); all revealed → offer help."""
        account_id = _account_id(principal)
        now = self.ctx.now()
        with self.db.write() as session:
            progress = _progress_row(session, account_id, lesson_id)
            _ensure_running(progress)
            lesson = self.lesson(lesson_id, progress.lang)
            index = _clamp(progress.current_step, lesson)
            hints = lesson.steps[index].hints
            record = _record(progress, index, now)
            new: str | None = None
            if record.hints_seen < len(hints):
                new = hints[record.hints_seen]
                record.hints_seen += 1
            _touch(progress, now)
            return HintView(
                lesson_id=lesson_id,
                step_index=index,
                hints=hints[: record.hints_seen],
                new=new,
                remaining=len(hints) - record.hints_seen,
            )

    def skip(self, principal: Principal, lesson_id: str) -> LessonProgressView:
        """Skip the current step: recorded as skipped, never as done."""
        account_id = _account_id(principal)
        now = self.ctx.now()
        with self.db.write() as session:
            progress = _progress_row(session, account_id, lesson_id)
            _ensure_running(progress)
            lesson = self.lesson(lesson_id, progress.lang)
            record = _record(progress, _clamp(progress.current_step, lesson), now)
            record.skipped = True
            record.ended_at = now
            self._advance(session, principal, progress, lesson, now, action="lesson.step_skipped")
            _touch(progress, now)
            return self._progress_view(session, progress, now)

    def show_me(self, principal: Principal, lesson_id: str) -> ShowMeView:
        """The learner asked to be shown the step (a hook for the player); recorded."""
        account_id = _account_id(principal)
        now = self.ctx.now()
        with self.db.write() as session:
            progress = _progress_row(session, account_id, lesson_id)
            _ensure_running(progress)
            lesson = self.lesson(lesson_id, progress.lang)
            index = _clamp(progress.current_step, lesson)
            _record(progress, index, now).shown = True
            _touch(progress, now)
            step = lesson.steps[index]
            return ShowMeView(
                lesson_id=lesson_id,
                step_index=index,
                title=step.title,
                body_markdown=step.body_markdown,
                real_system=step.real_system,
                checks=step.checks,
            )

    # -- progress and context --------------------------------------------------------------------

    def progress(self, principal: Principal) -> tuple[LessonProgressView, ...]:
        """Every lesson the learner started, the most recently used first."""
        account_id = _account_id(principal)
        now = self.ctx.now()
        with self.db.read() as session:
            rows = session.scalars(
                select(LessonProgress)
                .where(LessonProgress.account_id == account_id)
                .order_by(LessonProgress.updated_at.desc(), LessonProgress.id.desc())
            ).all()
            return tuple(self._progress_view(session, row, now) for row in rows)

    def current(self, principal: Principal) -> LessonProgressView | None:
        """The lesson to resume (the most recently used one still in progress)."""
        return next(
            (p for p in self.progress(principal) if p.status is LessonStatus.IN_PROGRESS), None
        )

    def stuck_context(
        self, principal: Principal, *, account_id: int | None = None
    ) -> dict[str, Any]:
        """Where the learner is stuck, for a help-desk ticket: lesson, step, the conditions that
        failed at the last Periksa (``failed_conditions``) and those failing right now
        (``failed_now``), hints seen, time on the step, the last error shown.

        A learner gets their own; trainers, mentors and admins may pass ``account_id``.
        Empty when no lesson is in progress.
        """
        own = _account_id(principal) if account_id is None else account_id
        if own != principal.account_id and not (principal.is_staff or principal.simulated):
            raise PermissionDenied(reason=Msg("perm.other_sandbox"))
        now = self.ctx.now()
        with self.db.read() as session:
            progress = _current_row(session, own)
            if progress is None:
                return {}
            lesson = self.library.get(progress.lesson_id, progress.lang)
            if lesson is None:
                return {"lesson_id": progress.lesson_id, "lang": progress.lang}
            index = _clamp(progress.current_step, lesson)
            record = next((r for r in progress.steps if r.step_index == index), None)
            step = lesson.steps[index]
            sandbox = _sandbox_of(session, own)
            seen = record.hints_seen if record else 0
            now_failed = self._evaluate(session, progress, lesson, index).failed
            return {
                "lesson_id": lesson.id,
                "lesson_title": lesson.title,
                "lang": lesson.lang,
                "scenario": progress.scenario,
                "step": index + 1,
                "step_count": len(lesson.steps),
                "step_title": step.title,
                "failed_conditions": [
                    c.get(lesson.lang, c.get("id", ""))
                    for c in (record.failed_conditions if record else [])
                ],
                "failed_now": [(r.failure or r.condition).render(lesson.lang) for r in now_failed],
                "hints_seen": list(step.hints[:seen]),
                "time_on_step_seconds": record.seconds_on_step(now) if record else 0,
                "periksa_presses": record.presses if record else 0,
                "failed_presses": record.failed_presses if record else 0,
                "shown_me": bool(record and record.shown),
                "last_error": progress.last_error,
                "sandbox_today": sandbox.today.isoformat() if sandbox else None,
            }

    # -- internals -------------------------------------------------------------------------------

    def _evaluate(
        self, session: Session, progress: LessonProgress, lesson: Lesson, index: int
    ) -> StepEvaluation:
        world = _world(session, progress)
        step = lesson.steps[index]
        results = []
        for spec in step.checks:
            outcome = evaluate_check(world, spec)
            results.append(
                CheckResult(
                    name=spec.name,
                    line=spec.line,
                    passed=outcome.passed,
                    condition=outcome.condition,
                    failure=outcome.failure,
                    hint=None if outcome.passed else spec.hint,
                )
            )
        return StepEvaluation(
            lesson_id=lesson.id,
            lang=lesson.lang,
            step_index=index,
            step_count=len(lesson.steps),
            step_title=step.title,
            results=tuple(results),
        )

    def _advance(
        self,
        session: Session,
        principal: Principal,
        progress: LessonProgress,
        lesson: Lesson,
        now: dt.datetime,
        *,
        action: str,
    ) -> None:
        before = snapshot(progress, *_PROGRESS_FIELDS)
        following = progress.current_step + 1
        if following >= len(lesson.steps):
            progress.current_step = len(lesson.steps)
            progress.completed_at = now
            passed = {r.step_index for r in progress.steps if r.passed}
            done = passed >= set(range(len(lesson.steps)))
            progress.status = LessonStatus.DONE if done else LessonStatus.INCOMPLETE
        else:
            progress.current_step = following
            _record(progress, following, now)
        session.flush()
        self._audit(
            session,
            None,
            principal=principal,
            action=action,
            entity="lesson_progress",
            entity_id=progress.id,
            before=before,
            after=snapshot(progress, *_PROGRESS_FIELDS),
        )

    def _offer(
        self, record: LessonStepRecord, hint_count: int, now: dt.datetime
    ) -> StuckOffer | None:
        since = _aware(record.last_offer_at) or _aware(record.started_at)
        assert since is not None
        by_presses = record.failed_presses - record.last_offer_failed >= self.policy.presses
        by_time = now - since >= dt.timedelta(minutes=self.policy.minutes)
        if not (by_presses or by_time):
            return None
        record.offers += 1
        record.last_offer_at = now
        record.last_offer_failed = record.failed_presses
        reason = "presses" if by_presses else "time"
        if record.hints_seen < hint_count:
            number = record.hints_seen + 1
            return StuckOffer("hint", reason, Msg("lesson.offer_hint", {"number": number}), number)
        return StuckOffer("help", reason, Msg("lesson.offer_help"))

    def _progress_view(
        self, session: Session, progress: LessonProgress, now: dt.datetime
    ) -> LessonProgressView:
        lesson = self.library.get(progress.lesson_id, progress.lang)
        sandbox = _sandbox_of(session, progress.account_id)
        needs_restart = sandbox is None or sandbox.scenario != progress.scenario
        if sandbox is not None and not needs_restart:
            reset = session.scalar(
                select(AuditEvent.id)
                .where(
                    AuditEvent.sandbox_id == sandbox.id,
                    AuditEvent.action.in_(("sandbox.reset", "sandbox.create")),
                    AuditEvent.id > progress.audit_floor,
                )
                .limit(1)
            )
            needs_restart = reset is not None
        return LessonProgressView(
            lesson_id=progress.lesson_id,
            lang=progress.lang,
            title=lesson.title if lesson else progress.lesson_id,
            scenario=progress.scenario,
            status=progress.status,
            current_step=progress.current_step,
            step_count=len(lesson.steps) if lesson else 0,
            started_at=progress.started_at,
            updated_at=progress.updated_at,
            completed_at=progress.completed_at,
            steps=tuple(
                StepRecordView(
                    step_index=r.step_index,
                    passed=r.passed,
                    skipped=r.skipped,
                    shown=r.shown,
                    hints_seen=r.hints_seen,
                    presses=r.presses,
                    failed_presses=r.failed_presses,
                    seconds=r.seconds_on_step(now),
                    failed_conditions=tuple(
                        c.get(progress.lang, "") for c in (r.failed_conditions or [])
                    ),
                )
                for r in progress.steps
            ),
            needs_restart=progress.status is LessonStatus.IN_PROGRESS and needs_restart,
        )


# --- helpers -----------------------------------------------------------------------------------


def _account_id(principal: Principal) -> int:
    if principal.account_id is None:
        raise PermissionDenied(reason=Msg("lesson.needs_account"))
    return principal.account_id


def _sandbox_of(session: Session, account_id: int) -> Sandbox | None:
    return session.scalar(select(Sandbox).where(Sandbox.account_id == account_id))


def _progress_row(
    session: Session, account_id: int, lesson_id: str, *, required: bool = True
) -> LessonProgress:
    row = session.scalar(
        select(LessonProgress).where(
            LessonProgress.account_id == account_id, LessonProgress.lesson_id == lesson_id
        )
    )
    if row is None and required:
        raise NotFound("lesson.not_started", lesson=lesson_id)
    return row  # type: ignore[return-value]


def _current_row(session: Session, account_id: int) -> LessonProgress | None:
    return session.scalars(
        select(LessonProgress)
        .where(
            LessonProgress.account_id == account_id,
            LessonProgress.status == LessonStatus.IN_PROGRESS,
        )
        .order_by(LessonProgress.updated_at.desc(), LessonProgress.id.desc())
        .limit(1)
    ).first()


def _world(session: Session, progress: LessonProgress) -> CheckWorld:
    account = session.get(Account, progress.account_id)
    if account is None:
        raise NotFound(what=Msg("noun.account"))
    sandbox = _sandbox_of(session, account.id)
    persona = session.get(Person, sandbox.persona_id) if sandbox and sandbox.persona_id else None
    started = _aware(progress.started_at)
    assert started is not None
    return CheckWorld(
        session=session,
        account=account,
        sandbox=sandbox,
        persona=persona,
        started_at=started,
        audit_floor=progress.audit_floor,
        visit_floor=progress.visit_floor,
        sandbox_start=progress.sandbox_start,
    )


def _record(progress: LessonProgress, index: int, now: dt.datetime) -> LessonStepRecord:
    """The record of step ``index``, created (started now) on first use."""
    for record in progress.steps:
        if record.step_index == index:
            return record
    record = LessonStepRecord(step_index=index, started_at=now)
    progress.steps.append(record)
    return record


def _uses_clock(lesson: Lesson) -> bool:
    return any(check.name == "clock_moved" for step in lesson.steps for check in step.checks)


def _ensure_running(progress: LessonProgress) -> None:
    if progress.status is not LessonStatus.IN_PROGRESS:
        raise InvalidTransition("lesson.finished", lesson=progress.lesson_id)


def _clamp(index: int, lesson: Lesson) -> int:
    return max(0, min(index, len(lesson.steps) - 1))


def _touch(progress: LessonProgress, now: dt.datetime) -> None:
    """Bump the row (and its version) even when nothing but a child record changed."""
    progress.updated_at = now
    flag_modified(progress, "updated_at")


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


def _failed_json(result: CheckResult) -> dict[str, Any]:
    """A failed condition as stored for the help desk: both languages, plain text."""
    message = result.failure or result.condition
    stored: dict[str, Any] = {"check": result.name, "line": result.line}
    for lang in LANGUAGES:
        stored[lang] = message.render(lang)
    return stored
