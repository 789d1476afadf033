"""The predikat matrix, unit-head rating, distribution guidance and the PP 46/2011 model."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.predikat import (
    DEFAULT_DISTRIBUTION,
    PREDIKAT_ORDER,
    ShareRule,
    band_pp46,
    band_pp46_label,
    capaian_pp46,
    check_distribution,
    explain_predikat,
    guidance_for,
    head_rating_from_unit,
    predikat,
    predikat_label,
    prestasi_kerja,
    rating_label,
    unit_result_label,
)
from ekinerja_tutor.domain.statuses import Predikat, Rating, UnitResult
from tests.domain.msgcheck import assert_error, assert_msg

P = Predikat
R = Rating
U = UnitResult

MATRIX = [
    (R.DI_ATAS, R.DI_BAWAH, P.KURANG),
    (R.DI_ATAS, R.SESUAI, P.BAIK),
    (R.DI_ATAS, R.DI_ATAS, P.SANGAT_BAIK),
    (R.SESUAI, R.DI_BAWAH, P.KURANG),
    (R.SESUAI, R.SESUAI, P.BAIK),
    (R.SESUAI, R.DI_ATAS, P.BAIK),
    (R.DI_BAWAH, R.DI_BAWAH, P.SANGAT_KURANG),
    (R.DI_BAWAH, R.SESUAI, P.BUTUH_PERBAIKAN),
    (R.DI_BAWAH, R.DI_ATAS, P.BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), MATRIX)
def test_all_nine_cells(hasil: Rating, perilaku: Rating, expected: Predikat) -> None:
    assert predikat(hasil, perilaku) is expected


def test_the_matrix_is_complete() -> None:
    assert len({(h, p) for h, p, _ in MATRIX}) == 9


@pytest.mark.parametrize(
    ("unit", "rating"),
    [
        (U.ISTIMEWA, R.DI_ATAS),
        (U.BAIK, R.SESUAI),
        (U.BUTUH_PERBAIKAN, R.DI_BAWAH),
        (U.KURANG, R.DI_BAWAH),
        (U.SANGAT_KURANG, R.DI_BAWAH),
    ],
)
def test_unit_head_rating_comes_from_the_unit(unit: UnitResult, rating: Rating) -> None:
    assert head_rating_from_unit(unit) is rating


def test_a_head_of_an_istimewa_unit_with_good_behaviour_is_sangat_baik() -> None:
    assert predikat(head_rating_from_unit(U.ISTIMEWA), R.DI_ATAS) is P.SANGAT_BAIK
    assert predikat(head_rating_from_unit(U.KURANG), R.DI_ATAS) is P.BUTUH_PERBAIKAN


def test_explanation_in_plain_words() -> None:
    msg = explain_predikat(R.SESUAI, R.DI_ATAS)
    assert_msg(msg)
    assert (
        msg.render("id") == "Hasil kerja Sesuai Ekspektasi dan perilaku Di Atas Ekspektasi → Baik"
    )
    assert msg.render("en").endswith("→ Good (Baik)")
    for hasil, perilaku, _ in MATRIX:
        assert_msg(explain_predikat(hasil, perilaku))


def test_labels() -> None:
    for rating in R:
        assert_msg(rating_label(rating))
    for value in P:
        assert_msg(predikat_label(value))
    for unit in U:
        assert_msg(unit_result_label(unit))
    assert predikat_label(P.KURANG).render("id") == "Kurang/Misconduct"
    assert PREDIKAT_ORDER[0] is P.SANGAT_BAIK and set(PREDIKAT_ORDER) == set(P)


# --- distribution guidance ---------------------------------------------------------------------


def test_guidance_exists_for_every_unit_result() -> None:
    for unit in U:
        guidance = guidance_for(unit)
        assert guidance.unit is unit
        assert guidance.rules
        assert_msg(guidance.summary)
        for rule in guidance.rules:
            assert 0 <= rule.at_least <= rule.at_most <= 1
            assert_msg_key(rule.label_key)


def assert_msg_key(key: str) -> None:
    from ekinerja_tutor.i18n import Msg

    assert_msg(Msg(key))


def warnings(unit: UnitResult, predikats: list[Predikat]) -> list[tuple[str, str]]:
    found = check_distribution(unit, predikats)
    for msg in found:
        assert_msg(msg)
    return [(m.key.rsplit(".", 1)[1], m.params["group"].key.rsplit(".", 1)[1]) for m in found]


def test_empty_team_has_no_warnings() -> None:
    for unit in U:
        assert check_distribution(unit, []) == []


def test_baik_unit_guidance() -> None:
    balanced = [P.SANGAT_BAIK, P.BAIK, P.BAIK, P.BAIK, P.BAIK, P.BAIK, P.BAIK,
                P.BUTUH_PERBAIKAN, P.BUTUH_PERBAIKAN, P.KURANG]  # fmt: skip
    assert warnings(U.BAIK, balanced) == []
    all_good = [P.BAIK] * 10
    assert warnings(U.BAIK, all_good) == [
        ("too_many", "baik_or_better"),
        ("too_few", "below_baik"),
    ]
    stars = [P.SANGAT_BAIK] * 3 + [P.BAIK] * 3 + [P.BUTUH_PERBAIKAN] * 4
    assert warnings(U.BAIK, stars) == [("too_many", "sangat_baik")]


def test_baik_unit_warning_text_gives_numbers() -> None:
    (msg, *_rest) = check_distribution(U.BAIK, [P.BAIK] * 10)
    assert msg.params["count"] == 10 and msg.params["total"] == 10
    assert msg.params["percent"] == 70 and msg.params["limit"] == 7
    assert "70%" in msg.render("id") and "bukan larangan" in msg.render("id")


def test_sangat_kurang_unit_guidance() -> None:
    ok = [P.SANGAT_KURANG] * 6 + [P.KURANG] * 3 + [P.BAIK]
    assert warnings(U.SANGAT_KURANG, ok) == []
    bad = [P.SANGAT_BAIK] + [P.SANGAT_KURANG] * 5 + [P.BUTUH_PERBAIKAN] * 4
    assert warnings(U.SANGAT_KURANG, bad) == [
        ("too_few", "sangat_kurang"),
        ("too_many", "sangat_baik"),
    ]
    (too_few,) = [m for m in check_distribution(U.SANGAT_KURANG, bad) if "few" in m.key]
    assert too_few.params["needed"] == 6


def test_istimewa_unit_allows_many_sangat_baik() -> None:
    assert warnings(U.ISTIMEWA, [P.SANGAT_BAIK] * 9 + [P.BAIK]) == []
    assert warnings(U.ISTIMEWA, [P.SANGAT_BAIK] * 2 + [P.KURANG] * 2) == [
        ("too_many", "below_baik")
    ]


def test_kurang_and_butuh_perbaikan_units() -> None:
    assert warnings(U.KURANG, [P.BAIK] * 3 + [P.BUTUH_PERBAIKAN] * 4 + [P.KURANG] * 3) == []
    assert warnings(U.KURANG, [P.SANGAT_BAIK] + [P.KURANG] * 3) == [("too_many", "sangat_baik")]
    assert warnings(U.BUTUH_PERBAIKAN, [P.BAIK] * 5 + [P.BUTUH_PERBAIKAN] * 5) == []
    assert warnings(U.BUTUH_PERBAIKAN, [P.BAIK] * 6 + [P.BUTUH_PERBAIKAN] * 4) == [
        ("too_many", "baik_or_better"),
        ("too_few", "below_baik"),
    ]


def test_the_guidance_table_is_configurable() -> None:
    table = dict(DEFAULT_DISTRIBUTION)
    table[U.BAIK] = (ShareRule(frozenset({P.BAIK}), "predikat.group.baik_or_better", at_most=1.0),)
    assert check_distribution(U.BAIK, [P.BAIK] * 10, table) == []


# --- PP 46/2011 --------------------------------------------------------------------------------


def test_capaian_is_the_mean_of_given_aspects() -> None:
    assert capaian_pp46(90, 80, 70) == pytest.approx(80.0)
    assert capaian_pp46(90, 80, 70, 60) == pytest.approx(75.0)
    assert capaian_pp46(100, 100, 100, None) == 100.0


def test_prestasi_kerja_is_60_40() -> None:
    assert prestasi_kerja(80, 90) == pytest.approx(84.0)
    assert prestasi_kerja(100, 0) == pytest.approx(60.0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: capaian_pp46(-1, 80, 70),
        lambda: capaian_pp46(90, float("nan"), 70),
        lambda: capaian_pp46(90, 80, 70, -5),
        lambda: prestasi_kerja(-1, 80),
        lambda: prestasi_kerja(80, float("inf")),
    ],
)
def test_invalid_scores_are_refused(call: object) -> None:
    with pytest.raises(ValidationError) as raised:
        call()  # type: ignore[operator]
    assert_error(raised.value, "predikat.pp46_score_invalid")


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, "SANGAT_BAIK"),
        (110, "SANGAT_BAIK"),
        (91, "SANGAT_BAIK"),
        (90.99, "BAIK"),
        (90, "BAIK"),
        (76, "BAIK"),
        (75.5, "CUKUP"),
        (61, "CUKUP"),
        (60, "KURANG"),
        (51, "KURANG"),
        (50.5, "BURUK"),
        (50, "BURUK"),
        (0, "BURUK"),
    ],
)
def test_pp46_bands(score: float, band: str) -> None:
    assert band_pp46(score) == band
    assert_msg(band_pp46_label(band))
