"""Authenticator codes: RFC 6238 vectors, pasting, tolerance window, replay, phone codes."""

from __future__ import annotations

import base64
import datetime as dt

import pyotp
import pytest

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.totp import (
    CODE_MALFORMED,
    CODE_USED,
    CODE_WRONG,
    DEFAULT_ISSUER,
    STEP_SECONDS,
    current_code,
    format_secret,
    new_secret,
    normalise_code,
    provisioning_uri,
    step_at,
    verify_code,
)
from tests.domain.msgcheck import assert_error

# RFC 6238 appendix B: the seeds are ASCII strings, base32-encoded for the otpauth format.
SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
RFC_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
SECRET = base64.b32encode(SEEDS["sha1"]).decode()
NOW = dt.datetime(2026, 11, 27, 2, 0, 10, tzinfo=dt.UTC)  # 10 s into a step


def at(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def code_at(moment: dt.datetime, secret: str = SECRET) -> str:
    return current_code(secret, moment).code


@pytest.mark.parametrize(("seconds", "sha1", "sha256", "sha512"), RFC_VECTORS)
def test_rfc6238_vectors(seconds: int, sha1: str, sha256: str, sha512: str) -> None:
    for digest, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        secret = base64.b32encode(SEEDS[digest]).decode()
        match = verify_code(secret, expected, at(seconds), None, digits=8, digest=digest)
        assert match.step == seconds // 30
        assert not match.was_previous_step


def test_rfc6238_vector_refused_a_minute_later() -> None:
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, "14050471", at(1111111111 + 60), None, digits=8)
    assert caught.value.key == CODE_WRONG


@pytest.mark.parametrize(
    "typed",
    ["123456", " 123456 ", "123 456", "123-456", "12 34 56", "１２３４５６", "123\u200b456\n"],
)
def test_pasted_or_spaced_codes_are_normalised(typed: str) -> None:
    assert normalise_code(typed) == "123456"


def test_pasted_code_with_spaces_is_accepted() -> None:
    code = code_at(NOW)
    pasted = f" {code[:3]} {code[3:]}\n"
    assert verify_code(SECRET, pasted, NOW, None).step == step_at(NOW)


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "12a456", "12345six"])
def test_malformed_code_says_six_digits_with_an_example(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, typed, NOW, None)
    error = assert_error(caught.value, CODE_MALFORMED, "code")
    assert error.params == {"digits": 6}
    assert "123456" in error.render("id") and "6" in error.render("en")


def test_wrong_code_explains_phone_clock_and_30_seconds() -> None:
    wrong = "000000" if code_at(NOW) != "000000" else "111111"
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, wrong, NOW, None)
    error = assert_error(caught.value, CODE_WRONG, "code")
    for lang in ("id", "en"):
        text = error.render(lang)
        assert "Invalid Authenticator Code" in text
        assert str(STEP_SECONDS) in text


def test_the_three_failures_have_distinct_messages() -> None:
    texts = set()
    for key in (CODE_MALFORMED, CODE_WRONG, CODE_USED):
        texts.add(ValidationError(key, digits=6, seconds=30).render("en"))
    assert len(texts) == 3


def test_replay_of_the_same_step_is_refused() -> None:
    code = code_at(NOW)
    step = verify_code(SECRET, code, NOW, None).step
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, code, NOW, step)
    error = assert_error(caught.value, CODE_USED, "code")
    assert "30" in error.render("id")  # wait for the next code
    # a later code still works
    later = NOW + dt.timedelta(seconds=STEP_SECONDS)
    assert verify_code(SECRET, code_at(later), later, step).step == step + 1


def test_previous_step_is_accepted_and_flagged() -> None:
    previous = code_at(NOW - dt.timedelta(seconds=STEP_SECONDS))
    match = verify_code(SECRET, previous, NOW, None)
    assert match.step == step_at(NOW) - 1
    assert match.was_previous_step


def test_previous_step_is_refused_once_a_newer_step_was_used() -> None:
    previous = code_at(NOW - dt.timedelta(seconds=STEP_SECONDS))
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, previous, NOW, step_at(NOW))
    assert caught.value.key == CODE_USED


def test_two_steps_back_is_refused() -> None:
    old = code_at(NOW - dt.timedelta(seconds=2 * STEP_SECONDS))
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, old, NOW, None)
    assert caught.value.key == CODE_WRONG


def test_next_step_is_refused_by_default_and_allowed_on_request() -> None:
    """Our choice: a phone running ahead is refused (the lesson's clock failure)."""
    ahead = code_at(NOW + dt.timedelta(seconds=STEP_SECONDS))
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, ahead, NOW, None)
    assert caught.value.key == CODE_WRONG
    match = verify_code(SECRET, ahead, NOW, None, look_ahead=1)
    assert match.step == step_at(NOW) + 1 and not match.was_previous_step


def test_phone_code_counts_down_and_follows_clock_drift() -> None:
    shown = current_code(SECRET, NOW)
    assert shown.seconds_left == 20  # NOW is 10 s into its step
    assert len(shown.code) == 6 and shown.code.isdigit()
    assert verify_code(SECRET, shown.code, NOW, None).step == step_at(NOW)
    drifted = current_code(SECRET, NOW, offset_seconds=5 * 60)
    assert drifted.code == code_at(NOW + dt.timedelta(minutes=5))
    with pytest.raises(ValidationError) as caught:
        verify_code(SECRET, drifted.code, NOW, None)
    assert caught.value.key == CODE_WRONG
    assert current_code(SECRET, NOW, offset_seconds=-15).seconds_left == 5


def test_provisioning_uri_names_issuer_and_account() -> None:
    secret = new_secret()
    uri = provisioning_uri(secret, "199210152021012006")
    assert uri.startswith("otpauth://totp/")
    parsed = pyotp.parse_uri(uri)
    assert isinstance(parsed, pyotp.TOTP)
    assert parsed.secret == secret
    assert parsed.issuer == DEFAULT_ISSUER == "e-Kinerja Tutor (Latihan)"
    assert parsed.name == "199210152021012006"
    assert parsed.digits == 6 and parsed.interval == 30


def test_new_secrets_are_random_160_bit_base32() -> None:
    secrets = {new_secret() for _ in range(50)}
    assert len(secrets) == 50
    for secret in secrets:
        assert len(base64.b32decode(secret)) == 20
    assert format_secret("ABCDEFGHIJKL") == "ABCD EFGH IJKL"


def test_naive_datetimes_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        verify_code(SECRET, "123456", dt.datetime(2026, 1, 1), None)
