"""TPP (performance allowance) for one month — a REGIONAL EXAMPLE, not a national rule.

Regencies pay TPP by their own regulations; this module computes the example formula in
:class:`~ekinerja_tutor.domain.rules.AllowanceFormula` so learners see why late or unapproved
work costs money. Every explanation it returns says it is an example.

    work %       = min(100, approved minutes / monthly standard × 100)   approved entries only
    attendance % = min(100, days present / working days × 100)            100 if no working days
    ethics %     = max(0, 100 − violations × cut per violation)
    total %      = max(0, Σ weight × component − late penalty)            if any entry was late
    amount       = base amount × total % / 100, rounded to the rupiah
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.rules import AllowanceFormula
from ekinerja_tutor.i18n import DEFAULT_LANGUAGE, Msg


@dataclass(frozen=True)
class LocalNumber(Msg):
    """A number shown in the reader's convention: 7.260 and 95,5 in Indonesian, 7,260 and 95.5
    in English. Pass it as a message parameter.

    ``params["value"]`` holds the number; ``decimals`` the digits after the decimal mark.
    """

    decimals: int = 0

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        text = f"{self.params['value']:,.{self.decimals}f}"
        if lang == "id":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text


def local_number(value: float, decimals: int = 0) -> LocalNumber:
    return LocalNumber("allowance.number", {"value": value}, decimals=decimals)


@dataclass(frozen=True)
class AllowanceInputs:
    """One person's month, from verified records. ``approved_minutes`` counts approved entries only.

    Attributes:
        on_time_entries: entries of the month sent on time (see ``daily.is_on_time``).
        total_entries: entries of the month that were sent.
    """

    approved_minutes: int
    on_time_entries: int
    total_entries: int
    days_present: int
    working_days: int
    discipline_violations: int = 0

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if value < 0:
                raise ValidationError(
                    "allowance.negative_input", field=item.name, name=item.name, value=value
                )
        if self.on_time_entries > self.total_entries:
            raise ValidationError(
                "allowance.on_time_exceeds_total",
                field="on_time_entries",
                on_time=self.on_time_entries,
                total=self.total_entries,
            )


@dataclass(frozen=True)
class AllowanceResult:
    """Percentages are 0–100; ``amount`` is whole rupiah."""

    kinerja_percent: float
    attendance_percent: float
    ethics_percent: float
    late_penalty_percent: float
    total_percent: float
    amount: int
    explanations: tuple[Msg, ...]


def compute_allowance(inputs: AllowanceInputs, formula: AllowanceFormula) -> AllowanceResult:
    """Compute the example TPP for one month, with a plain-words line per component."""
    kinerja = min(100.0, inputs.approved_minutes * 100 / formula.monthly_minutes_standard)
    if inputs.working_days == 0:
        attendance = 100.0
    else:
        attendance = min(100.0, inputs.days_present * 100 / inputs.working_days)
    ethics = max(
        0.0, 100.0 - inputs.discipline_violations * formula.ethics_cut_per_violation_percent
    )
    late = inputs.total_entries - inputs.on_time_entries
    penalty = formula.late_report_penalty_percent if late > 0 else 0.0
    weighted = (
        formula.weight_kinerja * kinerja
        + formula.weight_attendance * attendance
        + formula.weight_ethics * ethics
    )
    total = max(0.0, weighted - penalty)
    amount = int(formula.base_amount * total / 100 + 0.5)

    def pct(value: float) -> LocalNumber:
        return local_number(value, 0)

    explanations = [
        Msg("allowance.explain.example"),
        Msg(
            "allowance.explain.kinerja",
            {
                "approved": local_number(inputs.approved_minutes),
                "standard": local_number(formula.monthly_minutes_standard),
                "percent": pct(kinerja),
                "weight": pct(formula.weight_kinerja * 100),
            },
        ),
        Msg(
            "allowance.explain.attendance",
            {
                "present": inputs.days_present,
                "working": inputs.working_days,
                "percent": pct(attendance),
                "weight": pct(formula.weight_attendance * 100),
            },
        ),
        Msg(
            "allowance.explain.ethics",
            {
                "violations": inputs.discipline_violations,
                "percent": pct(ethics),
                "weight": pct(formula.weight_ethics * 100),
            },
        ),
        Msg(
            "allowance.explain.late",
            {
                "late": late,
                "total": inputs.total_entries,
                "penalty": local_number(formula.late_report_penalty_percent, 1),
            },
        )
        if late > 0
        else Msg("allowance.explain.on_time"),
        Msg(
            "allowance.explain.total",
            {
                "percent": local_number(total, 1),
                "base": local_number(formula.base_amount),
                "amount": local_number(amount),
            },
        ),
    ]
    return AllowanceResult(
        kinerja_percent=kinerja,
        attendance_percent=attendance,
        ethics_percent=ethics,
        late_penalty_percent=penalty,
        total_percent=total,
        amount=amount,
        explanations=tuple(explanations),
    )
