"""Authenticator codes (TOTP, RFC 6238): 30-second steps, 6 digits, replay protection.

Tolerance: the code of the current step and of the **previous** step are accepted (a code
typed just after it changed still works, as ACCESSIBILITY.md item 6 asks). The next step's
code is **not** accepted by default: a phone whose clock runs ahead is a real failure the
lessons teach ("Invalid Authenticator Code"), and accepting future codes only widens what a
guesser can hit. Both windows are parameters of :func:`verify_code`.

Replay: a step that was already used to sign in (``last_used_step``) and every step before it
are refused, so a code works once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import pyotp

from ekinerja_tutor.domain.errors import ValidationError

STEP_SECONDS = 30
DIGITS = 6
DEFAULT_ISSUER = "e-Kinerja Tutor (Latihan)"
CODE_FIELD = "code"

# Catalog keys of the distinct failures; services use them to decide what counts as a guess.
CODE_MALFORMED = "auth.code_malformed"
CODE_WRONG = "auth.code_wrong"
CODE_USED = "auth.code_used"

_DIGESTS: dict[str, Callable[..., Any]] = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha512": hashlib.sha512,
}
_DASHES = frozenset("-‐‑‒–—―_.·")


@dataclass(frozen=True)
class TotpMatch:
    """A code that was accepted.

    Attributes:
        step: the 30-second step the code belongs to (store it as the last used step).
        was_previous_step: the code had just changed; the UI can say "next time type the
            newest code" without refusing it.
    """

    step: int
    was_previous_step: bool = False


class PhoneCode(NamedTuple):
    """What an authenticator app shows: the code and the seconds before it changes."""

    code: str
    seconds_left: int


def new_secret() -> str:
    """A fresh random base32 secret of 160 bits (32 characters), as authenticator apps expect."""
    return pyotp.random_base32()


def format_secret(secret: str) -> str:
    """The secret in groups of four for typing into an app by hand: ``ABCD EFGH ...``."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise_code(text: str) -> str:
    """The digits of a typed or pasted code: ``" 123 456 "``, ``"123-456"`` → ``"123456"``.

    Width variants (full-width digits) become ASCII digits; spaces, dashes, dots and invisible
    formatting characters (zero-width space, byte-order mark) are dropped. Anything else is
    kept, so a letter still makes the code malformed rather than silently vanishing.
    """
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        if char.isspace() or char in _DASHES or unicodedata.category(char) == "Cf":
            continue
        kept.append(char)
    return "".join(kept)


def _totp(secret: str, *, digits: int = DIGITS, digest: str = "sha1") -> pyotp.TOTP:
    try:
        hash_fn = _DIGESTS[digest]
    except KeyError:
        raise ValueError(f"unsupported TOTP digest {digest!r}") from None
    return pyotp.TOTP(secret, digits=digits, digest=hash_fn, interval=STEP_SECONDS)


def _timestamp(now: dt.datetime) -> int:
    if now.tzinfo is None:
        raise ValueError("TOTP needs an aware datetime")
    return int(now.timestamp())


def step_at(now: dt.datetime) -> int:
    """The 30-second step number of an instant."""
    return _timestamp(now) // STEP_SECONDS


def verify_code(
    secret: str,
    code: str,
    now: dt.datetime,
    last_used_step: int | None,
    *,
    digits: int = DIGITS,
    digest: str = "sha1",
    look_back: int = 1,
    look_ahead: int = 0,
) -> TotpMatch:
    """Check a typed code at ``now``; return the step it matched.

    Args:
        secret: the base32 secret shared with the authenticator.
        code: the code as typed or pasted (normalised here).
        now: the real time, timezone-aware.
        last_used_step: the step of the last accepted code, or None; it and earlier steps are
            refused (replay).
        digits: code length (6 for e-Kinerja; 8 for the RFC 6238 test vectors).
        digest: ``"sha1"`` (the authenticator-app default), ``"sha256"`` or ``"sha512"``.
        look_back: earlier steps accepted (1: the code that just changed still works).
        look_ahead: later steps accepted (0: a phone clock running ahead is refused).

    Raises:
        ValidationError: ``auth.code_malformed`` (not ``digits`` digits),
            ``auth.code_wrong`` (no step in the window matches: wrong, expired or a phone clock
            that is off), ``auth.code_used`` (the matching step was already used).
    """
    cleaned = normalise_code(code)
    if len(cleaned) != digits or not (cleaned.isascii() and cleaned.isdigit()):
        raise ValidationError(CODE_MALFORMED, field=CODE_FIELD, digits=digits)
    totp = _totp(secret, digits=digits, digest=digest)
    current = step_at(now)
    # Current step first, then back in time, then ahead: the first match wins.
    order = [current]
    order += [current - i for i in range(1, look_back + 1)]
    order += [current + i for i in range(1, look_ahead + 1)]
    for step in order:
        if step < 0:
            continue
        if hmac.compare_digest(cleaned, totp.generate_otp(step)):
            if last_used_step is not None and step <= last_used_step:
                raise ValidationError(CODE_USED, field=CODE_FIELD)
            return TotpMatch(step=step, was_previous_step=step < current)
    raise ValidationError(CODE_WRONG, field=CODE_FIELD, seconds=STEP_SECONDS)


def current_code(secret: str, now: dt.datetime, offset_seconds: int = 0) -> PhoneCode:
    """The code an authenticator shows at ``now`` when its clock is ``offset_seconds`` off.

    A positive offset is a phone clock running ahead; negative, behind.
    """
    phone_time = _timestamp(now) + offset_seconds
    step = max(phone_time, 0) // STEP_SECONDS
    code = _totp(secret).generate_otp(step)
    seconds_left = STEP_SECONDS - (max(phone_time, 0) % STEP_SECONDS)
    return PhoneCode(code, seconds_left)


def provisioning_uri(secret: str, account_name: str, issuer: str = DEFAULT_ISSUER) -> str:
    """The ``otpauth://totp/...`` address an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=account_name, issuer_name=issuer)
