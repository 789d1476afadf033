"""The office's year plan (``plan.toml``): Perjanjian Kinerja, every SKP, activity pools.

The cascade is explicit: each RHK names the supervisor's RHK it supports (``intervenes``), the
Kepala Dinas's RHKs name the Perjanjian Kinerja's sasaran, so the seeded office has a
consistent Matriks Peran Hasil from the top down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from ekinerja_tutor.content._toml import (
    DOTTED_KEY_PATTERN,
    KEY_PATTERN,
    Table,
    check_placeholders,
    read_toml,
    seed_error,
)
from ekinerja_tutor.content.library import load_rules
from ekinerja_tutor.content.office import OfficeData, load_office
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.fields import MAX_WHOLE_NUMBER
from ekinerja_tutor.domain.statuses import (
    Aspek,
    LampiranKind,
    Pendekatan,
    Perilaku,
    RhkJenis,
    RhkKlasifikasi,
)

PLAN_FILE: Final = "plan.toml"

#: Placeholders the seeder fills in Rencana Aksi and kegiatan patterns.
PATTERN_FIELDS: Final = ("bulan", "tahun", "triwulan", "kecamatan", "desa")
MONTHS_ID: Final = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
QUARTERS_ROMAN: Final = ("I", "II", "III", "IV")
MAX_IKI_PER_RHK: Final = 3


def pattern_values(day: date, *, kecamatan: str = "", desa: str = "") -> dict[str, str]:
    """Values for :data:`PATTERN_FIELDS` on ``day`` (month names in Indonesian)."""
    return {
        "bulan": MONTHS_ID[day.month - 1],
        "tahun": str(day.year),
        "triwulan": QUARTERS_ROMAN[(day.month - 1) // 3],
        "kecamatan": kecamatan,
        "desa": desa,
    }


def fill_pattern(pattern: str, values: Mapping[str, str]) -> str:
    """Fill a plan or template pattern, e.g. ``fill_pattern(text, pattern_values(day, …))``."""
    return pattern.format_map(dict(values))


@dataclass(frozen=True)
class IkiData:
    """An Indikator Kinerja Individu of an RHK."""

    text: str
    aspek: Aspek
    target: int
    satuan: str


@dataclass(frozen=True)
class KegiatanData:
    """A typical daily activity (Kegiatan Harian) for an RHK, as a pattern.

    Attributes:
        realisasi: typical ``(low, high)`` Realisasi of one entry.
        menit: typical ``(low, high)`` duration in minutes.
    """

    text: str
    satuan: str
    realisasi: tuple[int, int]
    menit: tuple[int, int]


@dataclass(frozen=True)
class RhkData:
    """A planned Rencana Hasil Kerja.

    Attributes:
        key: unique, ``<person>.<n>``.
        intervenes: key of the direct supervisor's RHK this one supports; ``None`` only when the
            supervisor has no SKP (the Sekda, whose supervisor is the Bupati).
        pk_sasaran: the Perjanjian Kinerja sasaran behind it (the PK signer's RHKs only).
        penugasan_dari: who assigned a Tambahan RHK (a person key up the chain).
        theme: tag linking field-activity templates to this RHK.
        rencana_aksi: monthly Rencana Aksi patterns (see :data:`PATTERN_FIELDS`).
        kegiatan: pool of daily activities for seeded entries.
    """

    key: str
    person: str
    text: str
    jenis: RhkJenis
    klasifikasi: RhkKlasifikasi
    intervenes: str | None
    pk_sasaran: str | None
    penugasan_dari: str | None
    theme: str | None
    iki: tuple[IkiData, ...]
    rencana_aksi: tuple[str, ...]
    kegiatan: tuple[KegiatanData, ...]


@dataclass(frozen=True)
class SkpPlanData:
    person: str
    pendekatan: Pendekatan
    rhk: tuple[RhkData, ...]


@dataclass(frozen=True)
class PkIndikatorData:
    text: str
    target: int
    satuan: str


@dataclass(frozen=True)
class SasaranData:
    """A sasaran strategis of the Perjanjian Kinerja with its indicators."""

    key: str
    text: str
    indikator: tuple[PkIndikatorData, ...]


@dataclass(frozen=True)
class PerjanjianKinerjaData:
    """The unit head's performance agreement (pihak pertama signs with pihak kedua)."""

    unit: str
    pihak_pertama: str
    pihak_kedua: str
    title: str
    sasaran: tuple[SasaranData, ...]


@dataclass(frozen=True)
class EkspektasiData:
    """An example of Ekspektasi Khusus Pimpinan; ``unit`` ``None`` means any unit."""

    perilaku: Perilaku
    text: str
    unit: str | None


@dataclass(frozen=True)
class LampiranData:
    """SKP attachments of a unit (subunits without their own inherit the parent's)."""

    unit: str
    dukungan_sumber_daya: tuple[str, ...]
    skema_pertanggungjawaban: tuple[str, ...]
    konsekuensi: tuple[str, ...]

    def items(self, kind: LampiranKind) -> tuple[str, ...]:
        return {
            LampiranKind.DUKUNGAN_SUMBER_DAYA: self.dukungan_sumber_daya,
            LampiranKind.SKEMA_PERTANGGUNGJAWABAN: self.skema_pertanggungjawaban,
            LampiranKind.KONSEKUENSI: self.konsekuensi,
        }[kind]


@dataclass(frozen=True)
class PlanData:
    """The validated year plan. ``skp`` is keyed by person, in file order."""

    perjanjian_kinerja: PerjanjianKinerjaData
    skp: Mapping[str, SkpPlanData]
    ekspektasi: tuple[EkspektasiData, ...]
    lampiran: Mapping[str, LampiranData]
    _rhk: Mapping[str, RhkData] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {rhk.key: rhk for plan in self.skp.values() for rhk in plan.rhk}
        object.__setattr__(self, "_rhk", MappingProxyType(index))

    def rhk(self, key: str) -> RhkData:
        return self._rhk[key]

    def all_rhk(self) -> tuple[RhkData, ...]:
        return tuple(self._rhk.values())

    def interventions_into(self, rhk_key: str) -> tuple[RhkData, ...]:
        """Subordinates' RHKs that support ``rhk_key`` (one row of the Matriks Peran Hasil)."""
        return tuple(r for r in self._rhk.values() if r.intervenes == rhk_key)

    def themes(self) -> frozenset[str]:
        return frozenset(r.theme for r in self._rhk.values() if r.theme)

    def lampiran_for(self, unit_code: str, office: OfficeData) -> LampiranData | None:
        """The lampiran of the unit or of its nearest ancestor that has one."""
        for unit in office.unit_chain(unit_code):
            if unit.code in self.lampiran:
                return self.lampiran[unit.code]
        return None

    def ekspektasi_for(self, unit_code: str, office: OfficeData) -> tuple[EkspektasiData, ...]:
        """Examples for a unit: its own, its ancestors' and the general ones."""
        chain = {u.code for u in office.unit_chain(unit_code)}
        return tuple(e for e in self.ekspektasi if e.unit is None or e.unit in chain)


# --- loading ---------------------------------------------------------------------------------


def load_plan(root: Path | None = None) -> PlanData:
    """Read ``plan.toml`` and check it against the office (cached per folder).

    Raises:
        ConfigError: ``error.seed_data`` naming the file and the key at fault.
    """
    return _load_plan((root or content_root()).resolve())


@cache
def _load_plan(root: Path) -> PlanData:
    office = load_office(root)
    minute_cap = load_rules(root).daily_minute_cap
    doc = Table(read_toml(root, PLAN_FILE), PLAN_FILE)
    doc.known("perjanjian_kinerja", "skp", "ekspektasi_khusus", "lampiran")
    pk = _read_pk(doc.table("perjanjian_kinerja"), office)
    skp: dict[str, SkpPlanData] = {}
    rhk_owner: dict[str, str] = {}
    for person_key, raw in doc.sub_tables("skp").items():
        table = raw.renamed(f"skp '{person_key}'")
        if not office.is_person(person_key):
            raise table.error("no such person in office.toml")
        if not office.person(person_key).is_asn:
            raise table.error("a pejabat negara has no SKP")
        plan = _read_skp(table, person_key, office, minute_cap)
        for rhk in plan.rhk:
            if rhk.key in rhk_owner:
                raise table.error(f"RHK key '{rhk.key}' is also used by '{rhk_owner[rhk.key]}'")
            rhk_owner[rhk.key] = person_key
        skp[person_key] = plan
    missing = [p.key for p in office.people if p.is_asn and p.key not in skp]
    if missing:
        raise seed_error(PLAN_FILE, f"no [skp.{missing[0]}] for person '{missing[0]}'")
    _check_cascade(skp, pk, office)
    ekspektasi = _read_ekspektasi(doc, office)
    lampiran = _read_lampiran(doc, office)
    plan_data = PlanData(
        perjanjian_kinerja=pk,
        skp=MappingProxyType(skp),
        ekspektasi=ekspektasi,
        lampiran=MappingProxyType(lampiran),
    )
    for person_key in skp:
        unit = office.person(person_key).unit
        if plan_data.lampiran_for(unit, office) is None:
            raise seed_error(
                PLAN_FILE,
                f"no [lampiran] for unit '{unit}' or any unit above it",
                f"skp '{person_key}'",
            )
    return plan_data


def _read_pk(table: Table, office: OfficeData) -> PerjanjianKinerjaData:
    table.known("unit", "pihak_pertama", "pihak_kedua", "title", "sasaran")
    unit = table.text("unit")
    if not office.is_unit(unit):
        raise table.error(f"unit '{unit}' does not exist", "unit")
    first = table.text("pihak_pertama")
    if office.head_of(unit).key != first:
        raise table.error(f"'{first}' is not the head of unit '{unit}'", "pihak_pertama")
    second = table.text("pihak_kedua")
    if not office.is_person(second):
        raise table.error(f"person '{second}' does not exist", "pihak_kedua")
    title = table.text("title", field="rhk_text")
    check_placeholders(table, "title", title, ("tahun",))
    sasaran: list[SasaranData] = []
    keys: set[str] = set()
    for item in table.tables("sasaran", min_items=1):
        item.known("key", "text", "indikator")
        key = item.text("key")
        if key in keys:
            raise item.error(f"duplicate sasaran key '{key}'", "key")
        keys.add(key)
        indikator: list[PkIndikatorData] = []
        for ind in item.tables("indikator", min_items=1):
            ind.known("text", "target", "satuan")
            indikator.append(
                PkIndikatorData(
                    text=ind.text("text", field="iki_text"),
                    target=ind.integer("target", minimum=1, maximum=MAX_WHOLE_NUMBER),
                    satuan=ind.text("satuan", field="satuan"),
                )
            )
        sasaran.append(SasaranData(key, item.text("text", field="rhk_text"), tuple(indikator)))
    return PerjanjianKinerjaData(unit, first, second, title, tuple(sasaran))


def _read_skp(table: Table, person_key: str, office: OfficeData, minute_cap: int) -> SkpPlanData:
    table.known("pendekatan", "rhk")
    person = office.person(person_key)
    rhks: list[RhkData] = []
    for raw in table.tables("rhk", min_items=1):
        key = raw.pattern("key", DOTTED_KEY_PATTERN, "RHK key such as 'ani.1'")
        item = raw.renamed(f"rhk '{key}'")
        item.known(
            "key",
            "text",
            "jenis",
            "klasifikasi",
            "intervenes",
            "pk_sasaran",
            "penugasan_dari",
            "theme",
            "iki",
            "rencana_aksi",
            "kegiatan",
        )
        if not key.startswith(f"{person_key}."):
            raise item.error(f"must start with '{person_key}.'", "key")
        jenis = item.choice("jenis", RhkJenis)
        klasifikasi = item.choice("klasifikasi", RhkKlasifikasi)
        if klasifikasi is RhkKlasifikasi.ORGANISASI and not person.is_unit_head:
            raise item.error("only a unit head has ORGANISASI RHKs", "klasifikasi")
        penugasan = item.opt_text("penugasan_dari")
        if jenis is RhkJenis.TAMBAHAN:
            chain = {p.key for p in office.above(person_key)}
            if penugasan is None:
                raise item.error("a TAMBAHAN RHK needs penugasan_dari", "penugasan_dari")
            if penugasan not in chain:
                raise item.error(f"'{penugasan}' is not above '{person_key}'", "penugasan_dari")
        elif penugasan is not None:
            raise item.error("only a TAMBAHAN RHK has penugasan_dari", "penugasan_dari")
        theme = item.opt_text("theme")
        if theme is not None and not KEY_PATTERN.fullmatch(theme):
            raise item.error("use lower-case letters, digits and '_'", "theme")
        rhks.append(
            RhkData(
                key=key,
                person=person_key,
                text=item.text("text", field="rhk_text"),
                jenis=jenis,
                klasifikasi=klasifikasi,
                intervenes=item.opt_text("intervenes"),
                pk_sasaran=item.opt_text("pk_sasaran"),
                penugasan_dari=penugasan,
                theme=theme,
                iki=_read_iki(item),
                rencana_aksi=_read_rencana_aksi(item),
                kegiatan=_read_kegiatan(item, minute_cap),
            )
        )
    if not any(r.jenis is RhkJenis.UTAMA for r in rhks):
        raise table.error("needs at least one UTAMA RHK")
    return SkpPlanData(person_key, table.choice("pendekatan", Pendekatan), tuple(rhks))


def _read_iki(item: Table) -> tuple[IkiData, ...]:
    tables = item.tables("iki", min_items=1)
    if len(tables) > MAX_IKI_PER_RHK:
        raise item.error(f"at most {MAX_IKI_PER_RHK} IKI per RHK, found {len(tables)}", "iki")
    result: list[IkiData] = []
    for iki in tables:
        iki.known("text", "aspek", "target", "satuan")
        result.append(
            IkiData(
                text=iki.text("text", field="iki_text"),
                aspek=iki.choice("aspek", Aspek),
                target=iki.integer("target", minimum=1, maximum=MAX_WHOLE_NUMBER),
                satuan=iki.text("satuan", field="satuan"),
            )
        )
    return tuple(result)


def _read_rencana_aksi(item: Table) -> tuple[str, ...]:
    patterns = item.text_list("rencana_aksi", field="rencana_aksi_text")
    for index, text in enumerate(patterns):
        check_placeholders(item, f"rencana_aksi[{index}]", text, PATTERN_FIELDS)
    return patterns


def _read_kegiatan(item: Table, minute_cap: int) -> tuple[KegiatanData, ...]:
    result: list[KegiatanData] = []
    for entry in item.tables("kegiatan", min_items=1):
        entry.known("text", "satuan", "realisasi", "menit")
        text = entry.text("text", field="kegiatan")
        check_placeholders(entry, "text", text, PATTERN_FIELDS)
        result.append(
            KegiatanData(
                text=text,
                satuan=entry.text("satuan", field="satuan"),
                realisasi=entry.int_range("realisasi", minimum=1, maximum=MAX_WHOLE_NUMBER),
                menit=entry.int_range("menit", minimum=1, maximum=minute_cap),
            )
        )
    return tuple(result)


def _check_cascade(
    skp: Mapping[str, SkpPlanData], pk: PerjanjianKinerjaData, office: OfficeData
) -> None:
    sasaran_keys = {s.key for s in pk.sasaran}
    used_sasaran: set[str] = set()
    for person_key, plan in skp.items():
        supervisor = office.person(person_key).supervisor
        supervisor_plan = skp.get(supervisor) if supervisor is not None else None
        supervisor_rhk = {r.key for r in supervisor_plan.rhk} if supervisor_plan else set()
        for rhk in plan.rhk:
            where = f"rhk '{rhk.key}'"
            if supervisor_plan is None:
                if rhk.intervenes is not None:
                    raise seed_error(
                        PLAN_FILE,
                        f"'{person_key}' has no supervisor with an SKP, so nothing to intervene",
                        where,
                    )
            elif rhk.intervenes is None:
                raise seed_error(
                    PLAN_FILE,
                    f"intervenes is required: one of supervisor '{supervisor}''s RHKs "
                    f"({', '.join(sorted(supervisor_rhk))})",
                    where,
                )
            elif rhk.intervenes not in supervisor_rhk:
                raise seed_error(
                    PLAN_FILE,
                    f"intervenes '{rhk.intervenes}' is not an RHK of supervisor '{supervisor}' "
                    f"({', '.join(sorted(supervisor_rhk))})",
                    where,
                )
            if rhk.pk_sasaran is not None:
                if person_key != pk.pihak_pertama:
                    raise seed_error(
                        PLAN_FILE,
                        f"only the Perjanjian Kinerja signer '{pk.pihak_pertama}' cites a sasaran",
                        where,
                    )
                if rhk.pk_sasaran not in sasaran_keys:
                    raise seed_error(
                        PLAN_FILE, f"pk_sasaran '{rhk.pk_sasaran}' is not in the PK", where
                    )
                used_sasaran.add(rhk.pk_sasaran)
            elif (
                person_key == pk.pihak_pertama
                and rhk.jenis is RhkJenis.UTAMA
                and rhk.klasifikasi is RhkKlasifikasi.ORGANISASI
            ):
                raise seed_error(PLAN_FILE, "the head's RHK must cite a PK sasaran", where)
    unused = sorted(sasaran_keys - used_sasaran)
    if unused:
        raise seed_error(
            PLAN_FILE,
            f"sasaran '{unused[0]}' is not carried by any RHK of '{pk.pihak_pertama}'",
            "perjanjian_kinerja",
        )


def _read_ekspektasi(doc: Table, office: OfficeData) -> tuple[EkspektasiData, ...]:
    result: list[EkspektasiData] = []
    for item in doc.tables("ekspektasi_khusus", default=[]):
        item.known("perilaku", "text", "unit")
        unit = item.opt_text("unit")
        if unit is not None and not office.is_unit(unit):
            raise item.error(f"unit '{unit}' does not exist", "unit")
        result.append(
            EkspektasiData(
                perilaku=item.choice("perilaku", Perilaku),
                text=item.text("text", field="ekspektasi_khusus"),
                unit=unit,
            )
        )
    return tuple(result)


def _read_lampiran(doc: Table, office: OfficeData) -> dict[str, LampiranData]:
    result: dict[str, LampiranData] = {}
    for code, item in doc.sub_tables("lampiran").items():
        item.known("dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi")
        if not office.is_unit(code):
            raise item.error(f"unit '{code}' does not exist")
        result[code] = LampiranData(
            unit=code,
            dukungan_sumber_daya=item.text_list("dukungan_sumber_daya", field="lampiran_text"),
            skema_pertanggungjawaban=item.text_list(
                "skema_pertanggungjawaban", field="lampiran_text"
            ),
            konsekuensi=item.text_list("konsekuensi", field="lampiran_text"),
        )
    return result
