"""The ``ekinerja-tutor`` command: a thin entry that wires settings and services.

Every failure a user can cause (unknown user, malformed URL, unreachable database, broken
seed file) ends as one translated line on stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from ekinerja_tutor.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator

Handler = Callable[[argparse.Namespace, Translator], int]


def build_parser() -> argparse.ArgumentParser:
    from ekinerja_tutor.cli import db_commands, sandbox_commands, user_commands

    parser = argparse.ArgumentParser(
        prog="ekinerja-tutor",
        description="Practise e-Kinerja safely: sandbox, lessons and help desk.",
    )
    parser.add_argument(
        "--db", metavar="URL", help="database URL (default: embedded SQLite; env EKINERJA_TUTOR_DB)"
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="language of messages (id or en)"
    )
    parser.set_defaults(handler=_run_app)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    db_commands.register(sub)
    sandbox_commands.register(sub)
    from ekinerja_tutor.cli import lesson_commands

    lesson_commands.register(sub)
    user_commands.register(sub)
    from ekinerja_tutor.cli import bench_commands

    bench_commands.register(sub)
    from ekinerja_tutor.cli import serve_command, trainer_commands

    trainer_commands.register(sub)
    serve_command.register(sub)
    from ekinerja_tutor.cli import document_commands

    document_commands.register(sub)
    return parser


def _run_app(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.bootstrap import run_app

    return run_app(db=args.db, lang=args.lang)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = args.lang or os.environ.get("EKINERJA_TUTOR_LANG", DEFAULT_LANGUAGE)
    tr = Translator(lang)
    from ekinerja_tutor.domain.errors import TutorError

    handler: Handler = args.handler
    try:
        return handler(args, tr)
    except TutorError as error:
        print(f"ekinerja-tutor: {error.render(tr.lang)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
