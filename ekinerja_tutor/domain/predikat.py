"""Assessment: the predikat matrix, unit-head rating, distribution guidance, and PP 46/2011.

Predikat matrix (PermenPANRB 6/2022; rows hasil kerja, columns perilaku kerja)::

    hasil ↓ / perilaku →   Di Bawah           Sesuai            Di Atas
    Di Atas                Kurang/Misconduct  Baik              Sangat Baik
    Sesuai                 Kurang/Misconduct  Baik              Baik
    Di Bawah               Sangat Kurang      Butuh Perbaikan   Butuh Perbaikan
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.statuses import Predikat, Rating, UnitResult
from ekinerja_tutor.i18n import Msg

PREDIKAT_MATRIX: Mapping[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}

#: Best first.
PREDIKAT_ORDER: tuple[Predikat, ...] = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)


def rating_label(rating: Rating) -> Msg:
    return Msg(f"predikat.rating.{rating.value}")


def predikat_label(value: Predikat) -> Msg:
    return Msg(f"predikat.label.{value.value}")


def unit_result_label(result: UnitResult) -> Msg:
    return Msg(f"predikat.unit.{result.value}")


def predikat(hasil: Rating, perilaku: Rating) -> Predikat:
    """The predikat from rating hasil kerja and rating perilaku kerja."""
    return PREDIKAT_MATRIX[(hasil, perilaku)]


def head_rating_from_unit(result: UnitResult) -> Rating:
    """A unit head's rating hasil kerja is the unit's own result."""
    if result is UnitResult.ISTIMEWA:
        return Rating.DI_ATAS
    if result is UnitResult.BAIK:
        return Rating.SESUAI
    return Rating.DI_BAWAH


def explain_predikat(hasil: Rating, perilaku: Rating) -> Msg:
    """E.g. "Hasil kerja Sesuai Ekspektasi dan perilaku Di Atas Ekspektasi → Baik"."""
    return Msg(
        "predikat.explain",
        {
            "hasil": rating_label(hasil),
            "perilaku": rating_label(perilaku),
            "predikat": predikat_label(predikat(hasil, perilaku)),
        },
    )


# --- distribution guidance ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShareRule:
    """A bound on the share of staff whose predikat is in ``predikats``.

    Attributes:
        label_key: catalog key naming the group, e.g. "Baik or better".
        at_least: lowest expected share, 0–1 (0 = no lower bound).
        at_most: highest expected share, 0–1 (1 = no upper bound).
    """

    predikats: frozenset[Predikat]
    label_key: str
    at_least: float = 0.0
    at_most: float = 1.0


@dataclass(frozen=True)
class DistributionGuidance:
    """How a unit's own result should show in its staff's predikat; guidance, never a block."""

    unit: UnitResult
    rules: tuple[ShareRule, ...]
    summary: Msg


_SB = frozenset({Predikat.SANGAT_BAIK})
_BAIK_OR_BETTER = frozenset({Predikat.SANGAT_BAIK, Predikat.BAIK})
_BELOW_BAIK = frozenset({Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG})
_KURANG_OR_WORSE = frozenset({Predikat.KURANG, Predikat.SANGAT_KURANG})
_SK = frozenset({Predikat.SANGAT_KURANG})

_G_SB = "predikat.group.sangat_baik"
_G_BAIK_OR_BETTER = "predikat.group.baik_or_better"
_G_BELOW_BAIK = "predikat.group.below_baik"
_G_KURANG_OR_WORSE = "predikat.group.kurang_or_worse"
_G_SK = "predikat.group.sangat_kurang"

#: Default guidance per unit result. Derived from the glossary's examples (unit Baik: at most
#: 70 % Baik or better and some below; unit Sangat Kurang: at least 60 % Sangat Kurang, none
#: Sangat Baik) and graded in between. A region may pass its own table to :func:`guidance_for`.
DEFAULT_DISTRIBUTION: Mapping[UnitResult, tuple[ShareRule, ...]] = {
    UnitResult.ISTIMEWA: (ShareRule(_BELOW_BAIK, _G_BELOW_BAIK, at_most=0.2),),
    UnitResult.BAIK: (
        ShareRule(_BAIK_OR_BETTER, _G_BAIK_OR_BETTER, at_most=0.7),
        ShareRule(_SB, _G_SB, at_most=0.2),
        ShareRule(_BELOW_BAIK, _G_BELOW_BAIK, at_least=0.05),
    ),
    UnitResult.BUTUH_PERBAIKAN: (
        ShareRule(_BAIK_OR_BETTER, _G_BAIK_OR_BETTER, at_most=0.5),
        ShareRule(_SB, _G_SB, at_most=0.1),
        ShareRule(_BELOW_BAIK, _G_BELOW_BAIK, at_least=0.5),
    ),
    UnitResult.KURANG: (
        ShareRule(_BAIK_OR_BETTER, _G_BAIK_OR_BETTER, at_most=0.3),
        ShareRule(_SB, _G_SB, at_most=0.0),
        ShareRule(_KURANG_OR_WORSE, _G_KURANG_OR_WORSE, at_least=0.3),
    ),
    UnitResult.SANGAT_KURANG: (
        ShareRule(_SK, _G_SK, at_least=0.6),
        ShareRule(_SB, _G_SB, at_most=0.0),
        ShareRule(_BAIK_OR_BETTER, _G_BAIK_OR_BETTER, at_most=0.1),
    ),
}


def guidance_for(
    unit: UnitResult, table: Mapping[UnitResult, tuple[ShareRule, ...]] = DEFAULT_DISTRIBUTION
) -> DistributionGuidance:
    return DistributionGuidance(
        unit=unit, rules=table[unit], summary=Msg(f"predikat.guidance.{unit.value}")
    )


def check_distribution(
    unit: UnitResult,
    predikats: Sequence[Predikat],
    table: Mapping[UnitResult, tuple[ShareRule, ...]] = DEFAULT_DISTRIBUTION,
) -> list[Msg]:
    """Warnings where the staff predikat stray from the unit's guidance; never raises."""
    total = len(predikats)
    if total == 0:
        return []
    warnings: list[Msg] = []
    for rule in guidance_for(unit, table).rules:
        count = sum(1 for value in predikats if value in rule.predikats)
        share = count / total
        params = {
            "group": Msg(rule.label_key),
            "unit": unit_result_label(unit),
            "count": count,
            "total": total,
        }
        if share > rule.at_most + 1e-9:
            limit = math.floor(rule.at_most * total + 1e-9)
            warnings.append(
                Msg(
                    "predikat.distribution.too_many",
                    {**params, "percent": round(rule.at_most * 100), "limit": limit},
                )
            )
        if share < rule.at_least - 1e-9:
            needed = math.ceil(rule.at_least * total - 1e-9)
            warnings.append(
                Msg(
                    "predikat.distribution.too_few",
                    {**params, "percent": round(rule.at_least * 100), "needed": needed},
                )
            )
    return warnings


# --- the older model, PP 46/2011 ---------------------------------------------------------------

#: Bands of PP 46/2011, as stable codes (translated with :func:`band_pp46_label`).
PP46_BANDS: tuple[tuple[float, str], ...] = (
    (91.0, "SANGAT_BAIK"),
    (76.0, "BAIK"),
    (61.0, "CUKUP"),
    (51.0, "KURANG"),
)


def capaian_pp46(
    kuantitas: float, kualitas: float, waktu: float, biaya: float | None = None
) -> float:
    """Capaian SKP (PP 46/2011): the mean of the aspect scores given (biaya is optional)."""
    scores = {"kuantitas": kuantitas, "kualitas": kualitas, "waktu": waktu}
    if biaya is not None:
        scores["biaya"] = biaya
    for name, score in scores.items():
        if not math.isfinite(score) or score < 0:
            raise ValidationError("predikat.pp46_score_invalid", field=name, value=score)
    return sum(scores.values()) / len(scores)


def prestasi_kerja(nilai_skp: float, nilai_perilaku: float) -> float:
    """Nilai prestasi kerja (PP 46/2011): 60 % SKP + 40 % perilaku."""
    for name, score in (("nilai_skp", nilai_skp), ("nilai_perilaku", nilai_perilaku)):
        if not math.isfinite(score) or score < 0:
            raise ValidationError("predikat.pp46_score_invalid", field=name, value=score)
    return 0.6 * nilai_skp + 0.4 * nilai_perilaku


def band_pp46(score: float) -> str:
    """The PP 46/2011 band code: ≥ 91 SANGAT_BAIK, ≥ 76 BAIK, ≥ 61 CUKUP, ≥ 51 KURANG, else BURUK.

    Scores between the printed bands (90.5) fall to the lower band, as the official tables
    read "91 ke atas" and "76–90".
    """
    for threshold, band in PP46_BANDS:
        if score >= threshold:
            return band
    return "BURUK"


def band_pp46_label(band: str) -> Msg:
    return Msg(f"predikat.pp46.{band}")
