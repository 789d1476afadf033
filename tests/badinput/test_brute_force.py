"""Guessing passwords or authenticator codes ends in a lockout, and the lockout holds."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.errors import LockedError, TutorError
from ekinerja_tutor.domain.passwords import MAX_FAILED_ATTEMPTS
from ekinerja_tutor.domain.totp import current_code, new_secret
from ekinerja_tutor.persistence.models import Account
from ekinerja_tutor.services.auth import AuthService
from tests.badinput.helpers import assert_clear
from tests.ui.workspace.conftest import WsWorld

NIP = "197205142008011009"
PASSWORD = "Latihan#2026a"


def _guess_passwords(auth: AuthService, tries: int) -> list[TutorError]:
    errors: list[TutorError] = []
    for n in range(tries):
        try:
            auth.login_password(NIP, f"Tebakan#{n:04d}x")
        except TutorError as error:
            errors.append(error)
    return errors


def test_password_guessing_locks_the_account(ws: WsWorld) -> None:
    auth = AuthService(ws.services.ctx)
    errors = _guess_passwords(auth, MAX_FAILED_ATTEMPTS + 20)
    assert len(errors) == MAX_FAILED_ATTEMPTS + 20  # no guess got in
    assert isinstance(errors[MAX_FAILED_ATTEMPTS - 1], LockedError)
    assert all(isinstance(e, LockedError) for e in errors[MAX_FAILED_ATTEMPTS:])
    for error in errors:
        assert_clear(error)
    with pytest.raises(LockedError):  # the right password does not open a locked account
        auth.login_password(NIP, PASSWORD)
    ws.clock.advance(hours=2)
    auth.login_password(NIP, PASSWORD)  # the lockout ends; the owner gets in


def test_code_guessing_locks_the_account(ws: WsWorld) -> None:
    secret = new_secret()
    with ws.services.ctx.db.write() as session:  # as after the first sign-in and activation
        account = session.get(Account, ws.seeded.account_id)
        assert account is not None
        account.must_change_password = False
        account.totp_secret = secret
    auth = AuthService(ws.services.ctx)
    step = auth.login_password(NIP, PASSWORD)
    right = current_code(secret, ws.clock.now()).code
    errors: list[TutorError] = []
    for n in range(MAX_FAILED_ATTEMPTS + 10):
        guess = f"{(n * 7919) % 1_000_000:06d}"
        if guess == right:
            continue
        try:
            auth.verify_otp(step.account_id, guess)
        except TutorError as error:
            errors.append(error)
    assert any(isinstance(e, LockedError) for e in errors)
    for refusal in errors:
        assert_clear(refusal)
    with pytest.raises(TutorError):  # even the right code is refused while locked
        auth.verify_otp(step.account_id, right)
