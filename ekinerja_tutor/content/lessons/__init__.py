"""Lessons: the Markdown format, its parser, the known checks and the validator (pure).

See ``lessons/README.md`` for the format as office staff write it.
"""

from ekinerja_tutor.content.lessons.checks import AUDIENCES, CHECKS, SCREENS, ArgSpec, CheckDef
from ekinerja_tutor.content.lessons.library import (
    LESSONS_DIR_ENV,
    LessonLibrary,
    check_lessons,
    lesson_roots,
    load_library,
    local_lessons_dir,
)
from ekinerja_tutor.content.lessons.model import CheckSpec, Lesson, Problem, Step
from ekinerja_tutor.content.lessons.parser import (
    markdown_parser,
    parse_lesson,
    read_lesson,
    read_lesson_file,
)

__all__ = [
    "AUDIENCES",
    "CHECKS",
    "LESSONS_DIR_ENV",
    "SCREENS",
    "ArgSpec",
    "CheckDef",
    "CheckSpec",
    "Lesson",
    "LessonLibrary",
    "Problem",
    "Step",
    "check_lessons",
    "lesson_roots",
    "load_library",
    "local_lessons_dir",
    "markdown_parser",
    "parse_lesson",
    "read_lesson",
    "read_lesson_file",
]
