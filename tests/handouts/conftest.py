"""One throwaway office per test session, photographed for the daily-entry lesson.

Building the office and the base scenario takes ~20 s; it happens once (``daily_shots``). The
sandbox's today is fixed (Rabu, 13 Mei 2026) so the pictures are the same on every run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ekinerja_tutor.cli.lesson_commands import open_handout_office
from ekinerja_tutor.content.lessons import Lesson, LessonLibrary, lesson_roots, load_library
from ekinerja_tutor.services.documents.handout import ScreenShot
from ekinerja_tutor.ui.handout_shots import HandoutCamera

DAY = dt.date(2026, 5, 13)
DAILY = "progres_harian"

DailyShots = dict[str, tuple[Lesson, dict[str, ScreenShot]]]
"""Per language: the daily-entry lesson and its screenshots by screen name."""


@pytest.fixture(scope="session")
def library() -> LessonLibrary:
    return load_library(lesson_roots())


@pytest.fixture(scope="session")
def camera(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HandoutCamera]:
    folder: Path = tmp_path_factory.mktemp("handout-office")
    with HandoutCamera(open_handout_office, day=DAY, folder=folder) as cam:
        yield cam


@pytest.fixture(scope="session")
def daily_shots(camera: HandoutCamera, library: LessonLibrary) -> DailyShots:
    """The daily-entry lesson and its pictures, in both languages."""
    found: DailyShots = {}
    for lang in ("id", "en"):
        lesson = library.get(DAILY, lang)
        assert lesson is not None and lesson.lang == lang
        found[lang] = (lesson, camera.shots_for(lesson))
    return found
