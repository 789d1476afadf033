"""The office's own lessons folder: read after the shipped one, replacing a lesson by id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ekinerja_tutor.content.lessons import LESSONS_DIR_ENV, lesson_roots, load_library
from ekinerja_tutor.content.paths import lessons_root


def _office_copy(home: Path) -> Path:
    """``<home>/lessons`` with the daily-entry lesson retitled in both languages."""
    local = home / "lessons"
    for lang, title in (("id", "Progres harian versi kantor"), ("en", "Office daily entry")):
        (local / lang).mkdir(parents=True)
        source = (lessons_root() / lang / "progres_harian.md").read_text(encoding="utf-8")
        first = source.splitlines()[2]
        assert first.startswith("title:")
        (local / lang / "progres_harian.md").write_text(
            source.replace(first, f"title: {title}", 1), encoding="utf-8"
        )
    return local


def test_the_home_folder_replaces_a_shipped_lesson(tmp_path: Path) -> None:
    local = _office_copy(tmp_path)
    roots = lesson_roots(home=tmp_path)
    assert roots == (lessons_root(), local.resolve())
    library = load_library(roots)
    assert not library.problems
    lesson = library.get("progres_harian", "id")
    assert lesson is not None and lesson.title == "Progres harian versi kantor"
    assert lesson.path.startswith(str(local.resolve()))
    assert library.get("membaca_skp", "id") is not None  # the rest stays shipped


def test_the_variable_names_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = _office_copy(tmp_path / "elsewhere")
    monkeypatch.setenv(LESSONS_DIR_ENV, str(local))
    assert lesson_roots(home=tmp_path) == (lessons_root(), local.resolve())


def test_a_broken_office_file_leaves_the_shipped_lesson_in_use(tmp_path: Path) -> None:
    local = _office_copy(tmp_path)
    broken = local / "id" / "progres_harian.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("daily_entry", "daily_entri"))
    library = load_library(lesson_roots(home=tmp_path))
    assert any(p.file == str(broken.resolve()) and p.line > 0 for p in library.problems)
    lesson = library.get("progres_harian", "id")
    assert lesson is not None and lesson.title == "Mengisi progres harian"
    shutil.rmtree(local)
