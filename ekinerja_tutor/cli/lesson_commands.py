"""``lessons check [PATH]``: find every problem in the lesson files, as ``file:line: message``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ekinerja_tutor.i18n import Translator

if TYPE_CHECKING:
    from ekinerja_tutor.bootstrap import Services
    from ekinerja_tutor.domain.clock import Clock
    from ekinerja_tutor.settings import Settings


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
    handout = actions.add_parser(
        "handout",
        help="print-ready guides (HTML, PDF) with pictures of the real screens",
        description=(
            "Write a handout of LESSON (every lesson when omitted): its steps and pictures of "
            "the screens it uses, taken by the app itself in a temporary practice office "
            "built from the lesson's scenario. Takes a few seconds per lesson."
        ),
    )
    handout.add_argument("lesson", nargs="?", default=None, metavar="LESSON")
    handout.add_argument(
        "--lang",
        dest="handout_lang",
        choices=("id", "en"),
        default=None,
        help="language of the handout (default: the language of messages)",
    )
    handout.add_argument(
        "--format", dest="handout_format", choices=("html", "pdf", "both"), default="both"
    )
    handout.add_argument(
        "--out",
        dest="handout_out",
        type=Path,
        default=Path("handouts"),
        metavar="DIR",
        help="folder to write to (default: ./handouts)",
    )
    handout.set_defaults(handler=handout_command)


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


def handout_command(args: argparse.Namespace, tr: Translator) -> int:
    """``lessons handout [LESSON] --lang id|en``: HTML and PDF handouts with real screenshots."""
    import datetime as dt
    import time

    from ekinerja_tutor.content.lessons import lesson_roots, load_library
    from ekinerja_tutor.services.documents.handout import (
        build_handout,
        handout_filename,
        render_html,
        render_pdf,
    )
    from ekinerja_tutor.ui.handout_shots import HandoutCamera, ShotEvent

    lang: str = args.handout_lang or tr.lang
    tr = Translator(lang)
    roots = lesson_roots()
    library = load_library(roots)
    wanted: str | None = args.lesson
    if wanted is not None and wanted not in library.lessons:
        known = ", ".join(library.ordered_ids())
        print(tr.t("cli.handout_unknown_lesson", lesson=wanted, known=known), file=sys.stderr)
        return 2
    ids = (wanted,) if wanted else library.ordered_ids()
    formats = ("html", "pdf") if args.handout_format == "both" else (args.handout_format,)
    out: Path = args.handout_out
    out.mkdir(parents=True, exist_ok=True)

    def report(event: ShotEvent) -> None:
        params = dict(event.params)
        result_key = params.pop("result_key", None)
        if isinstance(result_key, str):
            params["result"] = tr.t(result_key, seconds=params.get("seconds", 0))
        print(tr.t(event.key, **params), flush=True)

    started = time.monotonic()
    written = 0
    with HandoutCamera(open_handout_office, report=report, lesson_roots=roots) as camera:
        for index, lesson_id in enumerate(ids, start=1):
            lesson = library.get(lesson_id, lang)
            assert lesson is not None
            print(
                tr.t(
                    "cli.handout_lesson",
                    index=index,
                    count=len(ids),
                    lesson=lesson_id,
                    lang=lesson.lang,
                    title=lesson.title,
                ),
                flush=True,
            )
            shots = camera.shots_for(lesson)
            before = [library.get(p, lang) for p in lesson.prerequisites]
            handout = build_handout(
                lesson,
                shots,
                made_on=dt.date.today(),
                prerequisite_titles=[p.title for p in before if p is not None],
            )
            for kind in formats:
                path = out / handout_filename(lesson.id, lesson.lang, kind)
                if kind == "html":
                    path.write_text(render_html(handout, tr), encoding="utf-8")
                else:
                    path.write_bytes(render_pdf(handout, tr))
                print(tr.t("cli.handout_written", path=str(path)), flush=True)
                written += 1
    seconds = round(time.monotonic() - started)
    print(tr.t("cli.handout_done", count=written, folder=str(out), seconds=seconds))
    return 0


def open_handout_office(settings: Settings, clock: Clock) -> Services:
    """The handout camera's throwaway database: migrated, then seeded by the camera."""
    from ekinerja_tutor.bootstrap import open_services

    return open_services(settings, clock=clock, upgrade=True)
