"""One evaluator per known lesson check: it reads the learner's sandbox state, never widgets.

Every evaluator is read-only and gets a :class:`CheckWorld` (an open read session, the
learner's account, sandbox and persona, and when the lesson started) plus the check's
validated arguments. It returns an :class:`Outcome`: whether the condition holds, the
condition in words, and — when it does not hold — exactly what is missing, in words.

Dates are relative to the SANDBOX clock (``sandbox.today``). "Since the lesson started" means
audit events and screen visits recorded after the lesson's start (by id, or by real time).
The help desk's contract: sending a ticket writes an audit event ``ticket.create`` by the
learner's account (``ticket_raised`` reads it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ekinerja_tutor.content.lessons.checks import CHECKS
from ekinerja_tutor.content.lessons.model import CheckSpec
from ekinerja_tutor.domain.calendar import date_label, month_label
from ekinerja_tutor.domain.clock import quarter_of
from ekinerja_tutor.domain.daily import daily_status_label
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.evidence import validate_link
from ekinerja_tutor.domain.predikat import predikat_label
from ekinerja_tutor.domain.recap import recap_status_label
from ekinerja_tutor.domain.skp import skp_status_label
from ekinerja_tutor.domain.statuses import (
    DailyStatus,
    LampiranKind,
    RecapStatus,
    RhkJenis,
    SkpStatus,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Account,
    Assessment,
    AuditEvent,
    DailyEntry,
    Iki,
    Lampiran,
    Person,
    QuarterRecap,
    Realisasi,
    RencanaAksi,
    Rhk,
    Sandbox,
    ScreenVisit,
    Skp,
)

_ROMAN: Final = {1: "I", 2: "II", 3: "III", 4: "IV"}
_RHK_SHOWN: Final = 60


@dataclass(frozen=True)
class CheckWorld:
    """What an evaluator may read: one read session and the learner's place in it."""

    session: Session
    account: Account
    sandbox: Sandbox | None
    persona: Person | None
    started_at: dt.datetime
    """Real time (aware UTC) when the lesson started."""
    audit_floor: int = 0
    visit_floor: int = 0
    sandbox_start: dt.datetime | None = None
    """The sandbox's "today" when the lesson started."""

    @property
    def today(self) -> dt.date:
        assert self.sandbox is not None
        return self.sandbox.today.date()


@dataclass(frozen=True)
class Outcome:
    """The result of one check: ``condition`` in words and, if not passed, ``failure``."""

    passed: bool
    condition: Msg
    failure: Msg | None = None


Evaluator = Callable[[CheckWorld, Mapping[str, Any]], Outcome]


def evaluate_check(world: CheckWorld, spec: CheckSpec) -> Outcome:
    """Run the evaluator of ``spec``; a sandbox check without a sandbox fails plainly."""
    evaluator = EVALUATORS[spec.name]
    if spec.name not in _ACCOUNT_CHECKS and (world.sandbox is None or world.persona is None):
        return Outcome(False, Msg("lesson_check.sandbox_state"), Msg("lesson_check.no_sandbox"))
    return evaluator(world, spec.args)


# --- shared readers ----------------------------------------------------------------------------


def learner_events(
    world: CheckWorld, actions: Collection[str], *, in_sandbox: bool = True
) -> list[AuditEvent]:
    """Audit events of these actions by the learner's account since the lesson started."""
    query = select(AuditEvent).where(
        AuditEvent.actor_account_id == world.account.id,
        AuditEvent.action.in_(tuple(actions)),
        or_(AuditEvent.id > world.audit_floor, AuditEvent.at > world.started_at),
    )
    if in_sandbox:
        if world.sandbox is None:
            return []
        query = query.where(AuditEvent.sandbox_id == world.sandbox.id)
    return list(world.session.scalars(query.order_by(AuditEvent.id)))


def _either(labels: Sequence[Msg]) -> Msg:
    """ "A atau B atau C" / "A or B or C"."""
    result = labels[-1]
    for label in reversed(labels[:-1]):
        result = Msg("lesson_word.either", {"a": label, "b": result})
    return result


def _quarter(spec: str | int, today: dt.date) -> tuple[int, int]:
    current = quarter_of(today)
    if spec == "current":
        return today.year, current
    if spec == "previous":
        return (today.year, current - 1) if current > 1 else (today.year - 1, 4)
    return today.year, int(spec)


def _quarter_label(year: int, quarter: int) -> str:
    return f"{_ROMAN[quarter]} {year}"


def _month(spec: str | int, today: dt.date) -> tuple[int, int]:
    if spec == "current":
        return today.year, today.month
    if spec == "previous":
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if spec == "next":
        return (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
    return today.year, int(spec)


def _year(spec: str | int, today: dt.date) -> int:
    offsets = {"current": 0, "previous": -1, "next": 1}
    return today.year + offsets[spec] if isinstance(spec, str) else spec


def _days(spec: str | dt.date, today: dt.date) -> tuple[dt.date | None, dt.date | None, Msg]:
    """First and last day of a day spec (None = open) and the spec in words."""
    if isinstance(spec, dt.date):
        return spec, spec, date_label(spec)
    if spec == "today":
        return today, today, Msg("lesson_word.today", {"date": date_label(today)})
    if spec == "yesterday":
        day = today - dt.timedelta(days=1)
        return day, day, Msg("lesson_word.yesterday", {"date": date_label(day)})
    if spec == "this_week":
        monday = today - dt.timedelta(days=today.weekday())
        return monday, today, Msg("lesson_word.this_week")
    if spec == "this_month":
        return (
            today.replace(day=1),
            today,
            Msg("lesson_word.this_month", {"month": month_label(today.year, today.month)}),
        )
    return None, None, Msg("lesson_word.any_day")


def _skp(world: CheckWorld, person_id: int, year: int) -> Skp | None:
    return world.session.scalars(
        select(Skp).where(Skp.person_id == person_id, Skp.year == year).order_by(Skp.id.desc())
    ).first()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _RHK_SHOWN else text[: _RHK_SHOWN - 1] + "…"


def _link_problem(link: str) -> Msg | None:
    """Why others could not open ``link`` (None when they could)."""
    try:
        validate_link(link)
    except ValidationError as error:
        return error.message
    return None


# --- account checks ----------------------------------------------------------------------------


def visited_since(
    session: Session, account_id: int, screen: str, visit_floor: int, started_at: dt.datetime
) -> bool:
    """Whether the account opened ``screen`` since a lesson started: a visit recorded after
    the lesson's visit floor (the newest visit when it started) or after its start."""
    found = session.scalar(
        select(ScreenVisit.id)
        .where(
            ScreenVisit.account_id == account_id,
            ScreenVisit.screen == screen,
            or_(ScreenVisit.id > visit_floor, ScreenVisit.at > started_at),
        )
        .limit(1)
    )
    return found is not None


def screen_visited(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    screen = Msg(f"lesson_screen.{args['name']}")
    condition = Msg("lesson_check.screen_visited", {"screen": screen})
    if visited_since(
        world.session, world.account.id, args["name"], world.visit_floor, world.started_at
    ):
        return Outcome(True, condition)
    return Outcome(False, condition, Msg("lesson_check.screen_visited.fail", {"screen": screen}))


def password_changed(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    condition = Msg("lesson_check.password_changed")
    if not world.account.must_change_password:
        return Outcome(True, condition)
    return Outcome(False, condition, Msg("lesson_check.password_changed.fail"))


def otp_enrolled(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    device = args["device"]
    account = world.account
    condition = Msg(f"lesson_check.otp_enrolled.{device}")
    if account.totp_secret is None:
        key = "pending" if account.totp_pending_secret else "none"
        return Outcome(False, condition, Msg(f"lesson_check.otp_enrolled.{key}"))
    if device == "practice" and not account.totp_practice_phone:
        return Outcome(False, condition, Msg("lesson_check.otp_enrolled.on_own"))
    if device == "own" and account.totp_practice_phone:
        return Outcome(False, condition, Msg("lesson_check.otp_enrolled.on_practice"))
    return Outcome(True, condition)


def signed_in(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    condition = Msg("lesson_check.signed_in")
    if learner_events(world, ("account.sign_in",), in_sandbox=False):
        return Outcome(True, condition)
    return Outcome(False, condition, Msg("lesson_check.signed_in.fail"))


def language_is(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    wanted = Msg(f"lesson_language.{args['lang']}")
    condition = Msg("lesson_check.language_is", {"language": wanted})
    found = world.account.language
    if found == args["lang"]:
        return Outcome(True, condition)
    failure = Msg(
        "lesson_check.language_is.fail",
        {
            "found": Msg(f"lesson_language.{found}") if found in ("id", "en") else found,
            "language": wanted,
        },
    )
    return Outcome(False, condition, failure)


def theme_set(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    condition = Msg("lesson_check.theme_set")
    if world.account.theme:
        return Outcome(True, condition)
    return Outcome(False, condition, Msg("lesson_check.theme_set.fail"))


def ticket_raised(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    condition = Msg("lesson_check.ticket_raised")
    if learner_events(world, ("ticket.create",), in_sandbox=False):
        return Outcome(True, condition)
    return Outcome(False, condition, Msg("lesson_check.ticket_raised.fail"))


# --- sandbox checks ----------------------------------------------------------------------------


def clock_moved(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    days = args["days"]
    condition = Msg("lesson_check.clock_moved", {"days": days})
    start = (world.sandbox_start or world.sandbox.today).date()  # type: ignore[union-attr]
    moved = (world.today - start).days
    if moved >= days:
        return Outcome(True, condition)
    failure = Msg(
        "lesson_check.clock_moved.fail",
        {"today": date_label(world.today), "moved": max(0, moved), "days": days},
    )
    return Outcome(False, condition, failure)


def daily_entry(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    first, last, when = _days(args["date"], world.today)
    statuses = tuple(DailyStatus(s) for s in args["status"])
    status_words = (
        _either([daily_status_label(s) for s in statuses])
        if statuses
        else Msg("lesson_word.any_status")
    )
    extra: list[Any] = []
    if args["evidence"] == "link":
        extra.append(Msg("lesson_check.daily_entry.with_link"))
    if args["field_work"]:
        extra.append(Msg("lesson_check.daily_entry.from_field"))
    key = "lesson_check.daily_entry" + (".many" if args["min"] > 1 else "")
    condition = Msg(
        key if statuses else f"{key}_saved",
        {
            "when": when,
            "status": status_words,
            "min": args["min"],
            "extra": extra[0] if extra else "",
            "extra2": extra[1] if len(extra) > 1 else "",
        },
    )
    query = select(DailyEntry).where(DailyEntry.person_id == world.persona.id)
    if first is not None:
        query = query.where(DailyEntry.tanggal >= first)
    if last is not None:
        query = query.where(DailyEntry.tanggal <= last)
    entries = list(world.session.scalars(query.order_by(DailyEntry.tanggal, DailyEntry.id)))
    if args["by"] == "learner":
        touched = {e.entity_id for e in learner_events(world, _DAILY_OWN_ACTIONS)}
        entries = [e for e in entries if e.id in touched]
    if args["field_work"]:
        field = (
            {e.entity_id for e in learner_events(world, ("daily.quick_field",))}
            if args["by"] == "learner"
            else None
        )
        entries = [
            e
            for e in entries
            if (e.id in field if field is not None else (e.quick_field_draft or e.place))
        ]
    if not entries:
        if args["field_work"]:
            key = "lesson_check.daily_entry.no_field"
        elif args["by"] == "learner":
            key = "lesson_check.daily_entry.none_yours"
        else:
            key = "lesson_check.daily_entry.none"
        return Outcome(False, condition, Msg(key, {"when": when}))
    matching = [e for e in entries if not statuses or e.status in statuses]
    if not matching:
        latest = entries[-1]
        failure = Msg(
            "lesson_check.daily_entry.status",
            {
                "date": date_label(latest.tanggal),
                "found": daily_status_label(latest.status),
                "wanted": status_words,
            },
        )
        return Outcome(False, condition, failure)
    if args["evidence"] == "link":
        with_link = [
            e for e in matching if e.bukti_dukung and _link_problem(e.bukti_dukung) is None
        ]
        if not with_link:
            latest = matching[-1]
            return Outcome(
                False,
                condition,
                Msg("lesson_check.daily_entry.no_link", {"date": date_label(latest.tanggal)}),
            )
        matching = with_link
    if len(matching) < args["min"]:
        failure = Msg(
            "lesson_check.daily_entry.too_few", {"count": len(matching), "min": args["min"]}
        )
        return Outcome(False, condition, failure)
    return Outcome(True, condition)


_DAILY_OWN_ACTIONS: Final = (
    "daily.create",
    "daily.update",
    "daily.submit",
    "daily.quick_field",
)


def entry_resubmitted(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    condition = Msg("lesson_check.entry_resubmitted")
    for event in learner_events(world, ("daily.submit",)):
        if (event.before or {}).get("status") == DailyStatus.REVISI.value:
            return Outcome(True, condition)
    waiting = world.session.scalars(
        select(DailyEntry)
        .where(DailyEntry.person_id == world.persona.id, DailyEntry.status == DailyStatus.REVISI)
        .order_by(DailyEntry.tanggal.desc())
    ).first()
    if waiting is not None:
        failure = Msg(
            "lesson_check.entry_resubmitted.waiting", {"date": date_label(waiting.tanggal)}
        )
    else:
        failure = Msg("lesson_check.entry_resubmitted.fail")
    return Outcome(False, condition, failure)


def evidence_link_present(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    if args["on"] == "recap":
        return _recap_evidence(world, args)
    changed = args["changed"]
    condition = Msg(
        "lesson_check.evidence_link_present.changed"
        if changed
        else "lesson_check.evidence_link_present"
    )
    events = learner_events(world, _DAILY_OWN_ACTIONS)
    first_before: dict[int, str] = {}
    for event in events:
        if event.entity_id is not None and event.entity_id not in first_before:
            first_before[event.entity_id] = (event.before or {}).get("bukti_dukung") or ""
    if not first_before:
        return Outcome(False, condition, Msg("lesson_check.evidence_link_present.untouched"))
    entries = list(
        world.session.scalars(
            select(DailyEntry)
            .where(DailyEntry.id.in_(tuple(first_before)))
            .order_by(DailyEntry.tanggal, DailyEntry.id)
        )
    )
    failure: Msg | None = Msg("lesson_check.evidence_link_present.untouched")
    for entry in reversed(entries):
        date = date_label(entry.tanggal)
        link = entry.bukti_dukung or ""
        if not link:
            failure = Msg("lesson_check.evidence_link_present.empty", {"date": date})
            continue
        problem = _link_problem(link)
        if problem is not None:
            failure = Msg(
                "lesson_check.evidence_link_present.invalid", {"date": date, "reason": problem}
            )
            continue
        if changed and link == first_before[entry.id]:
            failure = Msg("lesson_check.evidence_link_present.unchanged", {"date": date})
            continue
        return Outcome(True, condition)
    return Outcome(False, condition, failure)


def _recap_evidence(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    year, quarter = _quarter(args["quarter"], world.today)
    label = _quarter_label(year, quarter)
    condition = Msg("lesson_check.evidence_link_present.recap", {"quarter": label})
    recap = _recap(world, year, quarter)
    if recap is None:
        return Outcome(False, condition, Msg("lesson_check.recap.none", {"quarter": label}))
    if not recap.evidence_folder:
        failure = Msg("lesson_check.evidence_link_present.recap_empty", {"quarter": label})
        return Outcome(False, condition, failure)
    problem = _link_problem(recap.evidence_folder)
    if problem is not None:
        failure = Msg(
            "lesson_check.evidence_link_present.recap_invalid",
            {"quarter": label, "reason": problem},
        )
        return Outcome(False, condition, failure)
    if args["changed"]:
        changed = any(
            (e.before or {}).get("evidence_folder") != (e.after or {}).get("evidence_folder")
            for e in learner_events(world, ("recap.submit",))
            if e.entity_id == recap.id
        )
        if not changed:
            failure = Msg("lesson_check.evidence_link_present.recap_unchanged", {"quarter": label})
            return Outcome(False, condition, failure)
    return Outcome(True, condition)


def skp(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    year = _year(args["year"], world.today)
    statuses = tuple(SkpStatus(s) for s in args["status"])
    wanted = _either([skp_status_label(s) for s in statuses]) if statuses else None
    condition = Msg(
        "lesson_check.skp" if wanted else "lesson_check.skp.exists",
        {
            "year": year,
            "status": wanted or "",
            "extra": Msg("lesson_check.skp.with_lampiran") if args["lampiran"] else "",
        },
    )
    row = _skp(world, world.persona.id, year)
    if row is None:
        return Outcome(False, condition, Msg("lesson_check.skp.none", {"year": year}))
    if statuses and row.status not in statuses:
        failure = Msg(
            "lesson_check.skp.status",
            {"year": year, "found": skp_status_label(row.status), "wanted": wanted},
        )
        return Outcome(False, condition, failure)
    if args["lampiran"]:
        filled = {
            lampiran.kind
            for lampiran in world.session.scalars(select(Lampiran).where(Lampiran.skp_id == row.id))
            if lampiran.text.strip()
        }
        missing = [kind for kind in LampiranKind if kind not in filled]
        if missing:
            failure = Msg(
                "lesson_check.skp.lampiran_missing",
                {"missing": Msg(f"lesson_word.lampiran.{missing[0].value}")},
            )
            return Outcome(False, condition, failure)
    return Outcome(True, condition)


def rhk(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    year = world.today.year
    jenis = args["jenis"]
    condition = Msg(
        "lesson_check.rhk",
        {
            "min": args["min"],
            "year": year,
            "jenis": Msg(f"lesson_word.jenis.{jenis}") if jenis != "any" else "",
            "intervenes": Msg("lesson_check.rhk.with_intervention") if args["intervenes"] else "",
            "iki": Msg("lesson_check.rhk.with_iki") if args["iki"] else "",
        },
    )
    own = _skp(world, world.persona.id, year)
    if own is None:
        return Outcome(False, condition, Msg("lesson_check.skp.none", {"year": year}))
    rows = list(
        world.session.scalars(select(Rhk).where(Rhk.skp_id == own.id).order_by(Rhk.position))
    )
    if jenis != "any":
        rows = [row for row in rows if row.jenis is RhkJenis(jenis)]
    approved_boss_rhks: set[int] = set()
    boss: Person | None = None
    boss_skp: Skp | None = None
    if args["intervenes"] and world.persona.supervisor_id is not None:
        boss = world.session.get(Person, world.persona.supervisor_id)
        boss_skp = _skp(world, world.persona.supervisor_id, year)
        if boss_skp is not None and boss_skp.status is SkpStatus.DISETUJUI:
            approved_boss_rhks = set(
                world.session.scalars(select(Rhk.id).where(Rhk.skp_id == boss_skp.id))
            )
    with_iki = set(
        world.session.scalars(select(Iki.rhk_id).where(Iki.rhk_id.in_([r.id for r in rows])))
    )
    good: list[Rhk] = []
    first_problem: Msg | None = None
    for row in rows:
        problem: Msg | None = None
        if args["intervenes"] and row.intervened_rhk_id not in approved_boss_rhks:
            problem = Msg("lesson_check.rhk.no_intervention", {"rhk": _short(row.text)})
        elif args["iki"] and row.id not in with_iki:
            problem = Msg("lesson_check.rhk.no_iki", {"rhk": _short(row.text)})
        if problem is None:
            good.append(row)
        elif first_problem is None:
            first_problem = problem
    if len(good) >= args["min"]:
        return Outcome(True, condition)
    if args["intervenes"] and not approved_boss_rhks:
        if boss is None:
            return Outcome(False, condition, Msg("lesson_check.rhk.no_supervisor"))
        if boss_skp is None:
            failure = Msg("lesson_check.rhk.boss_no_skp", {"boss": boss.name, "year": year})
        else:
            failure = Msg(
                "lesson_check.rhk.boss_not_approved",
                {"boss": boss.name, "status": skp_status_label(boss_skp.status)},
            )
        return Outcome(False, condition, failure)
    if first_problem is not None:
        return Outcome(False, condition, first_problem)
    failure = Msg("lesson_check.rhk.too_few", {"count": len(good), "min": args["min"]})
    return Outcome(False, condition, failure)


def rencana_aksi(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    year, month = _month(args["month"], world.today)
    label = month_label(year, month)
    condition = Msg(
        "lesson_check.rencana_aksi.every_rhk" if args["every_rhk"] else "lesson_check.rencana_aksi",
        {"month": label, "min": args["min"]},
    )
    own = _skp(world, world.persona.id, year)
    if own is None:
        return Outcome(False, condition, Msg("lesson_check.skp.none", {"year": year}))
    if own.status is not SkpStatus.DISETUJUI:
        failure = Msg(
            "lesson_check.rencana_aksi.skp_not_approved",
            {"year": year, "status": skp_status_label(own.status)},
        )
        return Outcome(False, condition, failure)
    rows = list(
        world.session.execute(
            select(RencanaAksi.rhk_id)
            .join(Rhk, Rhk.id == RencanaAksi.rhk_id)
            .where(Rhk.skp_id == own.id, RencanaAksi.year == year, RencanaAksi.month == month)
        ).scalars()
    )
    if not rows:
        return Outcome(False, condition, Msg("lesson_check.rencana_aksi.none", {"month": label}))
    if len(rows) < args["min"]:
        failure = Msg(
            "lesson_check.rencana_aksi.too_few",
            {"count": len(rows), "min": args["min"], "month": label},
        )
        return Outcome(False, condition, failure)
    if args["every_rhk"]:
        planned = set(rows)
        for row in world.session.scalars(
            select(Rhk).where(Rhk.skp_id == own.id).order_by(Rhk.position)
        ):
            if row.id not in planned:
                failure = Msg(
                    "lesson_check.rencana_aksi.missing_rhk",
                    {"rhk": _short(row.text), "month": label},
                )
                return Outcome(False, condition, failure)
    return Outcome(True, condition)


def _recap(world: CheckWorld, year: int, quarter: int) -> QuarterRecap | None:
    assert world.persona is not None
    return world.session.scalars(
        select(QuarterRecap).where(
            QuarterRecap.person_id == world.persona.id,
            QuarterRecap.year == year,
            QuarterRecap.quarter == quarter,
        )
    ).first()


def recap(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    year, quarter = _quarter(args["quarter"], world.today)
    label = _quarter_label(year, quarter)
    statuses = tuple(RecapStatus(s) for s in args["status"])
    wanted = (
        _either([recap_status_label(s) for s in statuses])
        if statuses
        else Msg("lesson_word.any_status")
    )
    condition = Msg("lesson_check.recap", {"quarter": label, "status": wanted})
    row = _recap(world, year, quarter)
    if row is None:
        return Outcome(False, condition, Msg("lesson_check.recap.none", {"quarter": label}))
    if statuses and row.status not in statuses:
        failure = Msg(
            "lesson_check.recap.status",
            {"quarter": label, "found": recap_status_label(row.status), "wanted": wanted},
        )
        return Outcome(False, condition, failure)
    return Outcome(True, condition)


def realisasi(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    year, quarter = _quarter(args["quarter"], world.today)
    label = _quarter_label(year, quarter)
    condition = Msg("lesson_check.realisasi", {"quarter": label, "min": args["min"]})
    own = _skp(world, world.persona.id, year)
    if own is None:
        return Outcome(False, condition, Msg("lesson_check.skp.none", {"year": year}))
    count = len(
        world.session.scalars(
            select(Realisasi.id)
            .join(Iki, Iki.id == Realisasi.iki_id)
            .join(Rhk, Rhk.id == Iki.rhk_id)
            .where(Rhk.skp_id == own.id, Realisasi.year == year, Realisasi.quarter == quarter)
        ).all()
    )
    if count >= args["min"]:
        return Outcome(True, condition)
    failure = Msg(
        "lesson_check.realisasi.too_few", {"quarter": label, "count": count, "min": args["min"]}
    )
    return Outcome(False, condition, failure)


def rating_received(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    assert world.persona is not None
    year, quarter = _quarter(args["quarter"], world.today)
    label = _quarter_label(year, quarter)
    row = world.session.scalars(
        select(Assessment).where(
            Assessment.person_id == world.persona.id,
            Assessment.year == year,
            Assessment.quarter == quarter,
        )
    ).first()
    if row is None:
        condition = Msg("lesson_check.rating_received", {"quarter": label})
        return Outcome(
            False, condition, Msg("lesson_check.rating_received.fail", {"quarter": label})
        )
    condition = Msg(
        "lesson_check.rating_received.done",
        {"quarter": label, "predikat": predikat_label(row.predikat)},
    )
    return Outcome(True, condition)


def rating_given(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    """Ratings the learner gave from the supervisor's seat (never the program's)."""
    year, quarter = _quarter(args["quarter"], world.today)
    label = _quarter_label(year, quarter)
    condition = Msg("lesson_check.rating_given", {"quarter": label, "min": args["min"]})
    rated = set()
    for event in learner_events(world, ("assessment.create", "assessment.update")):
        after = event.after or {}
        if after.get("year") == year and after.get("quarter") == quarter:
            rated.add(after.get("person_id", event.entity_id))
    if len(rated) >= args["min"]:
        return Outcome(True, condition)
    failure = Msg(
        "lesson_check.rating_given.fail",
        {"quarter": label, "count": len(rated), "min": args["min"]},
    )
    return Outcome(False, condition, failure)


_REVIEW_ACTIONS: Final = {
    "any": ("daily.approve", "daily.return", "daily.evidence_check"),
    "approve": ("daily.approve",),
    "return": ("daily.return",),
    "evidence": ("daily.evidence_check",),
}


def entry_reviewed(world: CheckWorld, args: Mapping[str, Any]) -> Outcome:
    decision = args["decision"]
    condition = Msg(f"lesson_check.entry_reviewed.{decision}", {"min": args["min"]})
    entries = {e.entity_id for e in learner_events(world, _REVIEW_ACTIONS[decision])}
    if len(entries) >= args["min"]:
        return Outcome(True, condition)
    failure = Msg(
        f"lesson_check.entry_reviewed.{decision}_fail", {"count": len(entries), "min": args["min"]}
    )
    return Outcome(False, condition, failure)


EVALUATORS: Final[Mapping[str, Evaluator]] = {
    "screen_visited": screen_visited,
    "password_changed": password_changed,
    "otp_enrolled": otp_enrolled,
    "signed_in": signed_in,
    "language_is": language_is,
    "theme_set": theme_set,
    "clock_moved": clock_moved,
    "daily_entry": daily_entry,
    "entry_resubmitted": entry_resubmitted,
    "evidence_link_present": evidence_link_present,
    "skp": skp,
    "rhk": rhk,
    "rencana_aksi": rencana_aksi,
    "recap": recap,
    "realisasi": realisasi,
    "rating_received": rating_received,
    "rating_given": rating_given,
    "entry_reviewed": entry_reviewed,
    "ticket_raised": ticket_raised,
}
"""One evaluator per key of :data:`~ekinerja_tutor.content.lessons.checks.CHECKS`."""

_ACCOUNT_CHECKS: Final = frozenset(
    {
        "screen_visited",
        "password_changed",
        "otp_enrolled",
        "signed_in",
        "language_is",
        "theme_set",
        "ticket_raised",
        "entry_reviewed",
        "rating_given",
    }
)
"""Checks that read only the account (and the audit trail), so they work without a sandbox."""

assert set(EVALUATORS) == set(CHECKS), "every known check needs exactly one evaluator"
