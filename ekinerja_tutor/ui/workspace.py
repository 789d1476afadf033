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
        in_supervisor_seat: True while the learner sits in the supervisor's seat (F6); the
            review screens then act as the supervisor, the own-work screens stay the persona's.
        seat_name: the supervisor seat's name and jabatan, for the persona bar (set with F6).
    """

    principal: Principal
    sandbox: SandboxView
    supervisor_id: int | None = None
    in_supervisor_seat: bool = False
    seat_name: str = ""

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

    @property
    def active_seat(self) -> Seat:
        """The seat the review screens act from: the supervisor's after F6, else the persona."""
        seat = self.supervisor_seat if self.in_supervisor_seat else None
        return seat if seat is not None else self.seat

    def with_seat(self, in_supervisor_seat: bool, seat_name: str = "") -> Workspace:
        """The same learner in the other seat (only when the persona has a supervisor)."""
        on = in_supervisor_seat and self.supervisor_id is not None
        return replace(self, in_supervisor_seat=on, seat_name=seat_name if on else "")

    def with_sandbox(self, sandbox: SandboxView) -> Workspace:
        return replace(self, sandbox=sandbox)
