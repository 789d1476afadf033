"""Signing in like the real e-Kinerja: password, forced change, device activation, TOTP code.

The flow the UI follows::

    login_password ──► CHANGE_PASSWORD ─► change_password ─┐
                   ├─► ENROL ─► start_enrolment ─► confirm_enrolment ─► SignedIn
                   └─► OTP ─► verify_otp (or use_recovery_code, staff only) ─► SignedIn

Cost: every method that checks or makes an argon2 hash (``login_password``,
``verify_password``, ``hash_password``, ``change_password``, ``practice_phone_code``,
``generate_recovery_codes``, ``use_recovery_code``) spends about 0.1 s of CPU per hash with
the default parameters (recovery codes: up to ten hashes, about 1 s). Call them from a thread
worker so the screen stays responsive. Hashing never runs inside a database transaction, so a
slow hash never holds SQLite's write lock.

Counters: wrong passwords and wrong codes share ``failed_attempts`` and are counted with atomic
``UPDATE … SET failed_attempts = failed_attempts + 1``, so concurrent wrong attempts are never
lost. Lockouts use the injected real clock (``ctx.clock``), never the sandbox clock.

Between steps the service remembers, in this process, which accounts passed the password step;
the second-factor methods refuse accounts that did not (``auth.sign_in_first``). There is no
time limit on that memory (ACCESSIBILITY.md item 5); a sign-in or a lockout ends it.

Nothing secret (password, code, TOTP secret, hash) is written to audit events or logs.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import WIB
from ekinerja_tutor.domain.errors import (
    Conflict,
    InvalidTransition,
    LockedError,
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.fields import find_unsafe_char, validate_text
from ekinerja_tutor.domain.passwords import (
    MAX_FAILED_ATTEMPTS,
    RECOVERY_CODE_COUNT,
    PasswordPolicyError,
    attempts_left,
    check_password_policy,
    is_locked,
    lockout_delay,
    new_recovery_code,
    normalise_recovery_code,
)
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.domain.totp import (
    CODE_FIELD,
    CODE_USED,
    CODE_WRONG,
    DEFAULT_ISSUER,
    current_code,
    format_secret,
    new_secret,
    provisioning_uri,
    verify_code,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import Account
from ekinerja_tutor.persistence.models.accounts import RecoveryCode
from ekinerja_tutor.services import audit
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.context import Service, ServiceContext

STAFF_ROLES = frozenset({Role.TRAINER, Role.MENTOR, Role.ADMIN})

_MATCHES_NO_ACCOUNT = "~" * 65
"""A login the sign-in's query runs for but no account has: names are at most 64 characters."""

QR_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
"""(top module dark, bottom module dark) → the half-block character drawing both."""


class NextStep(StrEnum):
    """What the sign-in screen asks for after the password."""

    CHANGE_PASSWORD = "change_password"
    """The password is a one-time or practice password: choose a new one first."""
    ENROL = "enrol"
    """No authenticator yet: scan the QR code, name the device, type the first code."""
    OTP = "otp"
    """Type the 6-digit code from the authenticator."""


@dataclass(frozen=True)
class LoginStep:
    """The password was right; this says what comes next.

    Attributes:
        device_name: the enrolled device ("Open the authenticator on <device>"), if any.
        practice_phone: the account uses (or chose) the built-in practice phone.
        recovery_codes_left: unused recovery codes (staff only; always 0 for learners).
    """

    account_id: int
    username: str
    display_name: str
    next: NextStep
    device_name: str | None
    practice_phone: bool
    recovery_codes_left: int


@dataclass(frozen=True)
class SignedIn:
    """Sign-in finished.

    Attributes:
        used_previous_code: the code had just changed and the previous one was accepted; the
            UI may say "next time, type the newest code".
        recovery_codes_left: after signing in with a recovery code, how many remain.
    """

    principal: Principal
    used_previous_code: bool = False
    recovery_codes_left: int | None = None


@dataclass(frozen=True)
class EnrolmentView:
    """What the activation screen shows: the QR code's address and the key to type by hand.

    Attributes:
        uri: the ``otpauth://`` address (draw it with :meth:`AuthService.qr_text`).
        secret: the key in groups of four, for typing into an app without a camera.
    """

    account_id: int
    device_name: str
    practice_phone: bool
    issuer: str
    account_name: str
    uri: str = field(repr=False)
    secret: str = field(repr=False)


@dataclass(frozen=True)
class QrView:
    """A QR code drawn with half blocks: each text line holds two rows of modules.

    The text draws dark modules as ink; style it dark-on-light (or ask for ``invert=True`` on a
    light-on-dark terminal without colours). ``width``/``height`` are in terminal cells,
    quiet zone included, so the UI can decide whether it fits or offer the typed key instead.
    """

    text: str
    width: int
    height: int
    version: int


@dataclass(frozen=True)
class PhoneView:
    """The practice phone's screen.

    Attributes:
        code: the current code (as the phone's own clock sees it).
        seconds_left: seconds until the code changes; ask again then.
        phone_time: the phone's clock (WIB), off by the trainer's simulated drift, if any.
        enrolling: the code belongs to an activation not confirmed yet.
    """

    code: str = field(repr=False)
    seconds_left: int
    device_name: str
    phone_time: dt.datetime
    enrolling: bool = False


@dataclass(frozen=True)
class _AccountState:
    """What a password check needs, read before hashing (no transaction is held meanwhile)."""

    id: int
    username: str
    password_hash: str
    locked_until: dt.datetime | None


def find_account(session: Session, login: str) -> Account | None:
    """The account a login names: username, alias or NIP (spaces in a NIP are ignored).

    Usernames and aliases match without regard to case; an exact match wins over others.
    """
    text = login.strip()
    if not text or find_unsafe_char(text, multi_line=False) is not None:
        return None  # no account name holds a control character (PostgreSQL refuses NUL)
    compact = "".join(text.split())
    folded = text.casefold()
    candidates = session.scalars(
        select(Account).where(
            or_(
                func.lower(Account.username) == folded,
                func.lower(Account.alias) == folded,
                Account.nip == compact,
            )
        )
    ).all()
    if not candidates:
        return None
    for account in candidates:
        if text in (account.username, account.alias):
            return account
    for account in candidates:
        if folded in (account.username.casefold(), (account.alias or "").casefold()):
            return account
    if len(candidates) > 1:
        raise ValidationError("auth.nip_ambiguous", field="username", nip=compact)
    return candidates[0]


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored instant as aware UTC (SQLite may hand back a naive UTC value)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def principal_of(account: Account) -> Principal:
    return Principal(
        account_id=account.id, username=account.username, roles=frozenset(account.role_set)
    )


def format_wib(moment: dt.datetime, now: dt.datetime) -> str:
    """A real instant as the real system shows it: ``14:05 WIB``, with the date if not today."""
    local = moment.astimezone(WIB)
    if local.date() == now.astimezone(WIB).date():
        return local.strftime("%H:%M WIB")
    return local.strftime("%d-%m-%Y %H:%M WIB")


def default_hasher() -> PasswordHasher:
    """argon2id, 7 MiB and 5 passes on 1 lane: one of the configurations OWASP's Password
    Storage Cheat Sheet lists as equally strong (with 19 MiB × 2, 12 MiB × 3, 9 MiB × 4).

    Of those it costs the least CPU here (~32 ms per check on the 2-core training machine,
    against ~46 ms for 19 MiB × 2 and ~380 ms for argon2-cffi's default of 64 MiB × 3 × 4
    lanes) and the least memory per check: thirty people signing in at once queue for the
    two cores (``ekinerja-tutor bench room``). Older hashes are re-hashed with these
    parameters at the next successful sign-in."""
    return PasswordHasher(time_cost=5, memory_cost=7168, parallelism=1)


class AuthService(Service):
    """Password checks, authenticator activation and codes, recovery codes, practice phone.

    Args:
        ctx: the service context (``ctx.clock`` is the real clock used for codes and lockouts).
        hasher: the argon2 hasher; tests pass a cheap one. Defaults to
            ``ctx.extras["password_hasher"]`` when set, else argon2's defaults (~0.1 s).
    """

    def __init__(self, ctx: ServiceContext, *, hasher: PasswordHasher | None = None) -> None:
        super().__init__(ctx)
        self.hasher: PasswordHasher = (
            hasher or ctx.extras.get("password_hasher") or default_hasher()
        )
        self._password_passed: set[int] = set()

    # -- hashing (CPU-bound: call from a thread worker) ---------------------------------------

    def hash_password(self, password: str) -> str:
        """An argon2 hash of ``password`` (~0.1 s with default parameters)."""
        return self.hasher.hash(password)

    def verify_password(self, password_hash: str, password: str) -> bool:
        """Whether ``password`` matches the hash (~0.1 s); a malformed hash never matches."""
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    # -- step 1: password ---------------------------------------------------------------------

    def login_password(self, username_or_nip: str, password: str) -> LoginStep:
        """Check the password; say what the sign-in asks next.

        Raises:
            ValidationError: empty fields, unknown login (field ``username``), or a wrong
                password with the attempts left (field ``password``).
            LockedError: the account is locked; the message says until when (WIB).
        """
        if not username_or_nip.strip():
            raise ValidationError("auth.login_required", field="username")
        if not password:
            raise ValidationError("auth.password_required", field="password")
        state = self._state_for_login(username_or_nip)
        if not self.verify_password(state.password_hash, password):
            self._fail(state.id, "auth.password_wrong", "password")
        self._rehash_if_needed(state, password)
        from ekinerja_tutor.services.training_failures import login_failure

        login_failure(self.db, state.id, scale=self.ctx.extras.get("practice_slowness_scale", 1.0))
        with self.db.read() as session:
            account = self._account(session, state.id)
            self._ensure_unlocked(account)
            step = self._login_step(session, account)
        self._password_passed.add(state.id)
        return step

    def warm_up(self) -> None:
        """Run the sign-in's reads once, for no one, so their SQL is compiled in advance.

        SQLAlchemy compiles a statement the first time a process runs it: about 40 ms of CPU
        for the sign-in's, paid by every app in a training room at the moment they all sign
        in. The app calls this while the login screen waits for typing.
        """
        from ekinerja_tutor.services.training_failures import login_failure

        with self.db.read() as session:
            find_account(session, _MATCHES_NO_ACCOUNT)
            anyone = session.scalars(select(Account).limit(1)).first()
            if anyone is not None:
                self._login_step(session, anyone)  # loads the roles, counts recovery codes
        login_failure(self.db, 0)  # the practice-failure reads; account 0 has none

    def change_password(self, account_id: int, old: str, new: str) -> LoginStep:
        """Replace the password (policy checked first); clears ``must_change_password``.

        Raises:
            PasswordPolicyError: (field ``new_password``) every unmet rule, one per line.
            ValidationError: old password wrong (field ``old_password``, counted) or the new
                one equals the old one.
            LockedError: the account is locked.
        """
        with self.db.read() as session:
            account = self._account(session, account_id)
            self._ensure_unlocked(account)
            state = self._state(account)
        try:
            check_password_policy(new, username=state.username)
        except PasswordPolicyError as error:
            raise PasswordPolicyError(error.problems, field="new_password") from None
        if new == old:
            raise ValidationError("auth.password_same", field="new_password")
        if not self.verify_password(state.password_hash, old):
            self._fail(state.id, "auth.old_password_wrong", "old_password")
        new_hash = self.hash_password(new)
        with self.db.write() as session:
            account = self._account(session, account_id)
            if account.password_hash != state.password_hash:
                raise Conflict()
            before = audit.snapshot(account, "must_change_password")
            account.password_hash = new_hash
            account.must_change_password = False
            self._audit_account(
                session,
                account,
                "account.change_password",
                before=before,
                after=audit.snapshot(account, "must_change_password"),
            )
            session.flush()
            step = self._login_step(session, account)
        self._password_passed.add(account_id)
        return step

    # -- step 2a: activate an authenticator ----------------------------------------------------

    def start_enrolment(
        self, account_id: int, device_name: str, practice_phone: bool
    ) -> EnrolmentView:
        """Make a new key for the device and return its QR address (one device per account).

        Starting again replaces an unconfirmed key (an old QR code stops working).

        Raises:
            InvalidTransition: a device is already active ("ask the admin to reset your
                device"), or the password must be changed first.
        """
        self._require_password_step(account_id)
        validate_text("device_name", device_name)
        with self.db.write() as session:
            account = self._account(session, account_id)
            self._ensure_unlocked(account)
            self._ensure_password_changed(account)
            if account.totp_secret is not None:
                raise InvalidTransition(
                    "auth.device_already_enrolled", device=account.totp_device_name or "-"
                )
            before = audit.snapshot(account, "totp_device_name", "totp_practice_phone")
            secret = new_secret()
            account.totp_pending_secret = secret
            account.totp_device_name = device_name
            account.totp_practice_phone = practice_phone
            self._audit_account(
                session,
                account,
                "account.start_enrolment",
                before=before,
                after=audit.snapshot(account, "totp_device_name", "totp_practice_phone"),
            )
            return EnrolmentView(
                account_id=account.id,
                device_name=device_name,
                practice_phone=practice_phone,
                issuer=DEFAULT_ISSUER,
                account_name=account.username,
                uri=provisioning_uri(secret, account.username),
                secret=format_secret(secret),
            )

    def confirm_enrolment(self, account_id: int, code: str) -> SignedIn:
        """Check the first code from the new device; the device becomes active and the user
        is signed in. Wrong codes here are not counted towards a lockout (nothing to guess:
        the user already proved the password and no device is active yet).

        Raises:
            ValidationError: the code is malformed, wrong or expired (field ``code``).
            InvalidTransition: no activation started, or a device is already active.
        """
        self._require_password_step(account_id)
        now = self._now()
        with self.db.write() as session:
            account = self._account(session, account_id)
            self._ensure_unlocked(account)
            self._ensure_password_changed(account)
            if account.totp_secret is not None:
                raise InvalidTransition(
                    "auth.device_already_enrolled", device=account.totp_device_name or "-"
                )
            pending = account.totp_pending_secret
            if pending is None:
                raise InvalidTransition("auth.enrolment_not_started")
            match = verify_code(pending, code, now, None)
            before = audit.snapshot(account, "totp_device_name", "totp_enrolled_at")
            account.totp_secret = pending
            account.totp_pending_secret = None
            account.totp_enrolled_at = now
            account.totp_last_step = match.step
            account.failed_attempts = 0
            account.lockouts = 0
            account.locked_until = None
            self._audit_account(
                session,
                account,
                "account.enrol_device",
                before=before,
                after=audit.snapshot(
                    account, "totp_device_name", "totp_practice_phone", "totp_enrolled_at"
                ),
            )
            principal = principal_of(account)
        self._password_passed.discard(account_id)
        return SignedIn(principal, used_previous_code=match.was_previous_step)

    # -- step 2b: the code ---------------------------------------------------------------------

    def verify_otp(self, account_id: int, code: str) -> SignedIn:
        """Check the authenticator code; the last used step is stored so a code works once.

        Raises:
            ValidationError: malformed code; wrong or expired code (with attempts left;
                counted); already used (wait for the next code). All on field ``code``.
            LockedError: locked now, or by this wrong code (the fifth).
            InvalidTransition: no active device, or the password must be changed first.
        """
        self._require_password_step(account_id)
        now = self._now()
        error: TutorError | None = None
        signed_in: SignedIn | None = None
        with self.db.write() as session:
            account = self._account(session, account_id)
            self._ensure_unlocked(account)
            self._ensure_password_changed(account)
            if account.totp_secret is None:
                raise InvalidTransition("auth.device_not_enrolled")
            try:
                match = verify_code(account.totp_secret, code, now, account.totp_last_step)
            except ValidationError as wrong:
                if wrong.key != CODE_WRONG:
                    raise
                error = self._count_failure(session, account, now, wrong)
            else:
                if self._finish_sign_in(session, account, step=match.step):
                    signed_in = SignedIn(
                        principal_of(account), used_previous_code=match.was_previous_step
                    )
                    self._audit_account(
                        session, account, "account.sign_in", after={"method": "authenticator"}
                    )
                else:
                    error = ValidationError(CODE_USED, field=CODE_FIELD)
        return self._outcome(account_id, error, signed_in)

    # -- recovery codes (staff only; not part of the real e-Kinerja) ---------------------------

    def generate_recovery_codes(self, account_id: int) -> list[str]:
        """Ten new single-use codes (old ones stop working); shown once, stored hashed (~1 s).

        Raises:
            PermissionDenied: learners get none (their lost phone goes to the admin, as on the
                real system).
        """
        with self.db.read() as session:
            account = self._account(session, account_id)
            self._ensure_staff(account)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        hashes = [self.hash_password(normalise_recovery_code(code)) for code in codes]
        with self.db.write() as session:
            account = self._account(session, account_id)
            self._ensure_staff(account)
            session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
            session.add_all(RecoveryCode(account_id=account_id, code_hash=h) for h in hashes)
            self._audit_account(
                session, account, "account.recovery_codes", after={"count": len(codes)}
            )
        return codes

    def use_recovery_code(self, account_id: int, code: str) -> SignedIn:
        """Sign in with a recovery code instead of the authenticator; each code works once.

        Raises:
            ValidationError: malformed, wrong (counted, with attempts left) or already used
                (field ``recovery_code``).
            PermissionDenied: learners have no recovery codes.
            InvalidTransition: no codes were ever made for this account.
            LockedError: the account is locked.
        """
        self._require_password_step(account_id)
        cleaned = normalise_recovery_code(code)
        with self.db.read() as session:
            account = self._account(session, account_id)
            self._ensure_unlocked(account)
            self._ensure_password_changed(account)
            self._ensure_staff(account)
            rows = session.execute(
                select(RecoveryCode.id, RecoveryCode.code_hash, RecoveryCode.used_at)
                .where(RecoveryCode.account_id == account_id)
                .order_by(RecoveryCode.id)
            ).all()
        if not rows:
            raise InvalidTransition("auth.recovery_none")
        matched = next((row for row in rows if self.verify_password(row.code_hash, cleaned)), None)
        if matched is None:
            self._fail(account_id, "auth.recovery_wrong", "recovery_code")
        if matched.used_at is not None:
            raise ValidationError("auth.recovery_used", field="recovery_code")
        now = self._now()
        error: TutorError | None = None
        signed_in: SignedIn | None = None
        with self.db.write() as session:
            account = self._account(session, account_id)
            self._ensure_unlocked(account)
            used = session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == matched.id, RecoveryCode.used_at.is_(None))
                .values(used_at=now)
                .execution_options(synchronize_session=False)
            )
            if used.rowcount != 1:  # type: ignore[attr-defined]
                error = ValidationError("auth.recovery_used", field="recovery_code")
            else:
                self._finish_sign_in(session, account, step=None)
                left = self._recovery_codes_left(session, account_id)
                signed_in = SignedIn(principal_of(account), recovery_codes_left=left)
                self._audit_account(
                    session,
                    account,
                    "account.sign_in",
                    after={"method": "recovery_code", "recovery_codes_left": left},
                )
        return self._outcome(account_id, error, signed_in)

    # -- the practice phone --------------------------------------------------------------------

    def practice_phone_code(self, username: str, password: str) -> PhoneView:
        """What the built-in practice phone shows now (it asks for the password, like a phone
        unlock). Honours the trainer's simulated failures: clock drift and a lost phone.

        Call again when ``seconds_left`` runs out (each call checks the password: ~0.1 s).

        Raises:
            ValidationError: unknown login or wrong password (counted).
            PermissionDenied: the account uses a real phone, or the phone is "lost".
            NotFound: no activation started with the practice phone.
            LockedError: the account is locked.
        """
        if not username.strip():
            raise ValidationError("auth.login_required", field="username")
        if not password:
            raise ValidationError("auth.password_required", field="password")
        state = self._state_for_login(username)
        if not self.verify_password(state.password_hash, password):
            self._fail(state.id, "auth.password_wrong", "password")
        now = self._now()
        with self.db.read() as session:
            account = self._account(session, state.id)
            self._ensure_unlocked(account)
            active, pending = account.totp_secret, account.totp_pending_secret
            if not account.totp_practice_phone and (active or pending):
                raise PermissionDenied("auth.phone_is_real", device=account.totp_device_name or "-")
            secret = active if active is not None else pending
            if not account.totp_practice_phone or secret is None:
                raise NotFound("auth.phone_not_enrolled")
            if account.phone_lost:
                raise PermissionDenied("auth.phone_lost")
            offset = account.phone_clock_offset_s
            device_name = account.totp_device_name or ""
        shown = current_code(secret, now, offset)
        return PhoneView(
            code=shown.code,
            seconds_left=shown.seconds_left,
            device_name=device_name,
            phone_time=(now + dt.timedelta(seconds=offset)).astimezone(WIB),
            enrolling=active is None,
        )

    # -- helpers for the screens ---------------------------------------------------------------

    @staticmethod
    def qr_text(uri: str, *, border: int = 4, invert: bool = False, error: str = "m") -> QrView:
        """Draw the QR code of ``uri`` with Unicode half blocks (two module rows per line).

        Args:
            border: quiet zone in modules (4 is the standard; 2 still scans on most phones).
            invert: draw light modules as ink, for light-on-dark terminals without colours.
            error: error-correction level ``l``, ``m``, ``q`` or ``h`` (lower → smaller code).
        """
        import segno

        qr = segno.make(uri, error=error, micro=False, boost_error=False)
        rows = [
            [bool(module) != invert for module in row]
            for row in qr.matrix_iter(scale=1, border=border)
        ]
        if len(rows) % 2:
            rows.append([invert] * len(rows[0]))
        lines = [
            "".join(QR_BLOCKS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
            for upper, lower in zip(rows[0::2], rows[1::2], strict=True)
        ]
        return QrView(
            text="\n".join(lines), width=len(rows[0]), height=len(lines), version=int(qr.version)
        )

    def principal_for(self, account_id: int) -> Principal:
        with self.db.read() as session:
            return principal_of(self._account(session, account_id))

    # -- internals -----------------------------------------------------------------------------

    @staticmethod
    def _account(session: Session, account_id: int) -> Account:
        account = session.get(Account, account_id)
        if account is None:
            raise NotFound(what=Msg("noun.account"))
        return account

    @staticmethod
    def _state(account: Account) -> _AccountState:
        return _AccountState(
            account.id, account.username, account.password_hash, account.locked_until
        )

    def _state_for_login(self, login: str) -> _AccountState:
        with self.db.read() as session:
            account = find_account(session, login)
            if account is None:
                raise ValidationError("auth.unknown_login", field="username", login=login.strip())
            self._ensure_unlocked(account)
            return self._state(account)

    def _now(self) -> dt.datetime:
        return self.ctx.now().astimezone(dt.UTC)

    def _ensure_unlocked(self, account: Account) -> None:
        now = self._now()
        until = as_utc(account.locked_until)
        if until is not None and is_locked(until, now):
            raise self._locked_error(until, now)

    @staticmethod
    def _locked_error(until: dt.datetime, now: dt.datetime) -> LockedError:
        minutes = max(math.ceil((until - now).total_seconds() / 60), 1)
        return LockedError(
            "auth.locked",
            until=format_wib(until, now),
            minutes=minutes,
            attempts=MAX_FAILED_ATTEMPTS,
        )

    @staticmethod
    def _ensure_password_changed(account: Account) -> None:
        if account.must_change_password:
            raise InvalidTransition("auth.change_password_first")

    @staticmethod
    def _ensure_staff(account: Account) -> None:
        if not account.role_set & STAFF_ROLES:
            raise PermissionDenied(reason=Msg("auth.recovery_staff_only"))

    def _require_password_step(self, account_id: int) -> None:
        if account_id not in self._password_passed:
            raise PermissionDenied("auth.sign_in_first")

    @staticmethod
    def _recovery_codes_left(session: Session, account_id: int) -> int:
        count = session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.account_id == account_id, RecoveryCode.used_at.is_(None))
        )
        return int(count or 0)

    def _login_step(self, session: Session, account: Account) -> LoginStep:
        if account.must_change_password:
            next_step = NextStep.CHANGE_PASSWORD
        elif account.totp_secret is None:
            next_step = NextStep.ENROL
        else:
            next_step = NextStep.OTP
        staff = bool(account.role_set & STAFF_ROLES)
        return LoginStep(
            account_id=account.id,
            username=account.username,
            display_name=account.display_name,
            next=next_step,
            device_name=account.totp_device_name if account.totp_secret else None,
            practice_phone=account.totp_practice_phone,
            recovery_codes_left=self._recovery_codes_left(session, account.id) if staff else 0,
        )

    def _rehash_if_needed(self, state: _AccountState, password: str) -> None:
        """Upgrade an old hash to the current argon2 parameters after a successful check."""
        try:
            needed = self.hasher.check_needs_rehash(state.password_hash)
        except InvalidHashError:
            return
        if not needed:
            return
        new_hash = self.hash_password(password)
        with self.db.write() as session:
            session.execute(
                update(Account)
                .where(Account.id == state.id, Account.password_hash == state.password_hash)
                .values(password_hash=new_hash)
                .execution_options(synchronize_session=False)
            )

    def _fail(self, account_id: int, key: str, field_name: str) -> NoReturn:
        """Count one wrong password or recovery code (committed), then raise what to show."""
        now = self._now()
        with self.db.write() as session:
            account = self._account(session, account_id)
            error = self._count_failure(
                session, account, now, ValidationError(key, field=field_name)
            )
        if isinstance(error, LockedError):
            self._password_passed.discard(account_id)
        raise error

    def _count_failure(
        self, session: Session, account: Account, now: dt.datetime, wrong: ValidationError
    ) -> TutorError:
        """Add one failure atomically; lock the account at the limit.

        Returns the error to raise once the transaction has committed: ``wrong`` with the
        attempts left, or a :class:`LockedError` when this failure locked the account.
        """
        not_locked = or_(Account.locked_until.is_(None), Account.locked_until <= now)
        row = session.execute(
            update(Account)
            .where(Account.id == account.id, not_locked)
            .values(failed_attempts=Account.failed_attempts + 1)
            .returning(Account.failed_attempts, Account.lockouts)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if row is None:  # locked by a concurrent attempt meanwhile
            until = session.scalar(select(Account.locked_until).where(Account.id == account.id))
            return self._locked_error(as_utc(until) or now, now)
        failed, lockouts = int(row[0]), int(row[1])
        if failed < MAX_FAILED_ATTEMPTS:
            left = attempts_left(failed)
            if wrong.key == CODE_WRONG:
                return ValidationError(
                    "auth.code_wrong_counted", field=wrong.field, detail=wrong.message, left=left
                )
            return ValidationError(wrong.key, field=wrong.field, **wrong.params, left=left)
        lockouts += 1
        until = now + lockout_delay(lockouts)
        session.execute(
            update(Account)
            .where(Account.id == account.id)
            .values(failed_attempts=0, lockouts=lockouts, locked_until=until)
            .execution_options(synchronize_session=False)
        )
        self._audit_account(
            session,
            account,
            "account.locked",
            after={"lockouts": lockouts, "locked_until": until},
        )
        return self._locked_error(until, now)

    def _finish_sign_in(self, session: Session, account: Account, *, step: int | None) -> bool:
        """Reset the counters; with a TOTP ``step``, store it unless an equal or later step was
        stored meanwhile (replay). Returns False on replay."""
        statement = update(Account).where(Account.id == account.id)
        values: dict[str, object] = {"failed_attempts": 0, "lockouts": 0, "locked_until": None}
        if step is not None:
            statement = statement.where(
                or_(Account.totp_last_step.is_(None), Account.totp_last_step < step)
            )
            values["totp_last_step"] = step
        result = session.execute(
            statement.values(**values).execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def _outcome(
        self, account_id: int, error: TutorError | None, signed_in: SignedIn | None
    ) -> SignedIn:
        """Raise the error decided inside a committed transaction, or finish the sign-in."""
        if error is not None:
            if isinstance(error, LockedError):
                self._password_passed.discard(account_id)
            raise error
        assert signed_in is not None
        self._password_passed.discard(account_id)
        return signed_in

    def _audit_account(
        self,
        session: Session,
        account: Account,
        action: str,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self._audit(
            session,
            None,
            principal=principal_of(account),
            action=action,
            entity="account",
            entity_id=account.id,
            before=before,
            after=after,
        )
