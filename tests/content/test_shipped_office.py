"""The shipped practice office and its accounts load, validate and look like a real Dinas."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja_tutor.content.office import (
    EmployeeStatus,
    OfficeData,
    load_office,
    parse_nip,
)
from ekinerja_tutor.domain.passwords import password_problems
from ekinerja_tutor.domain.statuses import JenisJabatan, Role, UnitKind

MID_2026 = date(2026, 7, 1)


@pytest.fixture(scope="module")
def office() -> OfficeData:
    return load_office()


def _with_jabatan(office: OfficeData, text: str) -> list[str]:
    return [p.key for p in office.people if text in p.jabatan]


def test_office_has_the_structure_of_a_dinas_sosial(office: OfficeData) -> None:
    kinds = [u.kind for u in office.units]
    assert kinds.count(UnitKind.BIDANG) == 3
    assert kinds.count(UnitKind.SEKRETARIAT) == 1
    assert 2 <= kinds.count(UnitKind.SUBBAGIAN) <= 3
    assert office.unit(office.office_unit).kind is UnitKind.DINAS
    regency_level = [u for u in office.units if u.kind is UnitKind.PEMDA]
    assert regency_level and all(u.simulated_external for u in regency_level)
    for unit in office.units:
        assert office.head_of(unit.code).unit == unit.code


def test_at_least_28_people_with_every_required_role(office: OfficeData) -> None:
    assert len(office.people) >= 28
    assert len(_with_jabatan(office, "Kepala Dinas Sosial")) == 1
    assert [p.jabatan for p in office.people].count("Sekretaris") == 1
    assert len(_with_jabatan(office, "Kepala Bidang")) == 3
    assert len(_with_jabatan(office, "Kepala Subbagian")) >= 2
    assert _with_jabatan(office, "Penyuluh Sosial")
    assert _with_jabatan(office, "Pekerja Sosial")
    assert _with_jabatan(office, "Penelaah Teknis Kebijakan")
    assert any(p.jenis_jabatan is JenisJabatan.PELAKSANA for p in office.people)
    assert sum(p.status is EmployeeStatus.PPPK for p in office.people) >= 3
    assert sum(p.field_worker for p in office.people) >= 5
    assert sum(p.age_on(MID_2026) >= 50 for p in office.people if p.is_asn) >= 4


def test_the_chain_runs_kepala_dinas_sekda_bupati(office: OfficeData) -> None:
    kadis = office.head_of(office.office_unit)
    chain = [p.jabatan for p in office.above(kadis.key)]
    assert chain == ["Sekretaris Daerah", "Bupati Sukamaju"]
    assert office.person("bupati").nip is None


def test_nips_are_unique_and_agree_with_the_person(office: OfficeData) -> None:
    nips = [p.nip for p in office.people if p.nip is not None]
    assert len(nips) == len(set(nips)) == len(office.people) - 1
    for person in office.people:
        if person.nip is None:
            continue
        parts = parse_nip(person.nip, person.status)
        assert parts.birth_date.year == person.birth_year
        assert parts.gender == person.gender
        assert (parts.pppk_code is not None) == (person.status is EmployeeStatus.PPPK)
        assert 18 <= person.age_on(MID_2026) < 60


@pytest.mark.parametrize(
    ("nip", "status", "problem"),
    [
        ("19720514200801100", EmployeeStatus.PNS, "18"),
        ("197213142008011009", EmployeeStatus.PNS, "birth date"),
        ("197205142008131009", EmployeeStatus.PNS, "appointment month"),
        ("197205141985011009", EmployeeStatus.PNS, "age 13"),
        ("197205142008013009", EmployeeStatus.PNS, "gender"),
        ("197205142008011000", EmployeeStatus.PNS, "000"),
        ("199503082023032015", EmployeeStatus.PPPK, "21–29"),
    ],
)
def test_implausible_nips_are_refused(nip: str, status: EmployeeStatus, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_nip(nip, status)


def test_accounts_exist_for_every_role(office: OfficeData) -> None:
    for role in Role:
        assert any(a.has_role(role) for a in office.accounts), role
    assert any(len(a.roles) >= 3 for a in office.accounts)
    assert sum(a.has_role(Role.MENTOR) for a in office.accounts) >= 2


def test_learners_cover_the_required_personas(office: OfficeData) -> None:
    learners = [a for a in office.accounts if a.has_role(Role.LEARNER)]
    personas = [office.person(a.persona) for a in learners if a.persona]
    assert len(personas) == len(learners) >= 4
    assert any(p.age_on(MID_2026) >= 50 for p in personas)
    assert any(p.field_worker for p in personas)
    assert any(p.status is EmployeeStatus.PPPK for p in personas)
    assert any(
        p.is_unit_head and "Kepala Subbagian" in p.jabatan and office.subordinates(p.key)
        for p in personas
    )
    for account, persona in zip(learners, personas, strict=True):
        assert account.username == persona.nip == account.nip
        assert account.alias


def test_practice_passwords_meet_the_real_policy(office: OfficeData) -> None:
    for account in office.accounts:
        assert password_problems(account.initial_password, username=account.username) == []
        assert account.must_change_password


def test_logins_by_username_or_alias(office: OfficeData) -> None:
    ani = office.account_for_login("ANI")
    assert ani is not None and ani.persona == "ani"
    assert office.account_for_login(ani.username) == ani
    assert office.account_for_login("nobody") is None
    assert office.person_by_nip(ani.username) == office.person("ani")
