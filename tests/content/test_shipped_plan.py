"""The year plan cascades consistently from the Perjanjian Kinerja down to every employee."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja_tutor.content.library import load_templates
from ekinerja_tutor.content.office import OfficeData, load_office
from ekinerja_tutor.content.plan import (
    PlanData,
    fill_pattern,
    load_plan,
    pattern_values,
)
from ekinerja_tutor.domain.fields import validate_text
from ekinerja_tutor.domain.statuses import LampiranKind, RhkJenis, RhkKlasifikasi


@pytest.fixture(scope="module")
def office() -> OfficeData:
    return load_office()


@pytest.fixture(scope="module")
def plan() -> PlanData:
    return load_plan()


def test_every_civil_servant_has_an_skp_plan(office: OfficeData, plan: PlanData) -> None:
    assert {p.key for p in office.people if p.is_asn} == set(plan.skp)
    for skp in plan.skp.values():
        assert 2 <= len(skp.rhk) <= 4
        for rhk in skp.rhk:
            assert 1 <= len(rhk.iki) <= 3
            assert all(iki.target > 0 for iki in rhk.iki)
            assert rhk.rencana_aksi and rhk.kegiatan


def test_each_rhk_intervenes_an_rhk_of_the_direct_supervisor(
    office: OfficeData, plan: PlanData
) -> None:
    for rhk in plan.all_rhk():
        supervisor = office.person(rhk.person).supervisor
        if supervisor in plan.skp:
            assert rhk.intervenes is not None
            assert plan.rhk(rhk.intervenes).person == supervisor
        else:
            assert rhk.intervenes is None


def test_every_leaders_main_rhk_is_carried_by_a_subordinate(
    office: OfficeData, plan: PlanData
) -> None:
    """The Matriks Peran Hasil has no empty row for anyone who has staff."""
    for person_key, skp in plan.skp.items():
        if not office.subordinates(person_key):
            continue
        for rhk in skp.rhk:
            if rhk.jenis is RhkJenis.UTAMA:
                assert plan.interventions_into(rhk.key), rhk.key


def test_the_head_carries_the_perjanjian_kinerja(office: OfficeData, plan: PlanData) -> None:
    pk = plan.perjanjian_kinerja
    head = office.head_of(pk.unit).key
    assert pk.pihak_pertama == head
    cited = {r.pk_sasaran for r in plan.skp[head].rhk}
    assert cited == {s.key for s in pk.sasaran}


def test_organisasi_rhk_belong_to_unit_heads_only(office: OfficeData, plan: PlanData) -> None:
    for rhk in plan.all_rhk():
        if rhk.klasifikasi is RhkKlasifikasi.ORGANISASI:
            assert office.person(rhk.person).is_unit_head
    heads = [p.key for p in office.people if p.is_asn and p.is_unit_head]
    for head in heads:
        assert any(r.klasifikasi is RhkKlasifikasi.ORGANISASI for r in plan.skp[head].rhk)
    assert any(r.jenis is RhkJenis.TAMBAHAN and r.penugasan_dari for r in plan.all_rhk())


def test_patterns_fill_into_valid_form_text(office: OfficeData, plan: PlanData) -> None:
    place = office.wilayah[0]
    values = pattern_values(date(2026, 5, 13), kecamatan=place.kecamatan, desa=place.desa[0])
    assert values["bulan"] == "Mei" and values["triwulan"] == "II"
    for rhk in plan.all_rhk():
        for pattern in rhk.rencana_aksi:
            validate_text("rencana_aksi_text", fill_pattern(pattern, values))
        for kegiatan in rhk.kegiatan:
            validate_text("kegiatan", fill_pattern(kegiatan.text, values))
    for template in load_templates():
        validate_text("kegiatan", fill_pattern(template.kegiatan, values))


def test_lampiran_and_ekspektasi_resolve_for_everyone(office: OfficeData, plan: PlanData) -> None:
    for person_key in plan.skp:
        unit = office.person(person_key).unit
        lampiran = plan.lampiran_for(unit, office)
        assert lampiran is not None
        for kind in LampiranKind:
            assert lampiran.items(kind)
        assert plan.ekspektasi_for(unit, office)


def test_templates_fit_an_rhk_theme_of_their_bidang(office: OfficeData, plan: PlanData) -> None:
    templates = load_templates()
    assert {t.unit for t in templates} == {u.code for u in office.units if u.kind.value == "BIDANG"}
    for template in templates:
        units = {u.code for u in office.units_below(template.unit)}
        assert any(
            r.theme == template.theme and office.person(r.person).unit in units
            for r in plan.all_rhk()
        )
        assert template.bukti("id") and template.bukti("en") and template.title("en")
