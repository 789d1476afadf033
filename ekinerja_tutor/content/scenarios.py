"""Named scenarios (``scenarios/*.toml``): a base office plus declarative overlay steps.

A scenario is a list of steps in a small, closed vocabulary (:data:`OPS`). The seeding step
(a service) applies the steps of a whole chain — root first — to a learner's sandbox; this
module only reads, validates and resolves them, so a broken scenario fails at start-up, not
half-way through seeding a trainee's sandbox.

Vocabulary (full reference with examples in ``sandbox_data/scenarios/base.toml``):

==================== =====================================================================
op                   arguments (``who``/``except`` select people, see :class:`Selector`)
==================== =====================================================================
set_clock            date*, time ("HH:MM", "07:30")
create_skp           who*, except, content ("plan" | "empty", "plan"), start (day, year_start)
skp_status           who*, except, status* (SkpStatus), note_key (skp_return; only and
                     always with DIKEMBALIKAN)
clear_intervensi     who*, except
fill_rencana_aksi    who*, except, from (month, "year_start"), through (month, "current")
drop_rencana_aksi    who*, except, month*
generate_entries     who*, except, from* (day), to* (day), status (DRAFT | DIKIRIM |
                     DISETUJUI, DISETUJUI), evidence (EvidenceCheck; SESUAI when approved,
                     else BELUM_DIVERIFIKASI), fill (0 < fill ≤ 1, 0.9)
approve_entries      who*, except, to (day, "today"), evidence (SESUAI)
return_entry         who*, except, which* ("latest_sent" | "oldest_sent"), note_key*
                     (daily_return), note (free text), evidence (EvidenceCheck)
submit_recap         who*, except, quarter*
verify_recap         who*, except, quarter*, levels ("all" | [VerificationLevel…], "all")
return_recap         who*, except, quarter*, level* (VerificationLevel), note_key* (recap_return)
rate                 who*, except, quarter*, hasil* (Rating), perilaku* (Rating),
                     feedback ("library" | "none", "library")
unit_result          unit* (unit code | "persona.unit"), quarter*, result* (UnitResult)
remove_records       who*, except, what* (["skp", "rencana_aksi", "entries", "recaps",
                     "ratings"], non-empty)
set_profile          who*, except, supervisor (selector of one person | "none"), joined (date);
                     at least one of supervisor, joined
simulate             who*, except, reviews ("approve" | "return_once" | "never"),
                     writes_entries (bool), delay_working_days (0–10, 1), note_key
                     (daily_return; only and always with "return_once"); at least one of
                     reviews, writes_entries
==================== =====================================================================

``*`` = required; the value after a comma is the default, filled into :attr:`StepData.args`.
Enum-valued arguments arrive as enum members, ``who``/``except`` as :class:`Selector`,
``levels`` as a tuple of :class:`VerificationLevel` in chain order ("all" expanded from
``rules.toml``). Month, quarter and day specs stay as written; resolve them with
:func:`resolve_month`, :func:`resolve_quarter` and :func:`resolve_day` against the sandbox's
"today".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from ekinerja_tutor.content._toml import KEY_PATTERN, Table, read_toml, seed_error
from ekinerja_tutor.content.library import (
    FeedbackGroup,
    FeedbackLibrary,
    load_feedback,
    load_rules,
)
from ekinerja_tutor.content.office import OfficeData, load_office
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.clock import month_end, quarter_end, quarter_of, quarter_start
from ekinerja_tutor.domain.errors import ConfigError, ValidationError
from ekinerja_tutor.domain.fields import validate_text
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import (
    DailyStatus,
    EvidenceCheck,
    Rating,
    SkpStatus,
    UnitResult,
    VerificationLevel,
)
from ekinerja_tutor.i18n import LANGUAGES

SCENARIOS_DIR: Final = "scenarios"
DEFAULT_SCENARIO: Final = "base"
NO_BASE: Final = "none"

SELECTOR_TAILS: Final = ("subordinates", "below", "above", "peers")
MONTH_WORDS: Final = ("current", "previous", "year_start", "year_end")
QUARTER_WORDS: Final = ("current", "previous")
DAY_ANCHORS: Final = (
    "year_start",
    "quarter_start",
    "previous_quarter_start",
    "previous_quarter_end",
    "month_start",
    "previous_month_start",
    "previous_month_end",
    "yesterday",
    "today",
    "after_last_entry",
)
RECORD_KINDS: Final = ("skp", "rencana_aksi", "entries", "recaps", "ratings")
PERSONA_UNIT: Final = "persona.unit"

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")

MonthSpec = str | int
QuarterSpec = str | int
DaySpec = str | date


# --- selectors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selector:
    """Who a step touches: ``all``, ``persona`` or a person key, then path parts.

    ``persona.supervisor.below`` = everyone below the persona's supervisor. ``ups`` counts the
    ``.supervisor`` parts; ``tail`` is one of :data:`SELECTOR_TAILS` or ``None``.
    """

    text: str
    base: str
    ups: int
    tail: str | None

    def resolve(self, office: OfficeData, persona: str | None) -> tuple[str, ...]:
        """Person keys in file order; empty when the chain runs off the top."""
        if self.base == "all":
            return tuple(p.key for p in office.people if p.is_asn)
        start = persona if self.base == "persona" else self.base
        if start is None:
            raise ConfigError("error.seed_data", detail=f"selector '{self.text}' needs a persona")
        current: str | None = start
        for _ in range(self.ups):
            current = office.person(current).supervisor if current is not None else None
        if current is None:
            return ()
        if self.tail is None:
            return (current,)
        if self.tail == "subordinates":
            found = office.subordinates(current)
        elif self.tail == "below":
            found = office.below(current)
        elif self.tail == "above":
            found = office.above(current)
        else:
            boss = office.person(current).supervisor
            found = (
                ()
                if boss is None
                else tuple(p for p in office.subordinates(boss) if p.key != current)
            )
        return tuple(p.key for p in found)


def parse_selector(text: str) -> Selector:
    """Parse a ``who`` selector; raises ``ValueError`` with an English reason."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"expected a selector such as 'persona.supervisor', found {text!r}")
    parts = text.split(".")
    base, rest = parts[0], parts[1:]
    if not KEY_PATTERN.fullmatch(base):
        raise ValueError(f"'{base}' is not 'all', 'persona' or a person key")
    if base == "all":
        if rest:
            raise ValueError("'all' takes no path parts")
        return Selector(text, base, 0, None)
    ups = 0
    while rest and rest[0] == "supervisor":
        ups += 1
        rest = rest[1:]
    tail: str | None = None
    if rest:
        if len(rest) > 1 or rest[0] not in SELECTOR_TAILS:
            allowed = ", ".join(f".{t}" for t in ("supervisor", *SELECTOR_TAILS))
            raise ValueError(f"'{text}': path parts are {allowed} (a tail only at the end)")
        tail = rest[0]
    return Selector(text, base, ups, tail)


# --- resolving specs against the sandbox clock ------------------------------------------------


def resolve_month(spec: MonthSpec, today: date) -> tuple[int, int]:
    """``(year, month)`` for a month spec on ``today``."""
    if isinstance(spec, int):
        return today.year, spec
    if spec == "current":
        return today.year, today.month
    if spec == "previous":
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if spec == "year_start":
        return today.year, 1
    if spec == "year_end":
        return today.year, 12
    raise ValueError(f"unknown month spec {spec!r}")


def resolve_quarter(spec: QuarterSpec, today: date) -> tuple[int, int]:
    """``(year, quarter)``; ``"previous"`` in the first quarter is the last of the year before."""
    if isinstance(spec, int):
        return today.year, spec
    current = quarter_of(today)
    if spec == "current":
        return today.year, current
    if spec == "previous":
        return (today.year, current - 1) if current > 1 else (today.year - 1, 4)
    raise ValueError(f"unknown quarter spec {spec!r}")


def resolve_day(spec: DaySpec, today: date, *, last_entry: date | None = None) -> date:
    """The date of a day spec on ``today``.

    ``after_last_entry`` is the day after ``last_entry`` (the person's latest entry), or the
    start of the year when the person has none.
    """
    if isinstance(spec, date):
        return spec
    year_start = date(today.year, 1, 1)
    month_start = today.replace(day=1)
    previous_quarter = resolve_quarter("previous", today)
    anchors: dict[str, Callable[[], date]] = {
        "year_start": lambda: year_start,
        "quarter_start": lambda: quarter_start(today.year, quarter_of(today)),
        "previous_quarter_start": lambda: quarter_start(*previous_quarter),
        "previous_quarter_end": lambda: quarter_end(quarter_start(*previous_quarter)),
        "month_start": lambda: month_start,
        "previous_month_start": lambda: (month_start - timedelta(days=1)).replace(day=1),
        "previous_month_end": lambda: month_end(month_start - timedelta(days=1)),
        "yesterday": lambda: today - timedelta(days=1),
        "today": lambda: today,
        "after_last_entry": lambda: (
            year_start if last_entry is None else last_entry + timedelta(days=1)
        ),
    }
    if spec not in anchors:
        raise ValueError(f"unknown day spec {spec!r}")
    return anchors[spec]()


def resolve_unit(spec: str, office: OfficeData, persona: str | None) -> str:
    """The unit code of a ``unit`` argument (``persona.unit`` or a code)."""
    if spec == PERSONA_UNIT:
        if persona is None:
            raise ConfigError("error.seed_data", detail="'persona.unit' needs a persona")
        return office.person(persona).unit
    return spec


# --- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepData:
    """One validated step. ``args`` holds every argument, defaults filled in."""

    scenario: str
    index: int
    op: str
    args: Mapping[str, Any]

    def people(self, office: OfficeData, persona: str | None) -> tuple[str, ...]:
        """Keys selected by ``who`` minus ``except``: civil servants only, in file order."""
        who: Selector = self.args["who"]
        excluded: set[str] = set()
        for selector in self.args.get("except", ()):
            excluded.update(selector.resolve(office, persona))
        seen: list[str] = []
        for key in who.resolve(office, persona):
            if key not in excluded and key not in seen and office.person(key).is_asn:
                seen.append(key)
        return tuple(seen)


@dataclass(frozen=True)
class ScenarioData:
    """A named scenario. ``base`` is the scenario it overlays (``None`` for a root)."""

    name: str
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    base: str | None
    steps: tuple[StepData, ...]

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_id

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_id


# --- argument validators ----------------------------------------------------------------------


class _ArgProblem(Exception):
    """A bad argument value; the message is English and names no file."""


@dataclass(frozen=True)
class _Context:
    office: OfficeData
    feedback: FeedbackLibrary
    rules: RegionalRules


_Validator = Callable[[Any, _Context], Any]


def _selector(value: Any, ctx: _Context) -> Selector:
    try:
        selector = parse_selector(value)
    except ValueError as exc:
        raise _ArgProblem(str(exc)) from None
    if selector.base not in ("all", "persona") and not ctx.office.is_person(selector.base):
        raise _ArgProblem(f"person '{selector.base}' does not exist in office.toml")
    return selector


def _selectors(value: Any, ctx: _Context) -> tuple[Selector, ...]:
    if not isinstance(value, list):
        raise _ArgProblem(f"expected a list of selectors, found {value!r}")
    return tuple(_selector(item, ctx) for item in value)


def _one_person(value: Any, ctx: _Context) -> Selector | None:
    if value == NO_BASE:
        return None
    selector = _selector(value, ctx)
    if selector.base == "all" or selector.tail is not None:
        raise _ArgProblem(f"'{value}' must select one person (or be 'none')")
    return selector


def _date(value: Any, ctx: _Context) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise _ArgProblem(f"expected a date such as 2026-05-13 (no quotes), found {value!r}")
    return value


def _time(value: Any, ctx: _Context) -> str:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise _ArgProblem(f'expected a time "HH:MM", found {value!r}')
    return value


def _bool(value: Any, ctx: _Context) -> bool:
    if not isinstance(value, bool):
        raise _ArgProblem(f"expected true or false, found {value!r}")
    return value


def _words(*allowed: str) -> _Validator:
    def check(value: Any, ctx: _Context) -> str:
        if value not in allowed:
            raise _ArgProblem(f"{value!r} is not one of: {', '.join(allowed)}")
        return str(value)

    return check


def _enum(enum: Any, *only: Any) -> _Validator:
    members = only or tuple(enum)

    def check(value: Any, ctx: _Context) -> Any:
        for member in members:
            if value == member.value:
                return member
        raise _ArgProblem(f"{value!r} is not one of: {', '.join(m.value for m in members)}")

    return check


def _int_between(low: int, high: int) -> _Validator:
    def check(value: Any, ctx: _Context) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _ArgProblem(f"expected a whole number {low}–{high}, found {value!r}")
        return value

    return check


def _share(value: Any, ctx: _Context) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise _ArgProblem(f"expected a number with 0 < fill ≤ 1, found {value!r}")
    return float(value)


def _month(value: Any, ctx: _Context) -> MonthSpec:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
        return value
    if value in MONTH_WORDS:
        return str(value)
    raise _ArgProblem(f"expected 1–12 or one of {', '.join(MONTH_WORDS)}, found {value!r}")


def _quarter(value: Any, ctx: _Context) -> QuarterSpec:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return value
    if value in QUARTER_WORDS:
        return str(value)
    raise _ArgProblem(f"expected 1–4 or one of {', '.join(QUARTER_WORDS)}, found {value!r}")


def _day(value: Any, ctx: _Context) -> DaySpec:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if value in DAY_ANCHORS:
        return str(value)
    raise _ArgProblem(f"expected a date or one of {', '.join(DAY_ANCHORS)}, found {value!r}")


def _note(group: FeedbackGroup) -> _Validator:
    def check(value: Any, ctx: _Context) -> str:
        sentence = ctx.feedback.sentences.get(value) if isinstance(value, str) else None
        if sentence is None or sentence.group is not group:
            keys = ", ".join(s.key for s in ctx.feedback.group(group))
            raise _ArgProblem(f"{value!r} is not a [[{group.value}]] key of feedback.toml ({keys})")
        return str(value)

    return check


def _free_text(value: Any, ctx: _Context) -> str:
    if not isinstance(value, str):
        raise _ArgProblem(f"expected text, found {value!r}")
    try:
        return validate_text("revision_note", value)
    except ValidationError as exc:
        raise _ArgProblem(exc.render("en")) from None


def _chain_level(value: Any, ctx: _Context) -> VerificationLevel:
    level = _enum(VerificationLevel)(value, ctx)
    if level not in ctx.rules.verification_levels:
        chain = ", ".join(lv.value for lv in ctx.rules.verification_levels)
        raise _ArgProblem(f"'{value}' is not in rules.toml verification_levels ({chain})")
    return level  # type: ignore[no-any-return]


def _levels(value: Any, ctx: _Context) -> tuple[VerificationLevel, ...]:
    chain = ctx.rules.verification_levels
    if value == "all":
        return chain
    if not isinstance(value, list) or not value:
        raise _ArgProblem(f'expected "all" or a non-empty list of levels, found {value!r}')
    chosen = [_chain_level(item, ctx) for item in value]
    if len(set(chosen)) != len(chosen):
        raise _ArgProblem("a level is listed twice")
    return tuple(level for level in chain if level in chosen)


def _unit(value: Any, ctx: _Context) -> str:
    if value == PERSONA_UNIT:
        return PERSONA_UNIT
    if (
        not isinstance(value, str)
        or not ctx.office.is_unit(value)
        or ctx.office.unit(value).simulated_external
    ):
        raise _ArgProblem(f"{value!r} is not a unit of the office (or '{PERSONA_UNIT}')")
    return value


def _record_kinds(value: Any, ctx: _Context) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _ArgProblem(f"expected a non-empty list from {', '.join(RECORD_KINDS)}")
    for item in value:
        if item not in RECORD_KINDS:
            raise _ArgProblem(f"{item!r} is not one of: {', '.join(RECORD_KINDS)}")
    if len(set(value)) != len(value):
        raise _ArgProblem("a kind is listed twice")
    return tuple(value)


# --- the vocabulary ---------------------------------------------------------------------------

_REQUIRED: Final = object()


@dataclass(frozen=True)
class OpSpec:
    """Arguments of one op: name → (validator, raw default | required | ``None`` = absent)."""

    args: Mapping[str, tuple[_Validator, Any]]
    at_least_one_of: tuple[str, ...] = ()
    check: Callable[[dict[str, Any]], str | None] | None = None


def _people_args(**more: tuple[_Validator, Any]) -> dict[str, tuple[_Validator, Any]]:
    return {"who": (_selector, _REQUIRED), "except": (_selectors, []), **more}


def _check_skp_status(args: dict[str, Any]) -> str | None:
    returned = args["status"] is SkpStatus.DIKEMBALIKAN
    if returned and "note_key" not in args:
        return "status DIKEMBALIKAN needs note_key (a [[skp_return]] sentence)"
    if not returned and "note_key" in args:
        return "note_key is only for status DIKEMBALIKAN"
    return None


def _check_generate(args: dict[str, Any]) -> str | None:
    if "evidence" not in args:
        approved = args["status"] is DailyStatus.DISETUJUI
        args["evidence"] = EvidenceCheck.SESUAI if approved else EvidenceCheck.BELUM_DIVERIFIKASI
    frm, to = args["from"], args["to"]
    if isinstance(frm, date) and isinstance(to, date) and to < frm:
        return f"'to' ({to}) is before 'from' ({frm})"
    return None


def _check_simulate(args: dict[str, Any]) -> str | None:
    once = args.get("reviews") == "return_once"
    if once and "note_key" not in args:
        return 'reviews = "return_once" needs note_key (a [[daily_return]] sentence)'
    if not once and "note_key" in args:
        return 'note_key is only for reviews = "return_once"'
    return None


OPS: Final[Mapping[str, OpSpec]] = MappingProxyType(
    {
        "set_clock": OpSpec({"date": (_date, _REQUIRED), "time": (_time, "07:30")}),
        "create_skp": OpSpec(
            _people_args(content=(_words("plan", "empty"), "plan"), start=(_day, "year_start"))
        ),
        "skp_status": OpSpec(
            _people_args(
                status=(_enum(SkpStatus), _REQUIRED),
                note_key=(_note(FeedbackGroup.SKP_RETURN), None),
            ),
            check=_check_skp_status,
        ),
        "clear_intervensi": OpSpec(_people_args()),
        "fill_rencana_aksi": OpSpec(
            _people_args(**{"from": (_month, "year_start"), "through": (_month, "current")})
        ),
        "drop_rencana_aksi": OpSpec(_people_args(month=(_month, _REQUIRED))),
        "generate_entries": OpSpec(
            _people_args(
                **{
                    "from": (_day, _REQUIRED),
                    "to": (_day, _REQUIRED),
                    "status": (
                        _enum(
                            DailyStatus,
                            DailyStatus.DRAFT,
                            DailyStatus.DIKIRIM,
                            DailyStatus.DISETUJUI,
                        ),
                        DailyStatus.DISETUJUI,
                    ),
                    "evidence": (_enum(EvidenceCheck), None),
                    "fill": (_share, 0.9),
                }
            ),
            check=_check_generate,
        ),
        "approve_entries": OpSpec(
            _people_args(to=(_day, "today"), evidence=(_enum(EvidenceCheck), EvidenceCheck.SESUAI))
        ),
        "return_entry": OpSpec(
            _people_args(
                which=(_words("latest_sent", "oldest_sent"), _REQUIRED),
                note_key=(_note(FeedbackGroup.DAILY_RETURN), _REQUIRED),
                note=(_free_text, None),
                evidence=(_enum(EvidenceCheck), None),
            )
        ),
        "submit_recap": OpSpec(_people_args(quarter=(_quarter, _REQUIRED))),
        "verify_recap": OpSpec(
            _people_args(quarter=(_quarter, _REQUIRED), levels=(_levels, "all"))
        ),
        "return_recap": OpSpec(
            _people_args(
                quarter=(_quarter, _REQUIRED),
                level=(_chain_level, _REQUIRED),
                note_key=(_note(FeedbackGroup.RECAP_RETURN), _REQUIRED),
            )
        ),
        "rate": OpSpec(
            _people_args(
                quarter=(_quarter, _REQUIRED),
                hasil=(_enum(Rating), _REQUIRED),
                perilaku=(_enum(Rating), _REQUIRED),
                feedback=(_words("library", "none"), "library"),
            )
        ),
        "unit_result": OpSpec(
            {
                "unit": (_unit, _REQUIRED),
                "quarter": (_quarter, _REQUIRED),
                "result": (_enum(UnitResult), _REQUIRED),
            }
        ),
        "remove_records": OpSpec(_people_args(what=(_record_kinds, _REQUIRED))),
        "set_profile": OpSpec(
            _people_args(supervisor=(_one_person, None), joined=(_date, None)),
            at_least_one_of=("supervisor", "joined"),
        ),
        "simulate": OpSpec(
            _people_args(
                reviews=(_words("approve", "return_once", "never"), None),
                writes_entries=(_bool, None),
                delay_working_days=(_int_between(0, 10), 1),
                note_key=(_note(FeedbackGroup.DAILY_RETURN), None),
            ),
            at_least_one_of=("reviews", "writes_entries"),
            check=_check_simulate,
        ),
    }
)


# --- loading ---------------------------------------------------------------------------------


def load_scenarios(root: Path | None = None) -> Mapping[str, ScenarioData]:
    """Read and validate every ``scenarios/*.toml`` (cached per folder), sorted by name.

    Raises:
        ConfigError: ``error.seed_data`` naming the file and the step at fault.
    """
    return _load_scenarios((root or content_root()).resolve())


def scenario_chain(name: str, root: Path | None = None) -> tuple[ScenarioData, ...]:
    """The scenario and the ones it overlays, root first.

    Raises:
        ConfigError: ``error.unknown_scenario`` with the available ``choices``.
    """
    scenarios = load_scenarios(root)
    if name not in scenarios:
        raise ConfigError("error.unknown_scenario", name=name, choices=", ".join(sorted(scenarios)))
    chain: list[ScenarioData] = []
    current: str | None = name
    while current is not None:
        chain.append(scenarios[current])
        current = scenarios[current].base
    return tuple(reversed(chain))


def scenario_steps(name: str, root: Path | None = None) -> tuple[StepData, ...]:
    """Every step of the chain in the order the seeder applies them."""
    return tuple(step for scenario in scenario_chain(name, root) for step in scenario.steps)


@cache
def _load_scenarios(root: Path) -> Mapping[str, ScenarioData]:
    folder = root / SCENARIOS_DIR
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not files:
        raise seed_error(f"{SCENARIOS_DIR}/", "no scenario files found")
    ctx = _Context(load_office(root), load_feedback(root), load_rules(root))
    scenarios: dict[str, ScenarioData] = {}
    for path in files:
        relative = f"{SCENARIOS_DIR}/{path.name}"
        scenarios[path.stem] = _read_scenario(
            Table(read_toml(root, relative), relative), path.stem, ctx
        )
    if DEFAULT_SCENARIO not in scenarios:
        raise seed_error(f"{SCENARIOS_DIR}/", f"the '{DEFAULT_SCENARIO}' scenario is missing")
    for scenario in scenarios.values():
        _check_chain(scenario, scenarios)
    return MappingProxyType(scenarios)


def _read_scenario(doc: Table, stem: str, ctx: _Context) -> ScenarioData:
    doc.known("name", "title", "description", "base", "steps")
    name = doc.text("name")
    if name != stem:
        raise doc.error(f"'{name}' must equal the file name '{stem}'", "name")
    base = doc.text("base")
    texts: dict[str, dict[str, str]] = {}
    for part in ("title", "description"):
        table = doc.table(part)
        table.known(*LANGUAGES)
        field = "session_name" if part == "title" else "ticket_description"
        texts[part] = {lang: table.text(lang, field=field) for lang in LANGUAGES}
    steps = tuple(
        _read_step(item, stem, index, ctx)
        for index, item in enumerate(doc.tables("steps", min_items=1))
    )
    return ScenarioData(
        name=name,
        title_id=texts["title"]["id"],
        title_en=texts["title"]["en"],
        description_id=texts["description"]["id"],
        description_en=texts["description"]["en"],
        base=None if base == NO_BASE else base,
        steps=steps,
    )


def _read_step(item: Table, scenario: str, index: int, ctx: _Context) -> StepData:
    op = item.text("op")
    spec = OPS.get(op)
    if spec is None:
        raise item.error(f"unknown op '{op}' (known: {', '.join(OPS)})", "op")
    item = item.renamed(f"steps[{index}] (op '{op}')")
    item.known("op", *spec.args)
    args: dict[str, Any] = {}
    for name, (validator, default) in spec.args.items():
        if name in item.data:
            try:
                args[name] = validator(item.data[name], ctx)
            except _ArgProblem as exc:
                raise item.error(str(exc), name) from None
        elif default is _REQUIRED:
            raise item.error("this argument is required", name)
        elif default is not None:
            args[name] = validator(default, ctx)
    if spec.at_least_one_of and not any(name in args for name in spec.at_least_one_of):
        raise item.error(f"needs at least one of: {', '.join(spec.at_least_one_of)}")
    if spec.check is not None:
        problem = spec.check(args)
        if problem is not None:
            raise item.error(problem)
    return StepData(scenario, index, op, MappingProxyType(args))


def _check_chain(scenario: ScenarioData, scenarios: Mapping[str, ScenarioData]) -> None:
    file = f"{SCENARIOS_DIR}/{scenario.name}.toml"
    seen = [scenario.name]
    current = scenario
    while current.base is not None:
        if current.base not in scenarios:
            raise seed_error(
                file,
                f"base scenario '{current.base}' does not exist "
                f"(choices: none, {', '.join(sorted(scenarios))})",
                "base",
            )
        if current.base in seen:
            raise seed_error(file, f"the base chain loops: {' → '.join([*seen, current.base])}")
        seen.append(current.base)
        current = scenarios[current.base]
    if current.steps[0].op != "set_clock":
        raise seed_error(
            f"{SCENARIOS_DIR}/{current.name}.toml",
            'a root scenario (base = "none") must start with op = "set_clock"',
            "steps[0]",
        )
