"""A small office built directly with the ORM, for service tests that need people.

Hierarchy: kadis → sekretaris → kasubag → (ani, budi); kadis → kabid → (citra, dedi).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ekinerja_tutor.domain.statuses import JenisJabatan, UnitKind
from ekinerja_tutor.persistence.models import Account, Person, Sandbox, Unit

TODAY = dt.datetime(2026, 11, 27, 9, 0)  # Friday, sandbox time (WIB)


@dataclass
class MiniOffice:
    sandbox_id: int
    persons: dict[str, int]  # key -> person id
    account_id: int


def build_mini_office(
    session: Session, *, username: str = "ani", persona: str = "ani", today: dt.datetime = TODAY
) -> MiniOffice:
    account = Account(
        username=username,
        display_name=username.title(),
        password_hash="x",
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    session.add(account)
    session.flush()
    sandbox = Sandbox(
        account_id=account.id,
        label=username,
        scenario="test",
        persona_key=persona,
        today=today,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    session.add(sandbox)
    session.flush()
    dinas = Unit(sandbox_id=sandbox.id, code="dinsos", name="Dinas Sosial", kind=UnitKind.DINAS)
    session.add(dinas)
    session.flush()
    sekretariat = Unit(
        sandbox_id=sandbox.id,
        code="sekretariat",
        name="Sekretariat",
        kind=UnitKind.SEKRETARIAT,
        parent_id=dinas.id,
    )
    bidang = Unit(
        sandbox_id=sandbox.id,
        code="linjamsos",
        name="Bidang Linjamsos",
        kind=UnitKind.BIDANG,
        parent_id=dinas.id,
    )
    session.add_all([sekretariat, bidang])
    session.flush()
    umum = Unit(
        sandbox_id=sandbox.id,
        code="umum",
        name="Subbagian Umum",
        kind=UnitKind.SUBBAGIAN,
        parent_id=sekretariat.id,
    )
    session.add(umum)
    session.flush()
    people: dict[str, Person] = {}

    def add(
        key: str,
        jabatan: str,
        unit: Unit,
        sup: str | None,
        head: bool,
        jenis: JenisJabatan = JenisJabatan.STRUKTURAL,
    ) -> None:
        person = Person(
            sandbox_id=sandbox.id,
            key=key,
            nip=f"19800101200501{len(people) + 1:04d}",
            name=key.title(),
            jabatan=jabatan,
            jenis_jabatan=jenis,
            unit_id=unit.id,
            supervisor_id=people[sup].id if sup else None,
            is_unit_head=head,
        )
        session.add(person)
        session.flush()
        people[key] = person

    add("kadis", "Kepala Dinas Sosial", dinas, None, True)
    add("sekretaris", "Sekretaris", sekretariat, "kadis", True)
    add("kasubag", "Kepala Subbagian Umum", umum, "sekretaris", True)
    add("ani", "Pengadministrasi Perkantoran", umum, "kasubag", False, JenisJabatan.PELAKSANA)
    add("budi", "Penelaah Teknis Kebijakan", umum, "kasubag", False, JenisJabatan.PELAKSANA)
    add("kabid", "Kepala Bidang Linjamsos", bidang, "kadis", True)
    add("citra", "Penyuluh Sosial Ahli Muda", bidang, "kabid", False, JenisJabatan.FUNGSIONAL)
    add("dedi", "Pekerja Sosial Ahli Pertama", bidang, "kabid", False, JenisJabatan.FUNGSIONAL)
    sandbox.persona_id = people[persona].id
    session.flush()
    return MiniOffice(sandbox.id, {k: p.id for k, p in people.items()}, account.id)
