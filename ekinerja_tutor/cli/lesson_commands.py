"""``lessons check [PATH]``: find every problem in the lesson files, as ``file:line: message``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ekinerja_tutor.i18n import Translator


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lessons = sub.add_parser("lessons", help="the step-by-step lessons")
    actions = lessons.add_subparsers(dest="lessons_command", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="check the shipped lessons and the office's own (or the folder PATH)",
        description=(
            "Print every problem as file:line: message and exit 1 if there is any. "
            "PATH is a folder holding id/ and en/ that replaces the local lessons folder "
            "(default: EKINERJA_TUTOR_LESSONS_DIR, else <home>/lessons); the shipped "
            "lessons are always read first."
        ),
    )
    check.add_argument("path", nargs="?", type=Path, default=None, metavar="PATH")
    check.set_defaults(handler=check_lessons_command)


def check_lessons_command(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.content.lessons import lesson_roots, load_library

    local: Path | None = args.path
    if local is not None and not local.is_dir():
        print(tr.t("cli.lessons_not_a_folder", path=str(local)), file=sys.stderr)
        return 2
    library = load_library(lesson_roots(local=local))
    for problem in library.problems:
        print(problem)
    if library.problems:
        print(tr.t("cli.lessons_problems", count=len(library.problems)), file=sys.stderr)
        return 1
    print(tr.t("cli.lessons_ok", lessons=len(library.lessons), files=library.files))
    return 0
