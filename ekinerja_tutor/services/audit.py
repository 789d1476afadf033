"""Writing audit events inside the caller's transaction; secrets never enter them."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy.orm import Session

from ekinerja_tutor.persistence.models import AuditEvent
from ekinerja_tutor.services.actors import Principal

SECRET_FIELDS = frozenset(
    {"password", "password_hash", "totp_secret", "totp_pending_secret", "code", "code_hash"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in SECRET_FIELDS}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, *fields: str) -> dict[str, Any]:
    """The named attributes of ``obj`` as JSON-ready values (secrets dropped)."""
    return {f: _plain(getattr(obj, f)) for f in fields if f not in SECRET_FIELDS}


def record(
    session: Session,
    *,
    principal: Principal,
    action: str,
    entity: str,
    entity_id: int | None,
    at: dt.datetime,
    sandbox_id: int | None = None,
    sandbox_time: dt.datetime | None = None,
    person_id: int | None = None,
    actor_label: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEvent(
            sandbox_id=sandbox_id,
            actor_account_id=principal.account_id,
            actor_person_id=person_id,
            actor_label=actor_label or principal.username,
            simulated=principal.simulated,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=_plain(before) if before is not None else None,
            after=_plain(after) if after is not None else None,
            at=at,
            sandbox_time=sandbox_time,
        )
    )
