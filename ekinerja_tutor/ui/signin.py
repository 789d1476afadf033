"""What the sign-in steps carry from one screen to the next (in memory, never stored)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ekinerja_tutor.services.auth import LoginStep


@dataclass(frozen=True)
class SignInFlow:
    """The password step's result and what was typed, so nothing is typed twice.

    Attributes:
        step: what the service said comes next, and who is signing in.
        login: the NIP or username as typed (the practice phone asks for it).
        password: the current password: the old one for the forced change, and the practice
            phone's unlock. Dropped when the sign-in ends.
    """

    step: LoginStep
    login: str
    password: str

    def with_step(self, step: LoginStep, password: str | None = None) -> SignInFlow:
        return replace(self, step=step, password=password or self.password)
