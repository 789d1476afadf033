"""All lessons in use: the shipped ``lessons/`` plus the office's own folder, and their checks.

Lessons are read from the shipped folder (:func:`~ekinerja_tutor.content.paths.lessons_root`)
and then from a local folder the office can edit (``EKINERJA_TUTOR_LESSONS_DIR``, else
``<home>/lessons``); a local file replaces the shipped file of the same language and id. Both
folders have the same layout: ``id/<lesson>.md`` and ``en/<lesson>.md``.

:func:`check_lessons` is what ``ekinerja-tutor lessons check`` runs: every file is parsed, then
the lessons in use are checked against each other (prerequisites, scenarios, translations).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

from ekinerja_tutor.content.lessons.model import Lesson, Problem
from ekinerja_tutor.content.lessons.parser import read_lesson_file
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.i18n import LANGUAGES

LESSONS_DIR_ENV: Final = "EKINERJA_TUTOR_LESSONS_DIR"
"""A folder of the office's own lessons; replaces ``<home>/lessons``."""

REFERENCE_LANGUAGE: Final = LANGUAGES[0]
_LANGUAGE_NAMES: Final = {"id": "Indonesian", "en": "English"}


def local_lessons_dir(home: Path | None = None) -> Path | None:
    """The office's own lessons folder, or None when there is none.

    Raises:
        ConfigError: ``EKINERJA_TUTOR_LESSONS_DIR`` names a folder that does not exist.
    """
    override = os.environ.get(LESSONS_DIR_ENV, "").strip()
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise ConfigError("error.lessons_dir_missing", variable=LESSONS_DIR_ENV, path=str(path))
        return path.resolve()
    if home is None:
        from ekinerja_tutor.settings import Settings

        home = Settings.resolve().home
    candidate = home / "lessons"
    return candidate.resolve() if candidate.is_dir() else None


def lesson_roots(*, local: Path | None = None, home: Path | None = None) -> tuple[Path, ...]:
    """The folders to read, lowest precedence first: shipped, then local (if any)."""
    from ekinerja_tutor.content.paths import lessons_root

    shipped = lessons_root()
    chosen = local if local is not None else local_lessons_dir(home)
    if chosen is None or chosen.resolve() == shipped:
        return (shipped,)
    return (shipped, chosen)


@dataclass(frozen=True)
class LessonLibrary:
    """The lessons in use.

    Attributes:
        lessons: lesson id → language → lesson; only files without problems (a broken local
            file leaves the shipped one in use) and with a known scenario.
        problems: every problem found, sorted by file and line.
        files: how many lesson files were read.
    """

    lessons: Mapping[str, Mapping[str, Lesson]]
    problems: tuple[Problem, ...]
    files: int

    def get(self, lesson_id: str, lang: str) -> Lesson | None:
        """The lesson in ``lang``, else in the other language, else None."""
        versions = self.lessons.get(lesson_id, {})
        return versions.get(lang) or next(iter(versions.values()), None)

    def ordered_ids(self) -> tuple[str, ...]:
        """Lesson ids in catalog order (``order`` then id)."""

        def key(lesson_id: str) -> tuple[int, str]:
            lesson = next(iter(self.lessons[lesson_id].values()))
            return lesson.order, lesson_id

        return tuple(sorted(self.lessons, key=key))


def check_lessons(
    paths: Sequence[Path], *, scenarios: Collection[str] | None = None
) -> list[Problem]:
    """Every problem of the lessons under ``paths`` (later folders override earlier ones).

    Checks: front matter present and closed, required keys, known checks with valid
    arguments, a check in every step, prerequisites that exist (and no loops), scenarios that
    exist, and both languages present for every lesson with the same steps and checks.
    ``scenarios`` defaults to the names in ``sandbox_data/scenarios``.
    """
    return list(load_library(paths, scenarios=scenarios).problems)


def load_library(
    paths: Sequence[Path], *, scenarios: Collection[str] | None = None
) -> LessonLibrary:
    """Read the lessons under ``paths`` (lowest precedence first) and check them."""
    problems: list[Problem] = []
    winners: dict[tuple[str, str], Lesson | None] = {}
    broken: set[tuple[str, str]] = set()
    usable: dict[tuple[str, str], Lesson] = {}
    files = 0
    for root in paths:
        if not root.is_dir():
            problems.append(Problem(str(root), 0, "the lessons folder does not exist"))
            continue
        for entry in sorted(root.iterdir()):
            if entry.is_file() and entry.suffix == ".md" and entry.name.lower() != "readme.md":
                problems.append(
                    Problem(str(entry), 0, "lesson files go in the id/ and en/ folders")
                )
        for lang in LANGUAGES:
            folder = root / lang
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.md")):
                files += 1
                lesson, found = read_lesson_file(path)
                problems.extend(found)
                winners[(lang, path.stem)] = lesson
                if found:
                    broken.add((lang, path.stem))
                else:
                    broken.discard((lang, path.stem))
                    if lesson is not None:
                        usable[(lang, path.stem)] = lesson
    names = _scenario_names(scenarios, problems)
    problems.extend(_cross_checks(winners, names, broken))
    if names is not None:
        usable = {key: lesson for key, lesson in usable.items() if lesson.scenario in names}
    by_id: dict[str, dict[str, Lesson]] = {}
    for (lang, lesson_id), lesson in usable.items():
        by_id.setdefault(lesson_id, {})[lang] = lesson
    return LessonLibrary(
        lessons=MappingProxyType({k: MappingProxyType(v) for k, v in by_id.items()}),
        problems=tuple(sorted(set(problems))),
        files=files,
    )


def _scenario_names(
    scenarios: Collection[str] | None, problems: list[Problem]
) -> Collection[str] | None:
    if scenarios is not None:
        return scenarios
    from ekinerja_tutor.content.scenarios import load_scenarios

    try:
        return tuple(load_scenarios())
    except ConfigError as error:
        problems.append(
            Problem("sandbox_data/scenarios", 0, f"cannot read the scenarios: {error.render('en')}")
        )
        return None


def _cross_checks(
    winners: Mapping[tuple[str, str], Lesson | None],
    scenarios: Collection[str] | None,
    broken: Collection[tuple[str, str]],
) -> list[Problem]:
    """Problems between files. Translations are compared only when both files are otherwise
    clean, so one broken check is not reported a second time as a mismatch."""
    problems: list[Problem] = []
    ids = {lesson_id for _, lesson_id in winners}
    lessons = [lesson for lesson in winners.values() if lesson is not None]
    for lesson in lessons:
        if scenarios is not None and lesson.scenario not in scenarios:
            problems.append(
                Problem(
                    lesson.path,
                    lesson.line_of("scenario"),
                    f"unknown scenario '{lesson.scenario}' (known: {', '.join(sorted(scenarios))})",
                )
            )
        for prerequisite in lesson.prerequisites:
            if prerequisite not in ids:
                problems.append(
                    Problem(
                        lesson.path,
                        lesson.line_of("prerequisites"),
                        f"prerequisite '{prerequisite}' is not a lesson",
                    )
                )
    problems.extend(_loops(lessons))
    for lesson_id in sorted(ids):
        present = {
            lang: winners[(lang, lesson_id)] for lang in LANGUAGES if (lang, lesson_id) in winners
        }
        for lang in LANGUAGES:
            if lang not in present:
                other_lang, other = next(iter(present.items()))
                problems.append(
                    Problem(
                        other.path if other else f"{other_lang}/{lesson_id}.md",
                        1 if other else 0,
                        f"no {_LANGUAGE_NAMES.get(lang, lang)} translation: "
                        f"add {lang}/{lesson_id}.md",
                    )
                )
        reference = present.get(REFERENCE_LANGUAGE)
        if (REFERENCE_LANGUAGE, lesson_id) in broken:
            continue
        for lang, translation in present.items():
            if (lang, lesson_id) in broken:
                continue
            if lang != REFERENCE_LANGUAGE and reference and translation:
                problems.extend(_compare(reference, translation))
    return problems


def _compare(reference: Lesson, translation: Lesson) -> list[Problem]:
    """A translation must be the same lesson: same scenario, prerequisites, steps and checks."""
    problems: list[Problem] = []
    other = f"{reference.lang}/{reference.id}.md"
    for key in ("scenario", "prerequisites", "audience", "minutes"):
        mine, theirs = getattr(translation, key), getattr(reference, key)
        if mine != theirs:
            problems.append(
                Problem(
                    translation.path,
                    translation.line_of(key),
                    f"'{key}' is {_show(mine)} but {other} has {_show(theirs)}",
                )
            )
    if len(translation.steps) != len(reference.steps):
        problems.append(
            Problem(
                translation.path,
                1,
                f"{len(translation.steps)} steps but {other} has {len(reference.steps)}",
            )
        )
    for number, (mine, theirs) in enumerate(
        zip(translation.steps, reference.steps, strict=False), 1
    ):
        mine_names = [check.name for check in mine.checks]
        their_names = [check.name for check in theirs.checks]
        if mine_names != their_names:
            problems.append(
                Problem(
                    translation.path,
                    mine.line,
                    f"step {number} has checks [{', '.join(mine_names)}] but {other} step "
                    f"{number} has [{', '.join(their_names)}]",
                )
            )
    return problems


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return f"'{value}'"


def _loops(lessons: Sequence[Lesson]) -> list[Problem]:
    """A prerequisite chain that comes back to where it started (reported once per lesson)."""
    graph: dict[str, tuple[str, ...]] = {}
    where: dict[str, Lesson] = {}
    for lesson in lessons:
        graph.setdefault(lesson.id, lesson.prerequisites)
        if lesson.lang == REFERENCE_LANGUAGE or lesson.id not in where:
            where[lesson.id] = lesson
    problems: list[Problem] = []
    for start in sorted(graph):
        path = _path_back(start, graph)
        if path:
            lesson = where[start]
            problems.append(
                Problem(
                    lesson.path,
                    lesson.line_of("prerequisites"),
                    f"the prerequisites loop: {' → '.join(path)}",
                )
            )
    return problems


def _path_back(start: str, graph: Mapping[str, tuple[str, ...]]) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None
