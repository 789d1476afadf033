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
        for unit_data in list(pending):
            if unit_data.parent is None or unit_data.parent in units:
                unit = Unit(
                    sandbox_id=sandbox.id,
                    code=unit_data.code,
                    name=unit_data.name,
                    kind=unit_data.kind,
                    parent_id=units[unit_data.parent].id if unit_data.parent else None,
                    simulated_external=unit_data.simulated_external,
                )
                session.add(unit)
                session.flush()
                units[unit_data.code] = unit
                pending.remove(unit_data)
                progressed = True
        if not progressed:  # the loader refuses cycles; this guards against a loader bug
            raise RuntimeError("unit hierarchy has a cycle")
    people: dict[str, Person] = {}
    for person_data in office.people:
        person = Person(
            sandbox_id=sandbox.id,
            key=person_data.key,
            nip=person_data.nip or "",
            name=person_data.name,
            jabatan=person_data.jabatan,
            jenis_jabatan=person_data.jenis_jabatan,
            status_kepegawaian=person_data.status.value,
            golongan=person_data.golongan,
            unit_id=units[person_data.unit].id,
            is_unit_head=person_data.is_unit_head,
            field_worker=person_data.field_worker,
            simulated_external=units[person_data.unit].simulated_external,
        )
        session.add(person)
        people[person_data.key] = person
    session.flush()
    for person_data in office.people:
        if person_data.supervisor:
            people[person_data.key].supervisor_id = people[person_data.supervisor].id
    session.flush()
    return people
