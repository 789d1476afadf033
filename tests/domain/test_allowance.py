"""The TPP allowance — a regional example formula — and its plain-words explanation."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.allowance import (
    AllowanceInputs,
    LocalNumber,
    compute_allowance,
    local_number,
)
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.rules import AllowanceFormula
from ekinerja_tutor.i18n import Msg
from tests.domain.msgcheck import assert_error, assert_msg

FORMULA = AllowanceFormula()


def inputs(**changes: int) -> AllowanceInputs:
    values = {
        "approved_minutes": 7260,
        "on_time_entries": 22,
        "total_entries": 22,
        "days_present": 22,
        "working_days": 22,
        "discipline_violations": 0,
    }
    values.update(changes)
    return AllowanceInputs(**values)


def test_a_perfect_month_earns_the_full_amount() -> None:
    result = compute_allowance(inputs(), FORMULA)
    assert result.kinerja_percent == 100
    assert result.attendance_percent == 100
    assert result.ethics_percent == 100
    assert result.late_penalty_percent == 0
    assert result.total_percent == pytest.approx(100)
    assert result.amount == 2_000_000


def test_the_example_month() -> None:
    result = compute_allowance(
        inputs(approved_minutes=6900, days_present=21, discipline_violations=1), FORMULA
    )
    assert result.kinerja_percent == pytest.approx(6900 / 7260 * 100)
    assert result.attendance_percent == pytest.approx(21 / 22 * 100)
    assert result.ethics_percent == 75
    expected = 0.5 * (6900 / 72.6) + 0.3 * (2100 / 22) + 0.2 * 75
    assert result.total_percent == pytest.approx(expected)
    assert result.amount == round(2_000_000 * expected / 100)
    text = [m.render("en") for m in result.explanations]
    assert "example" in text[0]
    assert text[1].startswith("Approved work minutes 6,900 of the standard 7,260 → 95%")
    text_id = [m.render("id") for m in result.explanations]
    assert text_id[1].startswith("Menit kerja yang disetujui 6.900 dari standar 7.260 → 95%")
    assert result.amount == 1_823_140
    assert text_id[-1] == "Total 91,2% × Rp2.000.000 = Rp1.823.140."
    assert text[-1] == "Total 91.2% × Rp2,000,000 = Rp1,823,140."


def test_work_above_the_standard_is_capped() -> None:
    assert compute_allowance(inputs(approved_minutes=9000), FORMULA).kinerja_percent == 100


def test_only_approved_minutes_count() -> None:
    nothing_approved = compute_allowance(inputs(approved_minutes=0), FORMULA)
    assert nothing_approved.kinerja_percent == 0
    assert nothing_approved.total_percent == pytest.approx(50)
    assert nothing_approved.amount == 1_000_000


def test_a_late_month_is_cut() -> None:
    result = compute_allowance(inputs(on_time_entries=20), FORMULA)
    assert result.late_penalty_percent == 5
    assert result.total_percent == pytest.approx(95)
    assert result.amount == 1_900_000
    late = result.explanations[4]
    assert late.key == "allowance.explain.late"
    assert (
        late.render("en")
        == "Reports sent late: 2 of 22 → the total is cut by 5.0 percentage points."
    )


def test_the_total_never_goes_below_zero() -> None:
    harsh = AllowanceFormula(late_report_penalty_percent=100.0)
    result = compute_allowance(
        inputs(approved_minutes=0, days_present=0, discipline_violations=9, on_time_entries=0),
        harsh,
    )
    assert result.ethics_percent == 0
    assert result.total_percent == 0
    assert result.amount == 0


def test_no_working_days_means_full_attendance() -> None:
    assert (
        compute_allowance(inputs(working_days=0, days_present=0), FORMULA).attendance_percent == 100
    )


def test_regional_weights() -> None:
    formula = AllowanceFormula(
        weight_kinerja=0.6, weight_attendance=0.4, weight_ethics=0.0, base_amount=1_000_000
    )
    result = compute_allowance(inputs(days_present=11), formula)
    assert result.total_percent == pytest.approx(80)
    assert result.amount == 800_000


@pytest.mark.parametrize(
    ("changes", "key", "field"),
    [
        ({"approved_minutes": -1}, "allowance.negative_input", "approved_minutes"),
        ({"days_present": -2}, "allowance.negative_input", "days_present"),
        ({"on_time_entries": 23}, "allowance.on_time_exceeds_total", "on_time_entries"),
    ],
)
def test_impossible_inputs_are_refused(changes: dict[str, int], key: str, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        inputs(**changes)
    assert_error(raised.value, key, field)


def test_every_explanation_is_translatable() -> None:
    for result in (
        compute_allowance(inputs(), FORMULA),
        compute_allowance(inputs(on_time_entries=0), FORMULA),
    ):
        assert len(result.explanations) == 6
        for msg in result.explanations:
            check(msg)


def check(msg: Msg) -> None:
    """Like assert_msg, but a LocalNumber renders itself rather than through its catalog text."""
    plain = {
        k: Msg("allowance.number", {"value": v.params["value"]})
        if isinstance(v, LocalNumber)
        else v
        for k, v in msg.params.items()
    }
    assert_msg(Msg(msg.key, plain))


@pytest.mark.parametrize(
    ("value", "decimals", "id_text", "en_text"),
    [
        (7260, 0, "7.260", "7,260"),
        (2_000_000, 0, "2.000.000", "2,000,000"),
        (95.04, 0, "95", "95"),
        (90.75, 1, "90,8", "90.8"),
        (1234.5, 2, "1.234,50", "1,234.50"),
        (0, 0, "0", "0"),
    ],
)
def test_numbers_follow_the_readers_convention(
    value: float, decimals: int, id_text: str, en_text: str
) -> None:
    number = local_number(value, decimals)
    assert number.render("id") == id_text
    assert number.render("en") == en_text
    assert (
        Msg("allowance.explain.total", {"percent": number, "base": 1, "amount": 2})
        .render("id")
        .startswith(f"Total {id_text}%")
    )
