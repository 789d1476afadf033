"""Who is acting: a signed-in account, or the program playing a colleague."""

from __future__ import annotations

from dataclasses import dataclass, field

from ekinerja_tutor.domain.statuses import Role


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a service.

    Attributes:
        account_id: the tutor account, or None for the program itself (seeding, simulated
            colleagues, which act through the same services and checks as people).
        username: shown in audit events.
        roles: the account's roles.
        simulated: True when the program plays a colleague inside a sandbox.
    """

    account_id: int | None
    username: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    simulated: bool = False

    def has(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_staff(self) -> bool:
        return self.has(Role.TRAINER, Role.MENTOR, Role.ADMIN)


SYSTEM = Principal(account_id=None, username="system", simulated=True)
"""The program: seeds offices and plays simulated colleagues."""


@dataclass(frozen=True)
class Seat:
    """A principal acting as one person inside one sandbox.

    A learner sits as their persona or, to practise reviewing, as the persona's supervisor.
    The program (``SYSTEM``) may sit as anyone in any sandbox; the services still apply the
    workflow rules (nobody approves their own work, reviews only by the direct supervisor).
    """

    principal: Principal
    sandbox_id: int
    person_id: int

    @property
    def simulated(self) -> bool:
        return self.principal.simulated
