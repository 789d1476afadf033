"""What the printed documents say: the Dokumen Evaluasi Kinerja Pegawai and the activity recap.

:class:`DocumentService` reads, with the same permission checks as every office read (the
employee, their Pejabat Penilai and everyone above them; the learner owning the sandbox; staff),
the data a document prints and returns it as frozen views. Ratings, predikat and feedback come
from :class:`~ekinerja_tutor.services.results.ResultsService` and the entries from
:class:`~ekinerja_tutor.services.daily_logs.DailyLogService`: nothing here recomputes a rule.
:meth:`DocumentService.evaluasi_file` and :meth:`DocumentService.recap_file` also render the
view (PDF, HTML, CSV, XLSX) in the reader's language and name the file.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.calendar import month_label
from ekinerja_tutor.domain.clock import quarter_end, quarter_start
from ekinerja_tutor.domain.errors import NotFound, ValidationError
from ekinerja_tutor.domain.statuses import (
    DailyStatus,
    Perilaku,
    Predikat,
    Rating,
    RecapStatus,
    UnitResult,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import Iki, Person, Unit, UnitPeriodResult
from ekinerja_tutor.services.daily_logs import (
    DailyEntryView,
    DailyLogService,
    OfficeService,
    Reader,
)

EvaluasiFormat = Literal["pdf", "html"]
RecapFormat = Literal["pdf", "html", "csv", "xlsx"]
EVALUASI_FORMATS: tuple[str, ...] = ("pdf", "html")
RECAP_FORMATS: tuple[str, ...] = ("pdf", "html", "csv", "xlsx")

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Pangkat by golongan ruang (PNS; PP 99/2000). PPPK and pejabat negara have none.
PANGKAT: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

_PAGE = 200
MIN_YEAR = 2000
MAX_YEAR = 2100


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonBlock:
    """A person as a printed document names them (identity table and signature block)."""

    id: int
    name: str
    nip: str
    golongan: str
    pangkat: str
    jabatan: str
    unit: str
    instansi: str

    @property
    def pangkat_golongan(self) -> str:
        """ "Pengatur Tingkat I (II/d)", or "-" when the person has neither."""
        if self.pangkat and self.golongan:
            return f"{self.pangkat} ({self.golongan})"
        return self.golongan or self.pangkat or "-"


@dataclass(frozen=True)
class QuarterRating:
    """One assessed quarter: the direct supervisor's two ratings and the predikat."""

    quarter: int
    rating_hasil: Rating
    rating_perilaku: Rating
    predikat: Predikat
    explanation: Msg
    assessed_on: dt.date
    note: str
    unit_result: UnitResult | None


@dataclass(frozen=True)
class FeedbackLine:
    """One piece of Umpan Balik, already resolved to text (the sentence in both languages)."""

    quarter: int
    target_kind: str
    perilaku: Perilaku | None
    iki_text: str | None
    sentence_id: str
    sentence_en: str
    free_text: str

    def sentence(self, lang: str) -> str:
        return self.sentence_en if lang == "en" else self.sentence_id


@dataclass(frozen=True)
class EvaluasiDocument:
    """The Dokumen Evaluasi Kinerja Pegawai for a quarter, or for the year so far.

    Attributes:
        quarter: the quarter, or None for the annual document.
        rating: the quarter's rating (annual: the latest assessed quarter's).
        quarters: every assessed quarter of the period (one for a quarterly document).
        missing_quarters: quarters of the year not assessed yet (annual document only).
        capaian: the organisation's result (capaian kinerja organisasi) for the rated quarter,
            from the nearest unit up the employee's chain that has one; ``capaian_unit`` names it.
        recap_status: the quarterly recap's verification status of the rated quarter.
        place: the town of the place-and-date line; ``signed_on`` its date.
    """

    year: int
    quarter: int | None
    period_start: dt.date
    period_end: dt.date
    pegawai: PersonBlock
    pejabat_penilai: PersonBlock | None
    atasan_pejabat_penilai: PersonBlock | None
    instansi: str
    capaian: UnitResult | None
    capaian_unit: str
    rating: QuarterRating
    quarters: tuple[QuarterRating, ...]
    missing_quarters: tuple[int, ...]
    feedback: tuple[FeedbackLine, ...]
    recap_status: RecapStatus
    place: str
    signed_on: dt.date


@dataclass(frozen=True)
class ActivityLine:
    """One daily entry as the recap prints it."""

    tanggal: dt.date
    jam_mulai: dt.time
    jam_selesai: dt.time
    minutes: int
    rencana_aksi: str
    kegiatan: str
    realisasi: int
    satuan: str
    bukti_dukung: str
    status: DailyStatus


@dataclass(frozen=True)
class ActivityDay:
    tanggal: dt.date
    working_day: bool
    holiday: str | None
    entries: tuple[ActivityLine, ...]

    @property
    def minutes(self) -> int:
        return sum(e.minutes for e in self.entries)


@dataclass(frozen=True)
class ActivityRecap:
    """The weekly or monthly recap of Progres Harian (sent entries; drafts are not printed).

    Attributes:
        days: every working day of the period, plus any other day with entries, in order.
        totals_by_satuan: realisasi summed per satuan over the printed entries.
        drafts_left_out: drafts in the period that the recap leaves out.
    """

    kind: Literal["week", "month"]
    start: dt.date
    end: dt.date
    pegawai: PersonBlock
    pejabat_penilai: PersonBlock | None
    instansi: str
    days: tuple[ActivityDay, ...]
    total_entries: int
    approved_entries: int
    total_minutes: int
    approved_minutes: int
    totals_by_satuan: tuple[tuple[str, int], ...]
    drafts_left_out: int
    place: str
    printed_on: dt.date

    @property
    def entries(self) -> tuple[ActivityLine, ...]:
        return tuple(e for day in self.days for e in day.entries)

    @property
    def period_label(self) -> Msg:
        if self.kind == "month":
            return month_label(self.start.year, self.start.month)
        from ekinerja_tutor.domain.calendar import date_label

        return Msg(
            "doc.period_week", {"start": date_label(self.start), "end": date_label(self.end)}
        )


@dataclass(frozen=True)
class DocumentFile:
    """A rendered document: the suggested file name, its bytes and MIME type."""

    filename: str
    data: bytes
    mime_type: str


# --- the service -------------------------------------------------------------------------------


class DocumentService(OfficeService):
    """Reads for the printed documents, and their rendering."""

    # -- the Dokumen Evaluasi -------------------------------------------------------------------

    def evaluasi(
        self, who: Reader, person_id: int, year: int, quarter: int | None = None
    ) -> EvaluasiDocument:
        """The Dokumen Evaluasi for ``quarter`` of ``year`` (None: the year so far).

        Raises:
            NotFound: the quarter (or, for the year, every quarter) is not assessed yet.
            PermissionDenied: the reader may not see this person's results.
        """
        from ekinerja_tutor.services.results import ResultsService

        _check_year(year)
        if quarter is not None and (isinstance(quarter, bool) or quarter not in (1, 2, 3, 4)):
            raise ValidationError("results_svc.quarter_range", field="quarter")
        with self.db.read() as session:  # permission first: nothing is read for a stranger
            self._reader(session, who, person_id)
        results = ResultsService(self.ctx)
        wanted = (quarter,) if quarter is not None else (1, 2, 3, 4)
        assessed = {
            q: view
            for q in wanted
            if (view := results.assessment_for(who, person_id, year, q)) is not None
        }
        if not assessed:
            if quarter is not None:
                raise NotFound("doc.not_assessed", quarter=quarter, year=year)
            raise NotFound("doc.year_not_assessed", year=year)
        ratings = tuple(
            QuarterRating(
                quarter=q,
                rating_hasil=a.rating_hasil,
                rating_perilaku=a.rating_perilaku,
                predikat=a.predikat,
                explanation=a.explanation,
                assessed_on=a.at.date(),
                note=a.note,
                unit_result=a.unit_result,
            )
            for q, a in sorted(assessed.items())
        )
        main = ratings[-1]
        main_view = assessed[main.quarter]
        feedback_views = [
            item for q in sorted(assessed) for item in results.feedback_for(who, person_id, year, q)
        ]
        recap = results.recap_view(who, person_id=person_id, year=year, quarter=main.quarter)
        sentences = _feedback_sentences(self.ctx.content_root)
        with self.db.read() as session:
            _, person, _ = self._reader(session, who, person_id)
            assessor = session.get(Person, main_view.assessed_by_id)
            if assessor is None or assessor.sandbox_id != person.sandbox_id:
                assessor = (
                    session.get(Person, person.supervisor_id) if person.supervisor_id else None
                )
            atasan = (
                session.get(Person, assessor.supervisor_id)
                if assessor is not None and assessor.supervisor_id
                else None
            )
            units = _unit_chain(session, person.unit_id)
            capaian, capaian_unit = _capaian(session, units, year, main.quarter)
            iki_ids = [
                int(f.target_ref)
                for f in feedback_views
                if f.target_kind == "iki" and f.target_ref.isascii() and f.target_ref.isdigit()
            ]
            iki_texts: dict[int, str] = {}
            if iki_ids:
                found = session.execute(select(Iki.id, Iki.text).where(Iki.id.in_(iki_ids)))
                iki_texts = {row[0]: row[1] for row in found}
            pegawai = _block(session, person)
            penilai = _block(session, assessor) if assessor is not None else None
            atasan_block = _block(session, atasan) if atasan is not None else None
        feedback = tuple(
            FeedbackLine(
                quarter=f.quarter,
                target_kind=f.target_kind,
                perilaku=Perilaku(f.target_ref)
                if f.target_kind == "perilaku" and f.target_ref in {p.value for p in Perilaku}
                else None,
                iki_text=iki_texts.get(int(f.target_ref))
                if f.target_kind == "iki" and f.target_ref.isascii() and f.target_ref.isdigit()
                else None,
                sentence_id=sentences.get(f.sentence_key or "", ("", ""))[0],
                sentence_en=sentences.get(f.sentence_key or "", ("", ""))[1],
                free_text=f.free_text,
            )
            for f in feedback_views
        )
        if quarter is not None:
            start = quarter_start(year, quarter)
            end = quarter_end(start)
        else:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return EvaluasiDocument(
            year=year,
            quarter=quarter,
            period_start=start,
            period_end=end,
            pegawai=pegawai,
            pejabat_penilai=penilai,
            atasan_pejabat_penilai=atasan_block,
            instansi=pegawai.instansi,
            capaian=capaian,
            capaian_unit=capaian_unit,
            rating=main,
            quarters=ratings,
            missing_quarters=tuple(q for q in wanted if q not in assessed),
            feedback=feedback,
            recap_status=recap.status,
            place=_place(self.ctx.content_root),
            signed_on=main.assessed_on,
        )

    def evaluasi_file(
        self,
        who: Reader,
        person_id: int,
        year: int,
        quarter: int | None,
        fmt: str,
        lang: str,
    ) -> DocumentFile:
        """The Dokumen Evaluasi rendered as ``fmt`` ("pdf" or "html") in ``lang``."""
        if fmt not in EVALUASI_FORMATS:
            raise ValidationError("doc.bad_format", field="format", formats="pdf, html")
        return self.render_evaluasi(self.evaluasi(who, person_id, year, quarter), fmt, lang)

    @staticmethod
    def render_evaluasi(doc: EvaluasiDocument, fmt: str, lang: str) -> DocumentFile:
        """``doc`` as a PDF or HTML file in ``lang`` (no database access)."""
        if fmt not in EVALUASI_FORMATS:
            raise ValidationError("doc.bad_format", field="format", formats="pdf, html")
        if fmt == "pdf":
            from ekinerja_tutor.services.documents.pdf_render import evaluasi_pdf

            data = evaluasi_pdf(doc, lang)
        else:
            from ekinerja_tutor.services.documents.html_render import evaluasi_html

            data = evaluasi_html(doc, lang).encode("utf-8")
        period = f"T{doc.quarter}" if doc.quarter is not None else "tahunan"
        name = f"dokumen-evaluasi_{_file_part(doc.pegawai)}_{doc.year}-{period}.{fmt}"
        return DocumentFile(name, data, MIME_TYPES[fmt])

    # -- the activity recap ---------------------------------------------------------------------

    def activity_week(self, who: Reader, person_id: int, day: dt.date) -> ActivityRecap:
        """The recap of the week (Monday to Sunday) holding ``day``."""
        _check_year(day.year)
        monday = day - dt.timedelta(days=day.weekday())
        return self._activity(who, person_id, "week", monday, monday + dt.timedelta(days=6))

    def activity_month(self, who: Reader, person_id: int, year: int, month: int) -> ActivityRecap:
        _check_year(year)
        if isinstance(month, bool) or not 1 <= month <= 12:
            raise ValidationError("results_svc.month_range", field="month")
        last = _stdlib_calendar.monthrange(year, month)[1]
        return self._activity(
            who, person_id, "month", dt.date(year, month, 1), dt.date(year, month, last)
        )

    def recap_file(
        self,
        who: Reader,
        person_id: int,
        period: tuple[Literal["week", "month"], dt.date],
        fmt: str,
        lang: str,
    ) -> DocumentFile:
        """The week's or month's recap (``("week", any day)`` / ``("month", first day)``)."""
        if fmt not in RECAP_FORMATS:
            raise ValidationError("doc.bad_format", field="format", formats="pdf, html, csv, xlsx")
        kind, day = period
        recap = (
            self.activity_week(who, person_id, day)
            if kind == "week"
            else self.activity_month(who, person_id, day.year, day.month)
        )
        return self.render_recap(recap, fmt, lang)

    @staticmethod
    def render_recap(recap: ActivityRecap, fmt: str, lang: str) -> DocumentFile:
        """``recap`` as a PDF, HTML, CSV or XLSX file in ``lang`` (no database access)."""
        if fmt not in RECAP_FORMATS:
            raise ValidationError("doc.bad_format", field="format", formats="pdf, html, csv, xlsx")
        if fmt == "pdf":
            from ekinerja_tutor.services.documents.pdf_render import recap_pdf

            data = recap_pdf(recap, lang)
        elif fmt == "html":
            from ekinerja_tutor.services.documents.html_render import recap_html

            data = recap_html(recap, lang).encode("utf-8")
        elif fmt == "csv":
            from ekinerja_tutor.services.documents.csv_render import recap_csv

            data = recap_csv(recap, lang)
        else:
            from ekinerja_tutor.services.documents.xlsx_render import recap_xlsx

            data = recap_xlsx(recap, lang)
        if recap.kind == "week":
            iso = recap.start.isocalendar()
            stamp = f"{iso.year}-W{iso.week:02d}"
        else:
            stamp = f"{recap.start:%Y-%m}"
        name = f"rekap-harian_{_file_part(recap.pegawai)}_{stamp}.{fmt}"
        return DocumentFile(name, data, MIME_TYPES[fmt])

    def _activity(
        self,
        who: Reader,
        person_id: int,
        kind: Literal["week", "month"],
        start: dt.date,
        end: dt.date,
    ) -> ActivityRecap:
        with self.db.read() as session:
            sandbox, person, _ = self._reader(session, who, person_id)
            pegawai = _block(session, person)
            boss = session.get(Person, person.supervisor_id) if person.supervisor_id else None
            penilai = _block(session, boss) if boss is not None else None
            today = sandbox.today.date()
        daily = DailyLogService(self.ctx)
        views: list[DailyEntryView] = []
        page = 0
        while True:
            found = daily.list_entries(
                who, person_id, start=start, end=end, newest_first=False, page=page, page_size=_PAGE
            )
            views.extend(found.items)
            page += 1
            if page >= found.pages:
                break
        drafts = sum(1 for v in views if v.status is DailyStatus.DRAFT)
        sent = [v for v in views if v.status is not DailyStatus.DRAFT]
        if not sent:
            label = (
                month_label(start.year, start.month)
                if kind == "month"
                else Msg("doc.period_week", {"start": _date(start), "end": _date(end)})
            )
            raise NotFound("doc.recap_empty", period=label, drafts=drafts)
        calendar = self.ctx.calendar
        days: list[ActivityDay] = []
        day = start
        while day <= end:
            lines = tuple(
                ActivityLine(
                    tanggal=v.tanggal,
                    jam_mulai=v.jam_mulai,
                    jam_selesai=v.jam_selesai,
                    minutes=v.minutes,
                    rencana_aksi=v.rencana_aksi_text or "",
                    kegiatan=v.kegiatan,
                    realisasi=v.realisasi,
                    satuan=v.satuan,
                    bukti_dukung=v.bukti_dukung,
                    status=v.status,
                )
                for v in sent
                if v.tanggal == day
            )
            working = calendar.is_working_day(day)
            weekday_at_work = day.weekday() in calendar.working_weekdays
            if lines or weekday_at_work:
                days.append(ActivityDay(day, working, calendar.holiday_name(day), lines))
            day += dt.timedelta(days=1)
        satuan: dict[str, int] = {}
        for v in sent:
            key = " ".join(v.satuan.split()) or "-"
            satuan[key] = satuan.get(key, 0) + v.realisasi
        approved = [v for v in sent if v.status is DailyStatus.DISETUJUI]
        return ActivityRecap(
            kind=kind,
            start=start,
            end=end,
            pegawai=pegawai,
            pejabat_penilai=penilai,
            instansi=pegawai.instansi,
            days=tuple(days),
            total_entries=len(sent),
            approved_entries=len(approved),
            total_minutes=sum(v.minutes for v in sent),
            approved_minutes=sum(v.minutes for v in approved),
            totals_by_satuan=tuple(sorted(satuan.items())),
            drafts_left_out=drafts,
            place=_place(self.ctx.content_root),
            printed_on=today,
        )


# --- module helpers ----------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            "results_svc.year_range", field="year", minimum=MIN_YEAR, maximum=MAX_YEAR
        )


def _date(day: dt.date) -> Msg:
    from ekinerja_tutor.domain.calendar import date_label

    return date_label(day)


def _unit_chain(session: Session, unit_id: int) -> list[Unit]:
    chain: list[Unit] = []
    current: int | None = unit_id
    while current is not None and len(chain) < 20:
        unit = session.get(Unit, current)
        if unit is None or unit in chain:
            break
        chain.append(unit)
        current = unit.parent_id
    return chain


def _block(session: Session, person: Person) -> PersonBlock:
    from ekinerja_tutor.domain.statuses import UnitKind

    units = _unit_chain(session, person.unit_id)
    unit = units[0].name if units else ""
    dinas = next((u for u in units if u.kind is UnitKind.DINAS), None)
    instansi = dinas.name if dinas is not None else (units[-1].name if units else "")
    golongan = person.golongan or ""
    return PersonBlock(
        id=person.id,
        name=person.name,
        nip=person.nip or "",
        golongan=golongan,
        pangkat=PANGKAT.get(golongan, "") if person.status_kepegawaian == "PNS" else "",
        jabatan=person.jabatan,
        unit=unit,
        instansi=instansi,
    )


def _capaian(
    session: Session, units: list[Unit], year: int, quarter: int
) -> tuple[UnitResult | None, str]:
    """The nearest unit up the chain with a result for the quarter: (result, unit name)."""
    for unit in units:
        result = session.scalar(
            select(UnitPeriodResult.result).where(
                UnitPeriodResult.unit_id == unit.id,
                UnitPeriodResult.year == year,
                UnitPeriodResult.quarter == quarter,
            )
        )
        if result is not None:
            return result, unit.name
    return None, units[0].name if units else ""


def _feedback_sentences(content_root: object) -> dict[str, tuple[str, str]]:
    from pathlib import Path

    from ekinerja_tutor.content.library import load_feedback

    root = content_root if isinstance(content_root, Path) else None
    library = load_feedback(root)
    return {key: (s.id, s.en) for key, s in library.sentences.items()}


def _place(content_root: object) -> str:
    """The town of the place-and-date line: the regency's name without "Kabupaten"/"Kota"."""
    from pathlib import Path

    from ekinerja_tutor.content.office import load_office

    office = load_office(content_root if isinstance(content_root, Path) else None)
    name = office.regency.strip()
    for prefix in ("Kabupaten ", "Kota ", "Kab. "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _file_part(person: PersonBlock) -> str:
    """A file-name-safe tag for the person: the NIP, else the name's letters and digits."""
    if person.nip:
        return person.nip
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in person.name).strip("-")
    return cleaned[:40] or "pegawai"


__all__ = [
    "EVALUASI_FORMATS",
    "RECAP_FORMATS",
    "ActivityDay",
    "ActivityLine",
    "ActivityRecap",
    "DocumentFile",
    "DocumentService",
    "EvaluasiDocument",
    "FeedbackLine",
    "PersonBlock",
    "QuarterRating",
]
