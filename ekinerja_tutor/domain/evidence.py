"""Bukti Dukung: evidence links, the sandbox shared drive, and the supervisor's evidence check.

Evidence is a link others can open, normally a share link on the shared drive, never a path on
the learner's own computer (one of the most common real failures: "links nobody can open").
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

from ekinerja_tutor.domain.errors import InvalidTransition, ValidationError
from ekinerja_tutor.domain.fields import find_unsafe_char, validate_text
from ekinerja_tutor.domain.statuses import EvidenceCheck, EvidenceMode
from ekinerja_tutor.i18n import Msg

DEFAULT_DRIVE_HOST = "drive.latihan.local"
MAX_LINK_LENGTH = 2000

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LOCAL_PATH = re.compile(r"[A-Za-z]:([\\/]|$)|\\\\|/|~|\.\.?[\\/]")
_NOT_A_DOCUMENT = frozenset({"javascript", "vbscript", "data", "about", "blob", "mailto", "tel"})
_HOST = re.compile(r"[\w.-]+|[0-9A-Fa-f:.]+")
_LOCAL_HOSTS = frozenset({"localhost", "0.0.0.0", "::1"})
_DRIVE_ITEM = re.compile(r"/d/([A-Za-z0-9_-]+)(?:/.*)?")


def validate_link(
    text: str, *, drive_host: str = DEFAULT_DRIVE_HOST, field: str = "bukti_dukung"
) -> str:
    """Check an evidence link; return it unchanged when others could open it.

    Only ``http``/``https`` links with a host are accepted. Each refusal says what to do
    instead, usually: upload the file to the shared drive and paste its share link.

    Raises:
        ValidationError: with ``field`` set, for the first problem found.
    """
    example = f"https://{drive_host}/d/abc123"

    def refuse(key: str, **params: object) -> ValidationError:
        return ValidationError(key, field=field, example=example, **params)

    if text == "" or text.isspace():
        raise refuse("evidence.link_required")
    if len(text) > MAX_LINK_LENGTH:
        raise refuse("evidence.link_too_long", length=len(text), limit=MAX_LINK_LENGTH)
    unsafe = find_unsafe_char(text, multi_line=False)
    if unsafe is not None:
        index = unsafe[1]
        raise refuse("evidence.link_hidden_char", position=index + 1, code=_code(text[index]))
    if _LOCAL_PATH.match(text) or "\\" in text:
        raise refuse("evidence.link_local_path")
    for index, char in enumerate(text):
        if char.isspace():
            raise refuse("evidence.link_whitespace", position=index + 1)
    scheme_match = _SCHEME.match(text)
    if scheme_match is None:
        raise refuse("evidence.link_no_scheme")
    scheme = scheme_match.group(1).lower()
    rest = text[scheme_match.end() :]
    if scheme in _NOT_A_DOCUMENT:
        raise refuse("evidence.link_not_document", scheme=scheme)
    if scheme == "file":
        raise refuse("evidence.link_local_path")
    if scheme not in ("http", "https"):
        if rest.startswith("//"):
            raise refuse("evidence.link_scheme", scheme=scheme)
        # "drive.latihan.local:443/d/x" or "localhost:8080/x": a host typed without a scheme.
        raise refuse("evidence.link_no_scheme")
    parts = _split(text)
    if parts is None:
        raise refuse("evidence.link_malformed")
    host = parts.hostname or ""
    if not host:
        raise refuse("evidence.link_no_host")
    if not _HOST.fullmatch(host):
        raise refuse("evidence.link_malformed")
    if parts.username is not None or parts.password is not None:
        raise refuse("evidence.link_credentials")
    if host in _LOCAL_HOSTS or host.startswith("127."):
        raise refuse("evidence.link_local_host", host=host)
    return text


def is_drive_link(url: str, drive_host: str = DEFAULT_DRIVE_HOST) -> bool:
    """True when ``url`` points to the sandbox shared drive."""
    parts = _split(url)
    return (
        parts is not None
        and parts.scheme.lower() in ("http", "https")
        and (parts.hostname or "") == drive_host.lower()
    )


def drive_item_id(url: str, drive_host: str = DEFAULT_DRIVE_HOST) -> str | None:
    """The item id of a shared-drive link like ``https://drive.latihan.local/d/<id>``."""
    if not is_drive_link(url, drive_host):
        return None
    parts = _split(url)
    assert parts is not None
    match = _DRIVE_ITEM.fullmatch(parts.path)
    return match.group(1) if match else None


def entry_requires_evidence(mode: EvidenceMode) -> bool:
    """Whether every daily entry needs its own Bukti Dukung under this regional mode."""
    return mode is EvidenceMode.PER_ENTRY


# --- the supervisor's evidence check ----------------------------------------------------------

#: Checks a reviewer may set; BELUM_DIVERIFIKASI is only the starting state.
REVIEW_CHECKS: frozenset[EvidenceCheck] = frozenset(
    {EvidenceCheck.SESUAI, EvidenceCheck.KURANG, EvidenceCheck.TIDAK_SESUAI}
)


def evidence_check_label(check: EvidenceCheck) -> Msg:
    return Msg(f"evidence.check.{check.value}")


def evidence_check_needs_note(check: EvidenceCheck) -> bool:
    """KURANG and TIDAK_SESUAI must tell the employee what is missing or wrong."""
    return check in (EvidenceCheck.KURANG, EvidenceCheck.TIDAK_SESUAI)


def set_evidence_check(
    current: EvidenceCheck, target: EvidenceCheck, note: str | None = None
) -> EvidenceCheck:
    """A reviewer sets or changes the check of a piece of evidence.

    Any reviewer check may be set from any state (a previous check may be corrected); the
    check can never go back to BELUM_DIVERIFIKASI.

    Raises:
        InvalidTransition: when ``target`` is BELUM_DIVERIFIKASI.
        ValidationError: on ``evidence_note`` when a note is needed but blank, or is invalid.
    """
    if target not in REVIEW_CHECKS:
        raise InvalidTransition("evidence.check_reset", from_status=evidence_check_label(current))
    if evidence_check_needs_note(target) and (note is None or note == "" or note.isspace()):
        raise ValidationError(
            "evidence.note_required", field="evidence_note", check=evidence_check_label(target)
        )
    if note:
        validate_text("evidence_note", note)
    return target


def _split(url: str) -> SplitResult | None:
    """``urlsplit`` that reports malformed links (bad IPv6 brackets, ports) as None."""
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return None
    return parts


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"
