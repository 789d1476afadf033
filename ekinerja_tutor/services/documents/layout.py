"""The words of each document, laid out once for every renderer (PDF, HTML, CSV, XLSX).

A layout is plain text in the reader's language (labels from ``i18n/catalog/documents.toml``)
arranged as titles, label/value tables, paragraphs, an activity table and signature blocks.
Renderers only draw it, so the PDF and the HTML always say the same thing. User text (names,
activities, notes, links) is kept exactly as typed; escaping is each renderer's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.daily import daily_status_label
from ekinerja_tutor.domain.predikat import predikat_label, rating_label, unit_result_label
from ekinerja_tutor.domain.recap import recap_status_label
from ekinerja_tutor.domain.skp import perilaku_label
from ekinerja_tutor.i18n import translate
from ekinerja_tutor.services.documents.service import (
    ActivityRecap,
    EvaluasiDocument,
    PersonBlock,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
EMPTY = "-"


@dataclass(frozen=True)
class Section:
    """A titled block: label/value rows, then paragraphs, then an optional small table."""

    title: str
    rows: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[str, ...] = ()
    table_head: tuple[str, ...] = ()
    table_rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Signature:
    """One signature block: its caption lines, then room to sign, then the name and NIP."""

    caption: tuple[str, ...]
    name: str
    nip_line: str


@dataclass(frozen=True)
class Layout:
    title: str
    subtitle: str
    org: str
    sections: tuple[Section, ...]
    place_date: str
    signatures: tuple[Signature, Signature]
    footer: str
    table_head: tuple[str, ...] = ()
    table_rows: tuple[tuple[str, ...], ...] = ()
    day_rows: frozenset[int] = field(default_factory=frozenset)
    """Indexes into ``table_rows`` of rows that name a day without entries (drawn as a note)."""
    totals: tuple[tuple[str, str], ...] = ()
    lang: str = "id"


def t(lang: str, key: str, /, **params: object) -> str:
    return translate(key, lang, **params)


def short_date(day: dt.date, lang: str) -> str:
    """ "31 Maret 2026" / "31 March 2026" (the place-and-date line)."""
    return f"{day.day} {translate(f'calendar.month.{day.month}', lang)} {day.year}"


def long_date(day: dt.date, lang: str) -> str:
    return date_label(day).render(lang)


def nip_line(person: PersonBlock | None, lang: str) -> str:
    if person is None or not person.nip:
        return t(lang, "doc.nip_none")
    return t(lang, "doc.nip_line", nip=person.nip)


def person_rows(person: PersonBlock | None, lang: str) -> tuple[tuple[str, str], ...]:
    if person is None:
        return ((t(lang, "doc.label.nama"), t(lang, "doc.nobody")),)
    return (
        (t(lang, "doc.label.nama"), person.name),
        (t(lang, "doc.label.nip"), person.nip or EMPTY),
        (t(lang, "doc.label.pangkat"), person.pangkat_golongan),
        (t(lang, "doc.label.jabatan"), person.jabatan or EMPTY),
        (t(lang, "doc.label.unit"), person.unit or EMPTY),
    )


def _signature(caption: tuple[str, ...], person: PersonBlock | None, lang: str) -> Signature:
    name = person.name if person is not None else t(lang, "doc.nobody")
    return Signature(caption, name, nip_line(person, lang))


# --- the Dokumen Evaluasi ----------------------------------------------------------------------


def evaluasi_layout(doc: EvaluasiDocument, lang: str) -> Layout:
    if doc.quarter is not None:
        subtitle = t(
            lang,
            "doc.eval_period_quarter",
            roman=ROMAN[doc.quarter],
            start=short_date(doc.period_start, lang),
            end=short_date(doc.period_end, lang),
        )
    else:
        subtitle = t(lang, "doc.eval_period_year", year=doc.year)
    rating = doc.rating
    if doc.capaian is not None:
        capaian = t(
            lang,
            "doc.capaian_value",
            result=unit_result_label(doc.capaian).render(lang),
            unit=doc.capaian_unit,
        )
    else:
        capaian = t(lang, "doc.capaian_none", unit=doc.capaian_unit or EMPTY)
    result_rows = [
        (t(lang, "doc.label.rating_hasil"), rating_label(rating.rating_hasil).render(lang)),
        (t(lang, "doc.label.rating_perilaku"), rating_label(rating.rating_perilaku).render(lang)),
        (t(lang, "doc.label.predikat"), predikat_label(rating.predikat).render(lang)),
        (t(lang, "doc.label.matrix"), rating.explanation.render(lang)),
        (t(lang, "doc.label.recap_status"), recap_status_label(doc.recap_status).render(lang)),
    ]
    if rating.unit_result is not None:
        result_rows.insert(
            1,
            (t(lang, "doc.label.unit_result"), unit_result_label(rating.unit_result).render(lang)),
        )
    result_paragraphs: list[str] = []
    table_head: tuple[str, ...] = ()
    table_rows: tuple[tuple[str, ...], ...] = ()
    if doc.quarter is None:
        result_paragraphs.append(
            t(lang, "doc.annual_latest", roman=ROMAN[rating.quarter], year=doc.year)
        )
        table_head = (
            t(lang, "doc.col.quarter"),
            t(lang, "doc.label.rating_hasil"),
            t(lang, "doc.label.rating_perilaku"),
            t(lang, "doc.label.predikat"),
        )
        table_rows = tuple(
            (
                t(lang, "doc.quarter_name", roman=ROMAN[q.quarter]),
                rating_label(q.rating_hasil).render(lang),
                rating_label(q.rating_perilaku).render(lang),
                predikat_label(q.predikat).render(lang),
            )
            for q in doc.quarters
        )
        if doc.missing_quarters:
            missing = ", ".join(ROMAN[q] for q in doc.missing_quarters)
            result_paragraphs.append(t(lang, "doc.annual_missing", quarters=missing))
    notes: list[str] = []
    for q in doc.quarters:
        if q.note:
            notes.append(t(lang, "doc.note_line", roman=ROMAN[q.quarter], note=q.note))
    for item in doc.feedback:
        if item.perilaku is not None:
            target = t(
                lang, "doc.feedback_perilaku", name=perilaku_label(item.perilaku).render(lang)
            )
        elif item.iki_text:
            target = t(lang, "doc.feedback_iki", text=item.iki_text)
        else:
            target = t(lang, "doc.feedback_general")
        parts = [p for p in (item.sentence(lang), item.free_text) if p]
        notes.append(t(lang, "doc.feedback_line", target=target, text=" ".join(parts) or EMPTY))
    if not notes:
        notes.append(t(lang, "doc.no_notes"))
    sections = (
        Section(t(lang, "doc.section.pegawai"), person_rows(doc.pegawai, lang)),
        Section(t(lang, "doc.section.penilai"), person_rows(doc.pejabat_penilai, lang)),
        Section(t(lang, "doc.section.atasan"), person_rows(doc.atasan_pejabat_penilai, lang)),
        Section(t(lang, "doc.section.capaian"), ((t(lang, "doc.label.capaian"), capaian),)),
        Section(
            t(lang, "doc.section.hasil"),
            tuple(result_rows),
            tuple(result_paragraphs),
            table_head,
            table_rows,
        ),
        Section(t(lang, "doc.section.catatan"), (), tuple(notes)),
    )
    return Layout(
        title=t(lang, "doc.eval_title"),
        subtitle=subtitle,
        org=doc.instansi,
        sections=sections,
        place_date=t(lang, "doc.place_date", place=doc.place, date=short_date(doc.signed_on, lang)),
        signatures=(
            _signature((t(lang, "doc.sign.pegawai"),), doc.pegawai, lang),
            _signature((t(lang, "doc.sign.penilai"),), doc.pejabat_penilai, lang),
        ),
        footer=t(lang, "doc.practice_footer"),
        lang=lang,
    )


# --- the activity recap ------------------------------------------------------------------------


def recap_columns(lang: str) -> tuple[str, ...]:
    return tuple(
        t(lang, f"doc.col.{name}")
        for name in (
            "no",
            "date",
            "time",
            "minutes",
            "rencana_aksi",
            "kegiatan",
            "realisasi",
            "satuan",
            "bukti",
            "status",
        )
    )


def recap_entry_rows(recap: ActivityRecap, lang: str) -> list[tuple[str, ...]]:
    """One row per printed entry (the columns of :func:`recap_columns`)."""
    rows: list[tuple[str, ...]] = []
    for number, entry in enumerate(recap.entries, start=1):
        rows.append(
            (
                str(number),
                entry.tanggal.isoformat(),
                f"{entry.jam_mulai:%H:%M}–{entry.jam_selesai:%H:%M}",
                str(entry.minutes),
                entry.rencana_aksi or EMPTY,
                entry.kegiatan,
                str(entry.realisasi),
                entry.satuan,
                entry.bukti_dukung or EMPTY,
                daily_status_label(entry.status).render(lang),
            )
        )
    return rows


def recap_totals(recap: ActivityRecap, lang: str) -> tuple[tuple[str, str], ...]:
    per_satuan = ", ".join(f"{total} {satuan}" for satuan, total in recap.totals_by_satuan)
    return (
        (
            t(lang, "doc.total.entries"),
            t(
                lang,
                "doc.total.entries_value",
                count=recap.total_entries,
                approved=recap.approved_entries,
            ),
        ),
        (
            t(lang, "doc.total.minutes"),
            t(
                lang,
                "doc.total.minutes_value",
                minutes=recap.total_minutes,
                approved=recap.approved_minutes,
                hours=f"{recap.total_minutes / 60:.1f}".replace(".", "," if lang == "id" else "."),
            ),
        ),
        (t(lang, "doc.total.realisasi"), per_satuan or EMPTY),
    )


def recap_layout(recap: ActivityRecap, lang: str) -> Layout:
    kind = "week" if recap.kind == "week" else "month"
    subtitle = t(lang, f"doc.recap_period_{kind}", period=recap.period_label.render(lang))
    rows: list[tuple[str, ...]] = []
    day_rows: set[int] = set()
    number = 0
    for day in recap.days:
        if not day.entries:
            if day.holiday:
                note = t(lang, "doc.day_holiday", name=day.holiday)
            elif not day.working_day:
                note = t(lang, "doc.day_off")
            elif day.tanggal > recap.printed_on:
                note = t(lang, "doc.day_future")
            else:
                note = t(lang, "doc.day_empty")
            day_rows.add(len(rows))
            rows.append(("", long_date(day.tanggal, lang), note))
            continue
        for index, entry in enumerate(day.entries):
            number += 1
            rows.append(
                (
                    str(number),
                    long_date(day.tanggal, lang) if index == 0 else "",
                    f"{entry.jam_mulai:%H:%M}–{entry.jam_selesai:%H:%M}",
                    str(entry.minutes),
                    entry.rencana_aksi or EMPTY,
                    entry.kegiatan,
                    str(entry.realisasi),
                    entry.satuan,
                    entry.bukti_dukung or EMPTY,
                    daily_status_label(entry.status).render(lang),
                )
            )
    paragraphs: list[str] = []
    if recap.drafts_left_out:
        paragraphs.append(t(lang, "doc.drafts_left_out", count=recap.drafts_left_out))
    penilai = recap.pejabat_penilai
    ident = (
        *person_rows(recap.pegawai, lang),
        (t(lang, "doc.section.penilai"), penilai.name if penilai else t(lang, "doc.nobody")),
    )
    return Layout(
        title=t(lang, "doc.recap_title"),
        subtitle=subtitle,
        org=recap.instansi,
        sections=(Section(t(lang, "doc.section.pegawai"), ident, tuple(paragraphs)),),
        place_date=t(
            lang, "doc.place_date", place=recap.place, date=short_date(recap.printed_on, lang)
        ),
        signatures=(
            _signature((t(lang, "doc.sign.knowing"), t(lang, "doc.sign.penilai")), penilai, lang),
            _signature(("", t(lang, "doc.sign.reporter")), recap.pegawai, lang),
        ),
        footer=t(lang, "doc.practice_footer"),
        table_head=recap_columns(lang),
        table_rows=tuple(rows),
        day_rows=frozenset(day_rows),
        totals=recap_totals(recap, lang),
        lang=lang,
    )
