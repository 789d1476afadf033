"""Libraries the office maintains: feedback sentences, activity templates, holidays, rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from ekinerja_tutor.content._toml import (
    DOTTED_KEY_PATTERN,
    Table,
    check_placeholders,
    read_toml,
    seed_error,
)
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.domain.fields import MAX_WHOLE_NUMBER
from ekinerja_tutor.domain.rules import RegionalRules
from ekinerja_tutor.domain.statuses import Perilaku, Rating
from ekinerja_tutor.i18n import LANGUAGES, Msg

FEEDBACK_FILE: Final = "feedback.toml"
TEMPLATES_FILE: Final = "templates.toml"
HOLIDAYS_FILE: Final = "holidays.toml"
RULES_FILE: Final = "rules.toml"

GUIDES_PER_VALUE: Final = 3


class FeedbackGroup(StrEnum):
    """Where a standard sentence is offered."""

    HASIL_KERJA = "hasil_kerja"  # umpan balik per indicator, by rating level
    PERILAKU = "perilaku"  # umpan balik per BerAKHLAK value, by rating level
    DAILY_RETURN = "daily_return"  # note when a daily entry goes to REVISI
    RECAP_RETURN = "recap_return"  # note when a quarterly recap is returned
    SKP_RETURN = "skp_return"  # note when an SKP is returned (DIKEMBALIKAN)


class HolidayKind(StrEnum):
    LIBUR_NASIONAL = "LIBUR_NASIONAL"
    CUTI_BERSAMA = "CUTI_BERSAMA"
    LIBUR_DAERAH = "LIBUR_DAERAH"


# --- feedback --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackSentence:
    """A standard sentence. ``level`` is set for hasil kerja and perilaku sentences,
    ``perilaku`` for perilaku sentences only."""

    key: str
    group: FeedbackGroup
    id: str
    en: str
    level: Rating | None = None
    perilaku: Perilaku | None = None

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


@dataclass(frozen=True)
class BerakhlakData:
    """A BerAKHLAK core value with its three behaviour guides (panduan perilaku)."""

    perilaku: Perilaku
    id: str
    en: str
    guides_id: tuple[str, ...]
    guides_en: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    def guides(self, lang: str) -> tuple[str, ...]:
        return self.guides_en if lang == "en" else self.guides_id


@dataclass(frozen=True)
class FeedbackLibrary:
    """The standard sentence library, keyed by stable sentence key (file order kept)."""

    sentences: Mapping[str, FeedbackSentence]
    berakhlak: Mapping[Perilaku, BerakhlakData]

    def get(self, key: str) -> FeedbackSentence:
        return self.sentences[key]

    def group(self, group: FeedbackGroup) -> tuple[FeedbackSentence, ...]:
        return tuple(s for s in self.sentences.values() if s.group is group)

    def for_hasil_kerja(self, level: Rating) -> tuple[FeedbackSentence, ...]:
        return tuple(s for s in self.group(FeedbackGroup.HASIL_KERJA) if s.level is level)

    def for_perilaku(self, perilaku: Perilaku, level: Rating) -> tuple[FeedbackSentence, ...]:
        return tuple(
            s
            for s in self.group(FeedbackGroup.PERILAKU)
            if s.perilaku is perilaku and s.level is level
        )


def load_feedback(root: Path | None = None) -> FeedbackLibrary:
    """Read ``feedback.toml`` (cached per folder).

    Every rating level has hasil kerja sentences, every BerAKHLAK value has sentences for every
    level and exactly three guides, and keys are unique across all groups.
    """
    return _load_feedback((root or content_root()).resolve())


@cache
def _load_feedback(root: Path) -> FeedbackLibrary:
    doc = Table(read_toml(root, FEEDBACK_FILE), FEEDBACK_FILE)
    doc.known("berakhlak", *(g.value for g in FeedbackGroup))
    sentences: dict[str, FeedbackSentence] = {}
    for group in FeedbackGroup:
        for raw in doc.tables(group.value, min_items=1):
            key = raw.pattern("key", DOTTED_KEY_PATTERN, "sentence key such as 'daily.x'")
            item = raw.renamed(f"{group.value} '{key}'")
            allowed = ["key", "id", "en"]
            if group in (FeedbackGroup.HASIL_KERJA, FeedbackGroup.PERILAKU):
                allowed.append("level")
            if group is FeedbackGroup.PERILAKU:
                allowed.append("perilaku")
            item.known(*allowed)
            if key in sentences:
                raise item.error("duplicate sentence key", "key")
            field = "return_note" if group.value.endswith("_return") else "feedback_free_text"
            sentences[key] = FeedbackSentence(
                key=key,
                group=group,
                id=item.text("id", field=field),
                en=item.text("en", field=field),
                level=item.choice("level", Rating) if "level" in allowed else None,
                perilaku=item.choice("perilaku", Perilaku) if "perilaku" in allowed else None,
            )
    library = FeedbackLibrary(MappingProxyType(sentences), _read_berakhlak(doc))
    for level in Rating:
        if not library.for_hasil_kerja(level):
            raise seed_error(FEEDBACK_FILE, f"no hasil_kerja sentence for level {level}")
        for perilaku in Perilaku:
            if not library.for_perilaku(perilaku, level):
                raise seed_error(
                    FEEDBACK_FILE, f"no perilaku sentence for {perilaku} at level {level}"
                )
    return library


def _read_berakhlak(doc: Table) -> Mapping[Perilaku, BerakhlakData]:
    values: dict[Perilaku, BerakhlakData] = {}
    for name, item in doc.sub_tables("berakhlak").items():
        item.known("id", "en", "panduan_id", "panduan_en")
        try:
            perilaku = Perilaku(name)
        except ValueError:
            choices = ", ".join(p.value for p in Perilaku)
            raise item.error(f"'{name}' is not a BerAKHLAK value ({choices})") from None
        guides = {
            lang: item.text_list(
                f"panduan_{lang}", min_items=GUIDES_PER_VALUE, max_items=GUIDES_PER_VALUE
            )
            for lang in LANGUAGES
        }
        values[perilaku] = BerakhlakData(
            perilaku, item.text("id"), item.text("en"), guides["id"], guides["en"]
        )
    missing = [p.value for p in Perilaku if p not in values]
    if missing:
        raise seed_error(FEEDBACK_FILE, f"no [berakhlak.{missing[0]}]")
    return MappingProxyType({p: values[p] for p in Perilaku})


# --- templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateData:
    """A field-activity template (a tutor aid, not part of the real system).

    Attributes:
        unit: the Bidang whose staff use it.
        theme: matches the ``theme`` of RHKs in ``plan.toml``.
        kegiatan: Kegiatan Harian pattern (placeholders as in plan.toml).
        realisasi: typical ``(low, high)`` Realisasi for one day.
    """

    key: str
    unit: str
    theme: str
    title_id: str
    title_en: str
    kegiatan: str
    satuan: str
    realisasi: tuple[int, int]
    durasi_menit: int
    bukti_id: str
    bukti_en: str

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_id

    def bukti(self, lang: str) -> str:
        return self.bukti_en if lang == "en" else self.bukti_id


def load_templates(root: Path | None = None) -> tuple[TemplateData, ...]:
    """Read ``templates.toml`` (cached per folder); each theme must fit an RHK of the unit."""
    return _load_templates((root or content_root()).resolve())


@cache
def _load_templates(root: Path) -> tuple[TemplateData, ...]:
    from ekinerja_tutor.content.office import load_office
    from ekinerja_tutor.content.plan import PATTERN_FIELDS, load_plan

    office = load_office(root)
    plan = load_plan(root)
    minute_cap = load_rules(root).daily_minute_cap
    doc = Table(read_toml(root, TEMPLATES_FILE), TEMPLATES_FILE)
    doc.known("templates")
    templates: list[TemplateData] = []
    keys: set[str] = set()
    for raw in doc.tables("templates", min_items=1):
        key = raw.pattern("key", DOTTED_KEY_PATTERN, "template key such as 'dayasos.x'")
        item = raw.renamed(f"template '{key}'")
        item.known(
            "key",
            "unit",
            "theme",
            "title",
            "kegiatan",
            "satuan",
            "realisasi",
            "durasi_menit",
            "bukti",
        )
        if key in keys:
            raise item.error("duplicate template key", "key")
        keys.add(key)
        unit = item.text("unit")
        if not office.is_unit(unit) or office.unit(unit).simulated_external:
            raise item.error(f"'{unit}' is not a unit of the office", "unit")
        theme = item.text("theme")
        units = {u.code for u in office.units_below(unit)}
        fitting = [
            r.key
            for r in plan.all_rhk()
            if r.theme == theme and office.person(r.person).unit in units
        ]
        if not fitting:
            raise item.error(f"no RHK of unit '{unit}' in plan.toml has theme '{theme}'", "theme")
        kegiatan = item.text("kegiatan", field="kegiatan")
        check_placeholders(item, "kegiatan", kegiatan, PATTERN_FIELDS)
        title = item.table("title")
        title.known(*LANGUAGES)
        bukti = item.table("bukti")
        bukti.known(*LANGUAGES)
        templates.append(
            TemplateData(
                key=key,
                unit=unit,
                theme=theme,
                title_id=title.text("id"),
                title_en=title.text("en"),
                kegiatan=kegiatan,
                satuan=item.text("satuan", field="satuan"),
                realisasi=item.int_range("realisasi", minimum=1, maximum=MAX_WHOLE_NUMBER),
                durasi_menit=item.integer("durasi_menit", minimum=1, maximum=minute_cap),
                bukti_id=bukti.text("id", field="evidence_note"),
                bukti_en=bukti.text("en", field="evidence_note"),
            )
        )
    return tuple(templates)


# --- holidays --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HolidayData:
    """A day off. ``provisional``: an estimate until the official decree (SKB) is out."""

    day: date
    name: str
    kind: HolidayKind
    provisional: bool

    @property
    def kind_label(self) -> Msg:
        return Msg(f"content.holiday_kind.{self.kind.value}")


def load_holiday_list(root: Path | None = None) -> tuple[HolidayData, ...]:
    """Every holiday of ``holidays.toml`` in date order (cached per folder)."""
    return _load_holiday_list((root or content_root()).resolve())


def load_holidays(root: Path | None = None) -> Mapping[date, str]:
    """Holidays as ``date → name``, ready for :class:`WorkCalendar` ``holidays``."""
    return MappingProxyType({h.day: h.name for h in load_holiday_list(root)})


@cache
def _load_holiday_list(root: Path) -> tuple[HolidayData, ...]:
    doc = Table(read_toml(root, HOLIDAYS_FILE), HOLIDAYS_FILE)
    doc.known("holidays")
    seen: dict[date, str] = {}
    holidays: list[HolidayData] = []
    for raw in doc.tables("holidays", min_items=1):
        day = raw.day("date")
        item = raw.renamed(f"holiday {day.isoformat()}")
        item.known("date", "name", "kind", "perkiraan")
        if day in seen:
            raise item.error(f"the date is listed twice ('{seen[day]}')", "date")
        name = item.text("name", field="unit_name")
        seen[day] = name
        holidays.append(
            HolidayData(
                day=day,
                name=name,
                kind=item.choice("kind", HolidayKind),
                provisional=item.boolean("perkiraan", default=False),
            )
        )
    return tuple(sorted(holidays, key=lambda h: h.day))


# --- rules -----------------------------------------------------------------------------------


def load_rules(root: Path | None = None) -> RegionalRules:
    """Read ``rules.toml`` into :class:`RegionalRules` (cached per folder)."""
    return _load_rules((root or content_root()).resolve())


@cache
def _load_rules(root: Path) -> RegionalRules:
    data = read_toml(root, RULES_FILE)
    try:
        return RegionalRules.from_mapping(data)
    except ConfigError as exc:
        raise ConfigError(
            "error.seed_data",
            detail=Msg("content.in_file", {"file": RULES_FILE, "problem": exc.message}),
        ) from None


def load_calendar(root: Path | None = None) -> WorkCalendar:
    """The office's working calendar: ``rules.toml`` weekdays plus ``holidays.toml``."""
    return load_rules(root).work_calendar(load_holidays(root))


def check_content(root: Path | None = None) -> None:
    """Load and cross-check every file of ``sandbox_data/`` (what a ``content check`` runs).

    Raises:
        ConfigError: the first problem found, naming the file and the key at fault.
    """
    from ekinerja_tutor.content.office import load_office
    from ekinerja_tutor.content.plan import load_plan
    from ekinerja_tutor.content.scenarios import load_scenarios

    load_rules(root)
    load_holiday_list(root)
    load_office(root)
    load_feedback(root)
    load_plan(root)
    load_templates(root)
    load_scenarios(root)
    from ekinerja_tutor.content.simulation import check_simulation_content

    check_simulation_content(root)


def clear_content_caches() -> None:
    """Forget every cached file, e.g. after office staff edited ``sandbox_data/``."""
    from ekinerja_tutor.content.office import _load_office
    from ekinerja_tutor.content.plan import _load_plan
    from ekinerja_tutor.content.scenarios import _load_scenarios

    for loader in (
        _load_feedback,
        _load_templates,
        _load_holiday_list,
        _load_rules,
        _load_office,
        _load_plan,
        _load_scenarios,
    ):
        loader.cache_clear()
    from ekinerja_tutor.content.simulation import clear_simulation_caches

    clear_simulation_caches()
