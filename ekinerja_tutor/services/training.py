"""The trainer's console as use cases: sessions, enrolment, the live board, room actions.

Every trainer action checks ``Role.TRAINER`` here, whatever the screen showed. A trainee
joins a session themselves with its join code (:meth:`TrainingService.join`). Results,
exports and certificates are in :mod:`services.training_results`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.errors import Conflict, NotFound, ValidationError
from ekinerja_tutor.domain.permissions import ensure_role
from ekinerja_tutor.domain.statuses import Role, UnitKind
from ekinerja_tutor.domain.tickets import OPEN_STATUSES
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Account,
    LessonProgress,
    LessonStatus,
    PracticeFailure,
    Sandbox,
    Ticket,
    TrainingEnrolment,
    TrainingSession,
)
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service, ServiceContext
from ekinerja_tutor.services.lessons import LessonService, StuckPolicy
from ekinerja_tutor.services.training_failures import MAX_SLOWNESS_MS
from ekinerja_tutor.services.training_import import (
    ParsedFile,
    RowProblem,
    TraineeRow,
    clean_nip,
    parse_trainees,
    persona_for,
)

JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_LENGTH = 6
MAX_SESSION_DAYS = 366
SESSION_FIELDS = ("name", "starts_on", "ends_on", "lessons", "join_code")
FAILURE_FIELDS = ("login_failure", "save_error", "slowness_ms")


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionView:
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    lessons: tuple[str, ...]
    join_code: str
    trainee_count: int


@dataclass(frozen=True)
class TraineeView:
    account_id: int
    username: str
    display_name: str
    nip: str | None
    persona_key: str | None
    jabatan: str | None
    via: str


@dataclass(frozen=True)
class SlipView:
    """What a new trainee needs at their first sign-in (the password is shown only here)."""

    username: str
    display_name: str
    nip: str
    password: str
    persona_key: str
    persona_name: str
    persona_jabatan: str
    session_name: str


@dataclass(frozen=True)
class ImportResult:
    """An import: either every row was created (``slips``) or nothing was (``problems``)."""

    session_id: int
    encoding: str
    delimiter: str
    slips: tuple[SlipView, ...]
    problems: tuple[RowProblem, ...]
    notes: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class CellState(StrEnum):
    NOT_STARTED = "not_started"
    ON_STEP = "on_step"
    STUCK = "stuck"
    DONE = "done"
    INCOMPLETE = "incomplete"
    """Reached the end but skipped a step (never counts as done)."""


@dataclass(frozen=True)
class BoardCell:
    lesson_id: str
    state: CellState
    step: int | None = None
    """1-based step the trainee is on."""
    step_count: int = 0
    stuck_seconds: int = 0
    failing: tuple[str, ...] = ()
    """The conditions that failed at the trainee's last Periksa on this step."""
    failed_presses: int = 0
    ticket_id: int | None = None
    """An open help-desk ticket the trainee raised about this lesson."""


@dataclass(frozen=True)
class FailureView:
    login_failure: bool = False
    save_error: bool = False
    slowness_ms: int = 0

    @property
    def any(self) -> bool:
        return self.login_failure or self.save_error or self.slowness_ms > 0


@dataclass(frozen=True)
class BoardRow:
    trainee: TraineeView
    cells: tuple[BoardCell, ...]
    open_tickets: tuple[int, ...]
    failures: FailureView
    sandbox_today: dt.datetime | None

    @property
    def done(self) -> int:
        return sum(1 for c in self.cells if c.state is CellState.DONE)


@dataclass(frozen=True)
class BoardView:
    session: SessionView
    lesson_titles: tuple[tuple[str, str], ...]
    rows: tuple[BoardRow, ...]
    generated_at: dt.datetime

    def count(self, state: CellState) -> int:
        return sum(1 for row in self.rows for c in row.cells if c.state is state)


@dataclass(frozen=True)
class OfficeRow:
    username: str
    display_name: str
    nip: str | None
    bidang_code: str
    bidang: str
    completed: tuple[dt.datetime | None, ...]
    """Per lesson (in ``OfficeView.lessons`` order): when last completed, or None."""


@dataclass(frozen=True)
class OfficeView:
    lessons: tuple[tuple[str, str], ...]
    bidang: tuple[tuple[str, str], ...]
    """Every Bidang (code, name) for the filter."""
    rows: tuple[OfficeRow, ...]


# --- the service -------------------------------------------------------------------------------


class TrainingService(Service):
    """Training sessions for the trainer (and ``join`` for any signed-in account)."""

    def __init__(self, ctx: ServiceContext, *, lessons: LessonService | None = None) -> None:
        super().__init__(ctx)
        self._lessons = lessons

    @cached_property
    def lessons(self) -> LessonService:
        return self._lessons or LessonService(self.ctx)

    @cached_property
    def office(self) -> Any:
        from ekinerja_tutor.content.office import load_office

        return load_office(self.ctx.content_root)

    # -- sessions -------------------------------------------------------------------------------

    def create_session(
        self,
        principal: Principal,
        name: str,
        starts_on: dt.date,
        ends_on: dt.date,
        lessons: Sequence[str],
    ) -> SessionView:
        """A new session with a fresh join code; lessons must exist and not repeat."""
        ensure_role(principal.roles, Role.TRAINER)
        from ekinerja_tutor.domain.fields import validate_text

        clean_name = " ".join(name.split())
        validate_text("session_name", clean_name)
        if ends_on < starts_on:
            raise ValidationError(
                "trainer.session.dates_order",
                field="ends_on",
                starts=starts_on.isoformat(),
                ends=ends_on.isoformat(),
            )
        if (ends_on - starts_on).days > MAX_SESSION_DAYS:
            raise ValidationError(
                "trainer.session.too_long", field="ends_on", days=MAX_SESSION_DAYS
            )
        chosen = self._clean_lessons(lessons)
        with self.db.write() as session:
            row = TrainingSession(
                name=clean_name,
                starts_on=starts_on,
                ends_on=ends_on,
                lessons=list(chosen),
                join_code=self._new_join_code(session),
                trainer_account_id=principal.account_id,
                created_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            self._audit(
                session,
                None,
                principal=principal,
                action="training.create",
                entity="training_session",
                entity_id=row.id,
                after=snapshot(row, *SESSION_FIELDS),
            )
            return self._session_view(session, row)

    def list_sessions(self, principal: Principal) -> tuple[SessionView, ...]:
        ensure_role(principal.roles, Role.TRAINER)
        with self.db.read() as session:
            rows = session.scalars(
                select(TrainingSession).order_by(
                    TrainingSession.starts_on.desc(), TrainingSession.id.desc()
                )
            ).all()
            # One count for all sessions (a year of rooms is hundreds of sessions).
            counts = dict(
                session.execute(
                    select(TrainingEnrolment.session_id, func.count()).group_by(
                        TrainingEnrolment.session_id
                    )
                ).all()
            )
            return tuple(
                self._session_view(session, row, count=counts.get(row.id, 0)) for row in rows
            )

    def get_session(self, principal: Principal, session_ref: int | str) -> SessionView:
        """A session by id, join code or exact name."""
        ensure_role(principal.roles, Role.TRAINER)
        with self.db.read() as session:
            return self._session_view(session, self._find_session(session, session_ref))

    def trainees(self, principal: Principal, session_ref: int | str) -> tuple[TraineeView, ...]:
        ensure_role(principal.roles, Role.TRAINER)
        with self.db.read() as session:
            row = self._find_session(session, session_ref)
            return self._trainees(session, row.id)

    # -- enrolment -------------------------------------------------------------------------------

    def enrol(self, principal: Principal, session_ref: int | str, username: str) -> TraineeView:
        """Enrol an existing account (by username, alias or NIP); its sandbox is made if needed."""
        ensure_role(principal.roles, Role.TRAINER)
        from ekinerja_tutor.services.auth import find_account

        with self.db.write() as session:
            row = self._find_session(session, session_ref)
            account = find_account(session, username)
            if account is None:
                raise NotFound("error.unknown_user", username=username.strip())
            view = self._enrol_account(session, principal, row, account, via="trainer")
            account_id = account.id
        self._ensure_sandbox(account_id)
        return view

    def join(self, principal: Principal, join_code: str) -> SessionView:
        """The signed-in account enrols itself with a session's join code."""
        if principal.account_id is None:
            raise ValidationError("trainer.join.needs_account", field="code")
        code = _normal_code(join_code)
        if not code:
            raise ValidationError("trainer.join.code_required", field="code")
        with self.db.write() as session:
            row = session.scalar(select(TrainingSession).where(TrainingSession.join_code == code))
            if row is None:
                raise ValidationError("trainer.join.code_unknown", field="code", code=join_code)
            today = self.ctx.now().date()
            if today > row.ends_on:
                raise ValidationError(
                    "trainer.join.session_ended", field="code", ends=row.ends_on.isoformat()
                )
            account = session.get(Account, principal.account_id)
            if account is None:
                raise NotFound(what=Msg("noun.account"))
            self._enrol_account(session, principal, row, account, via="join_code")
            view = self._session_view(session, row)
        self._ensure_sandbox(principal.account_id)
        return view

    def my_sessions(self, principal: Principal) -> tuple[SessionView, ...]:
        """The sessions the signed-in account is enrolled in."""
        if principal.account_id is None:
            return ()
        with self.db.read() as session:
            rows = session.scalars(
                select(TrainingSession)
                .join(TrainingEnrolment, TrainingEnrolment.session_id == TrainingSession.id)
                .where(TrainingEnrolment.account_id == principal.account_id)
                .order_by(TrainingSession.starts_on.desc())
            ).all()
            return tuple(self._session_view(session, row) for row in rows)

    def add_trainee(
        self,
        principal: Principal,
        session_ref: int | str,
        name: str,
        nip: str,
        jabatan: str | None = None,
    ) -> SlipView:
        """One new trainee typed in by the trainer (the same checks as a CSV row)."""
        ensure_role(principal.roles, Role.TRAINER)
        header = "nama;nip;jabatan\n"
        line = ";".join(_csv_cell(v) for v in (name, clean_nip(nip), jabatan or ""))
        result = self.import_csv(principal, session_ref, (header + line + "\n").encode("utf-8"))
        if result.problems:
            problem = result.problems[0]
            raise ValidationError(
                "trainer.import.row_problem", field=problem.column or "name", why=problem.message
            )
        return result.slips[0]

    def preview_csv(self, principal: Principal, data: bytes) -> ParsedFile:
        """Read a trainee file without writing anything (problems include existing accounts)."""
        ensure_role(principal.roles, Role.TRAINER)
        parsed = parse_trainees(data, self.office)
        with self.db.read() as session:
            taken = self._taken(session, parsed.rows)
        return replace(
            parsed,
            problems=tuple(
                sorted(parsed.problems + tuple(taken), key=lambda p: (p.line, p.column))
            ),
        )

    def import_csv(
        self,
        principal: Principal,
        session_ref: int | str,
        data: bytes,
        *,
        progress: Any = None,
    ) -> ImportResult:
        """Enrol every trainee of the file, each with an account, a sandbox and a slip.

        All or nothing: any problem in any row (or a failure while building) leaves the
        database as it was, and the result lists every row's problems. ``progress(done,
        total)`` is called as trainees are built (for a progress bar).
        """
        ensure_role(principal.roles, Role.TRAINER)
        from ekinerja_tutor.services.admin import AdminService
        from ekinerja_tutor.services.sandboxes import DEFAULT_SCENARIO, SandboxService

        parsed = self.preview_csv(principal, data)
        with self.db.read() as session:
            target = self._find_session(session, session_ref)
            target_id, target_name = target.id, target.name
        if parsed.problems:
            return ImportResult(
                target_id, parsed.encoding, parsed.delimiter, (), parsed.problems, parsed.notes
            )
        sandboxes = SandboxService(self.ctx)
        for persona in sorted({row.persona_key for row in parsed.rows}):
            sandboxes._template(DEFAULT_SCENARIO, persona)  # built once, outside the transaction
        admin = AdminService(self.ctx)
        acting = Principal(
            account_id=principal.account_id,
            username=principal.username,
            roles=principal.roles | {Role.ADMIN},
        )
        slips: list[SlipView] = []
        total = len(parsed.rows)
        with self.db.write() as session, self.db.joined(session):
            target = self._find_session(session, target_id)
            for done, row in enumerate(parsed.rows, start=1):
                view, password = admin.add_user(
                    acting,
                    row.nip,
                    row.name,
                    [Role.LEARNER],
                    nip=row.nip,
                    persona_key=row.persona_key,
                )
                account = session.get(Account, view.id)
                assert account is not None
                account.persona_key = row.persona_key
                self._enrol_account(
                    session, principal, target, account, via="csv", jabatan=row.jabatan
                )
                person = self.office.person(row.persona_key)
                slips.append(
                    SlipView(
                        username=view.username,
                        display_name=row.name,
                        nip=row.nip,
                        password=password,
                        persona_key=row.persona_key,
                        persona_name=person.name,
                        persona_jabatan=person.jabatan,
                        session_name=target_name,
                    )
                )
                if progress is not None:
                    progress(done, total)
            self._audit(
                session,
                None,
                principal=principal,
                action="training.import",
                entity="training_session",
                entity_id=target_id,
                after={
                    "rows": total,
                    "usernames": [s.username for s in slips],
                    "encoding": parsed.encoding,
                    "delimiter": parsed.delimiter,
                },
            )
        return ImportResult(
            target_id, parsed.encoding, parsed.delimiter, tuple(slips), (), parsed.notes
        )

    # -- the live board --------------------------------------------------------------------------

    def board(self, principal: Principal, session_ref: int | str, lang: str = "id") -> BoardView:
        """Trainees × the session's lessons, computed from their real lesson progress."""
        ensure_role(principal.roles, Role.TRAINER)
        now = self.ctx.now()
        policy: StuckPolicy = self.lessons.policy
        with self.db.read() as session:
            target = self._find_session(session, session_ref)
            view = self._session_view(session, target)
            trainees = self._trainees(session, target.id)
            ids = [t.account_id for t in trainees]
            progress: dict[tuple[int, str], LessonProgress] = {
                (p.account_id, p.lesson_id): p
                for p in session.scalars(
                    select(LessonProgress).where(
                        LessonProgress.account_id.in_(ids),
                        LessonProgress.lesson_id.in_(view.lessons),
                    )
                )
            }
            tickets: dict[int, list[tuple[int, str | None]]] = {}  # (id, lesson) per trainee
            for ticket_id, account_id, lesson_id in session.execute(
                select(Ticket.id, Ticket.account_id, Ticket.lesson_id)
                .where(Ticket.account_id.in_(ids), Ticket.status.in_(tuple(OPEN_STATUSES)))
                .order_by(Ticket.id)
            ):
                tickets.setdefault(account_id or 0, []).append((ticket_id, lesson_id))
            failures = {
                f.account_id: f
                for f in session.scalars(
                    select(PracticeFailure).where(PracticeFailure.account_id.in_(ids))
                )
            }
            todays = dict(
                session.execute(
                    select(Sandbox.account_id, Sandbox.today).where(Sandbox.account_id.in_(ids))
                ).all()
            )
            rows = []
            for trainee in trainees:
                mine = tickets.get(trainee.account_id, [])
                cells = tuple(
                    self._cell(
                        progress.get((trainee.account_id, lesson_id)),
                        lesson_id,
                        lang,
                        now,
                        policy,
                        next((t for t, lesson in mine if lesson == lesson_id), None),
                    )
                    for lesson_id in view.lessons
                )
                failure = failures.get(trainee.account_id)
                rows.append(
                    BoardRow(
                        trainee=trainee,
                        cells=cells,
                        open_tickets=tuple(t for t, _lesson in mine),
                        failures=_failure_view(failure),
                        sandbox_today=todays.get(trainee.account_id),
                    )
                )
        return BoardView(
            session=view,
            lesson_titles=tuple((lid, self._lesson_title(lid, lang)) for lid in view.lessons),
            rows=tuple(rows),
            generated_at=now,
        )

    def _cell(
        self,
        row: LessonProgress | None,
        lesson_id: str,
        lang: str,
        now: dt.datetime,
        policy: StuckPolicy,
        ticket_id: int | None,
    ) -> BoardCell:
        lesson = self.lessons.library.get(lesson_id, lang)
        count = len(lesson.steps) if lesson else 0
        if row is None:
            return BoardCell(
                lesson_id, CellState.NOT_STARTED, step_count=count, ticket_id=ticket_id
            )
        if row.status is LessonStatus.DONE:
            return BoardCell(lesson_id, CellState.DONE, step_count=count, ticket_id=ticket_id)
        if row.status is LessonStatus.INCOMPLETE:
            return BoardCell(lesson_id, CellState.INCOMPLETE, step_count=count, ticket_id=ticket_id)
        index = max(0, min(row.current_step, count - 1)) if count else row.current_step
        record = next((r for r in row.steps if r.step_index == index), None)
        seconds = record.seconds_on_step(now) if record else 0
        failed = record.failed_presses if record else 0
        failing = (
            tuple(str(c.get(lang) or c.get("id") or "") for c in (record.failed_conditions or []))
            if record
            else ()
        )
        stuck = failed >= policy.presses or (failed > 0 and seconds >= policy.minutes * 60)
        return BoardCell(
            lesson_id,
            CellState.STUCK if stuck else CellState.ON_STEP,
            step=index + 1,
            step_count=count,
            stuck_seconds=seconds if stuck else 0,
            failing=failing,
            failed_presses=failed,
            ticket_id=ticket_id,
        )

    # -- trainer actions on a trainee ------------------------------------------------------------

    def sandbox_snapshot(self, principal: Principal, username: str) -> dict[str, Any]:
        """The trainee's whole sandbox, read-only (what ``sandbox show`` prints)."""
        ensure_role(principal.roles, Role.TRAINER)
        from ekinerja_tutor.services.sandbox_report import SandboxReport

        return SandboxReport(self.ctx).show(principal, username)

    def reset_sandbox(self, principal: Principal, username: str) -> dt.datetime:
        """Rebuild one trainee's sandbox from its scenario; returns its new today."""
        ensure_role(principal.roles, Role.TRAINER)
        from ekinerja_tutor.services.sandboxes import SandboxService

        return SandboxService(self.ctx).reset(principal, username).today

    def reset_lesson(self, principal: Principal, username: str, lesson_id: str) -> None:
        """Forget the trainee's progress in one lesson and rebuild their sandbox for it."""
        ensure_role(principal.roles, Role.TRAINER)
        from ekinerja_tutor.services.auth import find_account
        from ekinerja_tutor.services.sandboxes import SandboxService

        lesson = self.lessons.lesson(lesson_id, "id")
        with self.db.write() as session:
            account = find_account(session, username)
            if account is None:
                raise NotFound("error.unknown_user", username=username)
            row = session.scalar(
                select(LessonProgress).where(
                    LessonProgress.account_id == account.id,
                    LessonProgress.lesson_id == lesson_id,
                )
            )
            before = snapshot(row, "lesson_id", "status", "current_step") if row else None
            session.execute(
                delete(LessonProgress).where(
                    LessonProgress.account_id == account.id,
                    LessonProgress.lesson_id == lesson_id,
                )
            )
            self._audit(
                session,
                None,
                principal=principal,
                action="training.reset_lesson",
                entity="account",
                entity_id=account.id,
                before=before,
                after={"lesson_id": lesson_id, "username": account.username},
            )
        SandboxService(self.ctx).reset(principal, username, scenario=lesson.scenario)

    def move_clock(
        self, principal: Principal, username: str, *, move: str, target: dt.date | None = None
    ) -> dt.datetime:
        """Move the trainee's sandbox clock forward; returns its new today."""
        ensure_role(principal.roles, Role.TRAINER)
        from ekinerja_tutor.services.sandboxes import SandboxService

        return (
            SandboxService(self.ctx).move_clock(principal, username, move=move, target=target).today
        )

    def set_failures(
        self,
        principal: Principal,
        usernames: Iterable[str],
        *,
        login_failure: bool | None = None,
        save_error: bool | None = None,
        slowness_ms: int | None = None,
    ) -> int:
        """Switch practice failures for these trainees (None leaves a switch as it is)."""
        ensure_role(principal.roles, Role.TRAINER)
        if slowness_ms is not None and not 0 <= slowness_ms <= MAX_SLOWNESS_MS:
            raise ValidationError(
                "trainer.failure.slowness_range", field="slowness_ms", limit=MAX_SLOWNESS_MS
            )
        from ekinerja_tutor.services.auth import find_account

        changed = 0
        with self.db.write() as session:
            for username in usernames:
                account = find_account(session, username)
                if account is None:
                    raise NotFound("error.unknown_user", username=username)
                row = session.scalar(
                    select(PracticeFailure).where(PracticeFailure.account_id == account.id)
                )
                if row is None:
                    row = PracticeFailure(account_id=account.id, updated_at=self.ctx.now())
                    row.login_failure = False
                    row.save_error = False
                    row.slowness_ms = 0
                    session.add(row)
                    before = None
                else:
                    before = snapshot(row, *FAILURE_FIELDS)
                if login_failure is not None:
                    row.login_failure = login_failure
                    row.login_tripped = False
                if save_error is not None:
                    row.save_error = save_error
                    row.save_tripped = False
                if slowness_ms is not None:
                    row.slowness_ms = slowness_ms
                row.updated_at = self.ctx.now()
                session.flush()
                after = snapshot(row, *FAILURE_FIELDS)
                after["username"] = account.username
                self._audit(
                    session,
                    None,
                    principal=principal,
                    action="training.practice_failure",
                    entity="account",
                    entity_id=account.id,
                    before=before,
                    after=after,
                )
                changed += 1
        return changed

    def set_room_failures(
        self, principal: Principal, session_ref: int | str, **switches: Any
    ) -> int:
        """The same switches for every trainee of the session."""
        names = [t.username for t in self.trainees(principal, session_ref)]
        return self.set_failures(principal, names, **switches)

    # -- office view -----------------------------------------------------------------------------

    def office_view(
        self, principal: Principal, *, bidang: str | None = None, lang: str = "id"
    ) -> OfficeView:
        """Every learner × lesson with the date last completed (for refresher rounds)."""
        ensure_role(principal.roles, Role.TRAINER)
        lesson_ids = tuple(self.lessons.library.ordered_ids())
        titles = tuple((lid, self._lesson_title(lid, lang)) for lid in lesson_ids)
        options = tuple(
            (u.code, u.name)
            for u in self.office.units
            if u.kind in (UnitKind.BIDANG, UnitKind.SEKRETARIAT) and not u.simulated_external
        )
        with self.db.read() as session:
            accounts = session.scalars(select(Account).order_by(Account.display_name)).all()
            done = {
                (p.account_id, p.lesson_id): p.completed_at
                for p in session.scalars(
                    select(LessonProgress).where(LessonProgress.status == LessonStatus.DONE)
                )
            }
            rows = []
            for account in accounts:
                if Role.LEARNER not in account.role_set:
                    continue
                code, name = self._bidang_of(account.persona_key)
                if bidang and code != bidang:
                    continue
                rows.append(
                    OfficeRow(
                        username=account.username,
                        display_name=account.display_name,
                        nip=account.nip,
                        bidang_code=code,
                        bidang=name,
                        completed=tuple(done.get((account.id, lid)) for lid in lesson_ids),
                    )
                )
        return OfficeView(titles, options, tuple(rows))

    # -- internals -------------------------------------------------------------------------------

    def _bidang_of(self, persona_key: str | None) -> tuple[str, str]:
        if not persona_key or not self.office.is_person(persona_key):
            return "", ""
        for unit in self.office.unit_chain(self.office.person(persona_key).unit):
            if unit.kind in (UnitKind.BIDANG, UnitKind.SEKRETARIAT):
                return unit.code, unit.name
        unit = self.office.unit(self.office.person(persona_key).unit)
        return unit.code, unit.name

    def _lesson_title(self, lesson_id: str, lang: str) -> str:
        lesson = self.lessons.library.get(lesson_id, lang)
        return lesson.title if lesson else lesson_id

    def _clean_lessons(self, lessons: Sequence[str]) -> tuple[str, ...]:
        chosen: list[str] = []
        known = set(self.lessons.library.ordered_ids())
        for raw in lessons:
            lesson_id = raw.strip()
            if not lesson_id:
                continue
            if lesson_id not in known:
                raise ValidationError(
                    "trainer.session.lesson_unknown",
                    field="lessons",
                    lesson=lesson_id,
                    choices=", ".join(self.lessons.library.ordered_ids()),
                )
            if lesson_id in chosen:
                raise ValidationError(
                    "trainer.session.lesson_twice", field="lessons", lesson=lesson_id
                )
            chosen.append(lesson_id)
        if not chosen:
            raise ValidationError("trainer.session.lessons_required", field="lessons")
        return tuple(chosen)

    def _new_join_code(self, session: Session) -> str:
        for _ in range(20):
            code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_LENGTH))
            taken = session.scalar(
                select(TrainingSession.id).where(TrainingSession.join_code == code)
            )
            if taken is None:
                return code
        raise Conflict()

    @staticmethod
    def _find_session(session: Session, ref: int | str) -> TrainingSession:
        row: TrainingSession | None = None
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
            row = session.get(TrainingSession, int(ref))
        if row is None and isinstance(ref, str):
            code = _normal_code(ref)
            row = session.scalar(select(TrainingSession).where(TrainingSession.join_code == code))
            if row is None:
                row = session.scalars(
                    select(TrainingSession)
                    .where(func.lower(TrainingSession.name) == ref.strip().lower())
                    .order_by(TrainingSession.id.desc())
                ).first()
        if row is None:
            raise NotFound("trainer.session.unknown", session=str(ref))
        return row

    def _session_view(
        self, session: Session, row: TrainingSession, *, count: int | None = None
    ) -> SessionView:
        """``count``: the trainees, when already counted (else counted here)."""
        if count is None:
            count = session.scalar(
                select(func.count())
                .select_from(TrainingEnrolment)
                .where(TrainingEnrolment.session_id == row.id)
            )
        return SessionView(
            id=row.id,
            name=row.name,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            lessons=tuple(row.lessons or ()),
            join_code=row.join_code,
            trainee_count=int(count or 0),
        )

    @staticmethod
    def _trainees(session: Session, session_id: int) -> tuple[TraineeView, ...]:
        # Columns, not Account rows: those would read every trainee's roles too.
        rows = session.execute(
            select(
                Account.id,
                Account.username,
                Account.display_name,
                Account.nip,
                Account.persona_key,
                TrainingEnrolment.jabatan,
                TrainingEnrolment.via,
            )
            .join(TrainingEnrolment, TrainingEnrolment.account_id == Account.id)
            .where(TrainingEnrolment.session_id == session_id)
            .order_by(Account.display_name, Account.id)
        ).all()
        return tuple(
            TraineeView(
                account_id=row.id,
                username=row.username,
                display_name=row.display_name,
                nip=row.nip,
                persona_key=row.persona_key,
                jabatan=row.jabatan,
                via=row.via,
            )
            for row in rows
        )

    def _enrol_account(
        self,
        session: Session,
        principal: Principal,
        row: TrainingSession,
        account: Account,
        *,
        via: str,
        jabatan: str | None = None,
    ) -> TraineeView:
        existing = session.scalar(
            select(TrainingEnrolment).where(
                TrainingEnrolment.session_id == row.id,
                TrainingEnrolment.account_id == account.id,
            )
        )
        if existing is None:
            existing = TrainingEnrolment(
                session_id=row.id,
                account_id=account.id,
                via=via,
                jabatan=jabatan,
                enrolled_at=self.ctx.now(),
            )
            session.add(existing)
            session.flush()
            self._audit(
                session,
                None,
                principal=principal,
                action="training.enrol",
                entity="training_session",
                entity_id=row.id,
                after={"username": account.username, "via": via},
            )
        return TraineeView(
            account_id=account.id,
            username=account.username,
            display_name=account.display_name,
            nip=account.nip,
            persona_key=account.persona_key,
            jabatan=existing.jabatan,
            via=existing.via,
        )

    def _ensure_sandbox(self, account_id: int) -> None:
        """An enrolled account without a sandbox gets one (from its persona, else the default)."""
        from ekinerja_tutor.services.actors import SYSTEM
        from ekinerja_tutor.services.sandboxes import SandboxService

        sandboxes = SandboxService(self.ctx)
        if sandboxes.for_account(SYSTEM, account_id) is not None:
            return
        with self.db.write() as session:
            account = session.get(Account, account_id)
            if account is not None and not account.persona_key:
                account.persona_key, _ = persona_for(self.office, None)
        sandboxes.ensure_for_account(SYSTEM, account_id)

    def _taken(self, session: Session, rows: Sequence[TraineeRow]) -> list[RowProblem]:
        """Rows whose NIP already belongs to an account (as its NIP, username or alias)."""
        if not rows:
            return []
        nips = [row.nip for row in rows]
        found: dict[str, str] = {}
        for account in session.scalars(
            select(Account).where(
                Account.nip.in_(nips) | Account.username.in_(nips) | Account.alias.in_(nips)
            )
        ):
            for value in (account.nip, account.username, account.alias):
                if value in nips:
                    found[value] = account.username
        return [
            RowProblem(
                row.line,
                "nip",
                Msg("trainer.import.nip_taken", {"nip": row.nip, "username": found[row.nip]}),
            )
            for row in rows
            if row.nip in found
        ]


def _failure_view(row: PracticeFailure | None) -> FailureView:
    if row is None:
        return FailureView()
    return FailureView(row.login_failure, row.save_error, row.slowness_ms)


def _normal_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _csv_cell(value: str) -> str:
    if any(ch in value for ch in ';"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value
