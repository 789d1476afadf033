"""The agency admin: accounts, resets, practice failures, profile fixes; who may do what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from ekinerja_tutor.domain.errors import (
    LockedError,
    NotFound,
    PermissionDenied,
    TutorError,
    ValidationError,
)
from ekinerja_tutor.domain.passwords import password_problems
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.domain.totp import current_code
from ekinerja_tutor.persistence.models import AuditEvent, PeriodUnlock, Person, Unit
from ekinerja_tutor.services.actors import SYSTEM, Principal
from ekinerja_tutor.services.admin import AdminService
from ekinerja_tutor.services.auth import AuthService, NextStep
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.sandboxes import SandboxService
from tests.domain.msgcheck import assert_error
from tests.factories import TODAY, MiniOffice, build_mini_office

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
ADMIN = Principal(account_id=None, username="admin", roles=frozenset({Role.ADMIN}))
TRAINER = Principal(account_id=None, username="pelatih", roles=frozenset({Role.TRAINER}))
MENTOR = Principal(account_id=None, username="mentor", roles=frozenset({Role.MENTOR}))
LEARNER = Principal(account_id=None, username="peserta", roles=frozenset({Role.LEARNER}))
NEW_PASSWORD = "Teh#Sore2026x"


@pytest.fixture
def admin(ctx: ServiceContext) -> AdminService:
    return AdminService(ctx, hasher=CHEAP)


@pytest.fixture
def auth(ctx: ServiceContext) -> AuthService:
    return AuthService(ctx, hasher=CHEAP)


def audit_actions(ctx: ServiceContext) -> list[str]:
    with ctx.db.read() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def activate(auth: AuthService, ctx: ServiceContext, username: str, password: str) -> int:
    """Sign in for the first time: change the password, activate the practice phone."""
    step = auth.login_password(username, password)
    auth.change_password(step.account_id, password, NEW_PASSWORD)
    auth.start_enrolment(step.account_id, "Ponsel latihan", practice_phone=True)
    auth.confirm_enrolment(step.account_id, auth.practice_phone_code(username, NEW_PASSWORD).code)
    return step.account_id


# -- the permission matrix ---------------------------------------------------------------------

ACTIONS: dict[str, Callable[[AdminService, Principal], Any]] = {
    "add_user": lambda s, p: s.add_user(p, "baru", "Pegawai Baru", [Role.LEARNER]),
    "list_users": lambda s, p: s.list_users(p),
    "set_roles": lambda s, p: s.set_roles(p, "ani", [Role.LEARNER, Role.MENTOR]),
    "reset_password": lambda s, p: s.reset_password(p, "ani"),
    "reset_device": lambda s, p: s.reset_device(p, "ani"),
    "unlock_account": lambda s, p: s.unlock_account(p, "ani"),
    "set_phone_failure": lambda s, p: s.set_phone_failure(p, "ani", clock_offset_minutes=5),
    "correct_persona": lambda s, p: s.correct_persona(p, "ani", supervisor_key="kabid"),
    "unlock_period": lambda s, p: s.unlock_period(p, "ani", 2026, 10, TODAY + dt.timedelta(days=3)),
}
TRAINER_ALLOWED = {"reset_device", "set_phone_failure"}


@pytest.mark.parametrize(
    ("principal", "allowed"),
    [
        (ADMIN, set(ACTIONS)),
        (TRAINER, TRAINER_ALLOWED),
        (MENTOR, set()),
        (LEARNER, set()),
        (SYSTEM, set()),
    ],
    ids=["admin", "trainer", "mentor", "learner", "system"],
)
def test_permission_matrix(
    admin: AdminService,
    ctx: ServiceContext,
    office: MiniOffice,
    principal: Principal,
    allowed: set[str],
) -> None:
    """Admin: everything. Trainer: device reset and phone failures. Anyone else: nothing."""
    outcome: dict[str, bool] = {}
    for action, call in ACTIONS.items():
        before = audit_actions(ctx)
        try:
            call(admin, principal)
        except PermissionDenied as error:
            assert_error(error, "permissions.role_required")
            assert audit_actions(ctx) == before  # a refusal changes nothing
            outcome[action] = False
        else:
            if action != "list_users":
                assert len(audit_actions(ctx)) > len(before)  # every change is audited
            outcome[action] = True
    assert outcome == {action: action in allowed for action in ACTIONS}


# -- accounts ------------------------------------------------------------------------------------


def test_add_user_gives_a_one_time_password_that_must_be_changed(
    admin: AdminService, auth: AuthService, ctx: ServiceContext
) -> None:
    view, password = admin.add_user(
        ADMIN, "Budi.Santoso", "Budi Santoso", ["learner"], nip="19800101 200501 1 001"
    )
    assert view.username == "budi.santoso"
    assert view.nip == "198001012005011001"
    assert view.roles == frozenset({Role.LEARNER})
    assert view.must_change_password and not view.device_enrolled
    assert password_problems(password) == []
    assert auth.login_password("budi.santoso", password).next is NextStep.CHANGE_PASSWORD
    assert auth.login_password("198001012005011001", password).account_id == view.id
    assert "account.create" in audit_actions(ctx)
    with ctx.db.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "account.create"))
        assert password not in str(event.one().after)


def test_add_user_checks_its_fields(admin: AdminService) -> None:
    admin.add_user(ADMIN, "budi", "Budi", [Role.LEARNER])
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"username": "BUDI"}, "admin.username_taken", "username"),
        ({"username": "budi santoso"}, "admin.username_chars", "username"),
        ({"roles": []}, "admin.roles_required", "roles"),
        ({"roles": ["boss"]}, "admin.role_unknown", "roles"),
        ({"nip": "12345"}, "field.nip_length", "nip"),
        ({"display_name": ""}, "field.required", "display_name"),
    ]
    for override, key, field in cases:
        args: dict[str, Any] = {
            "username": "citra",
            "display_name": "Citra",
            "roles": [Role.LEARNER],
            **override,
        }
        with pytest.raises(ValidationError) as caught:
            admin.add_user(
                ADMIN, args["username"], args["display_name"], args["roles"], nip=args.get("nip")
            )
        assert_error(caught.value, key, field)


def test_add_user_with_a_persona_builds_the_sandbox(
    admin: AdminService, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, str]] = []

    def fake_create(self: SandboxService, principal: Principal, account_id: int, **kw: Any) -> None:
        calls.append((account_id, kw["persona_key"]))

    monkeypatch.setattr(SandboxService, "create", fake_create)
    view, _ = admin.add_user(ADMIN, "darto", "Sudarto", [Role.LEARNER], persona_key="darto")
    assert calls == [(view.id, "darto")]


def test_a_failed_sandbox_build_removes_the_new_account(
    admin: AdminService, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: SandboxService, principal: Principal, account_id: int, **kw: Any) -> None:
        raise ValidationError("error.unknown_persona", field="persona", persona="nobody")

    monkeypatch.setattr(SandboxService, "create", broken)
    with pytest.raises(ValidationError):
        admin.add_user(ADMIN, "darto", "Sudarto", [Role.LEARNER], persona_key="nobody")
    assert [u.username for u in admin.list_users(ADMIN)] == []


def test_list_users_shows_state_but_no_secret(
    admin: AdminService, auth: AuthService, ctx: ServiceContext
) -> None:
    view, password = admin.add_user(ADMIN, "pelatih", "Pelatih", [Role.TRAINER])
    activate(auth, ctx, "pelatih", password)
    auth.generate_recovery_codes(view.id)
    (listed,) = admin.list_users(ADMIN)
    assert listed.device_enrolled and listed.practice_phone
    assert listed.device_name == "Ponsel latihan"
    assert listed.recovery_codes_left == 10
    assert not listed.must_change_password and not listed.locked
    assert "secret" not in " ".join(vars(listed)) and "hash" not in " ".join(vars(listed))


def test_set_roles_keeps_one_admin(admin: AdminService, ctx: ServiceContext) -> None:
    admin.add_user(ADMIN, "kepala", "Kepala BKPSDM", [Role.ADMIN])
    view = admin.set_roles(ADMIN, "kepala", [Role.ADMIN, Role.TRAINER])
    assert view.roles == frozenset({Role.ADMIN, Role.TRAINER})
    with pytest.raises(ValidationError) as caught:
        admin.set_roles(ADMIN, "kepala", [Role.TRAINER])
    assert_error(caught.value, "admin.last_admin", "roles")
    admin.add_user(ADMIN, "wakil", "Wakil", [Role.ADMIN])
    assert admin.set_roles(ADMIN, "kepala", ["trainer"]).roles == frozenset({Role.TRAINER})
    assert audit_actions(ctx).count("account.set_roles") == 2


def test_reset_password_replaces_it_and_ends_a_lockout(
    admin: AdminService, auth: AuthService, ctx: ServiceContext
) -> None:
    _, first = admin.add_user(ADMIN, "ani", "Ani", [Role.LEARNER])
    for _ in range(5):
        with pytest.raises(TutorError):
            auth.login_password("ani", "Salah#Sandi2026")
    with pytest.raises(LockedError):
        auth.login_password("ani", first)
    second = admin.reset_password(ADMIN, "ani")
    assert second != first and password_problems(second) == []
    with pytest.raises(ValidationError):
        auth.login_password("ani", first)
    assert auth.login_password("ani", second).next is NextStep.CHANGE_PASSWORD


def test_reset_device_lets_the_learner_activate_again(
    admin: AdminService, auth: AuthService, ctx: ServiceContext
) -> None:
    _, password = admin.add_user(ADMIN, "pelatih", "Pelatih", [Role.TRAINER])
    account_id = activate(auth, ctx, "pelatih", password)
    auth.generate_recovery_codes(account_id)
    admin.set_phone_failure(TRAINER, "pelatih", lost=True)
    reset = admin.reset_device(TRAINER, "pelatih")
    assert not reset.device_enrolled and reset.device_name is None
    assert not reset.phone_lost
    assert reset.recovery_codes_left == 10  # recovery codes untouched
    assert auth.login_password("pelatih", NEW_PASSWORD).next is NextStep.ENROL
    auth.start_enrolment(account_id, "HP baru", practice_phone=False)
    assert "account.reset_device" in audit_actions(ctx)


def test_unlock_account(admin: AdminService, auth: AuthService, ctx: ServiceContext) -> None:
    _, password = admin.add_user(ADMIN, "ani", "Ani", [Role.LEARNER])
    for _ in range(5):
        with pytest.raises(TutorError):
            auth.login_password("ani", "Salah#Sandi2026")
    (locked,) = admin.list_users(ADMIN)
    assert locked.locked and locked.lockouts == 1
    assert locked.locked_until == ctx.now() + dt.timedelta(minutes=1)
    view = admin.unlock_account(ADMIN, "ani")
    assert not view.locked and view.lockouts == 0
    auth.login_password("ani", password)


def test_phone_failure_switches(
    admin: AdminService, auth: AuthService, ctx: ServiceContext
) -> None:
    _, password = admin.add_user(ADMIN, "ani", "Ani", [Role.LEARNER])
    account_id = activate(auth, ctx, "ani", password)
    view = admin.set_phone_failure(TRAINER, "ani", clock_offset_minutes=-5)
    assert view.phone_clock_offset_s == -300 and not view.phone_lost
    assert view.locked is False
    phone = auth.practice_phone_code("ani", NEW_PASSWORD)
    assert (
        phone.code
        == current_code(_secret(ctx, account_id), ctx.now() - dt.timedelta(minutes=5)).code
    )
    view = admin.set_phone_failure(TRAINER, "ani", clock_offset_minutes=0, lost=True)
    assert view.phone_clock_offset_s == 0 and view.phone_lost
    with pytest.raises(ValidationError) as caught:
        admin.set_phone_failure(TRAINER, "ani", clock_offset_minutes=10_000)
    assert_error(caught.value, "admin.clock_offset_range", "clock_offset_minutes")
    assert audit_actions(ctx).count("account.phone_failure") == 2


def _secret(ctx: ServiceContext, account_id: int) -> str:
    from ekinerja_tutor.persistence.models import Account

    with ctx.db.read() as session:
        account = session.get(Account, account_id)
        assert account is not None and account.totp_secret is not None
        return account.totp_secret


def test_phone_failures_are_for_the_practice_phone_only(
    admin: AdminService, auth: AuthService
) -> None:
    _, password = admin.add_user(ADMIN, "ani", "Ani", [Role.LEARNER])
    step = auth.login_password("ani", password)
    auth.change_password(step.account_id, password, NEW_PASSWORD)
    view = auth.start_enrolment(step.account_id, "HP Ani", practice_phone=False)
    secret = view.secret.replace(" ", "")
    auth.confirm_enrolment(step.account_id, current_code(secret, auth.ctx.now()).code)
    with pytest.raises(ValidationError) as caught:
        admin.set_phone_failure(ADMIN, "ani", lost=True)
    assert_error(caught.value, "admin.not_practice_phone")


def test_unknown_user(admin: AdminService) -> None:
    with pytest.raises(NotFound) as caught:
        admin.reset_device(ADMIN, "siapa")
    assert_error(caught.value, "error.unknown_user")


# -- a learner's persona -----------------------------------------------------------------------


def persona_row(ctx: ServiceContext, office: MiniOffice) -> tuple[Person, Unit]:
    with ctx.db.read() as session:
        person = session.get(Person, office.persons["ani"])
        assert person is not None
        unit = session.get(Unit, person.unit_id)
        assert unit is not None
        return person, unit


def test_correct_persona_supervisor_and_unit(
    admin: AdminService, ctx: ServiceContext, office: MiniOffice
) -> None:
    view = admin.correct_persona(ADMIN, "ani", supervisor_key="kabid", unit_code="linjamsos")
    assert (view.supervisor_key, view.unit_code) == ("kabid", "linjamsos")
    person, unit = persona_row(ctx, office)
    assert person.supervisor_id == office.persons["kabid"] and unit.code == "linjamsos"
    with ctx.db.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "person.correct_profile")
        ).one()
    assert event.sandbox_id == office.sandbox_id and event.entity_id == office.persons["ani"]
    assert event.before is not None and event.after is not None
    assert event.before["supervisor_id"] == office.persons["kasubag"]
    assert event.after["supervisor_id"] == office.persons["kabid"]


def test_correct_persona_refuses_bad_choices(
    admin: AdminService, ctx: ServiceContext, office: MiniOffice
) -> None:
    cases: list[tuple[dict[str, str], str]] = [
        ({}, "admin.nothing_to_change"),
        ({"supervisor_key": "nobody"}, "admin.person_unknown"),
        ({"unit_code": "nowhere"}, "admin.unit_unknown"),
        ({"supervisor_key": "ani"}, "admin.supervisor_self"),
    ]
    for kwargs, key in cases:
        with pytest.raises(ValidationError) as caught:
            admin.correct_persona(ADMIN, "ani", **kwargs)
        assert_error(caught.value, key)
    # a persona with subordinates cannot report to one of them
    with ctx.db.write() as session:
        build_mini_office(session, username="kas", persona="kasubag")
    with pytest.raises(ValidationError) as cycle:
        admin.correct_persona(ADMIN, "kas", supervisor_key="ani")
    assert_error(cycle.value, "admin.supervisor_cycle", "supervisor_key")
    admin.add_user(ADMIN, "tanpa", "Tanpa Sandbox", [Role.LEARNER])
    with pytest.raises(NotFound) as missing:
        admin.correct_persona(ADMIN, "tanpa", supervisor_key="kabid")
    assert_error(missing.value, "error.no_sandbox")


def test_unlock_period_for_the_persona(
    admin: AdminService, ctx: ServiceContext, office: MiniOffice
) -> None:
    until = TODAY + dt.timedelta(days=3)
    view = admin.unlock_period(ADMIN, "ani", 2026, 10, until)
    assert (view.person_id, view.year, view.month, view.until) == (
        office.persons["ani"],
        2026,
        10,
        until,
    )
    later = until + dt.timedelta(days=2)
    admin.unlock_period(ADMIN, "ani", 2026, 10, later)
    with ctx.db.read() as session:
        rows = session.scalars(select(PeriodUnlock)).all()
    assert [(r.person_id, r.month, r.until) for r in rows] == [(office.persons["ani"], 10, later)]
    assert audit_actions(ctx).count("period.unlock") == 2
    for args, key in (
        ((2026, 13, later), "admin.month_invalid"),
        ((1900, 10, later), "admin.year_invalid"),
        ((2026, 10, TODAY - dt.timedelta(days=1)), "admin.unlock_until_past"),
    ):
        with pytest.raises(ValidationError) as caught:
            admin.unlock_period(ADMIN, "ani", *args)
        assert_error(caught.value, key)
