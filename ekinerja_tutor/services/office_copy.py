"""Copying the shipped office (units and people) into one sandbox."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ekinerja_tutor.persistence.models import Person, Sandbox, Unit


def copy_office(session: Session, sandbox: Sandbox, content_root: Path | None) -> dict[str, Person]:
    """Insert the office of ``sandbox_data/office.toml`` into ``sandbox``; people by key."""
    from ekinerja_tutor.content.office import load_office

    office = load_office(content_root)
    units: dict[str, Unit] = {}
    pending = list(office.units)
    while pending:  # parents before children, whatever the file's order
        progressed = False
        for data in list(pending):
            if data.parent is None or data.parent in units:
                unit = Unit(
                    sandbox_id=sandbox.id,
                    code=data.code,
                    name=data.name,
                    kind=data.kind,
                    parent_id=units[data.parent].id if data.parent else None,
                    simulated_external=data.simulated_external,
                )
                session.add(unit)
                session.flush()
                units[data.code] = unit
                pending.remove(data)
                progressed = True
        if not progressed:  # the loader refuses cycles; this guards against a loader bug
            raise RuntimeError("unit hierarchy has a cycle")
    people: dict[str, Person] = {}
    for data in office.people:
        person = Person(
            sandbox_id=sandbox.id,
            key=data.key,
            nip=data.nip or "",
            name=data.name,
            jabatan=data.jabatan,
            jenis_jabatan=data.jenis_jabatan,
            status_kepegawaian=data.status.value,
            golongan=data.golongan,
            unit_id=units[data.unit].id,
            is_unit_head=data.is_unit_head,
            field_worker=data.field_worker,
            simulated_external=units[data.unit].simulated_external,
        )
        session.add(person)
        people[data.key] = person
    session.flush()
    for data in office.people:
        if data.supervisor:
            people[data.key].supervisor_id = people[data.supervisor].id
    session.flush()
    return people
