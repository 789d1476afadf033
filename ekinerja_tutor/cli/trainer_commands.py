"""``training …`` (the trainer's console from a shell) and ``verify CODE``.

Whoever runs these on the server acts as trainer (``cli``); every change is audited.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ekinerja_tutor.cli.common import CLI_OPERATOR, services_for
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.i18n import Translator


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    training = sub.add_parser("training", help="training sessions (the trainer's console)")
    ts = training.add_subparsers(dest="training_command", required=True, metavar="ACTION")

    create = ts.add_parser("create", help="a new session; prints its id and join code")
    create.add_argument("name")
    create.add_argument("--lessons", required=True, help="comma list of lesson ids, in order")
    create.add_argument("--start", default=None, metavar="YYYY-MM-DD", help="default: today")
    create.add_argument("--end", default=None, metavar="YYYY-MM-DD", help="default: start")
    create.set_defaults(handler=create_session)

    listing = ts.add_parser("list", help="every session")
    listing.set_defaults(handler=list_sessions)

    imp = ts.add_parser("import", help="enrol trainees from a CSV of names and NIPs")
    imp.add_argument("session", help="session id, join code or name")
    imp.add_argument("file", type=Path)
    imp.add_argument("--out", type=Path, default=Path("."), help="folder for the slips")
    imp.add_argument("--check", action="store_true", help="only check the file")
    imp.set_defaults(handler=import_trainees)

    enrol = ts.add_parser("enrol", help="enrol an existing account")
    enrol.add_argument("session")
    enrol.add_argument("user")
    enrol.set_defaults(handler=enrol_user)

    board = ts.add_parser("board", help="the live board as text")
    board.add_argument("session")
    board.set_defaults(handler=show_board)

    results = ts.add_parser("results", help="export the results")
    results.add_argument("session")
    results.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    results.add_argument("--out", type=Path, default=None, help="file (default: stdout for csv)")
    results.set_defaults(handler=export_results)

    cert = ts.add_parser("certificate", help="a completion certificate (HTML and PDF)")
    cert.add_argument("session")
    cert.add_argument("user")
    cert.add_argument("--out", type=Path, default=Path("."), help="folder for the files")
    cert.set_defaults(handler=certificate)

    fail = ts.add_parser("failures", help="switch practice failures for a trainee or the room")
    fail.add_argument("session")
    fail.add_argument("--user", action="append", default=None, help="one trainee (repeatable)")
    fail.add_argument("--login", choices=("on", "off"), default=None)
    fail.add_argument("--save", choices=("on", "off"), default=None)
    fail.add_argument("--slow", type=int, default=None, metavar="MS")
    fail.set_defaults(handler=set_failures)

    reset = ts.add_parser("reset", help="reset a trainee's sandbox (or one lesson)")
    reset.add_argument("user")
    reset.add_argument("--lesson", default=None)
    reset.set_defaults(handler=reset_trainee)

    office = ts.add_parser("office", help="every employee × lesson, date last completed")
    office.add_argument("--bidang", default=None, help="unit code of one Bidang")
    office.set_defaults(handler=office_view)

    verify = sub.add_parser("verify", help="check a certificate's verification code")
    verify.add_argument("code")
    verify.set_defaults(handler=verify_code)


def _date(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError("trainer.cli.date_bad", value=value) from None


def _service(args: argparse.Namespace) -> tuple[Any, Any]:
    from ekinerja_tutor.services.training_results import TrainingResultsService

    services = services_for(args)
    return services, TrainingResultsService(services.ctx)


def create_session(args: argparse.Namespace, tr: Translator) -> int:
    services, training = _service(args)
    try:
        start = _date(args.start, dt.date.today())
        view = training.create_session(
            CLI_OPERATOR, args.name, start, _date(args.end, start), args.lessons.split(",")
        )
    finally:
        services.close()
    print(tr.t("trainer.cli.created", id=view.id, name=view.name, code=view.join_code))
    return 0


def list_sessions(args: argparse.Namespace, tr: Translator) -> int:
    services, training = _service(args)
    try:
        rows = training.list_sessions(CLI_OPERATOR)
    finally:
        services.close()
    if not rows:
        print(tr.t("trainer.cli.no_sessions"))
    for s in rows:
        print(
            f"#{s.id}  {s.join_code}  {s.starts_on}..{s.ends_on}  {s.trainee_count:>3}  "
            f"{s.name}  [{', '.join(s.lessons)}]"
        )
    return 0


def _problem_lines(problems: Any, tr: Translator) -> list[str]:
    return [
        tr.t(
            "trainer.import.line",
            line=p.line,
            column=p.column or "-",
            message=p.message.render(tr.lang),
        )
        for p in problems
    ]


def import_trainees(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.services.training_results import slips_html, slips_pdf

    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise ValidationError(
            "trainer.cli.file_unreadable", path=str(args.file), detail=error.strerror or str(error)
        ) from None
    services, training = _service(args)
    try:
        if args.check:
            parsed = training.preview_csv(CLI_OPERATOR, data)
            for line in _problem_lines(parsed.problems + parsed.notes, tr):
                print(line)
            return 1 if parsed.problems else 0

        def progress(done: int, total: int) -> None:
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

        result = training.import_csv(CLI_OPERATOR, args.session, data, progress=progress)
    finally:
        services.close()
    print(file=sys.stderr)
    for line in _problem_lines(result.problems + result.notes, tr):
        print(line, file=sys.stderr if result.problems else sys.stdout)
    if not result.ok:
        print(tr.t("trainer.cli.import_failed", count=len(result.problems)), file=sys.stderr)
        return 1
    delimiter = {"\t": "tab"}.get(result.delimiter, result.delimiter)
    print(
        tr.t(
            "trainer.cli.import_ok",
            count=len(result.slips),
            encoding=result.encoding,
            delimiter=delimiter,
        )
    )
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"slips-session-{result.session_id}-{dt.datetime.now():%Y%m%d-%H%M%S}"
    html_path = args.out / f"{stem}.html"
    pdf_path = args.out / f"{stem}.pdf"
    html_path.write_text(slips_html(result.slips, tr.lang), encoding="utf-8")
    pdf_path.write_bytes(slips_pdf(result.slips, tr.lang))
    print(tr.t("trainer.cli.slips_written", html=html_path, pdf=pdf_path))
    return 0


def enrol_user(args: argparse.Namespace, tr: Translator) -> int:
    services, training = _service(args)
    try:
        view = training.enrol(CLI_OPERATOR, args.session, args.user)
        session = training.get_session(CLI_OPERATOR, args.session)
    finally:
        services.close()
    print(tr.t("trainer.cli.enrolled", username=view.username, id=session.id))
    return 0


def show_board(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.services.training_text import render_board

    services, training = _service(args)
    try:
        board = training.board(CLI_OPERATOR, args.session, tr.lang)
    finally:
        services.close()
    print(render_board(board, tr))
    return 0


def export_results(args: argparse.Namespace, tr: Translator) -> int:
    services, training = _service(args)
    try:
        if args.format == "csv":
            text = training.export_csv(CLI_OPERATOR, args.session, tr.lang)
            if args.out is None:
                sys.stdout.write(text)
                return 0
            args.out.write_text(text, encoding="utf-8-sig")
        else:
            data = training.export_xlsx(CLI_OPERATOR, args.session, tr.lang)
            out = args.out or Path(f"results-{args.session}.xlsx")
            out.write_bytes(data)
            args.out = out
    finally:
        services.close()
    print(tr.t("trainer.cli.written", path=args.out))
    return 0


def certificate(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.services.training_results import certificate_html, certificate_pdf

    services, training = _service(args)
    try:
        cert = training.issue_certificate(CLI_OPERATOR, args.session, args.user, tr.lang)
    finally:
        services.close()
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"certificate-{cert.code}"
    html_path, pdf_path = args.out / f"{stem}.html", args.out / f"{stem}.pdf"
    html_path.write_text(certificate_html(cert, tr.lang), encoding="utf-8")
    pdf_path.write_bytes(certificate_pdf(cert, tr.lang))
    print(tr.t("trainer.cli.cert_written", code=cert.code, html=html_path, pdf=pdf_path))
    return 0


def set_failures(args: argparse.Namespace, tr: Translator) -> int:
    switches: dict[str, Any] = {}
    if args.login is not None:
        switches["login_failure"] = args.login == "on"
    if args.save is not None:
        switches["save_error"] = args.save == "on"
    if args.slow is not None:
        switches["slowness_ms"] = args.slow
    services, training = _service(args)
    try:
        if args.user:
            count = training.set_failures(CLI_OPERATOR, args.user, **switches)
        else:
            count = training.set_room_failures(CLI_OPERATOR, args.session, **switches)
    finally:
        services.close()
    print(tr.t("trainer.cli.failures_set", count=count))
    return 0


def reset_trainee(args: argparse.Namespace, tr: Translator) -> int:
    services, training = _service(args)
    try:
        if args.lesson:
            training.reset_lesson(CLI_OPERATOR, args.user, args.lesson)
        else:
            training.reset_sandbox(CLI_OPERATOR, args.user)
    finally:
        services.close()
    print(tr.t("cli.sandbox_reset_done", username=args.user, scenario=args.lesson or "-"))
    return 0


def office_view(args: argparse.Namespace, tr: Translator) -> int:
    services, training = _service(args)
    try:
        view = training.office_view(CLI_OPERATOR, bidang=args.bidang, lang=tr.lang)
    finally:
        services.close()
    for index, (lesson_id, title) in enumerate(view.lessons, start=1):
        print(f"L{index} = {lesson_id}: {title}")
    for row in view.rows:
        dates = "  ".join(
            f"L{i}:{d.date().isoformat() if d else '-'}"
            for i, d in enumerate(row.completed, start=1)
        )
        print(f"{row.display_name} ({row.username}) [{row.bidang or '-'}]  {dates}")
    return 0


def verify_code(args: argparse.Namespace, tr: Translator) -> int:
    from ekinerja_tutor.services.training_results import Verdict

    services, training = _service(args)
    try:
        result = training.verify(args.code)
    finally:
        services.close()
    if result.verdict is Verdict.VALID:
        facts = result.facts or {}
        print(
            tr.t(
                "trainer.cli.verify_valid",
                name=facts.get("name", ""),
                nip=facts.get("nip", ""),
                session=facts.get("session", ""),
                date=facts.get("completed_on", ""),
            )
        )
        return 0
    key = (
        "trainer.cli.verify_tampered"
        if result.verdict is Verdict.TAMPERED
        else "trainer.cli.verify_unknown"
    )
    print(tr.t(key))
    return 1
