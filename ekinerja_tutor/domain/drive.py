"""The Practice Drive: sharing levels, who may open an item, and links to items.

Pure rules, no storage. A drive item (folder or file) has an owner, a general access level and
a list of named people. A shared drive in the real world shows these with fixed labels:

* **Dibatasi** / *Restricted* — only the owner (and named people) can open it;
* **Orang tertentu** / *Specific people* — restricted, with named people added;
* **Siapa saja yang memiliki link** / *Anyone with the link*.

Files inherit their folder's sharing: a file inside a folder shared with the whole link is
open to anyone with the file's link too, unless nothing is more open than the file itself.
In short, access is the union along the chain file → folder → parent folder.

Links look like ``https://drive.latihan.local/d/<token>`` (the form the Practice Drive's
"Salin tautan" gives). The real drive's ``/file/d/<token>/view`` and
``/drive/folders/<token>`` forms are recognised too.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from ekinerja_tutor.domain.errors import PermissionDenied, ValidationError
from ekinerja_tutor.domain.evidence import DEFAULT_DRIVE_HOST, validate_link
from ekinerja_tutor.domain.fields import find_unsafe_char
from ekinerja_tutor.i18n import Msg

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest file the Practice Drive keeps (the bytes live in the database, shared servers too)."""
MAX_NAME_LENGTH = 120
MAX_CAPTION_LENGTH = 500
TOKEN_LENGTH = 16
_TOKEN = re.compile(r"[A-Za-z0-9_-]{6,64}")
_LINK_PATHS = (
    re.compile(r"/d/([A-Za-z0-9_-]+)(?:/.*)?"),
    re.compile(r"/file/d/([A-Za-z0-9_-]+)(?:/.*)?"),
    re.compile(r"/drive/folders/([A-Za-z0-9_-]+)/?"),
)
_BAD_NAME_CHARS = frozenset('/\\:*?"<>|')


class ItemKind(enum.StrEnum):
    FOLDER = "FOLDER"
    FILE = "FILE"


class GeneralAccess(enum.StrEnum):
    """The "general access" of an item, as the real drive's share dialog shows it."""

    RESTRICTED = "RESTRICTED"
    ANYONE_WITH_LINK = "ANYONE_WITH_LINK"


class ShareLevel(enum.StrEnum):
    """What the share dialog summarises: restricted, specific people, or anyone with the link."""

    RESTRICTED = "RESTRICTED"
    SPECIFIC_PEOPLE = "SPECIFIC_PEOPLE"
    ANYONE_WITH_LINK = "ANYONE_WITH_LINK"


def share_level_label(level: ShareLevel) -> Msg:
    """``Dibatasi`` / ``Orang tertentu`` / ``Siapa saja yang memiliki link`` (en: Restricted…)."""
    return Msg(f"drive.level.{level.value}")


def general_access_label(access: GeneralAccess) -> Msg:
    return Msg(f"drive.level.{access.value}")


@dataclass(frozen=True)
class Sharing:
    """One item's own sharing (without what it inherits)."""

    owner_id: int
    access: GeneralAccess = GeneralAccess.RESTRICTED
    people: frozenset[int] = frozenset()

    @property
    def level(self) -> ShareLevel:
        if self.access is GeneralAccess.ANYONE_WITH_LINK:
            return ShareLevel.ANYONE_WITH_LINK
        return ShareLevel.SPECIFIC_PEOPLE if self.people else ShareLevel.RESTRICTED


class Reason(enum.StrEnum):
    """Why someone may open an item (shown in the file view)."""

    OWNER = "OWNER"
    LINK = "LINK"
    NAMED = "NAMED"
    INHERITED_LINK = "INHERITED_LINK"
    INHERITED_NAMED = "INHERITED_NAMED"


def access_reason(viewer_id: int | None, chain: Sequence[Sharing]) -> Reason | None:
    """Why ``viewer_id`` may open the first item of ``chain``, or None when they may not.

    ``chain`` is the item followed by its folders, innermost first. The item's owner and the
    owners of its folders may open it; otherwise the item's own sharing is looked at first
    and then each folder's (a folder shared with someone shares its files with them).
    """
    if not chain:
        return None
    if viewer_id is not None and any(s.owner_id == viewer_id for s in chain):
        return Reason.OWNER
    for index, sharing in enumerate(chain):
        own = index == 0
        if sharing.access is GeneralAccess.ANYONE_WITH_LINK:
            return Reason.LINK if own else Reason.INHERITED_LINK
        if viewer_id is not None and viewer_id in sharing.people:
            return Reason.NAMED if own else Reason.INHERITED_NAMED
    return None


def may_open(viewer_id: int | None, chain: Sequence[Sharing]) -> bool:
    return access_reason(viewer_id, chain) is not None


def effective_level(chain: Sequence[Sharing]) -> ShareLevel:
    """The most open level along the chain (what someone with the link really gets)."""
    levels = [s.level for s in chain]
    if ShareLevel.ANYONE_WITH_LINK in levels:
        return ShareLevel.ANYONE_WITH_LINK
    if ShareLevel.SPECIFIC_PEOPLE in levels:
        return ShareLevel.SPECIFIC_PEOPLE
    return ShareLevel.RESTRICTED


class DriveAccessDenied(PermissionDenied):
    """The real failure: "Anda memerlukan akses" / "You need access"."""

    default_key = "drive.access_denied"


# --- links -----------------------------------------------------------------------------------


def item_link(token: str, drive_host: str = DEFAULT_DRIVE_HOST) -> str:
    """The share link of an item, the text "Salin tautan" copies."""
    if not _TOKEN.fullmatch(token):
        raise ValueError(f"not a drive token: {token!r}")
    return f"https://{drive_host}/d/{token}"


def parse_drive_link(url: str, drive_host: str = DEFAULT_DRIVE_HOST) -> str | None:
    """The item token of a Practice Drive link, or None for any other text."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if (parts.hostname or "") != drive_host.lower() or parts.username or parts.password:
        return None
    for pattern in _LINK_PATHS:
        match = pattern.fullmatch(parts.path)
        if match and _TOKEN.fullmatch(match.group(1)):
            return match.group(1)
    return None


class LinkKind(enum.StrEnum):
    DRIVE = "DRIVE"
    """A Practice Drive link: who may open it depends on the item's sharing."""
    WEB = "WEB"
    """Any other http(s) link: accepted, opened as it is."""


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    kind: LinkKind
    token: str | None


def check_evidence_link(
    text: str, *, drive_host: str = DEFAULT_DRIVE_HOST, field: str = "bukti_dukung"
) -> EvidenceLink:
    """Validate a Bukti Dukung link and recognise Practice Drive links.

    Only http/https links are accepted; local paths (``C:\\…``, ``/home/…``, ``file:``),
    ``javascript:``/``data:`` and other schemes, hidden characters and over-long links are
    refused by :func:`ekinerja_tutor.domain.evidence.validate_link` with a message that says
    what to do instead. A link on the drive's host that names no item is refused here too.

    Raises:
        ValidationError: on ``field``.
    """
    url = validate_link(text, drive_host=drive_host, field=field)
    token = parse_drive_link(url, drive_host)
    parts = urlsplit(url)
    if token is None and (parts.hostname or "") == drive_host.lower():
        raise ValidationError(
            "drive.link_no_item", field=field, example=f"https://{drive_host}/d/abc123"
        )
    return EvidenceLink(url, LinkKind.DRIVE if token else LinkKind.WEB, token)


# --- names and captions ------------------------------------------------------------------------


def validate_item_name(name: str, field: str = "drive_name") -> str:
    """A file or folder name: 1–120 characters, no path separators or hidden characters."""
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("drive.name_required", field=field)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(
            "drive.name_too_long", field=field, length=len(cleaned), limit=MAX_NAME_LENGTH
        )
    if cleaned in (".", "..") or any(c in _BAD_NAME_CHARS for c in cleaned):
        raise ValidationError("drive.name_bad_char", field=field, chars='/ \\ : * ? " < > |')
    if find_unsafe_char(cleaned, multi_line=False) is not None or any(
        unicodedata.category(c) in ("Cc", "Cf") for c in cleaned
    ):
        raise ValidationError("drive.name_hidden_char", field=field)
    return cleaned


def validate_caption(caption: str, field: str = "drive_caption") -> str:
    cleaned = caption.strip()
    if len(cleaned) > MAX_CAPTION_LENGTH:
        raise ValidationError(
            "drive.caption_too_long", field=field, length=len(cleaned), limit=MAX_CAPTION_LENGTH
        )
    if find_unsafe_char(cleaned, multi_line=True) is not None:
        raise ValidationError("drive.caption_hidden_char", field=field)
    return cleaned


def check_file_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            "drive.file_too_big",
            field="drive_path",
            size_kb=(size + 1023) // 1024,
            limit_kb=MAX_FILE_BYTES // 1024,
        )


_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".csv": "text/csv",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def mime_for(name: str) -> str:
    """The mime type a drive shows for a file name (by its extension)."""
    dot = name.rfind(".")
    return (
        _MIME.get(name[dot:].lower(), "application/octet-stream")
        if dot >= 0
        else ("application/octet-stream")
    )


def is_text(mime: str) -> bool:
    return mime.startswith("text/")


def is_image(mime: str) -> bool:
    return mime.startswith("image/")


def unique_people(people: Iterable[int], owner_id: int) -> frozenset[int]:
    """Named people without the owner (the owner always has access)."""
    return frozenset(p for p in people if p != owner_id)


__all__ = [
    "MAX_FILE_BYTES",
    "DriveAccessDenied",
    "EvidenceLink",
    "GeneralAccess",
    "ItemKind",
    "LinkKind",
    "Reason",
    "ShareLevel",
    "Sharing",
    "access_reason",
    "check_evidence_link",
    "check_file_size",
    "effective_level",
    "general_access_label",
    "is_image",
    "is_text",
    "item_link",
    "may_open",
    "mime_for",
    "parse_drive_link",
    "share_level_label",
    "unique_people",
    "validate_caption",
    "validate_item_name",
]
