"""Typed errors raised by rules and services; each carries a catalog key, never prose."""

from __future__ import annotations

from typing import Any

from ekinerja_tutor.i18n import Msg


class TutorError(Exception):
    """Base of every expected failure; the UI and CLI show ``message`` translated.

    Attributes:
        key: catalog key of the message.
        params: values for the message's placeholders (may themselves be ``Msg``).
        field: the form field the message belongs next to, if any.
    """

    default_key = "error.unexpected"

    def __init__(self, key: str | None = None, /, *, field: str | None = None, **params: Any):
        self.key = key or self.default_key
        self.params = params
        self.field = field
        super().__init__(self.key, params)

    @property
    def message(self) -> Msg:
        return Msg(self.key, self.params)

    def render(self, lang: str = "id") -> str:
        return self.message.render(lang)


class ValidationError(TutorError):
    """Input breaks a field rule; ``field`` names the field to show the message beside."""


class InvalidTransition(TutorError):
    """A status change the state machine does not allow from the current status."""


class PermissionDenied(TutorError):
    """The actor may not do this, whatever the screen offered."""

    default_key = "error.permission_denied"


class NotFound(TutorError):
    default_key = "error.not_found"


class Conflict(TutorError):
    """Someone else changed the item first; exactly one of two concurrent actors wins."""

    default_key = "error.conflict"


class LockedError(TutorError):
    """The item or period is locked (approved entry, closed period, locked account)."""


class StorageError(TutorError):
    """The database refused or lost the write (full disk, busy, dropped connection)."""


class ConfigError(TutorError):
    """Shipped or local content (sandbox data, lessons, settings) is broken."""
