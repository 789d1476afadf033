"""What the real Admin Instansi does: accounts, password and device resets, profile fixes.

Every method takes the acting :class:`Principal`. The admin role is required, except that a
trainer may also reset a device and switch the practice phone's failures on or off (a training
room needs both without waiting for the admin). Every change writes an audit event; no
password, code or secret enters one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import WIB
from ekinerja_tutor.domain.errors import NotFound, ValidationError
from ekinerja_tutor.domain.fields import validate_nip, validate_text
from ekinerja_tutor.domain.passwords import is_locked, new_one_time_password
from ekinerja_tutor.domain.permissions import ensure_role
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Account,
    AccountRole,
    PeriodUnlock,
    Person,
    Sandbox,
    Unit,
)
from ekinerja_tutor.persistence.models.accounts import RecoveryCode
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.auth import AuthService, as_utc, find_account
from ekinerja_tutor.services.context import Service, ServiceContext

ADMIN_ONLY = frozenset({Role.ADMIN})
ADMIN_OR_TRAINER = frozenset({Role.ADMIN, Role.TRAINER})

MAX_CLOCK_OFFSET_MINUTES = 24 * 60
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

DEVICE_FIELDS = (
    "totp_device_name",
    "totp_practice_phone",
    "totp_enrolled_at",
    "totp_last_step",
    "phone_clock_offset_s",
    "phone_lost",
)
LOCK_FIELDS = ("failed_attempts", "lockouts", "locked_until")


@dataclass(frozen=True)
class AccountView:
    """One account as the admin screen lists it (never the password hash or the secret).

    Attributes:
        locked: locked at the moment the view was made (real clock).
        enrolment_pending: an activation was started but its first code not yet typed.
        persona_key: the person the learner plays in their sandbox, if they have one.
    """

    id: int
    username: str
    alias: str | None
    display_name: str
    nip: str | None
    roles: frozenset[Role]
    must_change_password: bool
    failed_attempts: int
    lockouts: int
    locked_until: dt.datetime | None
    locked: bool
    device_enrolled: bool
    enrolment_pending: bool
    device_name: str | None
    practice_phone: bool
    enrolled_at: dt.datetime | None
    phone_clock_offset_s: int
    phone_lost: bool
    recovery_codes_left: int
    sandbox_id: int | None
    persona_key: str | None


@dataclass(frozen=True)
class PersonaView:
    """A learner's persona after a profile fix: their unit and direct supervisor."""

    username: str
    sandbox_id: int
    person_id: int
    person_key: str
    name: str
    unit_code: str
    unit_name: str
    supervisor_key: str | None
    supervisor_name: str | None


@dataclass(frozen=True)
class PeriodUnlockView:
    sandbox_id: int
    person_id: int
    year: int
    month: int
    until: dt.datetime
    """Sandbox time (naive WIB) until which the month accepts entries again."""


def _roles_of(account: Account) -> list[str]:
    return sorted(role.value for role in account.role_set)


class AdminService(Service):
    """Account administration; see the module docstring for who may do what.

    Args:
        hasher: the argon2 hasher for one-time passwords (tests pass a cheap one).
    """

    def __init__(self, ctx: ServiceContext, *, hasher: PasswordHasher | None = None) -> None:
        super().__init__(ctx)
        self._auth = AuthService(ctx, hasher=hasher)

    # -- accounts ------------------------------------------------------------------------------

    def add_user(
        self,
        principal: Principal,
        username: str,
        display_name: str,
        roles: Iterable[Role | str],
        *,
        nip: str | None = None,
        persona_key: str | None = None,
    ) -> tuple[AccountView, str]:
        """Create an account with a one-time password (shown once; changed at first sign-in).

        With ``persona_key``, the learner's sandbox is built too (``SandboxService.create``,
        a second transaction); if that fails, the new account is removed again.

        Returns:
            The account and its one-time password, e.g. ``Kd7m-Rx4p-Hw9t``.
        """
        ensure_role(principal.roles, ADMIN_ONLY)
        name = self._clean_username(username)
        validate_text("display_name", display_name)
        role_set = self._clean_roles(roles)
        clean_nip = None
        if nip is not None and nip.strip():
            clean_nip = validate_nip("".join(nip.split()))
        password = new_one_time_password()
        password_hash = self._auth.hash_password(password)
        with self.db.write() as session:
            taken = session.scalar(
                select(Account.id).where(
                    (func.lower(Account.username) == name) | (func.lower(Account.alias) == name)
                )
            )
            if taken is not None:
                raise ValidationError("admin.username_taken", field="username", username=name)
            account = Account(
                username=name,
                display_name=display_name,
                nip=clean_nip,
                password_hash=password_hash,
                must_change_password=True,
                created_at=self.ctx.now().astimezone(dt.UTC),
            )
            account.roles = [AccountRole(role=role) for role in sorted(role_set)]
            session.add(account)
            session.flush()
            after = snapshot(account, "username", "display_name", "nip", "must_change_password")
            after["roles"] = sorted(role.value for role in role_set)
            if persona_key:
                after["persona_key"] = persona_key
            self._audit(
                session,
                None,
                principal=principal,
                action="account.create",
                entity="account",
                entity_id=account.id,
                after=after,
            )
            account_id = account.id
        if persona_key:
            self._create_sandbox(principal, account_id, persona_key)
        with self.db.read() as session:
            return self._view(session, self._account_by_id(session, account_id)), password

    def list_users(self, principal: Principal) -> list[AccountView]:
        ensure_role(principal.roles, ADMIN_ONLY)
        with self.db.read() as session:
            accounts = session.scalars(select(Account).order_by(Account.username)).all()
            codes = {
                row[0]: int(row[1])
                for row in session.execute(
                    select(RecoveryCode.account_id, func.count())
                    .where(RecoveryCode.used_at.is_(None))
                    .group_by(RecoveryCode.account_id)
                )
            }
            sandboxes = {
                row.account_id: (row.id, row.persona_key)
                for row in session.execute(
                    select(Sandbox.account_id, Sandbox.id, Sandbox.persona_key)
                )
            }
            return [self._view(session, a, codes=codes, sandboxes=sandboxes) for a in accounts]

    def set_roles(
        self, principal: Principal, username: str, roles: Iterable[Role | str]
    ) -> AccountView:
        """Replace the account's roles; the last admin cannot lose the admin role."""
        ensure_role(principal.roles, ADMIN_ONLY)
        role_set = self._clean_roles(roles)
        with self.db.write() as session:
            account = self._account(session, username)
            before = {"roles": _roles_of(account)}
            if Role.ADMIN in account.role_set and Role.ADMIN not in role_set:
                others = session.scalar(
                    select(func.count())
                    .select_from(AccountRole)
                    .where(AccountRole.role == Role.ADMIN, AccountRole.account_id != account.id)
                )
                if not others:
                    raise ValidationError("admin.last_admin", field="roles")
            keep = [r for r in account.roles if r.role in role_set]
            present = {r.role for r in keep}
            account.roles = keep + [AccountRole(role=role) for role in sorted(role_set - present)]
            session.flush()
            self._audit_change(
                session,
                principal,
                account,
                "account.set_roles",
                before=before,
                after={"roles": _roles_of(account)},
            )
            return self._view(session, account)

    def reset_password(self, principal: Principal, username: str) -> str:
        """A new one-time password (shown once); the account must change it at next sign-in.

        Also clears failed attempts and any lockout: a forgotten password is the usual cause.
        """
        ensure_role(principal.roles, ADMIN_ONLY)
        password = new_one_time_password()
        password_hash = self._auth.hash_password(password)
        with self.db.write() as session:
            account = self._account(session, username)
            before = snapshot(account, "must_change_password", *LOCK_FIELDS)
            account.password_hash = password_hash
            account.must_change_password = True
            account.failed_attempts = 0
            account.lockouts = 0
            account.locked_until = None
            self._audit_change(
                session,
                principal,
                account,
                "account.reset_password",
                before=before,
                after=snapshot(account, "must_change_password", *LOCK_FIELDS),
            )
        return password

    def reset_device(self, principal: Principal, username: str) -> AccountView:
        """Forget the authenticator (lost or new phone): the next sign-in activates a new one.

        Clears the key, any unconfirmed key, the device name, the last used step and the
        practice phone's simulated failures; recovery codes are left as they are.
        """
        ensure_role(principal.roles, ADMIN_OR_TRAINER)
        with self.db.write() as session:
            account = self._account(session, username)
            before = snapshot(account, *DEVICE_FIELDS)
            before["device_enrolled"] = account.totp_secret is not None
            account.totp_secret = None
            account.totp_pending_secret = None
            account.totp_device_name = None
            account.totp_enrolled_at = None
            account.totp_last_step = None
            account.phone_clock_offset_s = 0
            account.phone_lost = False
            after = snapshot(account, *DEVICE_FIELDS)
            after["device_enrolled"] = False
            self._audit_change(
                session, principal, account, "account.reset_device", before=before, after=after
            )
            session.flush()
            return self._view(session, account)

    def unlock_account(self, principal: Principal, username: str) -> AccountView:
        """End a lockout now and forget earlier failures (the next lockout is short again)."""
        ensure_role(principal.roles, ADMIN_ONLY)
        with self.db.write() as session:
            account = self._account(session, username)
            before = snapshot(account, *LOCK_FIELDS)
            account.failed_attempts = 0
            account.lockouts = 0
            account.locked_until = None
            self._audit_change(
                session,
                principal,
                account,
                "account.unlock",
                before=before,
                after=snapshot(account, *LOCK_FIELDS),
            )
            session.flush()
            return self._view(session, account)

    def set_phone_failure(
        self,
        principal: Principal,
        username: str,
        clock_offset_minutes: float | None = None,
        lost: bool | None = None,
    ) -> AccountView:
        """Switch the practice phone's simulated failures (None leaves a switch as it is).

        Args:
            clock_offset_minutes: how far the phone's clock is off (negative: behind); a few
                minutes makes every code "Invalid Authenticator Code". 0 fixes the clock.
            lost: the phone is lost: it shows no code until the device is reset.
        """
        ensure_role(principal.roles, ADMIN_OR_TRAINER)
        if clock_offset_minutes is not None and not (
            -MAX_CLOCK_OFFSET_MINUTES <= clock_offset_minutes <= MAX_CLOCK_OFFSET_MINUTES
        ):
            raise ValidationError(
                "admin.clock_offset_range",
                field="clock_offset_minutes",
                limit=MAX_CLOCK_OFFSET_MINUTES,
            )
        with self.db.write() as session:
            account = self._account(session, username)
            if account.totp_secret is not None and not account.totp_practice_phone:
                raise ValidationError(
                    "admin.not_practice_phone", field="username", username=account.username
                )
            before = snapshot(account, "phone_clock_offset_s", "phone_lost")
            if clock_offset_minutes is not None:
                account.phone_clock_offset_s = round(clock_offset_minutes * 60)
            if lost is not None:
                account.phone_lost = lost
            self._audit_change(
                session,
                principal,
                account,
                "account.phone_failure",
                before=before,
                after=snapshot(account, "phone_clock_offset_s", "phone_lost"),
            )
            session.flush()
            return self._view(session, account)

    # -- a learner's profile inside their sandbox -----------------------------------------------

    def correct_persona(
        self,
        principal: Principal,
        username: str,
        supervisor_key: str | None = None,
        unit_code: str | None = None,
    ) -> PersonaView:
        """Fix the learner's persona profile: direct supervisor and/or unit (in their sandbox).

        A wrong supervisor in the profile blocks the SKP on the real system; this is the
        admin's fix. The supervisor must be another person of the same sandbox and may not
        report (directly or not) to the persona.
        """
        ensure_role(principal.roles, ADMIN_ONLY)
        if not supervisor_key and not unit_code:
            raise ValidationError("admin.nothing_to_change", field="supervisor_key")
        with self.db.write() as session:
            sandbox, persona = self._persona(session, username)
            before = snapshot(persona, "supervisor_id", "unit_id")
            if supervisor_key:
                supervisor = session.scalar(
                    select(Person).where(
                        Person.sandbox_id == sandbox.id, Person.key == supervisor_key
                    )
                )
                if supervisor is None:
                    raise ValidationError(
                        "admin.person_unknown", field="supervisor_key", key=supervisor_key
                    )
                self._ensure_no_cycle(session, persona, supervisor)
                persona.supervisor_id = supervisor.id
            if unit_code:
                unit = session.scalar(
                    select(Unit).where(Unit.sandbox_id == sandbox.id, Unit.code == unit_code)
                )
                if unit is None:
                    raise ValidationError("admin.unit_unknown", field="unit_code", code=unit_code)
                persona.unit_id = unit.id
            self._audit(
                session,
                None,
                principal=principal,
                sandbox=sandbox,
                action="person.correct_profile",
                entity="person",
                entity_id=persona.id,
                before=before,
                after=snapshot(persona, "supervisor_id", "unit_id"),
            )
            session.flush()
            return self._persona_view(session, username, sandbox, persona)

    def unlock_period(
        self, principal: Principal, username: str, year: int, month: int, until: dt.datetime
    ) -> PeriodUnlockView:
        """Reopen a locked month for the learner's persona until ``until`` (sandbox time, WIB).

        An aware ``until`` is converted to WIB. Unlocking the same month again moves the date.
        """
        ensure_role(principal.roles, ADMIN_ONLY)
        if not 1 <= month <= 12:
            raise ValidationError("admin.month_invalid", field="month", month=month)
        if not 2000 <= year <= 2100:
            raise ValidationError("admin.year_invalid", field="year", year=year)
        if until.tzinfo is not None:
            until = until.astimezone(WIB).replace(tzinfo=None)
        with self.db.write() as session:
            sandbox, persona = self._persona(session, username)
            if until <= sandbox.today:
                raise ValidationError(
                    "admin.unlock_until_past",
                    field="until",
                    today=sandbox.today.strftime("%d-%m-%Y %H:%M"),
                )
            row = session.scalar(
                select(PeriodUnlock).where(
                    PeriodUnlock.sandbox_id == sandbox.id,
                    PeriodUnlock.person_id == persona.id,
                    PeriodUnlock.year == year,
                    PeriodUnlock.month == month,
                )
            )
            before = snapshot(row, "until") if row is not None else None
            if row is None:
                row = PeriodUnlock(
                    sandbox_id=sandbox.id, person_id=persona.id, year=year, month=month, until=until
                )
                session.add(row)
            else:
                row.until = until
            session.flush()
            self._audit(
                session,
                None,
                principal=principal,
                sandbox=sandbox,
                action="period.unlock",
                entity="period_unlock",
                entity_id=row.id,
                before=before,
                after={"person_id": persona.id, "year": year, "month": month, "until": until},
            )
            return PeriodUnlockView(sandbox.id, persona.id, year, month, until)

    # -- internals -----------------------------------------------------------------------------

    @staticmethod
    def _clean_username(username: str) -> str:
        name = username.strip()
        validate_text("username", name)
        if not _USERNAME.fullmatch(name):
            raise ValidationError("admin.username_chars", field="username")
        return name.lower()

    @staticmethod
    def _clean_roles(roles: Iterable[Role | str]) -> set[Role]:
        role_set: set[Role] = set()
        for role in roles:
            try:
                role_set.add(Role(role))
            except ValueError:
                raise ValidationError(
                    "admin.role_unknown",
                    field="roles",
                    role=str(role),
                    choices=", ".join(r.value for r in Role),
                ) from None
        if not role_set:
            raise ValidationError("admin.roles_required", field="roles")
        return role_set

    @staticmethod
    def _account(session: Session, username: str) -> Account:
        account = find_account(session, username)
        if account is None:
            raise NotFound("error.unknown_user", username=username.strip())
        return account

    @staticmethod
    def _account_by_id(session: Session, account_id: int) -> Account:
        account = session.get(Account, account_id)
        if account is None:
            raise NotFound(what=Msg("noun.account"))
        return account

    def _persona(self, session: Session, username: str) -> tuple[Sandbox, Person]:
        account = self._account(session, username)
        sandbox = session.scalar(select(Sandbox).where(Sandbox.account_id == account.id))
        if sandbox is None:
            raise NotFound("error.no_sandbox", username=account.username)
        persona = session.get(Person, sandbox.persona_id) if sandbox.persona_id else None
        if persona is None:
            raise NotFound(what=Msg("noun.person"))
        return sandbox, persona

    @staticmethod
    def _ensure_no_cycle(session: Session, persona: Person, supervisor: Person) -> None:
        if supervisor.id == persona.id:
            raise ValidationError("admin.supervisor_self", field="supervisor_key")
        seen: set[int] = set()
        current: Person | None = supervisor
        while current is not None and current.id not in seen:
            if current.id == persona.id:
                raise ValidationError(
                    "admin.supervisor_cycle", field="supervisor_key", name=supervisor.name
                )
            seen.add(current.id)
            current = session.get(Person, current.supervisor_id) if current.supervisor_id else None

    @staticmethod
    def _persona_view(
        session: Session, username: str, sandbox: Sandbox, persona: Person
    ) -> PersonaView:
        unit = session.get(Unit, persona.unit_id)
        supervisor = session.get(Person, persona.supervisor_id) if persona.supervisor_id else None
        return PersonaView(
            username=username.strip(),
            sandbox_id=sandbox.id,
            person_id=persona.id,
            person_key=persona.key,
            name=persona.name,
            unit_code=unit.code if unit else "",
            unit_name=unit.name if unit else "",
            supervisor_key=supervisor.key if supervisor else None,
            supervisor_name=supervisor.name if supervisor else None,
        )

    def _create_sandbox(self, principal: Principal, account_id: int, persona_key: str) -> None:
        from ekinerja_tutor.services.sandboxes import SandboxService

        try:
            SandboxService(self.ctx).create(principal, account_id, persona_key=persona_key)
        except Exception:
            with self.db.write() as session:
                account = session.get(Account, account_id)
                if account is not None:
                    session.delete(account)
            raise

    def _view(
        self,
        session: Session,
        account: Account,
        *,
        codes: dict[int, int] | None = None,
        sandboxes: dict[int | None, tuple[int, str]] | None = None,
    ) -> AccountView:
        if codes is None:
            left = session.scalar(
                select(func.count())
                .select_from(RecoveryCode)
                .where(RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None))
            )
            codes = {account.id: int(left or 0)}
        if sandboxes is None:
            found = session.execute(
                select(Sandbox.id, Sandbox.persona_key).where(Sandbox.account_id == account.id)
            ).first()
            sandboxes = {account.id: (found[0], found[1])} if found else {}
        sandbox = sandboxes.get(account.id)
        locked_until = as_utc(account.locked_until)
        return AccountView(
            id=account.id,
            username=account.username,
            alias=account.alias,
            display_name=account.display_name,
            nip=account.nip,
            roles=frozenset(account.role_set),
            must_change_password=account.must_change_password,
            failed_attempts=account.failed_attempts,
            lockouts=account.lockouts,
            locked_until=locked_until,
            locked=locked_until is not None and is_locked(locked_until, self.ctx.now()),
            device_enrolled=account.totp_secret is not None,
            enrolment_pending=account.totp_pending_secret is not None,
            device_name=account.totp_device_name,
            practice_phone=account.totp_practice_phone,
            enrolled_at=as_utc(account.totp_enrolled_at),
            phone_clock_offset_s=account.phone_clock_offset_s,
            phone_lost=account.phone_lost,
            recovery_codes_left=codes.get(account.id, 0),
            sandbox_id=sandbox[0] if sandbox else None,
            persona_key=sandbox[1] if sandbox else None,
        )

    def _audit_change(
        self,
        session: Session,
        principal: Principal,
        account: Account,
        action: str,
        *,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        after = dict(after or {})
        after.setdefault("username", account.username)
        self._audit(
            session,
            None,
            principal=principal,
            action=action,
            entity="account",
            entity_id=account.id,
            before=before,
            after=after,
        )
