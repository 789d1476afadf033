"""Password policy, one-time passwords and the lockout schedule (the real e-Kinerja's rules).

The policy is the real system's: at least 12 characters with an upper-case letter, a
lower-case letter, a digit and a symbol. Wrong passwords and wrong authenticator codes share
one counter: after :data:`MAX_FAILED_ATTEMPTS` the account locks, each time for longer
(:func:`lockout_delay`). Hashing is not here: argon2 lives in ``services.auth``.
"""

from __future__ import annotations

import datetime as dt
import secrets

from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.i18n import Msg

MIN_LENGTH = 12
MAX_LENGTH = 128
"""Longer passwords are refused so hashing cost stays bounded (same limit as the form field)."""

MAX_FAILED_ATTEMPTS = 5
"""Wrong passwords or codes in a row before the account locks."""

LOCKOUT_STEPS_MIN: tuple[int, ...] = (1, 5, 15, 60)
"""Minutes locked at the first, second, third and fourth lockout; then doubling."""

MAX_LOCKOUT = dt.timedelta(hours=24)

# Letters and digits that cannot be mistaken for one another when read aloud or on paper.
_OTP_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_OTP_LOWER = "abcdefghijkmnpqrstuvwxyz"
_OTP_DIGITS = "23456789"


def message_lines(messages: list[Msg]) -> Msg:
    """Several messages as one, a line each, built from catalog keys (both languages)."""
    combined = messages[-1]
    for message in reversed(messages[:-1]):
        combined = Msg("auth.message_lines", {"first": message, "rest": combined})
    return combined


class PasswordPolicyError(ValidationError):
    """The new password breaks one or more rules; ``problems`` lists each one (a checklist)."""

    def __init__(self, problems: list[Msg], *, field: str = "password") -> None:
        super().__init__(
            "auth.password_policy",
            field=field,
            problems=message_lines(problems),
            minimum=MIN_LENGTH,
        )
        self.problems = problems


def _is_symbol(char: str) -> bool:
    return not char.isalnum() and not char.isspace()


def password_problems(password: str, *, username: str | None = None) -> list[Msg]:
    """One message per unmet rule, in the order a person fixes them; empty when it is fine.

    Args:
        password: the proposed password, exactly as typed.
        username: when given, a password that contains the login name is refused too.
    """
    problems: list[Msg] = []
    length = len(password)
    if length < MIN_LENGTH:
        problems.append(Msg("auth.password_too_short", {"minimum": MIN_LENGTH, "length": length}))
    if length > MAX_LENGTH:
        problems.append(Msg("auth.password_too_long", {"maximum": MAX_LENGTH, "length": length}))
    if not any(char.isupper() for char in password):
        problems.append(Msg("auth.password_no_upper"))
    if not any(char.islower() for char in password):
        problems.append(Msg("auth.password_no_lower"))
    if not any(char.isdigit() for char in password):
        problems.append(Msg("auth.password_no_digit"))
    if not any(_is_symbol(char) for char in password):
        problems.append(Msg("auth.password_no_symbol"))
    if password != password.strip():
        problems.append(Msg("auth.password_edge_space"))
    if username and len(username) >= 3 and username.casefold() in password.casefold():
        problems.append(Msg("auth.password_has_username"))
    return problems


def check_password_policy(password: str, *, username: str | None = None) -> None:
    """Raise :class:`PasswordPolicyError` (field ``password``) listing every unmet rule."""
    problems = password_problems(password, username=username)
    if problems:
        raise PasswordPolicyError(problems)


def new_one_time_password() -> str:
    """A random password that meets the policy and is easy to read out: ``Kd7m-Rx4p-Hw9t``.

    Three groups of four letters and digits joined by dashes (the dash is the symbol); no
    characters that look alike (0/O, 1/l/I).
    """
    alphabet = _OTP_UPPER + _OTP_LOWER + _OTP_DIGITS
    while True:
        groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)]
        candidate = "-".join(groups)
        if not password_problems(candidate):
            return candidate


RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 8
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_recovery_code() -> str:
    """A single-use recovery code for staff, shown as ``ABCD-EFGH`` (about 40 random bits)."""
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_recovery_code(text: str) -> str:
    """The code as stored: upper case, spaces and dashes dropped; ``"abcd efgh"`` → ``ABCDEFGH``.

    Raises:
        ValidationError: (field ``recovery_code``) when it is not eight letters and digits.
    """
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-‐‑–—_.")
    if len(cleaned) != RECOVERY_CODE_LENGTH or not (cleaned.isascii() and cleaned.isalnum()):
        raise ValidationError(
            "auth.recovery_malformed", field="recovery_code", length=RECOVERY_CODE_LENGTH
        )
    return cleaned


def attempts_left(failed_attempts: int) -> int:
    """Wrong tries still allowed before the account locks."""
    return max(MAX_FAILED_ATTEMPTS - failed_attempts, 0)


def lockout_delay(lockouts: int) -> dt.timedelta:
    """How long the ``lockouts``-th lockout lasts (1 = the first): 1, 5, 15, 60 min, then doubling.

    Capped at :data:`MAX_LOCKOUT`; an admin can always unlock earlier.
    """
    if lockouts <= 0:
        return dt.timedelta(0)
    if lockouts <= len(LOCKOUT_STEPS_MIN):
        return dt.timedelta(minutes=LOCKOUT_STEPS_MIN[lockouts - 1])
    doublings = lockouts - len(LOCKOUT_STEPS_MIN)
    if doublings > 10:
        return MAX_LOCKOUT
    delay = dt.timedelta(minutes=LOCKOUT_STEPS_MIN[-1] * 2**doublings)
    return min(delay, MAX_LOCKOUT)


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and locked_until > now
