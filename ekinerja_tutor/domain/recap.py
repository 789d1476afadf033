"""The quarterly recap and its evidence folder, verified level by level (regional, e.g. Gowa).

A recap climbs the configured chain (default Kasubag/Kabid → Sekretaris → Kepala Dinas). Each
level passes it up or returns it to the employee with a note; after the top level it is VALID,
which is final. A returned recap is fixed and submitted again from the lowest level.
"""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja_tutor.domain.errors import (
    ConfigError,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from ekinerja_tutor.domain.fields import validate_text
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import RecapStatus, VerificationLevel
from ekinerja_tutor.i18n import Msg


def recap_status_label(status: RecapStatus) -> Msg:
    return Msg(f"recap.status.{status.value}")


def level_label(level: VerificationLevel) -> Msg:
    return Msg(f"recap.level.{level.value}")


@dataclass(frozen=True)
class RecapState:
    """Where a recap is.

    Attributes:
        level_index: for DIVERIFIKASI the level it waits at; for DIKEMBALIKAN the level that
            returned it; for VALID the top level; 0 for DRAFT.
    """

    status: RecapStatus
    level_index: int = 0


@dataclass(frozen=True)
class RecapChain:
    """The verification levels, lowest first."""

    levels: tuple[VerificationLevel, ...]

    def __post_init__(self) -> None:
        if not self.levels:
            raise ConfigError(
                "rules.no_levels", field="verification_levels", key="verification_levels"
            )
        if len(set(self.levels)) != len(self.levels):
            duplicate = next(lvl for lvl in self.levels if self.levels.count(lvl) > 1)
            raise ConfigError(
                "rules.duplicate_level",
                field="verification_levels",
                key="verification_levels",
                level=duplicate.value,
            )

    @classmethod
    def from_rules(cls, rules: RegionalRules) -> RecapChain:
        return cls(rules.verification_levels)

    def waiting_level(self, state: RecapState) -> VerificationLevel | None:
        """The level that must act next, or None when no level has to act."""
        if state.status is RecapStatus.DIVERIFIKASI and 0 <= state.level_index < len(self.levels):
            return self.levels[state.level_index]
        return None

    def submit(self, status: RecapStatus) -> RecapState:
        """The employee sends the recap (again) to the lowest level."""
        if status not in (RecapStatus.DRAFT, RecapStatus.DIKEMBALIKAN):
            raise InvalidTransition("recap.submit_invalid", status=recap_status_label(status))
        return RecapState(RecapStatus.DIVERIFIKASI, 0)

    def pass_level(
        self, status: RecapStatus, level_index: int, acting_level: VerificationLevel
    ) -> RecapState:
        """The level the recap waits at approves it: on to the next level, or VALID at the top."""
        self._ensure_acting(status, level_index, acting_level)
        if level_index == len(self.levels) - 1:
            return RecapState(RecapStatus.VALID, level_index)
        return RecapState(RecapStatus.DIVERIFIKASI, level_index + 1)

    def return_level(
        self,
        status: RecapStatus,
        level_index: int,
        acting_level: VerificationLevel,
        note: str | None,
    ) -> RecapState:
        """The level the recap waits at sends it back to the employee with a note."""
        self._ensure_acting(status, level_index, acting_level)
        if note is None or note == "" or note.isspace():
            raise ValidationError("recap.return_note_required", field="return_note")
        validate_text("return_note", note)
        return RecapState(RecapStatus.DIKEMBALIKAN, level_index)

    def _ensure_acting(
        self, status: RecapStatus, level_index: int, acting_level: VerificationLevel
    ) -> None:
        if status is RecapStatus.VALID:
            raise InvalidTransition("recap.already_valid")
        if status is not RecapStatus.DIVERIFIKASI:
            raise InvalidTransition("recap.not_in_verification", status=recap_status_label(status))
        if not 0 <= level_index < len(self.levels):
            raise InvalidTransition(
                "recap.bad_level_index", index=level_index, count=len(self.levels)
            )
        waiting = self.levels[level_index]
        if acting_level is not waiting:
            raise PermissionDenied(
                "recap.wrong_level",
                waiting_level=level_label(waiting),
                acting_level=level_label(acting_level),
            )
