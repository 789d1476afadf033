"""Regional rules as configuration: defaults, validation, and building from TOML data."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest

from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.domain.rules import AllowanceFormula, RegionalRules
from ekinerja_tutor.domain.statuses import EvidenceMode, VerificationLevel
from tests.domain.msgcheck import assert_error


def test_defaults_are_the_field_study_examples() -> None:
    rules = RegionalRules()
    assert rules.daily_minute_cap == 450
    assert rules.working_weekdays == frozenset({0, 1, 2, 3, 4})
    assert rules.on_time_working_days == 1
    assert rules.lock_after_days == 5
    assert rules.evidence_mode is EvidenceMode.PER_QUARTER
    assert rules.verification_levels == (
        VerificationLevel.KASUBAG_KABID,
        VerificationLevel.SEKRETARIS,
        VerificationLevel.KEPALA_DINAS,
    )
    formula = rules.allowance
    assert (formula.weight_kinerja, formula.weight_attendance, formula.weight_ethics) == (
        0.5,
        0.3,
        0.2,
    )
    assert formula.monthly_minutes_standard == 7260
    assert hash(rules) == hash(RegionalRules())


def test_work_calendar_uses_the_regional_weekdays() -> None:
    rules = RegionalRules(working_weekdays=frozenset({0, 1, 2, 3, 4, 5}))
    cal = rules.work_calendar({dt.date(2026, 8, 17): "HUT RI"})
    assert cal.is_working_day(dt.date(2026, 3, 21))  # Saturday
    assert not cal.is_working_day(dt.date(2026, 8, 17))


@pytest.mark.parametrize(
    ("kwargs", "key", "field"),
    [
        ({"daily_minute_cap": 0}, "rules.out_of_range", "daily_minute_cap"),
        ({"daily_minute_cap": -10}, "rules.out_of_range", "daily_minute_cap"),
        ({"daily_minute_cap": 1441}, "rules.out_of_range", "daily_minute_cap"),
        ({"daily_minute_cap": 450.0}, "rules.wrong_type", "daily_minute_cap"),
        ({"daily_minute_cap": True}, "rules.wrong_type", "daily_minute_cap"),
        ({"working_weekdays": frozenset()}, "rules.no_working_weekdays", "working_weekdays"),
        ({"working_weekdays": frozenset({0, 9})}, "rules.bad_weekday", "working_weekdays"),
        ({"working_weekdays": [0, 1]}, "rules.wrong_type", "working_weekdays"),
        ({"on_time_working_days": -1}, "rules.out_of_range", "on_time_working_days"),
        ({"lock_after_days": -1}, "rules.out_of_range", "lock_after_days"),
        ({"lock_after_days": 400}, "rules.out_of_range", "lock_after_days"),
        ({"evidence_mode": "PER_QUARTER"}, "rules.bad_choice", "evidence_mode"),
        ({"verification_levels": ()}, "rules.no_levels", "verification_levels"),
        (
            {
                "verification_levels": (
                    VerificationLevel.SEKRETARIS,
                    VerificationLevel.SEKRETARIS,
                )
            },
            "rules.duplicate_level",
            "verification_levels",
        ),
        ({"verification_levels": ("SEKRETARIS",)}, "rules.bad_choice", "verification_levels"),
        ({"verification_levels": [VerificationLevel.SEKRETARIS]}, "rules.wrong_type", None),
        ({"allowance": {}}, "rules.wrong_type", "allowance"),
    ],
)
def test_nonsense_rules_are_refused(kwargs: dict[str, Any], key: str, field: str | None) -> None:
    with pytest.raises(ConfigError) as raised:
        RegionalRules(**kwargs)
    assert_error(raised.value, key, field)


@pytest.mark.parametrize(
    ("kwargs", "key", "field"),
    [
        ({"weight_kinerja": 0.6}, "rules.weights_sum", "allowance"),
        (
            {"weight_kinerja": 0.4, "weight_attendance": 0.3, "weight_ethics": 0.2},
            "rules.weights_sum",
            "allowance",
        ),
        ({"weight_kinerja": -0.5, "weight_ethics": 1.2}, "rules.out_of_range", None),
        ({"weight_kinerja": float("nan")}, "rules.out_of_range", "allowance.weight_kinerja"),
        ({"weight_kinerja": "0.5"}, "rules.wrong_type", "allowance.weight_kinerja"),
        ({"monthly_minutes_standard": 0}, "rules.out_of_range", None),
        ({"late_report_penalty_percent": 150.0}, "rules.out_of_range", None),
        ({"base_amount": -1}, "rules.out_of_range", "allowance.base_amount"),
        ({"ethics_cut_per_violation_percent": -1.0}, "rules.out_of_range", None),
    ],
)
def test_nonsense_allowance_is_refused(kwargs: dict[str, Any], key: str, field: str | None) -> None:
    with pytest.raises(ConfigError) as raised:
        AllowanceFormula(**kwargs)
    assert_error(raised.value, key, field)


def test_weights_may_be_off_by_rounding() -> None:
    formula = AllowanceFormula(
        weight_kinerja=0.3334, weight_attendance=0.3333, weight_ethics=0.3333
    )
    assert formula.weight_kinerja == 0.3334


TOML = """
daily_minute_cap = 420
working_weekdays = [0, 1, 2, 3, 4, 5]
on_time_working_days = 2
lock_after_days = 10
evidence_mode = "PER_ENTRY"
verification_levels = ["KASUBAG_KABID", "KEPALA_DINAS"]

[allowance]
weight_kinerja = 0.6
weight_attendance = 0.2
weight_ethics = 0.2
monthly_minutes_standard = 6600
late_report_penalty_percent = 10
base_amount = 3500000
"""


def test_from_mapping_reads_a_toml_table() -> None:
    rules = RegionalRules.from_mapping(tomllib.loads(TOML))
    assert rules.daily_minute_cap == 420
    assert rules.working_weekdays == frozenset(range(6))
    assert rules.on_time_working_days == 2
    assert rules.lock_after_days == 10
    assert rules.evidence_mode is EvidenceMode.PER_ENTRY
    assert rules.verification_levels == (
        VerificationLevel.KASUBAG_KABID,
        VerificationLevel.KEPALA_DINAS,
    )
    assert rules.allowance.weight_kinerja == 0.6
    assert rules.allowance.late_report_penalty_percent == 10.0
    assert rules.allowance.base_amount == 3_500_000
    assert rules.allowance.ethics_cut_per_violation_percent == 25.0  # default kept


def test_from_mapping_of_nothing_is_the_defaults() -> None:
    assert RegionalRules.from_mapping({}) == RegionalRules()


@pytest.mark.parametrize(
    ("data", "key", "field"),
    [
        ({"daily_minute_kap": 450}, "rules.unknown_key", "daily_minute_kap"),
        ({"daily_minute_cap": "450"}, "rules.wrong_type", "daily_minute_cap"),
        ({"daily_minute_cap": 2000}, "rules.out_of_range", "daily_minute_cap"),
        ({"working_weekdays": "0-4"}, "rules.wrong_type", "working_weekdays"),
        ({"working_weekdays": [0, "Senin"]}, "rules.bad_weekday", "working_weekdays"),
        ({"working_weekdays": []}, "rules.no_working_weekdays", "working_weekdays"),
        ({"evidence_mode": "PER_MONTH"}, "rules.bad_choice", "evidence_mode"),
        ({"verification_levels": "SEKRETARIS"}, "rules.wrong_type", "verification_levels"),
        (
            {"verification_levels": ["KASUBAG_KABID", "BUPATI"]},
            "rules.bad_choice",
            "verification_levels[1]",
        ),
        (
            {"verification_levels": ["SEKRETARIS", "SEKRETARIS"]},
            "rules.duplicate_level",
            "verification_levels",
        ),
        ({"verification_levels": []}, "rules.no_levels", "verification_levels"),
        ({"allowance": 5}, "rules.wrong_type", "allowance"),
        ({"allowance": {"weight_kinerj": 0.5}}, "rules.unknown_key", "allowance.weight_kinerj"),
        ({"allowance": {"base_amount": 1.5}}, "rules.wrong_type", "allowance.base_amount"),
        ({"allowance": {"weight_ethics": True}}, "rules.wrong_type", "allowance.weight_ethics"),
        ({"allowance": {"weight_kinerja": 0.9}}, "rules.weights_sum", "allowance"),
    ],
)
def test_from_mapping_names_the_bad_key(data: dict[str, Any], key: str, field: str) -> None:
    with pytest.raises(ConfigError) as raised:
        RegionalRules.from_mapping(data)
    error = assert_error(raised.value, key, field)
    assert field.split("[", maxsplit=1)[0] in error.render("en")


def test_from_mapping_refuses_a_non_table() -> None:
    with pytest.raises(ConfigError) as raised:
        RegionalRules.from_mapping([1, 2])  # type: ignore[arg-type]
    assert_error(raised.value, "rules.wrong_type", "rules")
