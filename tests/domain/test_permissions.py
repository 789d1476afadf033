"""Permission predicates: direct supervisor only, never your own work, roles."""

from __future__ import annotations

import pytest

from ekinerja_tutor.domain.errors import PermissionDenied
from ekinerja_tutor.domain.permissions import (
    ensure_not_self,
    ensure_reviewer,
    ensure_role,
    is_direct_supervisor,
    role_label,
)
from ekinerja_tutor.domain.statuses import Role
from tests.domain.msgcheck import assert_error, assert_msg


def test_is_direct_supervisor() -> None:
    assert is_direct_supervisor(5, 5)
    assert not is_direct_supervisor(5, 6)
    assert not is_direct_supervisor(5, None)
    assert not is_direct_supervisor(None, None)


def test_nobody_approves_their_own_work() -> None:
    ensure_not_self(1, 2)
    with pytest.raises(PermissionDenied) as raised:
        ensure_not_self(3, 3)
    error = assert_error(raised.value, "permissions.own_work")
    assert "own work" in error.render("en")


def test_only_the_direct_supervisor_reviews() -> None:
    ensure_reviewer(10, 20, 10)
    cases = [
        ((20, 20, 20), "permissions.own_work"),  # even if the profile names oneself
        ((11, 20, 10), "permissions.not_direct_supervisor"),
        ((10, 20, None), "permissions.no_supervisor"),
    ]
    for (actor, subject, supervisor), key in cases:
        with pytest.raises(PermissionDenied) as raised:
            ensure_reviewer(actor, subject, supervisor)
        assert_error(raised.value, key)


def test_roles() -> None:
    ensure_role({Role.LEARNER, Role.TRAINER}, Role.TRAINER)
    ensure_role({Role.MENTOR}, {Role.TRAINER, Role.MENTOR})
    ensure_role(set(), set())
    with pytest.raises(PermissionDenied) as raised:
        ensure_role({Role.LEARNER}, Role.ADMIN)
    error = assert_error(raised.value, "permissions.role_required")
    assert "Admin" in error.render("id")
    with pytest.raises(PermissionDenied) as several:
        ensure_role({Role.LEARNER}, {Role.ADMIN, Role.TRAINER, Role.MENTOR})
    assert_error(several.value)
    assert "Mentor atau Pelatih atau Admin" in several.value.render("id")
    assert "Mentor or Trainer or Admin" in several.value.render("en")


def test_role_labels() -> None:
    for role in Role:
        assert_msg(role_label(role))
