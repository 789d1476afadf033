"""Copying every row of one sandbox into another, with ids remapped.

A learner's sandbox is cloned from a *template sandbox*: the same scenario and persona built
once through the services (so its records and audit trail are real), then copied row by row.
Foreign keys inside the sandbox are remapped to the new rows; the audit trail's ``entity_id``
and ``actor_person_id`` are remapped too, so ``sandbox show`` stays consistent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from ekinerja_tutor.persistence.models import Base, Sandbox

# audit entity names that are not table names
_ENTITY_TABLES = {"recap": "quarter_recap", "entry": "daily_entry"}


def sandbox_tables() -> list[Table]:
    """Every table carrying ``sandbox_id`` (not the sandbox itself), parents before children.

    Copying walks this order; deleting walks it backwards (nothing points at the last ones).
    """
    tables = [t for t in Base.metadata.sorted_tables if "sandbox_id" in t.c and t.name != "sandbox"]
    # feedback after the IKIs: its target_ref may hold an IKI id, with no foreign key to
    # order it by; the audit trail last, so every entity id can be remapped
    return sorted(tables, key=lambda t: (t.name == "audit_event", t.name == "feedback"))


def clone_rows(session: Session, source_id: int, target_id: int) -> dict[str, dict[int, int]]:
    """Copy all rows of sandbox ``source_id`` into ``target_id``; returns old→new id maps."""
    maps: dict[str, dict[int, int]] = {"sandbox": {source_id: target_id}}
    for table in sandbox_tables():
        rows = (
            session.execute(
                select(table).where(table.c.sandbox_id == source_id).order_by(table.c.id)
            )
            .mappings()
            .all()
        )
        if not rows:
            continue
        references = {
            col.name: next(iter(col.foreign_keys)).column.table.name
            for col in table.c
            if col.foreign_keys and col.name != "sandbox_id"
        }
        self_refs = [name for name, target in references.items() if target == table.name]
        params = []
        for row in rows:
            values: dict[str, Any] = {k: v for k, v in row.items() if k != "id"}
            values["sandbox_id"] = target_id
            for name, target in references.items():
                if name in self_refs or values[name] is None or target not in maps:
                    if name in self_refs:
                        values[name] = None
                    continue
                values[name] = maps[target].get(values[name], values[name])
            if table.name == "audit_event":
                _remap_audit(values, maps)
            elif table.name == "feedback" and values.get("target_kind") == "iki":
                # an indicator's id kept as text (target_ref also holds perilaku names)
                old = int(values["target_ref"])
                values["target_ref"] = str(maps.get("iki", {}).get(old, old))
            params.append(values)
        new_ids = (
            session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), params
            )
            .scalars()
            .all()
        )
        mapping = {row["id"]: new_id for row, new_id in zip(rows, new_ids, strict=True)}
        maps[table.name] = mapping
        for name in self_refs:
            for row in rows:
                old_target = row[name]
                if old_target is not None:
                    session.execute(
                        update(table)
                        .where(table.c.id == mapping[row["id"]])
                        .values({name: mapping.get(old_target, old_target)})
                    )
    return maps


def _remap_audit(values: dict[str, Any], maps: dict[str, dict[int, int]]) -> None:
    entity = _ENTITY_TABLES.get(values["entity"], values["entity"])
    if values.get("entity_id") is not None and entity in maps:
        values["entity_id"] = maps[entity].get(values["entity_id"], values["entity_id"])
    if values.get("actor_person_id") is not None and "person" in maps:
        values["actor_person_id"] = maps["person"].get(
            values["actor_person_id"], values["actor_person_id"]
        )


def clone_sandbox(session: Session, template: Sandbox, target: Sandbox) -> None:
    """Make ``target`` a copy of ``template``: rows, clock, persona, simulated colleagues."""
    maps = clone_rows(session, template.id, target.id)
    target.today = template.today
    target.scenario = template.scenario
    target.persona_key = template.persona_key
    target.simulation = dict(template.simulation or {})
    target.persona_id = (
        maps.get("person", {}).get(template.persona_id) if template.persona_id else None
    )
    session.flush()
