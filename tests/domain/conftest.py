"""Shared domain fixtures: a 2026 calendar with a few real Indonesian holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from ekinerja_tutor.domain.calendar import WorkCalendar
from ekinerja_tutor.domain.rules import RegionalRules

HOLIDAYS: dict[dt.date, str] = {
    dt.date(2026, 3, 20): "Hari Raya Idul Fitri",
    dt.date(2026, 5, 1): "Hari Buruh Internasional",
    dt.date(2026, 5, 14): "Kenaikan Yesus Kristus",
    dt.date(2026, 8, 17): "Hari Kemerdekaan RI",
    dt.date(2026, 12, 24): "Cuti Bersama Natal",
    dt.date(2026, 12, 25): "Hari Raya Natal",
}


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar(holidays=HOLIDAYS)


@pytest.fixture
def rules() -> RegionalRules:
    return RegionalRules()
