"""The closed vocabulary of lessons: audiences, screen names and the known checks.

A lesson step ends with a ```check``` block, one check per line::

    daily_entry status=DIKIRIM date=today | Tekan "Kirim ke atasan" di bawah formulir.

``name key=value …`` then, optionally, ``|`` and the hint shown when that check fails (a line
starting with ``|`` continues the hint of the check above). Values containing spaces are
quoted; several values of one argument are separated by commas (``status=DRAFT,DIKIRIM``).
Every check reads the learner's real sandbox state; the evaluators live in
``ekinerja_tutor.services.lesson_checks`` (one per check), this module only knows the names
and the argument schemas, so a lesson file can be checked without a database.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from ekinerja_tutor.domain.statuses import DailyStatus, RecapStatus, SkpStatus

AUDIENCES: Final = ("pegawai", "atasan", "pelatih", "mentor")
"""Who a lesson is for: staff, supervisors, trainers, help-desk mentors."""

SCREENS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "login": "sign-in: NIP or username and password",
        "otp": "the 6-digit authenticator code",
        "enrol": "activate an authenticator: device name, practice phone or own phone",
        "enrol_qr": "the QR code (or typed key) to scan with the authenticator app",
        "change_password": "the forced password change",
        "practice_phone": "the built-in practice phone showing the current code",
        "dashboard": "the home screen after signing in",
        "daily_week": "Progres Harian, the week view",
        "daily_form": "the Progres Harian form (one entry)",
        "field_work": "a quick note of field work, completed later in the form",
        "evidence_drive": "the Practice Drive: shared folders for bukti dukung",
        "skp": "the SKP: RHK, indicators (IKI), perilaku kerja, lampiran",
        "matriks": "Matriks Peran Hasil (supervisor's RHK against the staff's)",
        "rencana_aksi": "Rencana Aksi for one month",
        "realisasi": "realisasi of the indicators for one quarter",
        "result": "ratings, umpan balik, predikat and the evaluation document",
        "recap": "the quarterly recap and its verification chain",
        "review_inbox": "the supervisor's inbox of daily entries to review",
        "review_skp": "the supervisor's SKP approvals",
        "recap_queue": "a verifier's queue of quarterly recaps",
        "clock": "the sandbox clock (move the sandbox's date forward)",
        "help": "F1 help for the current screen",
        "lessons": "the lesson catalog",
        "ticket_new": "a new help-desk ticket",
        "ticket_list": "the learner's help-desk tickets",
        "admin": "the Admin Instansi screen",
    }
)
"""Screen names lessons may use (``screen_visited``, ``screens:``) and the UI reports."""

ANY: Final = "any"
_REQUIRED: Final = object()
_KEY = re.compile(r"[a-z][a-z0-9_]*")
_YEAR_WORDS: Final = ("current", "previous", "next")
_MONTH_WORDS: Final = ("current", "previous", "next")
_QUARTER_WORDS: Final = ("current", "previous")
DAY_WORDS: Final = ("today", "yesterday", "this_week", "this_month", ANY)


class CheckLineError(ValueError):
    """A check line that cannot be used; the message is English and names no file."""


@dataclass(frozen=True)
class ArgSpec:
    """One argument of a check.

    Kinds and the Python values they give:

    ========== ===================================================================
    choice     one of ``choices`` → ``str``
    choices    one or more of ``choices``, comma-separated, or ``any`` → ``tuple``
               (empty = any)
    int        a whole number ``low``–``high`` → ``int``
    yesno      ``yes`` or ``no`` → ``bool``
    screen     a key of :data:`SCREENS` → ``str``
    day        ``today | yesterday | this_week | this_month | any`` or YYYY-MM-DD
               → ``str`` or ``date`` (relative to the SANDBOX clock)
    month      ``current | previous | next`` or 1–12 → ``str`` or ``int``
    quarter    ``current | previous`` or 1–4 → ``str`` or ``int``
    year       ``current | previous | next`` or a year → ``str`` or ``int``
    ========== ===================================================================
    """

    kind: str
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    default: Any = _REQUIRED

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def describe(self) -> str:
        """The accepted values in words (for messages and the README)."""
        if self.kind == "choice":
            return " | ".join(self.choices)
        if self.kind == "choices":
            return " | ".join(self.choices) + " (several: A,B) | any"
        if self.kind == "int":
            return f"{self.low}–{self.high}"
        if self.kind == "yesno":
            return "yes | no"
        if self.kind == "screen":
            return "a screen name (see SCREENS)"
        if self.kind == "day":
            return " | ".join(DAY_WORDS) + " | YYYY-MM-DD"
        if self.kind == "month":
            return " | ".join(_MONTH_WORDS) + " | 1–12"
        if self.kind == "quarter":
            return " | ".join(_QUARTER_WORDS) + " | 1–4"
        return " | ".join(_YEAR_WORDS) + " | 2000–2100"

    def parse(self, raw: str) -> Any:
        """The typed value of ``raw``; raises :class:`CheckLineError` with the reason."""
        kind = self.kind
        if kind == "choice":
            if raw not in self.choices:
                raise CheckLineError(f"'{raw}' is not one of: {', '.join(self.choices)}")
            return raw
        if kind == "choices":
            if raw == ANY:
                return ()
            values = tuple(part.strip() for part in raw.split(","))
            for value in values:
                if value not in self.choices:
                    raise CheckLineError(
                        f"'{value}' is not one of: {', '.join(self.choices)} (or any)"
                    )
            if len(set(values)) != len(values):
                raise CheckLineError("a value is listed twice")
            return values
        if kind == "int":
            return _int_between(raw, self.low, self.high)
        if kind == "yesno":
            if raw not in ("yes", "no"):
                raise CheckLineError(f"expected yes or no, found '{raw}'")
            return raw == "yes"
        if kind == "screen":
            if raw not in SCREENS:
                raise CheckLineError(f"'{raw}' is not a known screen (known: {', '.join(SCREENS)})")
            return raw
        if kind == "day":
            if raw in DAY_WORDS:
                return raw
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                raise CheckLineError(
                    f"expected {' | '.join(DAY_WORDS)} or a date YYYY-MM-DD, found '{raw}'"
                ) from None
        if kind == "month":
            return _word_or_int(raw, _MONTH_WORDS, 1, 12)
        if kind == "quarter":
            return _word_or_int(raw, _QUARTER_WORDS, 1, 4)
        return _word_or_int(raw, _YEAR_WORDS, 2000, 2100)


def _int_between(raw: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d{1,6}", raw) or not low <= int(raw) <= high:
        raise CheckLineError(f"expected a whole number {low}–{high}, found '{raw}'")
    return int(raw)


def _word_or_int(raw: str, words: tuple[str, ...], low: int, high: int) -> str | int:
    if raw in words:
        return raw
    if re.fullmatch(r"\d{1,4}", raw) and low <= int(raw) <= high:
        return int(raw)
    raise CheckLineError(f"expected {' | '.join(words)} or {low}–{high}, found '{raw}'")


def _choice(*choices: str, default: Any = _REQUIRED) -> ArgSpec:
    return ArgSpec("choice", choices=choices, default=default)


def _choices(*choices: str, default: Any = ()) -> ArgSpec:
    return ArgSpec("choices", choices=choices, default=default)


def _int(low: int, high: int, default: Any = _REQUIRED) -> ArgSpec:
    return ArgSpec("int", low=low, high=high, default=default)


def _yesno(default: bool = False) -> ArgSpec:
    return ArgSpec("yesno", default=default)


@dataclass(frozen=True)
class CheckDef:
    """A known check: its arguments and, in English, what it verifies and what it reads."""

    name: str
    summary: str
    reads: str
    args: Mapping[str, ArgSpec] = field(default_factory=dict)

    def usage(self) -> str:
        """``name key=<values> …`` (optional arguments in brackets)."""
        parts = [self.name]
        for key, spec in self.args.items():
            text = f"{key}=<{spec.describe()}>"
            parts.append(text if spec.required else f"[{text}]")
        return " ".join(parts)


def _def(check: str, summary: str, reads: str, /, **args: ArgSpec) -> tuple[str, CheckDef]:
    return check, CheckDef(check, summary, reads, MappingProxyType(args))


_DAILY = tuple(s.value for s in DailyStatus)
_SKP = tuple(s.value for s in SkpStatus)
_RECAP = tuple(s.value for s in RecapStatus)

CHECKS: Final[Mapping[str, CheckDef]] = MappingProxyType(
    dict(
        [
            _def(
                "screen_visited",
                "the learner opened this screen since the lesson started",
                "screen visits reported by the app",
                name=ArgSpec("screen"),
            ),
            _def(
                "password_changed",
                "the first (temporary) password has been replaced",
                "the account",
            ),
            _def(
                "otp_enrolled",
                "an authenticator is active (on the practice phone, an own phone, or either)",
                "the account",
                device=_choice("any", "practice", "own", default="any"),
            ),
            _def(
                "signed_in",
                "the learner signed in with a code since the lesson started",
                "the audit trail (account.sign_in)",
            ),
            _def(
                "language_is",
                "the app's language saved for the account is this one (F2 switches it)",
                "the account",
                lang=_choice("id", "en"),
            ),
            _def(
                "theme_set",
                "the learner chose a theme of their own (F3 cycles them)",
                "the account",
            ),
            _def(
                "clock_moved",
                "the sandbox's date moved forward at least this many days in the lesson",
                "the sandbox clock",
                days=_int(1, 366, 1),
            ),
            _def(
                "daily_entry",
                "enough daily entries (Progres Harian) of the persona match",
                "daily entries (and the audit trail for by=learner / field_work=yes)",
                status=_choices(*_DAILY),
                date=ArgSpec("day", default="today"),
                min=_int(1, 50, 1),
                evidence=_choice("any", "link", default="any"),
                field_work=_yesno(),
                by=_choice("learner", "anyone", default="learner"),
            ),
            _def(
                "entry_resubmitted",
                "a returned entry (REVISI) was fixed and sent again by the learner",
                "the audit trail (daily.submit from REVISI)",
            ),
            _def(
                "evidence_link_present",
                "a bukti dukung link others can open is on the learner's entry (or recap)",
                "daily entries the learner changed in the lesson, or the recap",
                on=_choice("entry", "recap", default="entry"),
                changed=_yesno(),
                quarter=ArgSpec("quarter", default="current"),
            ),
            _def(
                "skp",
                "the persona's SKP for the year exists with one of these statuses",
                "the SKP",
                status=_choices(*_SKP),
                year=ArgSpec("year", default="current"),
                lampiran=_yesno(),
            ),
            _def(
                "rhk",
                "the persona's SKP has enough RHK (supporting the supervisor's, with IKI)",
                "the SKP's RHK and IKI, and the supervisor's SKP",
                min=_int(1, 20, 1),
                intervenes=_yesno(),
                iki=_yesno(),
                jenis=_choice("any", "UTAMA", "TAMBAHAN", default="any"),
            ),
            _def(
                "rencana_aksi",
                "the persona has enough Rencana Aksi for the month (or one for every RHK)",
                "Rencana Aksi and the SKP's RHK",
                month=ArgSpec("month", default="current"),
                min=_int(1, 50, 1),
                every_rhk=_yesno(),
            ),
            _def(
                "recap",
                "the persona's quarterly recap has one of these statuses",
                "the quarterly recap",
                status=_choices(*_RECAP, default=_REQUIRED),
                quarter=ArgSpec("quarter", default="previous"),
            ),
            _def(
                "realisasi",
                "enough indicators (IKI) of the persona have a realisasi for the quarter",
                "realisasi",
                quarter=ArgSpec("quarter", default="current"),
                min=_int(1, 50, 1),
            ),
            _def(
                "rating_received",
                "the supervisor rated the persona for the quarter (a predikat exists)",
                "assessments",
                quarter=ArgSpec("quarter", default="previous"),
            ),
            _def(
                "rating_given",
                "the learner, in the supervisor's seat, rated staff for a quarter",
                "the audit trail (assessment.create, assessment.update)",
                quarter=ArgSpec("quarter", default="previous"),
                min=_int(1, 50, 1),
            ),
            _def(
                "entry_reviewed",
                "the learner, in the supervisor's seat, reviewed daily entries",
                "the audit trail (daily.approve, daily.return, daily.evidence_check)",
                decision=_choice("any", "approve", "return", "evidence", default="any"),
                min=_int(1, 50, 1),
            ),
            _def(
                "ticket_raised",
                "the learner sent a help-desk ticket since the lesson started",
                "the audit trail (ticket.create, written by the help desk)",
            ),
        ]
    )
)
"""Every check a lesson may use, by name."""


def parse_check_line(text: str) -> tuple[str, dict[str, Any], str | None]:
    """Split and validate one check line: ``(name, args with defaults, hint)``.

    Raises:
        CheckLineError: unknown check or argument, a bad or missing value, broken quotes.
    """
    left, hint = _split_hint(text)
    try:
        tokens = shlex.split(left, posix=True)
    except ValueError as exc:
        raise CheckLineError(f"cannot read the check ({exc}); close the quotes") from None
    if not tokens:
        raise CheckLineError("a hint (|) without a check before it")
    name, words = tokens[0], tokens[1:]
    definition = CHECKS.get(name)
    if definition is None:
        raise CheckLineError(f"unknown check '{name}' (known: {', '.join(CHECKS)})")
    raw: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not _KEY.fullmatch(key):
            raise CheckLineError(f"expected key=value after '{name}', found '{word}'")
        if key not in definition.args:
            allowed = ", ".join(definition.args) or "none"
            raise CheckLineError(f"check '{name}' has no argument '{key}' (arguments: {allowed})")
        if key in raw:
            raise CheckLineError(f"argument '{key}' is given twice")
        if value == "":
            raise CheckLineError(f"argument '{key}' has no value ({spec_hint(definition, key)})")
        raw[key] = value
    args: dict[str, Any] = {}
    for key, spec in definition.args.items():
        if key in raw:
            try:
                args[key] = spec.parse(raw[key])
            except CheckLineError as exc:
                raise CheckLineError(f"argument '{key}': {exc}") from None
        elif spec.required:
            raise CheckLineError(
                f"check '{name}' needs argument '{key}' ({spec_hint(definition, key)})"
            )
        else:
            args[key] = spec.default
    return name, args, hint


def spec_hint(definition: CheckDef, key: str) -> str:
    return f"{key}=<{definition.args[key].describe()}>"


def _split_hint(text: str) -> tuple[str, str | None]:
    """Cut ``text`` at the first ``|`` outside quotes."""
    quote: str | None = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "|":
            hint = " ".join(text[index + 1 :].split())
            return text[:index].strip(), hint or None
    return text.strip(), None
