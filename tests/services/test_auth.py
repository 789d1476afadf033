"""Signing in like the real e-Kinerja: password, forced change, activation, codes, lockouts."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import PIL.Image
import pytest
import segno
import zxingcpp
from argon2 import PasswordHasher
from sqlalchemy import select

from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.errors import (
    InvalidTransition,
    LockedError,
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.passwords import PasswordPolicyError
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.domain.totp import CODE_MALFORMED, CODE_USED, current_code, new_secret
from ekinerja_tutor.persistence.models import Account, AccountRole, AuditEvent
from ekinerja_tutor.persistence.models.accounts import RecoveryCode
from ekinerja_tutor.services.auth import QR_BLOCKS, AuthService, NextStep, as_utc
from ekinerja_tutor.services.context import ServiceContext
from tests.conftest import FIXED_NOW
from tests.domain.msgcheck import assert_error

PASSWORD = "Kopi#Pagi2026"
NEW_PASSWORD = "Teh#Sore2026x"
NIP = "199210152021012006"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def auth(ctx: ServiceContext) -> AuthService:
    return AuthService(ctx, hasher=CHEAP)


def clock(ctx: ServiceContext) -> FixedClock:
    assert isinstance(ctx.clock, FixedClock)
    return ctx.clock


def add_account(
    ctx: ServiceContext,
    username: str = "ani",
    *,
    roles: tuple[Role, ...] = (Role.LEARNER,),
    must_change: bool = False,
    secret: str | None = None,
    practice_phone: bool = False,
    nip: str | None = NIP,
    device_name: str | None = None,
) -> int:
    with ctx.db.write() as session:
        account = Account(
            username=username,
            nip=nip,
            display_name=username.title(),
            password_hash=CHEAP.hash(PASSWORD),
            must_change_password=must_change,
            totp_secret=secret,
            totp_practice_phone=practice_phone,
            totp_device_name=device_name or ("Ponsel latihan" if secret else None),
            created_at=FIXED_NOW,
        )
        account.roles = [AccountRole(role=role) for role in roles]
        session.add(account)
        session.flush()
        return account.id


def account_row(ctx: ServiceContext, account_id: int) -> Account:
    with ctx.db.read() as session:
        account = session.get(Account, account_id)
        assert account is not None
        return account


def code_now(ctx: ServiceContext, secret: str, offset: int = 0) -> str:
    return current_code(secret, ctx.now(), offset).code


def wrong_code(ctx: ServiceContext, secret: str) -> str:
    right = code_now(ctx, secret)
    return "000000" if right != "000000" else "111111"


def signed_in_with_otp(
    auth: AuthService, ctx: ServiceContext, account_id: int, secret: str
) -> None:
    auth.login_password("ani", PASSWORD)
    auth.verify_otp(account_id, code_now(ctx, secret))


# -- the password step -------------------------------------------------------------------------


def test_next_step_follows_the_account_state(auth: AuthService, ctx: ServiceContext) -> None:
    add_account(ctx, "darto", must_change=True, nip=None)
    add_account(ctx, "ani", nip=NIP)
    add_account(ctx, "rizky", secret=new_secret(), nip=None, device_name="HP Rizky")
    assert auth.login_password("darto", PASSWORD).next is NextStep.CHANGE_PASSWORD
    assert auth.login_password("ani", PASSWORD).next is NextStep.ENROL
    step = auth.login_password("rizky", PASSWORD)
    assert step.next is NextStep.OTP
    assert step.device_name == "HP Rizky"
    assert step.recovery_codes_left == 0


def test_login_by_nip_with_spaces_or_any_case_username(
    auth: AuthService, ctx: ServiceContext
) -> None:
    account_id = add_account(ctx, "ani")
    assert auth.login_password("19921015 202101 2 006", PASSWORD).account_id == account_id
    assert auth.login_password(" ANI ", PASSWORD).account_id == account_id


def test_warm_up_and_logins_with_control_characters_work_on_both_engines(
    any_ctx: ServiceContext,
) -> None:
    """The login screen runs the sign-in's reads once before anyone signs in. PostgreSQL
    refuses NUL in text, so neither that run nor a login holding a control character may send
    one: the warm-up passes quietly and such a login is simply unknown, on either engine."""
    auth = AuthService(any_ctx, hasher=CHEAP)
    ani = add_account(any_ctx, "ani")
    auth.warm_up()
    for login in ("an\x00i", "ani\x07", "a\ud800ni"):
        with pytest.raises(ValidationError) as caught:
            auth.login_password(login, PASSWORD)
        assert_error(caught.value, "auth.unknown_login", "username")
    assert auth.login_password("ani", PASSWORD).account_id == ani


def test_unknown_login_and_empty_fields_say_which_field(
    auth: AuthService, ctx: ServiceContext
) -> None:
    add_account(ctx)
    with pytest.raises(ValidationError) as caught:
        auth.login_password("budi", PASSWORD)
    assert_error(caught.value, "auth.unknown_login", "username")
    with pytest.raises(ValidationError) as caught:
        auth.login_password("  ", PASSWORD)
    assert_error(caught.value, "auth.login_required", "username")
    with pytest.raises(ValidationError) as caught:
        auth.login_password("ani", "")
    assert_error(caught.value, "auth.password_required", "password")


def test_wrong_password_says_how_many_attempts_remain(
    auth: AuthService, ctx: ServiceContext
) -> None:
    account_id = add_account(ctx)
    for left in (4, 3):
        with pytest.raises(ValidationError) as caught:
            auth.login_password("ani", "Salah#Sandi2026")
        error = assert_error(caught.value, "auth.password_wrong", "password")
        assert error.params["left"] == left
        assert str(left) in error.render("id")
    assert account_row(ctx, account_id).failed_attempts == 2


def test_five_wrong_passwords_lock_until_a_wib_time_then_release(any_ctx: ServiceContext) -> None:
    ctx, auth = any_ctx, AuthService(any_ctx, hasher=CHEAP)
    account_id = add_account(ctx)
    for _ in range(4):
        with pytest.raises(ValidationError):
            auth.login_password("ani", "Salah#Sandi2026")
    with pytest.raises(LockedError) as caught:
        auth.login_password("ani", "Salah#Sandi2026")
    error = assert_error(caught.value, "auth.locked")
    assert error.params["until"] == "09:01 WIB"  # FIXED_NOW is 09:00 WIB; first lock: 1 min
    assert "09:01 WIB" in error.render("id") and "admin" in error.render("en")
    row = account_row(ctx, account_id)
    assert (row.failed_attempts, row.lockouts) == (0, 1)
    assert as_utc(row.locked_until) == FIXED_NOW + dt.timedelta(minutes=1)
    with pytest.raises(LockedError):  # even the right password waits
        auth.login_password("ani", PASSWORD)
    clock(ctx).advance(seconds=61)
    assert auth.login_password("ani", PASSWORD).next is NextStep.ENROL


def test_each_lockout_lasts_longer(auth: AuthService, ctx: ServiceContext) -> None:
    add_account(ctx)
    for minutes in (1, 5, 15):
        for _ in range(5):
            with pytest.raises(TutorError):
                auth.login_password("ani", "Salah#Sandi2026")
        with pytest.raises(LockedError) as caught:
            auth.login_password("ani", PASSWORD)
        assert caught.value.params["minutes"] == minutes
        clock(ctx).advance(minutes=minutes - 0.5)
        with pytest.raises(LockedError):
            auth.login_password("ani", PASSWORD)
        clock(ctx).advance(minutes=0.5)
        auth.login_password("ani", PASSWORD)


def test_concurrent_wrong_passwords_are_all_counted(any_ctx: ServiceContext) -> None:
    """Seven wrong attempts at once: four warnings, then one lockout; nothing lost."""
    ctx = any_ctx
    account_id = add_account(ctx)
    barrier = threading.Barrier(7)
    outcomes: list[str] = []

    def attempt() -> None:
        barrier.wait()
        try:
            AuthService(ctx, hasher=CHEAP).login_password("ani", "Salah#Sandi2026")
        except TutorError as error:
            outcomes.append(error.key)

    threads = [threading.Thread(target=attempt) for _ in range(7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["auth.locked"] * 3 + ["auth.password_wrong"] * 4
    row = account_row(ctx, account_id)
    assert (row.failed_attempts, row.lockouts) == (0, 1)


# -- changing the password ---------------------------------------------------------------------


def test_forced_password_change(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx, must_change=True)
    auth.login_password("ani", PASSWORD)
    with pytest.raises(PasswordPolicyError) as caught:
        auth.change_password(account_id, PASSWORD, "pendek")
    assert_error(caught.value, "auth.password_policy", "new_password")
    assert len(caught.value.problems) == 4
    with pytest.raises(ValidationError) as same:
        auth.change_password(account_id, PASSWORD, PASSWORD)
    assert_error(same.value, "auth.password_same", "new_password")
    with pytest.raises(ValidationError) as wrong_old:
        auth.change_password(account_id, "Salah#Sandi2026", NEW_PASSWORD)
    assert_error(wrong_old.value, "auth.old_password_wrong", "old_password")
    step = auth.change_password(account_id, PASSWORD, NEW_PASSWORD)
    assert step.next is NextStep.ENROL
    assert not account_row(ctx, account_id).must_change_password
    with pytest.raises(ValidationError):
        auth.login_password("ani", PASSWORD)
    assert auth.login_password("ani", NEW_PASSWORD).next is NextStep.ENROL


def test_enrolment_waits_for_the_password_change(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx, must_change=True)
    auth.login_password("ani", PASSWORD)
    with pytest.raises(InvalidTransition) as caught:
        auth.start_enrolment(account_id, "HP saya", practice_phone=False)
    assert_error(caught.value, "auth.change_password_first")


# -- activating the authenticator ---------------------------------------------------------------


def test_second_factor_needs_the_password_step_first(
    auth: AuthService, ctx: ServiceContext
) -> None:
    secret = new_secret()
    account_id = add_account(ctx, secret=secret)
    with pytest.raises(PermissionDenied) as caught:
        auth.verify_otp(account_id, code_now(ctx, secret))
    assert_error(caught.value, "auth.sign_in_first")
    with pytest.raises(PermissionDenied):
        auth.start_enrolment(account_id, "HP saya", practice_phone=False)


def test_enrolment_with_a_real_phone(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx)
    auth.login_password("ani", PASSWORD)
    view = auth.start_enrolment(account_id, "HP Samsung saya", practice_phone=False)
    assert view.issuer == "e-Kinerja Tutor (Latihan)"
    assert view.account_name == "ani"
    assert "secret" not in repr(view) or view.secret not in repr(view)
    query = parse_qs(urlparse(view.uri).query)
    secret = query["secret"][0]
    assert query["issuer"] == ["e-Kinerja Tutor (Latihan)"]
    assert urlparse(view.uri).path.endswith(":ani")
    assert view.secret.replace(" ", "") == secret
    row = account_row(ctx, account_id)
    assert row.totp_pending_secret == secret and row.totp_secret is None

    with pytest.raises(ValidationError) as caught:
        auth.confirm_enrolment(account_id, wrong_code(ctx, secret))
    assert caught.value.key == "auth.code_wrong"
    assert account_row(ctx, account_id).failed_attempts == 0  # not counted while activating

    signed = auth.confirm_enrolment(account_id, code_now(ctx, secret))
    assert signed.principal.account_id == account_id
    assert signed.principal.roles == frozenset({Role.LEARNER})
    row = account_row(ctx, account_id)
    assert row.totp_secret == secret and row.totp_pending_secret is None
    assert row.totp_device_name == "HP Samsung saya"
    assert as_utc(row.totp_enrolled_at) == FIXED_NOW
    assert row.totp_last_step == int(FIXED_NOW.timestamp()) // 30

    # one device per account
    auth.login_password("ani", PASSWORD)
    with pytest.raises(InvalidTransition) as again:
        auth.start_enrolment(account_id, "HP baru", practice_phone=False)
    error = assert_error(again.value, "auth.device_already_enrolled")
    assert "reset your device" in error.render("en")
    assert "HP Samsung saya" in error.render("id")


def test_device_name_is_checked(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx)
    auth.login_password("ani", PASSWORD)
    with pytest.raises(ValidationError) as caught:
        auth.start_enrolment(account_id, "   ", practice_phone=True)
    assert caught.value.field == "device_name"


def test_confirm_without_start_is_refused(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx)
    auth.login_password("ani", PASSWORD)
    with pytest.raises(InvalidTransition) as caught:
        auth.confirm_enrolment(account_id, "123456")
    assert_error(caught.value, "auth.enrolment_not_started")


# -- the code ------------------------------------------------------------------------------------


def test_code_signs_in_once_then_replay_is_refused(auth: AuthService, ctx: ServiceContext) -> None:
    secret = new_secret()
    account_id = add_account(ctx, secret=secret)
    auth.login_password("ani", PASSWORD)
    code = code_now(ctx, secret)
    signed = auth.verify_otp(account_id, f"{code[:3]} {code[3:]}")
    assert signed.principal.username == "ani" and not signed.used_previous_code
    with pytest.raises(PermissionDenied):  # signed in: the password step is over
        auth.verify_otp(account_id, code)
    auth.login_password("ani", PASSWORD)
    with pytest.raises(ValidationError) as caught:
        auth.verify_otp(account_id, code)
    assert_error(caught.value, CODE_USED, "code")
    assert account_row(ctx, account_id).failed_attempts == 0  # a replay is not a guess
    clock(ctx).advance(seconds=30)
    assert auth.verify_otp(account_id, code_now(ctx, secret)).principal.account_id == account_id


def test_previous_code_is_accepted_and_flagged(auth: AuthService, ctx: ServiceContext) -> None:
    secret = new_secret()
    account_id = add_account(ctx, secret=secret)
    auth.login_password("ani", PASSWORD)
    previous = code_now(ctx, secret, offset=-30)
    assert auth.verify_otp(account_id, previous).used_previous_code
    auth.login_password("ani", PASSWORD)
    with pytest.raises(ValidationError) as caught:  # two steps back is too old
        auth.verify_otp(account_id, code_now(ctx, secret, offset=-60))
    assert caught.value.key == "auth.code_wrong_counted"


def test_malformed_code_is_not_counted(auth: AuthService, ctx: ServiceContext) -> None:
    secret = new_secret()
    account_id = add_account(ctx, secret=secret)
    auth.login_password("ani", PASSWORD)
    with pytest.raises(ValidationError) as caught:
        auth.verify_otp(account_id, "12345")
    assert_error(caught.value, CODE_MALFORMED, "code")
    assert account_row(ctx, account_id).failed_attempts == 0


def test_five_wrong_codes_lock_and_the_clock_releases(any_ctx: ServiceContext) -> None:
    ctx, auth = any_ctx, AuthService(any_ctx, hasher=CHEAP)
    secret = new_secret()
    account_id = add_account(ctx, secret=secret)
    auth.login_password("ani", PASSWORD)
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError) as caught:
            auth.verify_otp(account_id, wrong_code(ctx, secret))
        error = assert_error(caught.value, "auth.code_wrong_counted", "code")
        assert error.params["left"] == left
        assert "Invalid Authenticator Code" in error.render("en")
    with pytest.raises(LockedError) as locked:
        auth.verify_otp(account_id, wrong_code(ctx, secret))
    assert locked.value.params["until"] == "09:01 WIB"
    with pytest.raises(PermissionDenied):  # the lockout ended the password step
        auth.verify_otp(account_id, code_now(ctx, secret))
    with pytest.raises(LockedError):
        auth.login_password("ani", PASSWORD)
    clock(ctx).advance(minutes=1)
    auth.login_password("ani", PASSWORD)
    auth.verify_otp(account_id, code_now(ctx, secret))
    row = account_row(ctx, account_id)
    assert (row.failed_attempts, row.lockouts, row.locked_until) == (0, 0, None)


def test_passwords_and_codes_share_one_counter(auth: AuthService, ctx: ServiceContext) -> None:
    secret = new_secret()
    account_id = add_account(ctx, secret=secret)
    for _ in range(2):
        with pytest.raises(ValidationError):
            auth.login_password("ani", "Salah#Sandi2026")
    auth.login_password("ani", PASSWORD)
    for _ in range(2):
        with pytest.raises(ValidationError):
            auth.verify_otp(account_id, wrong_code(ctx, secret))
    with pytest.raises(LockedError):
        auth.verify_otp(account_id, wrong_code(ctx, secret))


# -- recovery codes ------------------------------------------------------------------------------


def test_learners_get_no_recovery_codes(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx)
    with pytest.raises(PermissionDenied) as caught:
        auth.generate_recovery_codes(account_id)
    assert_error(caught.value, "error.permission_denied")
    auth.login_password("ani", PASSWORD)
    with pytest.raises(PermissionDenied):
        auth.use_recovery_code(account_id, "ABCD-EFGH")


def test_recovery_codes_are_single_use(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx, "pelatih", roles=(Role.TRAINER,), secret=new_secret(), nip=None)
    codes = auth.generate_recovery_codes(account_id)
    assert len(codes) == 10 == len(set(codes))
    with ctx.db.read() as session:
        hashes = session.scalars(
            select(RecoveryCode.code_hash).where(RecoveryCode.account_id == account_id)
        ).all()
    assert len(hashes) == 10
    assert not {c.replace("-", "") for c in codes} & set(hashes)
    step = auth.login_password("pelatih", PASSWORD)
    assert step.recovery_codes_left == 10
    signed = auth.use_recovery_code(account_id, codes[3].lower())
    assert signed.recovery_codes_left == 9
    auth.login_password("pelatih", PASSWORD)
    with pytest.raises(ValidationError) as used:
        auth.use_recovery_code(account_id, codes[3])
    assert_error(used.value, "auth.recovery_used", "recovery_code")
    with pytest.raises(ValidationError) as wrong:
        auth.use_recovery_code(account_id, "ZZZZ-ZZZZ")
    assert_error(wrong.value, "auth.recovery_wrong", "recovery_code")
    assert wrong.value.params["left"] == 4
    # new codes replace the old list
    fresh = auth.generate_recovery_codes(account_id)
    with pytest.raises(ValidationError):
        auth.use_recovery_code(account_id, codes[0])
    assert auth.use_recovery_code(account_id, fresh[0]).recovery_codes_left == 9


# -- the QR code ---------------------------------------------------------------------------------


def raster(text: str, *, invert: bool = False, scale: int = 6) -> PIL.Image.Image:
    """Paint half-block text back into pixels (black modules on white)."""
    halves = {char: pair for pair, char in QR_BLOCKS.items()}
    lines = text.split("\n")
    width = len(lines[0])
    image = PIL.Image.new("L", (width * scale, len(lines) * 2 * scale), 255)
    for y, line in enumerate(lines):
        assert len(line) == width
        for x, char in enumerate(line):
            for half, dark in enumerate(halves[char]):
                if dark != invert:
                    box = (x * scale, (2 * y + half) * scale)
                    image.paste(0, (*box, box[0] + scale, box[1] + scale))
    return image


def test_qr_text_decodes_to_exactly_the_uri(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx, "199210152021012006", nip=None)
    auth.login_password("199210152021012006", PASSWORD)
    uri = auth.start_enrolment(account_id, "HP saya", practice_phone=False).uri
    qr = auth.qr_text(uri)
    lines = qr.text.split("\n")
    assert qr.height == len(lines) and all(len(line) == qr.width for line in lines)
    assert set(qr.text) <= set("▀▄█ \n")
    decoded = zxingcpp.read_barcodes(raster(qr.text))
    assert [code.text for code in decoded] == [uri]
    # the inverted drawing (for light-on-dark terminals) carries the same code
    inverted = auth.qr_text(uri, invert=True)
    assert [c.text for c in zxingcpp.read_barcodes(raster(inverted.text, invert=True))] == [uri]
    # smaller settings for small screens still decode
    small = auth.qr_text(uri, border=2, error="l")
    assert small.height < qr.height
    assert [c.text for c in zxingcpp.read_barcodes(raster(small.text))] == [uri]


def test_segno_png_of_the_uri_decodes(tmp_path: Path) -> None:
    uri = "otpauth://totp/e-Kinerja%20Tutor%20%28Latihan%29:ani?secret=JBSWY3DPEHPK3PXP"
    path = tmp_path / "qr.png"
    segno.make(uri, error="m").save(str(path), scale=4)
    with PIL.Image.open(path) as image:
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [uri]


# -- the practice phone --------------------------------------------------------------------------


@pytest.fixture
def practice(auth: AuthService, ctx: ServiceContext) -> Iterator[int]:
    """An account activated on the practice phone through the real flow."""
    account_id = add_account(ctx)
    auth.login_password("ani", PASSWORD)
    auth.start_enrolment(account_id, "Ponsel latihan", practice_phone=True)
    phone = auth.practice_phone_code("ani", PASSWORD)
    assert phone.enrolling and phone.device_name == "Ponsel latihan"
    auth.confirm_enrolment(account_id, phone.code)
    clock(ctx).advance(seconds=30)  # the next sign-in needs a fresh code
    yield account_id


def test_practice_phone_code_is_accepted(
    auth: AuthService, ctx: ServiceContext, practice: int
) -> None:
    phone = auth.practice_phone_code("ani", PASSWORD)
    assert not phone.enrolling
    assert phone.seconds_left == 30
    assert phone.phone_time == FIXED_NOW + dt.timedelta(seconds=30)
    assert "code" not in repr(phone) or phone.code not in repr(phone)
    auth.login_password("ani", PASSWORD)
    assert auth.verify_otp(practice, phone.code).principal.account_id == practice


def test_practice_phone_refuses_a_wrong_password(
    auth: AuthService, ctx: ServiceContext, practice: int
) -> None:
    with pytest.raises(ValidationError) as caught:
        auth.practice_phone_code("ani", "Salah#Sandi2026")
    assert_error(caught.value, "auth.password_wrong", "password")
    assert account_row(ctx, practice).failed_attempts == 1


def test_practice_phone_refuses_a_real_phone_account(
    auth: AuthService, ctx: ServiceContext
) -> None:
    add_account(ctx, secret=new_secret(), practice_phone=False, device_name="HP Ani")
    with pytest.raises(PermissionDenied) as caught:
        auth.practice_phone_code("ani", PASSWORD)
    error = assert_error(caught.value, "auth.phone_is_real")
    assert "HP Ani" in error.render("id")


def test_practice_phone_before_activation(auth: AuthService, ctx: ServiceContext) -> None:
    add_account(ctx, practice_phone=True)
    with pytest.raises(NotFound) as caught:
        auth.practice_phone_code("ani", PASSWORD)
    assert_error(caught.value, "auth.phone_not_enrolled")


def set_phone(ctx: ServiceContext, account_id: int, **values: object) -> None:
    with ctx.db.write() as session:
        account = session.get(Account, account_id)
        assert account is not None
        for name, value in values.items():
            setattr(account, name, value)


def test_phone_clock_several_minutes_off_gives_refused_codes(
    auth: AuthService, ctx: ServiceContext, practice: int
) -> None:
    set_phone(ctx, practice, phone_clock_offset_s=5 * 60)
    phone = auth.practice_phone_code("ani", PASSWORD)
    assert phone.phone_time == ctx.now() + dt.timedelta(minutes=5)
    auth.login_password("ani", PASSWORD)
    with pytest.raises(ValidationError) as caught:
        auth.verify_otp(practice, phone.code)
    assert caught.value.key == "auth.code_wrong_counted"
    assert "Invalid Authenticator Code" in caught.value.render("en")
    set_phone(ctx, practice, phone_clock_offset_s=-20)  # a little slow: previous code, accepted
    clock(ctx).advance(seconds=40)  # 10 s into a step whose previous step is still unused
    phone = auth.practice_phone_code("ani", PASSWORD)
    assert auth.verify_otp(practice, phone.code).used_previous_code


def test_lost_phone_shows_no_code(auth: AuthService, ctx: ServiceContext, practice: int) -> None:
    set_phone(ctx, practice, phone_lost=True)
    with pytest.raises(PermissionDenied) as caught:
        auth.practice_phone_code("ani", PASSWORD)
    error = assert_error(caught.value, "auth.phone_lost")
    assert "reset your device" in error.render("en")


# -- nothing secret leaks ------------------------------------------------------------------------


def test_audit_events_hold_no_password_code_or_secret(
    auth: AuthService, ctx: ServiceContext, practice: int
) -> None:
    staff = add_account(ctx, "pelatih", roles=(Role.TRAINER,), nip=None)
    codes = auth.generate_recovery_codes(staff)
    auth.login_password("pelatih", PASSWORD)
    auth.change_password(staff, PASSWORD, NEW_PASSWORD)
    phone = auth.practice_phone_code("ani", PASSWORD)
    auth.login_password("ani", PASSWORD)
    auth.verify_otp(practice, phone.code)
    for _ in range(5):
        with pytest.raises(TutorError):
            auth.login_password("ani", "Salah#Sandi2026")
    rows = account_row(ctx, practice), account_row(ctx, staff)
    secrets = {PASSWORD, NEW_PASSWORD, "Salah#Sandi2026", phone.code, *codes}
    secrets |= {r.totp_secret for r in rows if r.totp_secret}
    secrets |= {r.password_hash for r in rows}
    with ctx.db.read() as session:
        events = session.scalars(select(AuditEvent)).all()
    actions = {event.action for event in events}
    assert {"account.enrol_device", "account.sign_in", "account.locked"} <= actions
    assert {"account.change_password", "account.recovery_codes"} <= actions
    dump = json.dumps([[e.before, e.after, e.actor_label] for e in events], default=str)
    for secret in secrets:
        assert secret not in dump
    for word in ("password_hash", "totp_secret", "code_hash", "totp_pending_secret"):
        assert word not in dump


def test_principal_for(auth: AuthService, ctx: ServiceContext) -> None:
    account_id = add_account(ctx, "admin", roles=(Role.ADMIN, Role.TRAINER), nip=None)
    principal = auth.principal_for(account_id)
    assert principal.username == "admin"
    assert principal.roles == frozenset({Role.ADMIN, Role.TRAINER})
    with pytest.raises(NotFound):
        auth.principal_for(999)


def test_warm_up_reads_only_and_works_on_an_empty_database(
    auth: AuthService, ctx: ServiceContext
) -> None:
    """The login screen's head start changes nothing: no audit event, no counted attempt."""
    auth.warm_up()  # no account at all yet
    account_id = add_account(ctx, roles=(Role.MENTOR,))
    with ctx.db.read() as session:
        before = (
            session.scalars(select(AuditEvent.id)).all(),
            session.get(Account, account_id).failed_attempts,  # type: ignore[union-attr]
        )
    auth.warm_up()
    with ctx.db.read() as session:
        after = (
            session.scalars(select(AuditEvent.id)).all(),
            session.get(Account, account_id).failed_attempts,  # type: ignore[union-attr]
        )
    assert after == before
    assert auth.login_password("ani", PASSWORD).account_id == account_id
