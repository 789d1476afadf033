"""Rules, holidays and the feedback library as shipped."""

from __future__ import annotations

from datetime import date

from ekinerja_tutor.content.library import (
    FeedbackGroup,
    HolidayKind,
    check_content,
    load_calendar,
    load_feedback,
    load_holiday_list,
    load_holidays,
    load_rules,
)
from ekinerja_tutor.domain.statuses import EvidenceMode, Perilaku, Rating, VerificationLevel

BRIEF_DAILY_NOTES = (
    "Bukti dukung tidak dapat dibuka. Mohon ubah akses tautan menjadi "
    "'Siapa saja yang memiliki link'.",
    "Realisasi tidak sesuai dengan bukti dukung.",
    "Foto kegiatan tanpa keterangan/narasi.",
    "Kegiatan tidak sesuai dengan Rencana Aksi.",
    "Tanggal bukti berbeda dengan tanggal kegiatan.",
)


def test_all_shipped_content_checks() -> None:
    check_content()


def test_rules_are_the_field_study_examples() -> None:
    rules = load_rules()
    assert rules.daily_minute_cap == 450
    assert rules.working_weekdays == frozenset(range(5))
    assert rules.evidence_mode is EvidenceMode.PER_QUARTER
    assert rules.verification_levels == tuple(VerificationLevel)
    assert rules.allowance.monthly_minutes_standard == 7260


def test_holidays_cover_2026_and_2027() -> None:
    holidays = load_holiday_list()
    for year in (2026, 2027):
        days = {h.day for h in holidays if h.day.year == year}
        assert len(days) >= 20
        for month, day in ((1, 1), (5, 1), (6, 1), (8, 17), (12, 25)):
            assert date(year, month, day) in days
        names = " ".join(h.name for h in holidays if h.day.year == year)
        for name in ("Idulfitri", "Iduladha", "Nyepi", "Waisak", "Imlek", "Maulid"):
            assert name in names
    kinds_2026 = [h.kind for h in holidays if h.day.year == 2026]
    assert kinds_2026.count(HolidayKind.CUTI_BERSAMA) == 8
    assert all(h.provisional for h in holidays if h.day.year == 2027)
    assert not any(h.provisional for h in holidays if h.day.year == 2026)


def test_calendar_skips_holidays_and_weekends() -> None:
    calendar = load_calendar()
    assert load_holidays()[date(2026, 8, 17)].startswith("Proklamasi")
    assert not calendar.is_working_day(date(2026, 8, 17))
    assert calendar.next_working_day(date(2026, 3, 17)) == date(2026, 3, 25)  # Lebaran week


def test_feedback_has_every_level_and_value() -> None:
    library = load_feedback()
    for level in Rating:
        assert library.for_hasil_kerja(level)
        for perilaku in Perilaku:
            assert library.for_perilaku(perilaku, level)
    for perilaku in Perilaku:
        value = library.berakhlak[perilaku]
        assert len(value.guides("id")) == len(value.guides("en")) == 3
    texts = {s.id for s in library.group(FeedbackGroup.DAILY_RETURN)}
    for note in BRIEF_DAILY_NOTES:
        assert note in texts
    assert library.group(FeedbackGroup.RECAP_RETURN)
    assert library.group(FeedbackGroup.SKP_RETURN)
    for sentence in library.sentences.values():
        assert sentence.text("id") != sentence.text("en")
