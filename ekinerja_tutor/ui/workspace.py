"""The employee workspace: who is practising, in which sandbox, from which seat.

Every workspace screen takes a :class:`Workspace` and calls services with its seats; the
screens never decide permissions (the services do).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ekinerja_tutor.services.actors import Principal, Seat

if TYPE_CHECKING:
    from ekinerja_tutor.services.sandboxes import SandboxView


@dataclass(frozen=True)
class Workspace:
    """A signed-in learner in their own sandbox.

    Attributes:
        principal: the signed-in account.
        sandbox: the learner's sandbox (persona, today); refresh it after the clock moves.
        supervisor_id: the persona's direct supervisor in the sandbox, if any (the second seat).
    """

    principal: Principal
    sandbox: SandboxView
    supervisor_id: int | None = None

    @property
    def seat(self) -> Seat:
        """The learner as their persona."""
        assert self.sandbox.persona_id is not None
        return Seat(self.principal, self.sandbox.id, self.sandbox.persona_id)

    @property
    def supervisor_seat(self) -> Seat | None:
        """The learner in the persona's supervisor's seat (to practise reviewing)."""
        if self.supervisor_id is None:
            return None
        return Seat(self.principal, self.sandbox.id, self.supervisor_id)

    def with_sandbox(self, sandbox: SandboxView) -> Workspace:
        return replace(self, sandbox=sandbox)
