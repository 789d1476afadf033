"""The vocabulary of e-Kinerja as enums; values are the real system's words (GLOSSARY.md)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Roles of a tutor account; one account may hold several."""

    LEARNER = "learner"
    TRAINER = "trainer"
    MENTOR = "mentor"
    ADMIN = "admin"


class UnitKind(StrEnum):
    PEMDA = "PEMDA"  # the regency government above the office (Bupati, Sekda), simulated
    DINAS = "DINAS"
    SEKRETARIAT = "SEKRETARIAT"
    BIDANG = "BIDANG"
    SUBBAGIAN = "SUBBAGIAN"
    SEKSI = "SEKSI"


class JenisJabatan(StrEnum):
    STRUKTURAL = "STRUKTURAL"  # Kepala Dinas, Sekretaris, Kabid, Kasubag, Kasi
    FUNGSIONAL = "FUNGSIONAL"  # penyuluh sosial, pekerja sosial, penelaah teknis kebijakan ...
    PELAKSANA = "PELAKSANA"


class Pendekatan(StrEnum):
    KUANTITATIF = "KUANTITATIF"
    KUALITATIF = "KUALITATIF"


class SkpStatus(StrEnum):
    DRAFT = "DRAFT"
    DIAJUKAN = "DIAJUKAN"
    DISETUJUI = "DISETUJUI"
    DIKEMBALIKAN = "DIKEMBALIKAN"


class RhkJenis(StrEnum):
    UTAMA = "UTAMA"
    TAMBAHAN = "TAMBAHAN"


class RhkKlasifikasi(StrEnum):
    ORGANISASI = "ORGANISASI"
    INDIVIDU = "INDIVIDU"


class Aspek(StrEnum):
    KUANTITAS = "KUANTITAS"
    KUALITAS = "KUALITAS"
    WAKTU = "WAKTU"


class Perilaku(StrEnum):
    """The seven BerAKHLAK core values."""

    BERORIENTASI_PELAYANAN = "BERORIENTASI_PELAYANAN"
    AKUNTABEL = "AKUNTABEL"
    KOMPETEN = "KOMPETEN"
    HARMONIS = "HARMONIS"
    LOYAL = "LOYAL"
    ADAPTIF = "ADAPTIF"
    KOLABORATIF = "KOLABORATIF"


class LampiranKind(StrEnum):
    DUKUNGAN_SUMBER_DAYA = "DUKUNGAN_SUMBER_DAYA"
    SKEMA_PERTANGGUNGJAWABAN = "SKEMA_PERTANGGUNGJAWABAN"
    KONSEKUENSI = "KONSEKUENSI"


class DailyStatus(StrEnum):
    DRAFT = "DRAFT"
    DIKIRIM = "DIKIRIM"
    DISETUJUI = "DISETUJUI"
    REVISI = "REVISI"


class EvidenceCheck(StrEnum):
    BELUM_DIVERIFIKASI = "BELUM_DIVERIFIKASI"
    SESUAI = "SESUAI"
    KURANG = "KURANG"
    TIDAK_SESUAI = "TIDAK_SESUAI"


class Rating(StrEnum):
    DI_ATAS = "DI_ATAS_EKSPEKTASI"
    SESUAI = "SESUAI_EKSPEKTASI"
    DI_BAWAH = "DI_BAWAH_EKSPEKTASI"


class Predikat(StrEnum):
    SANGAT_BAIK = "SANGAT_BAIK"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"  # "Kurang/Misconduct"
    SANGAT_KURANG = "SANGAT_KURANG"


class UnitResult(StrEnum):
    """A unit's own result (capaian organisasi) for a period."""

    ISTIMEWA = "ISTIMEWA"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"


class VerificationLevel(StrEnum):
    """A level of the quarterly recap verification chain (regional; order is configuration)."""

    KASUBAG_KABID = "KASUBAG_KABID"
    SEKRETARIS = "SEKRETARIS"
    KEPALA_DINAS = "KEPALA_DINAS"


class RecapStatus(StrEnum):
    DRAFT = "DRAFT"  # the employee is still collecting
    DIVERIFIKASI = "DIVERIFIKASI"  # climbing the chain; current_level says where it waits
    DIKEMBALIKAN = "DIKEMBALIKAN"  # returned by a level with a note; employee fixes, resubmits
    VALID = "VALID"  # passed the top level


class EvidenceMode(StrEnum):
    PER_QUARTER = "PER_QUARTER"  # one shared-drive folder per quarter (the common rule)
    PER_ENTRY = "PER_ENTRY"  # every daily entry needs its own bukti dukung
