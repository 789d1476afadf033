"""Regional rules as configuration: minute caps, deadlines, locks, verification chain, TPP.

None of these are national rules; regencies set them by their own regulations (GLOSSARY.md,
"regional"). The defaults are the examples from the field study. Nonsense values raise
:class:`ConfigError` naming the bad key, so a broken settings file is caught at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.domain.statuses import EvidenceMode, VerificationLevel
from ekinerja_tutor.i18n import Msg

_WEIGHT_TOLERANCE = 0.001


@dataclass(frozen=True)
class AllowanceFormula:
    """A regional example of a TPP (performance allowance) formula, paid per month.

    Attributes:
        weight_kinerja: share of the work component (approved work minutes).
        weight_attendance: share of the attendance component.
        weight_ethics: share of the ethics/discipline component. The three weights sum to 1.
        monthly_minutes_standard: approved work minutes that earn the full work component
            (7,260 = 5.5 hours × 22 days).
        late_report_penalty_percent: percentage points cut from the month's total when at
            least one entry of that month was sent late (a "late-sent month").
        base_amount: rupiah paid at 100 %, per month.
        ethics_cut_per_violation_percent: ethics points lost per discipline violation.
    """

    weight_kinerja: float = 0.5
    weight_attendance: float = 0.3
    weight_ethics: float = 0.2
    monthly_minutes_standard: int = 7260
    late_report_penalty_percent: float = 5.0
    base_amount: int = 2_000_000
    ethics_cut_per_violation_percent: float = 25.0

    def __post_init__(self) -> None:
        for name in ("weight_kinerja", "weight_attendance", "weight_ethics"):
            _check_number(f"allowance.{name}", getattr(self, name), 0.0, 1.0)
        total = self.weight_kinerja + self.weight_attendance + self.weight_ethics
        if abs(total - 1.0) > _WEIGHT_TOLERANCE:
            raise ConfigError(
                "rules.weights_sum", field="allowance", key="allowance", total=round(total, 3)
            )
        _check_int("allowance.monthly_minutes_standard", self.monthly_minutes_standard, 1, 44_640)
        _check_number(
            "allowance.late_report_penalty_percent", self.late_report_penalty_percent, 0.0, 100.0
        )
        _check_int("allowance.base_amount", self.base_amount, 0, 10**12)
        _check_number(
            "allowance.ethics_cut_per_violation_percent",
            self.ethics_cut_per_violation_percent,
            0.0,
            100.0,
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> AllowanceFormula:
        """Build from a plain table (``[allowance]`` in TOML); unknown keys are refused."""
        kwargs = _convert(cls, data, _ALLOWANCE_CONVERTERS, prefix="allowance.")
        return cls(**kwargs)


def _default_levels() -> tuple[VerificationLevel, ...]:
    return (
        VerificationLevel.KASUBAG_KABID,
        VerificationLevel.SEKRETARIS,
        VerificationLevel.KEPALA_DINAS,
    )


@dataclass(frozen=True)
class RegionalRules:
    """One region's rules for daily progress, deadlines, evidence and verification.

    Attributes:
        daily_minute_cap: most minutes of daily progress per working day (450 = 7.5 hours).
        working_weekdays: weekdays that are working days, Monday = 0.
        on_time_working_days: an entry is on time when sent by the end of this many working
            days after its date (1: Friday's entry is on time until Monday evening).
        lock_after_days: a month's entries can be changed until this many calendar days after
            the month ends; after that an admin must unlock the month.
        evidence_mode: one evidence folder per quarter, or a link on every entry.
        verification_levels: the quarterly recap chain, lowest level first.
        allowance: the regional TPP example formula.
    """

    daily_minute_cap: int = 450
    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    on_time_working_days: int = 1
    lock_after_days: int = 5
    evidence_mode: EvidenceMode = EvidenceMode.PER_QUARTER
    verification_levels: tuple[VerificationLevel, ...] = field(default_factory=_default_levels)
    allowance: AllowanceFormula = field(default_factory=AllowanceFormula)

    def __post_init__(self) -> None:
        _check_int("daily_minute_cap", self.daily_minute_cap, 1, 1440)
        _check_weekdays("working_weekdays", self.working_weekdays)
        _check_int("on_time_working_days", self.on_time_working_days, 0, 30)
        _check_int("lock_after_days", self.lock_after_days, 0, 366)
        if not isinstance(self.evidence_mode, EvidenceMode):
            raise _choice_error("evidence_mode", self.evidence_mode, EvidenceMode)
        _check_levels("verification_levels", self.verification_levels)
        if not isinstance(self.allowance, AllowanceFormula):
            raise _type_error("allowance", self.allowance, "rules.type.table")

    def work_calendar(self, holidays: Mapping[date, str]) -> WorkCalendar:
        """A calendar with these working weekdays and the given holidays."""
        return WorkCalendar(holidays=holidays, working_weekdays=self.working_weekdays)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RegionalRules:
        """Build from a plain dict as parsed from TOML; keys are the field names.

        ``working_weekdays`` is a list of ints, ``verification_levels`` a list of level names
        (e.g. ``["KASUBAG_KABID", "KEPALA_DINAS"]``), ``allowance`` a nested table. Missing keys
        keep their defaults; unknown keys and wrong types raise :class:`ConfigError` naming the key.
        """
        if not isinstance(data, Mapping):
            raise _type_error("rules", data, "rules.type.table")
        return cls(**_convert(cls, data, _RULES_CONVERTERS, prefix=""))


# --- checks ---------------------------------------------------------------------------------


def _type_error(key: str, value: Any, expected_key: str) -> ConfigError:
    return ConfigError(
        "rules.wrong_type", field=key, key=key, value=repr(value), expected=Msg(expected_key)
    )


def _range_error(key: str, value: Any, minimum: Any, maximum: Any) -> ConfigError:
    return ConfigError(
        "rules.out_of_range", field=key, key=key, value=value, minimum=minimum, maximum=maximum
    )


def _choice_error(key: str, value: Any, choices: Any) -> ConfigError:
    names = ", ".join(member.value for member in choices)
    return ConfigError("rules.bad_choice", field=key, key=key, value=repr(value), choices=names)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_int(key: str, value: Any, minimum: int, maximum: int) -> None:
    if not _is_int(value):
        raise _type_error(key, value, "rules.type.whole_number")
    if not minimum <= value <= maximum:
        raise _range_error(key, value, minimum, maximum)


def _check_number(key: str, value: Any, minimum: float, maximum: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _type_error(key, value, "rules.type.number")
    if not math.isfinite(value) or not minimum <= value <= maximum:
        raise _range_error(key, value, minimum, maximum)


def _check_weekdays(key: str, value: Any) -> None:
    if not isinstance(value, frozenset):
        raise _type_error(key, value, "rules.type.weekdays")
    if not value:
        raise ConfigError("rules.no_working_weekdays", field=key, key=key)
    for day in sorted(value, key=repr):
        if not _is_int(day) or not 0 <= day <= 6:
            raise ConfigError("rules.bad_weekday", field=key, key=key, value=repr(day))


def _check_levels(key: str, value: Any) -> None:
    if not isinstance(value, tuple):
        raise _type_error(key, value, "rules.type.level_list")
    if not value:
        raise ConfigError("rules.no_levels", field=key, key=key)
    seen: set[VerificationLevel] = set()
    for level in value:
        if not isinstance(level, VerificationLevel):
            raise _choice_error(key, level, VerificationLevel)
        if level in seen:
            raise ConfigError("rules.duplicate_level", field=key, key=key, level=level.value)
        seen.add(level)


# --- conversion from plain data ---------------------------------------------------------------

_Converter = Callable[[str, Any], Any]


def _to_int(key: str, value: Any) -> int:
    if not _is_int(value):
        raise _type_error(key, value, "rules.type.whole_number")
    return int(value)


def _to_float(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _type_error(key, value, "rules.type.number")
    return float(value)


def _to_weekdays(key: str, value: Any) -> frozenset[int]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise _type_error(key, value, "rules.type.weekdays")
    for day in value:
        if not _is_int(day) or not 0 <= day <= 6:
            raise ConfigError("rules.bad_weekday", field=key, key=key, value=repr(day))
    return frozenset(value)


def _to_evidence_mode(key: str, value: Any) -> EvidenceMode:
    try:
        return EvidenceMode(value)
    except ValueError:
        raise _choice_error(key, value, EvidenceMode) from None


def _to_levels(key: str, value: Any) -> tuple[VerificationLevel, ...]:
    if not isinstance(value, list | tuple):
        raise _type_error(key, value, "rules.type.level_list")
    levels: list[VerificationLevel] = []
    for index, item in enumerate(value):
        try:
            levels.append(VerificationLevel(item))
        except ValueError:
            raise _choice_error(f"{key}[{index}]", item, VerificationLevel) from None
    return tuple(levels)


def _to_allowance(key: str, value: Any) -> AllowanceFormula:
    if not isinstance(value, Mapping):
        raise _type_error(key, value, "rules.type.table")
    return AllowanceFormula.from_mapping(value)


_RULES_CONVERTERS: dict[str, _Converter] = {
    "daily_minute_cap": _to_int,
    "working_weekdays": _to_weekdays,
    "on_time_working_days": _to_int,
    "lock_after_days": _to_int,
    "evidence_mode": _to_evidence_mode,
    "verification_levels": _to_levels,
    "allowance": _to_allowance,
}

_ALLOWANCE_CONVERTERS: dict[str, _Converter] = {
    "weight_kinerja": _to_float,
    "weight_attendance": _to_float,
    "weight_ethics": _to_float,
    "monthly_minutes_standard": _to_int,
    "late_report_penalty_percent": _to_float,
    "base_amount": _to_int,
    "ethics_cut_per_violation_percent": _to_float,
}


def _convert(
    cls: type, data: Mapping[str, Any], converters: Mapping[str, _Converter], prefix: str
) -> dict[str, Any]:
    known = [f.name for f in fields(cls)]
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        if name not in converters:
            raise ConfigError(
                "rules.unknown_key",
                field=f"{prefix}{name}",
                key=f"{prefix}{name}",
                known=", ".join(known),
            )
        kwargs[name] = converters[name](f"{prefix}{name}", value)
    return kwargs
