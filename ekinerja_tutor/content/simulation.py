"""Simulated colleagues' defaults (``simulation.toml``) and planted defects (``defects.toml``).

Pure readers: each file is checked when loaded and a problem raises ``ConfigError`` naming the
file and the key. The per-sandbox rules (``Sandbox.simulation``, written by a scenario's
``simulate`` steps) are read with :func:`person_rule`, which fills what a step left out from
``simulation.toml``. :func:`plant` applies a defect to an entry's fields (no randomness here:
the caller passes the choices).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

from ekinerja_tutor.content._toml import (
    KEY_PATTERN,
    Table,
    check_placeholders,
    read_toml,
)
from ekinerja_tutor.content.library import FeedbackGroup, load_feedback
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.domain.fields import MAX_WHOLE_NUMBER
from ekinerja_tutor.domain.statuses import EvidenceCheck

SIMULATION_FILE: Final = "simulation.toml"
DEFECTS_FILE: Final = "defects.toml"

Reviews = Literal["approve", "return_once", "never"]
REVIEWS: Final[tuple[str, ...]] = ("approve", "return_once", "never")
MAX_DELAY: Final = 10
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")

#: Placeholders of a defect's ``bukti`` and ``kegiatan`` patterns.
BUKTI_FIELDS: Final = ("drive", "person", "date", "other_date", "time", "token", "drive_file")
DRIVE_FILE: Final = "{drive_file}"
"""A private Practice Drive file the writer puts in their drive (its link replaces this)."""
KEGIATAN_FIELDS: Final = ("kegiatan", "evidence_count", "satuan")


# --- simulation.toml -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRule:
    """How one simulated colleague behaves in one sandbox."""

    reviews: Reviews
    writes_entries: bool
    delay_working_days: int
    note_key: str | None


@dataclass(frozen=True)
class SimulationSettings:
    """The contents of ``simulation.toml`` (see the file's header for every key)."""

    defaults: PersonRule
    review_time: dt.time
    entries_sent_at: dt.time
    recap_days_per_level: int
    fill: float
    record_attendance: bool
    daily_note_key: str
    skp_note_key: str
    recap_note_key: str
    missing_check: EvidenceCheck | None
    missing_note_key: str
    unopenable_check: EvidenceCheck
    unopenable_note_key: str
    return_unopenable: bool
    mark_sesuai: bool
    leave_team_to_learner: bool


def person_rule(raw: Mapping[str, Any] | None, settings: SimulationSettings) -> PersonRule | None:
    """One person's entry of ``Sandbox.simulation``, completed from the defaults.

    None when the person is not simulated (no entry). The scenario loader already checked the
    values; a hand-edited database with nonsense still gets a ConfigError, not a crash.
    """
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ConfigError("error.seed_data", detail=f"Sandbox.simulation: {raw!r} is not a table")
    table = Table(dict(raw), "Sandbox.simulation")
    defaults = settings.defaults
    reviews = table.one_of("reviews", REVIEWS, default=defaults.reviews)
    note = raw.get("note_key")
    return PersonRule(
        reviews=reviews,  # type: ignore[arg-type]
        writes_entries=table.boolean("writes_entries", default=defaults.writes_entries),
        delay_working_days=table.integer(
            "delay_working_days",
            minimum=0,
            maximum=MAX_DELAY,
            default=defaults.delay_working_days,
        ),
        note_key=note if isinstance(note, str) and note else None,
    )


def load_simulation_settings(root: Path | None = None) -> SimulationSettings:
    """Read ``simulation.toml`` (cached per folder); note keys must exist in feedback.toml."""
    return _load_settings((root or content_root()).resolve())


def _clock_time(table: Table, key: str) -> dt.time:
    value = table.text(key)
    match = _TIME.fullmatch(value)
    if match is None:
        raise table.error(f'{value!r} is not a time such as "09:00"', key)
    return dt.time(int(match.group(1)), int(match.group(2)))


def _note(table: Table, key: str, group: FeedbackGroup, root: Path) -> str:
    value = table.text(key)
    sentences = {s.key for s in load_feedback(root).group(group)}
    if value not in sentences:
        raise table.error(f"{value!r} is not a [[{group.value}]] sentence of feedback.toml", key)
    return value


def _check(table: Table, key: str, *, allow_none: bool) -> EvidenceCheck | None:
    choices = ("KURANG", "TIDAK_SESUAI", *(("none",) if allow_none else ()))
    value = table.one_of(key, choices)
    return None if value == "none" else EvidenceCheck(value)


@cache
def _load_settings(root: Path) -> SimulationSettings:
    doc = Table(read_toml(root, SIMULATION_FILE), SIMULATION_FILE)
    doc.known("defaults", "timing", "writing", "notes", "evidence", "review")
    defaults = doc.table("defaults")
    defaults.known("reviews", "writes_entries", "delay_working_days")
    timing = doc.table("timing")
    timing.known("review_time", "entries_sent_at", "recap_days_per_level")
    writing = doc.table("writing")
    writing.known("fill", "record_attendance")
    notes = doc.table("notes")
    notes.known("daily_return", "skp_return", "recap_return")
    evidence = doc.table("evidence")
    evidence.known(
        "missing_check",
        "missing_note_key",
        "unopenable_check",
        "unopenable_note_key",
        "return_unopenable",
        "mark_sesuai",
    )
    review = doc.table("review")
    review.known("leave_team_to_learner")
    fill = writing.number("fill", minimum=0.0, maximum=1.0)
    if fill <= 0:
        raise writing.error("must be more than 0", "fill")
    unopenable = _check(evidence, "unopenable_check", allow_none=False)
    assert unopenable is not None
    return SimulationSettings(
        defaults=PersonRule(
            reviews=defaults.one_of("reviews", REVIEWS),  # type: ignore[arg-type]
            writes_entries=defaults.boolean("writes_entries"),
            delay_working_days=defaults.integer("delay_working_days", minimum=0, maximum=MAX_DELAY),
            note_key=None,
        ),
        review_time=_clock_time(timing, "review_time"),
        entries_sent_at=_clock_time(timing, "entries_sent_at"),
        recap_days_per_level=timing.integer("recap_days_per_level", minimum=1, maximum=MAX_DELAY),
        fill=fill,
        record_attendance=writing.boolean("record_attendance"),
        daily_note_key=_note(notes, "daily_return", FeedbackGroup.DAILY_RETURN, root),
        skp_note_key=_note(notes, "skp_return", FeedbackGroup.SKP_RETURN, root),
        recap_note_key=_note(notes, "recap_return", FeedbackGroup.RECAP_RETURN, root),
        missing_check=_check(evidence, "missing_check", allow_none=True),
        missing_note_key=_note(evidence, "missing_note_key", FeedbackGroup.DAILY_RETURN, root),
        unopenable_check=unopenable,
        unopenable_note_key=_note(
            evidence, "unopenable_note_key", FeedbackGroup.DAILY_RETURN, root
        ),
        return_unopenable=evidence.boolean("return_unopenable"),
        mark_sesuai=evidence.boolean("mark_sesuai"),
        leave_team_to_learner=review.boolean("leave_team_to_learner"),
    )


# --- defects.toml --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DefectKind:
    """One kind of planted defect (see ``defects.toml``)."""

    key: str
    title_id: str
    title_en: str
    explain_id: str
    explain_en: str
    note_key: str
    bukti: str | None
    opens: bool
    other_day: tuple[int, int]
    kegiatan: str | None
    kegiatan_pool: tuple[str, ...]
    realisasi_factor: int | None

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_id

    def explain(self, lang: str) -> str:
        return self.explain_en if lang == "en" else self.explain_id


@dataclass(frozen=True)
class DefectLibrary:
    share: float
    kinds: tuple[DefectKind, ...]
    _by_key: Mapping[str, DefectKind]

    def get(self, key: str) -> DefectKind | None:
        return self._by_key.get(key)


def load_defects(root: Path | None = None) -> DefectLibrary:
    """Read ``defects.toml`` (cached per folder), cross-checked with feedback.toml and
    simulation.toml (a link that must not open is a private Practice Drive file)."""
    return _load_defects((root or content_root()).resolve())


@cache
def _load_defects(root: Path) -> DefectLibrary:
    _load_settings(root)  # simulation.toml is checked first
    doc = Table(read_toml(root, DEFECTS_FILE), DEFECTS_FILE)
    doc.known("planting", "defects")
    planting = doc.table("planting")
    planting.known("share")
    share = planting.number("share", minimum=0.0, maximum=1.0)
    if share <= 0:
        raise planting.error("must be more than 0", "share")
    returns = {s.key for s in load_feedback(root).group(FeedbackGroup.DAILY_RETURN)}
    kinds: list[DefectKind] = []
    for raw in doc.tables("defects", min_items=1):
        key = raw.pattern("key", KEY_PATTERN, "defect key such as 'private_link'")
        item = raw.renamed(f"defect '{key}'")
        item.known(
            "key",
            "title",
            "explain",
            "note_key",
            "bukti",
            "opens",
            "other_day",
            "kegiatan",
            "kegiatan_pool",
            "realisasi_factor",
        )
        if any(k.key == key for k in kinds):
            raise item.error("duplicate defect key", "key")
        note_key = item.text("note_key")
        if note_key not in returns:
            raise item.error(
                f"{note_key!r} is not a [[daily_return]] sentence of feedback.toml", "note_key"
            )
        bukti = item.opt_text("bukti")
        if bukti is not None:
            check_placeholders(item, "bukti", bukti, BUKTI_FIELDS)
        opens = item.boolean("opens", default=True)
        if not opens and (bukti is None or DRIVE_FILE not in bukti):
            raise item.error(
                "a link that must not open needs `bukti` containing {drive_file} (a private "
                "Practice Drive file of the writer)",
                "opens",
            )
        if opens and bukti is not None and DRIVE_FILE in bukti:
            raise item.error("{drive_file} is private: set opens = false", "opens")
        kegiatan = item.opt_text("kegiatan")
        if kegiatan is not None:
            check_placeholders(item, "kegiatan", kegiatan, KEGIATAN_FIELDS)
        pool = (
            item.text_list("kegiatan_pool", field="kegiatan", min_items=1)
            if item.has("kegiatan_pool")
            else ()
        )
        if kegiatan is not None and pool:
            raise item.error("give `kegiatan` or `kegiatan_pool`, not both", "kegiatan_pool")
        factor = (
            item.integer("realisasi_factor", minimum=2, maximum=100)
            if item.has("realisasi_factor")
            else None
        )
        if bukti is None and kegiatan is None and not pool and factor is None:
            raise item.error(
                "changes nothing: give bukti, kegiatan, kegiatan_pool or realisasi_factor"
            )
        other_day = (
            item.int_range("other_day", minimum=1, maximum=60) if item.has("other_day") else (2, 9)
        )
        title = item.table("title")
        title.known("id", "en")
        explain = item.table("explain")
        explain.known("id", "en")
        kinds.append(
            DefectKind(
                key=key,
                title_id=title.text("id", field="unit_name"),
                title_en=title.text("en", field="unit_name"),
                explain_id=explain.text("id", field="evidence_note"),
                explain_en=explain.text("en", field="evidence_note"),
                note_key=note_key,
                bukti=bukti,
                opens=opens,
                other_day=other_day,
                kegiatan=kegiatan,
                kegiatan_pool=pool,
                realisasi_factor=factor,
            )
        )
    return DefectLibrary(share, tuple(kinds), MappingProxyType({k.key: k for k in kinds}))


# --- planting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryFields:
    """The fields of a daily entry a defect may change."""

    kegiatan: str
    realisasi: int
    satuan: str
    bukti_dukung: str


@dataclass(frozen=True)
class PlantChoices:
    """What the caller chose (deterministically) for one planting."""

    person: str
    tanggal: dt.date
    moment: dt.time
    drive: str
    token: str
    other_day_offset: int
    pool_index: int
    drive_file: str = ""
    """The link of the private drive file the writer made for this entry (for {drive_file})."""


def plant(kind: DefectKind, clean: EntryFields, choices: PlantChoices) -> EntryFields:
    """The entry's fields as the colleague writes them with ``kind``'s defect."""
    kegiatan, realisasi, bukti = clean.kegiatan, clean.realisasi, clean.bukti_dukung
    evidence_count = max(1, clean.realisasi)
    if kind.bukti is not None:
        other = choices.tanggal - dt.timedelta(days=choices.other_day_offset)
        bukti = kind.bukti.format(
            drive=choices.drive,
            person=choices.person,
            date=f"{choices.tanggal:%Y%m%d}",
            other_date=f"{other:%Y%m%d}",
            time=f"{choices.moment:%H%M%S}",
            token=choices.token,
            drive_file=choices.drive_file,
        )
    if kind.kegiatan is not None:
        kegiatan = kind.kegiatan.format(
            kegiatan=clean.kegiatan, evidence_count=evidence_count, satuan=clean.satuan
        )
    elif kind.kegiatan_pool:
        kegiatan = kind.kegiatan_pool[choices.pool_index % len(kind.kegiatan_pool)]
    if kind.realisasi_factor is not None:
        realisasi = min(MAX_WHOLE_NUMBER, evidence_count * kind.realisasi_factor)
    return EntryFields(kegiatan[:500], realisasi, clean.satuan, bukti)


def check_simulation_content(root: Path | None = None) -> None:
    """Load both files (what a ``content check`` should run for them)."""
    load_simulation_settings(root)
    load_defects(root)


def clear_simulation_caches() -> None:
    _load_settings.cache_clear()
    _load_defects.cache_clear()


__all__ = [
    "DefectKind",
    "DefectLibrary",
    "EntryFields",
    "PersonRule",
    "PlantChoices",
    "SimulationSettings",
    "check_simulation_content",
    "clear_simulation_caches",
    "load_defects",
    "load_simulation_settings",
    "person_rule",
    "plant",
]
