"""The real password policy, one-time passwords, recovery codes and the lockout schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from ekinerja_tutor.domain import passwords
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.passwords import (
    MAX_FAILED_ATTEMPTS,
    PasswordPolicyError,
    attempts_left,
    check_password_policy,
    lockout_delay,
    new_one_time_password,
    new_recovery_code,
    normalise_recovery_code,
    password_problems,
)
from tests.domain.msgcheck import assert_error, assert_msg

GOOD = "Kopi#Pagi2026"


def keys(password: str, **kwargs: str) -> list[str]:
    return [problem.key for problem in password_problems(password, **kwargs)]


def test_a_password_meeting_every_rule_passes() -> None:
    assert password_problems(GOOD) == []
    check_password_policy(GOOD)
    check_password_policy("Latihan#2026a")  # the published practice passwords pass too


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Kopi#Pagi26", "auth.password_too_short"),  # 11 characters
        ("kopi#pagi2026", "auth.password_no_upper"),
        ("KOPI#PAGI2026", "auth.password_no_lower"),
        ("Kopi#Pagi#Sore", "auth.password_no_digit"),
        ("KopiPagi20260", "auth.password_no_symbol"),
        (" Kopi#Pagi2026", "auth.password_edge_space"),
        ("K" + "a1#" * 43, "auth.password_too_long"),
    ],
)
def test_one_message_per_unmet_part(password: str, expected: str) -> None:
    assert keys(password) == [expected]
    for problem in password_problems(password):
        assert_msg(problem)


def test_every_unmet_part_is_listed_in_order() -> None:
    assert keys("abc") == [
        "auth.password_too_short",
        "auth.password_no_upper",
        "auth.password_no_digit",
        "auth.password_no_symbol",
    ]
    too_short = password_problems("abc")[0]
    assert too_short.params == {"minimum": 12, "length": 3}


def test_policy_error_lists_each_problem_on_its_own_line() -> None:
    with pytest.raises(PasswordPolicyError) as caught:
        check_password_policy("abcdefgh")
    error = assert_error(caught.value, "auth.password_policy", "password")
    assert isinstance(error, ValidationError)
    assert [p.key for p in caught.value.problems] == [
        "auth.password_too_short",
        "auth.password_no_upper",
        "auth.password_no_digit",
        "auth.password_no_symbol",
    ]
    for lang in ("id", "en"):
        text = error.render(lang)
        for problem in caught.value.problems:
            assert problem.render(lang) in text.splitlines()
    assert "Kopi#Pagi2026" in error.render("id")  # an example of a good password


def test_password_containing_the_username_is_refused() -> None:
    assert keys("Darto#2026abc", username="darto") == ["auth.password_has_username"]
    assert keys("Darto#2026abc", username="ani") == []


def test_one_time_passwords_meet_the_policy_and_are_readable() -> None:
    seen = {new_one_time_password() for _ in range(200)}
    assert len(seen) == 200
    for password in seen:
        assert password_problems(password) == []
        assert len(password) == 14 and password.count("-") == 2
        assert not set(password) & set("0O1lI")


def test_recovery_codes_are_normalised_and_checked() -> None:
    code = new_recovery_code()
    assert len(code) == 9 and code[4] == "-"
    assert normalise_recovery_code(code.lower().replace("-", " ")) == code.replace("-", "")
    assert normalise_recovery_code(" abcd-ef23 ") == "ABCDEF23"
    for bad in ("ABC-DEF", "ABCD-EF2!", "ABCDEFGH1"):
        with pytest.raises(ValidationError) as caught:
            normalise_recovery_code(bad)
        assert_error(caught.value, "auth.recovery_malformed", "recovery_code")


def test_lockout_delay_grows_then_caps() -> None:
    minutes = [lockout_delay(n) / dt.timedelta(minutes=1) for n in range(1, 8)]
    assert minutes[:4] == [1, 5, 15, 60]
    assert minutes == sorted(minutes) and len(set(minutes)) == len(minutes)
    assert lockout_delay(0) == dt.timedelta(0)
    assert lockout_delay(50) == passwords.MAX_LOCKOUT


def test_attempts_left_counts_down_to_zero() -> None:
    assert MAX_FAILED_ATTEMPTS == 5
    assert [attempts_left(n) for n in range(7)] == [5, 4, 3, 2, 1, 0, 0]
