"""Pure permission predicates; services call them inside every use case, whatever the screen showed.

Assessment and review are direct-supervisor only (GLOSSARY.md), and nobody approves their own work.
"""

from __future__ import annotations

from collections.abc import Set

from ekinerja_tutor.domain.errors import PermissionDenied
from ekinerja_tutor.domain.statuses import Role
from ekinerja_tutor.i18n import Msg

#: Display order when several roles would do.
_ROLE_ORDER: tuple[Role, ...] = (Role.LEARNER, Role.MENTOR, Role.TRAINER, Role.ADMIN)


def role_label(role: Role) -> Msg:
    return Msg(f"permissions.role.{role.value}")


def is_direct_supervisor(supervisor_id: int | None, subject_supervisor_id: int | None) -> bool:
    """Whether ``supervisor_id`` is the direct supervisor named in the subject's profile."""
    return supervisor_id is not None and supervisor_id == subject_supervisor_id


def ensure_not_self(actor_person_id: int, subject_person_id: int) -> None:
    if actor_person_id == subject_person_id:
        raise PermissionDenied("permissions.own_work")


def ensure_reviewer(
    actor_person_id: int, subject_person_id: int, subject_supervisor_id: int | None
) -> None:
    """Only the subject's direct supervisor may review, approve, return or rate their work."""
    ensure_not_self(actor_person_id, subject_person_id)
    if subject_supervisor_id is None:
        raise PermissionDenied("permissions.no_supervisor")
    if not is_direct_supervisor(actor_person_id, subject_supervisor_id):
        raise PermissionDenied("permissions.not_direct_supervisor")


def ensure_role(roles: Set[Role], needed: Role | Set[Role]) -> None:
    """The account must hold ``needed`` (or, for a set, at least one of those roles)."""
    wanted = frozenset({needed}) if isinstance(needed, Role) else frozenset(needed)
    if not wanted or roles & wanted:
        return
    ordered = [role for role in _ROLE_ORDER if role in wanted]
    raise PermissionDenied("permissions.role_required", roles=_alternatives(ordered))


def _alternatives(roles: list[Role]) -> Msg:
    """Roles joined by "atau"/"or" as nested messages, so each language keeps its own word."""
    label = role_label(roles[-1])
    for role in reversed(roles[:-1]):
        label = Msg("permissions.role_or", {"first": role_label(role), "rest": label})
    return label
