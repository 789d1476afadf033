"""Checking whole lesson folders: cross-file rules, local overrides, and the shipped lessons."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekinerja_tutor.content.lessons import (
    CHECKS,
    LESSONS_DIR_ENV,
    SCREENS,
    check_lessons,
    lesson_roots,
    load_library,
    local_lessons_dir,
)
from ekinerja_tutor.content.paths import lessons_root
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.i18n import load_catalog
from ekinerja_tutor.services.lesson_checks import EVALUATORS
from tests.lessons.helpers import lesson_text, write, write_pair

SCENARIOS = ("base", "entry_returned")


def messages(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [
        f"{Path(p.file).parent.name}/{Path(p.file).name}:{p.line}: {p.message}" for p in problems
    ]


def test_a_clean_pair_has_no_problem(tmp_path: Path) -> None:
    write_pair(tmp_path, "satu")
    write_pair(tmp_path, "dua", prerequisites="satu")
    assert check_lessons([tmp_path], scenarios=SCENARIOS) == []


def test_unknown_scenario_is_reported_at_its_line(tmp_path: Path) -> None:
    write_pair(tmp_path, "satu", scenario="tidak_ada")
    found = messages(check_lessons([tmp_path], scenarios=SCENARIOS))
    assert "id/satu.md:7: unknown scenario 'tidak_ada' (known: base, entry_returned)" in found
    assert any(m.startswith("en/satu.md:7: unknown scenario") for m in found)


def test_missing_prerequisite_and_loops(tmp_path: Path) -> None:
    write_pair(tmp_path, "satu", prerequisites="dua")
    write_pair(tmp_path, "dua", prerequisites="satu")
    write_pair(tmp_path, "tiga", prerequisites="hilang")
    found = messages(check_lessons([tmp_path], scenarios=SCENARIOS))
    assert "id/tiga.md:8: prerequisite 'hilang' is not a lesson" in found
    assert "id/satu.md:8: the prerequisites loop: satu → dua → satu" in found


def test_missing_translation(tmp_path: Path) -> None:
    write(tmp_path, "id", "satu", lesson_text("satu"))
    assert messages(check_lessons([tmp_path], scenarios=SCENARIOS)) == [
        "id/satu.md:1: no English translation: add en/satu.md"
    ]


def test_translations_must_match_steps_and_checks(tmp_path: Path) -> None:
    write(
        tmp_path,
        "id",
        "satu",
        lesson_text(
            "satu",
            steps=(
                ("A", "screen_visited name=help"),
                ("B", "daily_entry status=DIKIRIM\nticket_raised"),
            ),
        ),
    )
    write(
        tmp_path,
        "en",
        "satu",
        lesson_text(
            "satu",
            scenario="entry_returned",
            steps=(
                ("A", "screen_visited name=otp"),  # other arguments are fine
                ("B", "daily_entry status=DIKIRIM"),
                ("C", "ticket_raised"),
            ),
        ),
    )
    found = messages(check_lessons([tmp_path], scenarios=SCENARIOS))
    assert found == [
        "en/satu.md:1: 3 steps but id/satu.md has 2",
        "en/satu.md:7: 'scenario' is 'entry_returned' but id/satu.md has 'base'",
        "en/satu.md:21: step 2 has checks [daily_entry] but id/satu.md step 2 has "
        "[daily_entry, ticket_raised]",
    ]


def test_broken_files_are_reported_and_stay_out_of_use(tmp_path: Path) -> None:
    write_pair(tmp_path, "satu")
    write(tmp_path, "en", "satu", lesson_text("satu", steps=(("A", "ticket_raised colour=red"),)))
    (tmp_path / "lepas.md").write_text("x", encoding="utf-8")
    library = load_library([tmp_path], scenarios=SCENARIOS)
    assert messages(list(library.problems)) == [
        "en/satu.md:18: check 'ticket_raised' has no argument 'colour' (arguments: none)",
        f"{tmp_path.name}/lepas.md:0: lesson files go in the id/ and en/ folders",
    ]
    assert set(library.lessons["satu"]) == {"id"}
    assert library.get("satu", "en") is library.lessons["satu"]["id"]  # falls back to id


def test_local_lessons_override_shipped_ones_by_id(tmp_path: Path) -> None:
    shipped, local = tmp_path / "shipped", tmp_path / "local"
    write_pair(shipped, "satu", title="Lama")
    write_pair(shipped, "dua")
    write_pair(local, "satu", title="Baru")
    write(local, "id", "dua", lesson_text("dua", steps=(("A", "bogus"),)))  # broken: not used
    write_pair(local, "tiga")
    library = load_library([shipped, local], scenarios=SCENARIOS)
    assert library.get("satu", "id").title == "Baru"  # type: ignore[union-attr]
    assert library.get("dua", "id").path.startswith(str(shipped))  # type: ignore[union-attr]
    assert library.ordered_ids() == ("dua", "satu", "tiga")
    assert [p.line for p in library.problems] == [18]


def test_the_local_folder_comes_from_the_env_or_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    assert local_lessons_dir(home) is None
    (home / "lessons").mkdir(parents=True)
    assert local_lessons_dir(home) == (home / "lessons").resolve()
    assert lesson_roots(home=home) == (lessons_root(), (home / "lessons").resolve())
    monkeypatch.setenv(LESSONS_DIR_ENV, str(tmp_path / "kantor"))
    with pytest.raises(ConfigError) as caught:
        local_lessons_dir(home)
    assert caught.value.key == "error.lessons_dir_missing"
    (tmp_path / "kantor").mkdir()
    assert local_lessons_dir(home) == (tmp_path / "kantor").resolve()


def test_every_shipped_lesson_passes() -> None:
    library = load_library([lessons_root()])
    assert library.problems == ()
    assert len(library.lessons) >= 14
    for lesson_id, versions in library.lessons.items():
        assert set(versions) == {"id", "en"}, lesson_id
        for lesson in versions.values():
            assert lesson.needs and lesson.minutes > 0
            assert all(step.checks for step in lesson.steps)
    topics = set(library.lessons)
    assert {"masuk_pertama", "progres_harian", "rencana_aksi", "meninjau_bawahan"} <= topics


def test_checks_screens_readme_and_catalog_agree() -> None:
    assert set(EVALUATORS) == set(CHECKS)
    readme = (lessons_root() / "README.md").read_text(encoding="utf-8")
    catalog = load_catalog()
    for name in CHECKS:
        assert f"`{name}`" in readme, name
    for screen in SCREENS:
        assert f"`{screen}`" in readme, screen
        assert f"lesson_screen.{screen}" in catalog, screen
