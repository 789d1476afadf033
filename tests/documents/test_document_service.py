"""DocumentService reads what the documents print, with the office's read permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from ekinerja_tutor.domain.errors import NotFound, PermissionDenied, ValidationError
from ekinerja_tutor.domain.statuses import DailyStatus, Predikat, Rating, RecapStatus, Role
from ekinerja_tutor.services.actors import Principal, Seat
from tests.documents.conftest import TODAY, documents, person_id, seat_of, send_entry
from tests.ui.workspace.skp_support import SkpWorld


def test_evaluasi_names_everyone_and_reuses_the_assessment(world: SkpWorld) -> None:
    doc = documents(world).evaluasi(world.seat, world.persona_id, 2026, 1)
    assessment = world.results.assessment_for(world.seat, world.persona_id, 2026, 1)
    assert assessment is not None
    assert doc.pegawai.name == "Sudarto" and doc.pegawai.nip == "197205142008011009"
    assert doc.pegawai.pangkat_golongan == "Pengatur Tingkat I (II/d)"
    assert doc.pegawai.jabatan == "Pengadministrasi Perkantoran"
    assert doc.pejabat_penilai is not None and doc.pejabat_penilai.name.startswith("Hendra")
    assert doc.atasan_pejabat_penilai is not None
    assert doc.atasan_pejabat_penilai.jabatan == "Sekretaris"
    # The same ratings and predikat the results service holds: nothing recomputed.
    assert (doc.rating.rating_hasil, doc.rating.rating_perilaku, doc.rating.predikat) == (
        assessment.rating_hasil,
        assessment.rating_perilaku,
        assessment.predikat,
    )
    assert doc.rating.predikat is Predikat.BAIK and doc.rating.rating_hasil is Rating.SESUAI
    assert doc.recap_status is RecapStatus.VALID
    assert doc.capaian is not None and doc.capaian_unit
    assert doc.feedback and all(f.sentence_id or f.free_text for f in doc.feedback)
    assert any(f.perilaku is not None for f in doc.feedback)
    assert any(f.iki_text for f in doc.feedback)
    assert doc.place == "Sukamaju" and doc.signed_on == assessment.at.date()
    assert (doc.period_start, doc.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def test_a_quarter_not_assessed_says_what_to_do(world: SkpWorld) -> None:
    with pytest.raises(NotFound) as caught:
        documents(world).evaluasi(world.seat, world.persona_id, 2026, 2)
    assert caught.value.key == "doc.not_assessed"
    text = caught.value.render("id")
    assert "Triwulan 2" in text and "belum dinilai" in text and "Pilih triwulan" in text
    with pytest.raises(ValidationError):
        documents(world).evaluasi(world.seat, world.persona_id, 2026, 5)


def test_annual_document_lists_the_quarters_assessed_so_far(world: SkpWorld) -> None:
    doc = documents(world).evaluasi(world.seat, world.persona_id, 2026, None)
    assert doc.quarter is None and [q.quarter for q in doc.quarters] == [1]
    assert doc.missing_quarters == (2, 3, 4)
    with pytest.raises(NotFound) as caught:
        documents(world).evaluasi(world.seat, world.persona_id, 2025, None)
    assert caught.value.key == "doc.year_not_assessed"


def test_the_supervisor_and_the_chain_above_may_read_a_colleague_may_not(
    world: SkpWorld,
) -> None:
    service = documents(world)
    darto = world.persona_id
    # The Pejabat Penilai (hendra) and the Sekretaris above him read darto's documents.
    assert service.evaluasi(world.supervisor_seat, darto, 2026, 1).pegawai.name == "Sudarto"
    atasan = service.evaluasi(world.seat, darto, 2026, 1).atasan_pejabat_penilai
    assert atasan is not None
    sekretaris = Seat(world.supervisor_seat.principal, world.sandbox.id, atasan.id)
    assert service.activity_week(sekretaris, darto, TODAY).pegawai.name == "Sudarto"
    # Another employee of the office (mega, a colleague in the same unit) may not.
    mega = seat_of(world, "mega")
    with pytest.raises(PermissionDenied):
        service.evaluasi(mega, darto, 2026, 1)
    with pytest.raises(PermissionDenied):
        service.activity_week(mega, darto, TODAY)
    with pytest.raises(PermissionDenied):
        service.evaluasi_file(mega, darto, 2026, 1, "pdf", "id")
    # Nor may another learner's account, nor darto read his supervisor's document.
    stranger = Principal(account_id=999_999, username="orang.lain", roles=frozenset({Role.LEARNER}))
    with pytest.raises(PermissionDenied):
        service.evaluasi(stranger, darto, 2026, 1)
    with pytest.raises(PermissionDenied):
        service.activity_month(world.seat, world.supervisor_id, 2026, 5)
    # A trainer (staff) reads any sandbox.
    trainer = Principal(account_id=None, username="pelatih", roles=frozenset({Role.TRAINER}))
    assert service.evaluasi(trainer, darto, 2026, 1).pegawai.nip == "197205142008011009"
    assert person_id(world, "mega") != darto


def test_week_recap_has_every_working_day_entries_and_totals(world: SkpWorld) -> None:
    sent = send_entry(world, "Menyusun daftar hadir rapat staf")
    recap = documents(world).activity_week(world.seat, world.persona_id, TODAY)
    assert (recap.start, recap.end) == (dt.date(2026, 5, 11), dt.date(2026, 5, 17))
    assert [d.tanggal.weekday() for d in recap.days] == [0, 1, 2, 3, 4]
    holidays = [d for d in recap.days if d.holiday]
    assert holidays and all(not d.working_day for d in holidays)
    kegiatan = [e.kegiatan for e in recap.entries]
    assert "Menyusun daftar hadir rapat staf" in kegiatan
    assert all(e.status is not DailyStatus.DRAFT for e in recap.entries)
    assert recap.total_entries == len(recap.entries)
    assert recap.total_minutes == sum(e.minutes for e in recap.entries)
    assert recap.approved_minutes <= recap.total_minutes
    assert dict(recap.totals_by_satuan)["dokumen"] >= sent.realisasi
    assert recap.pejabat_penilai is not None and recap.pejabat_penilai.name.startswith("Hendra")
    assert all(e.rencana_aksi for e in recap.entries)


def test_month_recap_and_an_empty_period(world: SkpWorld) -> None:
    service = documents(world)
    month = service.activity_month(world.seat, world.persona_id, 2026, 4)
    assert month.kind == "month" and month.entries
    assert all(e.tanggal.month == 4 for e in month.entries)
    assert month.approved_entries > 0
    with pytest.raises(NotFound) as caught:
        service.activity_month(world.seat, world.persona_id, 2026, 9)
    assert caught.value.key == "doc.recap_empty"
    assert "Kirim progres harian" in caught.value.render("id")
    with pytest.raises(ValidationError):
        service.activity_month(world.seat, world.persona_id, 2026, 13)
