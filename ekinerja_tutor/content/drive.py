"""The Practice Drive's sample evidence: ``sandbox_data/drive/manifest.toml`` and its files.

Pure reader: every problem raises ``ConfigError`` naming the file and the key (a missing
sample file, a file too big, an unknown folder). Owners are words resolved when a sandbox is
built: ``persona``, ``supervisor`` or a person key of ``office.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from ekinerja_tutor.content._toml import KEY_PATTERN, Table, read_toml
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.drive import (
    MAX_FILE_BYTES,
    GeneralAccess,
    parse_drive_link,
)
from ekinerja_tutor.domain.errors import ValidationError

DRIVE_DIR: Final = "drive"
MANIFEST_FILE: Final = "drive/manifest.toml"
OWNER_WORDS: Final = ("persona", "supervisor")


@dataclass(frozen=True)
class SampleFolder:
    key: str
    owner: str
    name: str
    caption: str
    days_ago: int
    sharing: GeneralAccess
    people: tuple[str, ...]


@dataclass(frozen=True)
class SampleFile:
    file: str
    name: str
    folder: str | None
    owner: str
    caption: str
    days_ago: int
    sharing: GeneralAccess
    people: tuple[str, ...]
    token: str | None
    data: bytes


@dataclass(frozen=True)
class DriveSamples:
    folders: tuple[SampleFolder, ...]
    files: tuple[SampleFile, ...]


def load_drive_samples(root: Path | None = None) -> DriveSamples:
    """Read the manifest and the sample files' bytes (cached per folder)."""
    return _load((root or content_root()).resolve())


def clear_drive_cache() -> None:
    _load.cache_clear()


def _owner(table: Table, key: str, default: str | None = None) -> str:
    if default is not None and not table.has(key):
        return default
    value = table.text(key)
    if value not in OWNER_WORDS and not KEY_PATTERN.fullmatch(value):
        raise table.error(f"{value!r} is not 'persona', 'supervisor' or a person key", key)
    return value


def _people(table: Table) -> tuple[str, ...]:
    if not table.has("people"):
        return ()
    words = table.text_list("people", min_items=0)
    for word in words:
        if word not in OWNER_WORDS and not KEY_PATTERN.fullmatch(word):
            raise table.error(f"{word!r} is not 'persona', 'supervisor' or a person key", "people")
    return tuple(words)


def _name(table: Table, key: str, value: str) -> str:
    from ekinerja_tutor.domain.drive import validate_item_name

    try:
        return validate_item_name(value)
    except ValidationError as error:
        raise table.error(f"{value!r} is not a valid drive name ({error.key})", key) from None


@cache
def _load(root: Path) -> DriveSamples:
    doc = Table(read_toml(root, MANIFEST_FILE), MANIFEST_FILE)
    doc.known("folders", "files")
    folders: list[SampleFolder] = []
    for raw in doc.tables("folders", default=[]):
        key = raw.pattern("key", KEY_PATTERN, "folder key such as 'kegiatan_bulan_ini'")
        item = raw.renamed(f"folder '{key}'")
        item.known("key", "owner", "name", "caption", "days_ago", "sharing", "people")
        if any(f.key == key for f in folders):
            raise item.error("duplicate folder key", "key")
        folders.append(
            SampleFolder(
                key=key,
                owner=_owner(item, "owner"),
                name=_name(item, "name", item.text("name")),
                caption=item.opt_text("caption") or "",
                days_ago=item.integer("days_ago", minimum=0, maximum=366, default=0),
                sharing=item.choice("sharing", GeneralAccess, default=GeneralAccess.RESTRICTED),
                people=_people(item),
            )
        )
    by_key = {f.key: f for f in folders}
    files: list[SampleFile] = []
    tokens: set[str] = set()
    for index, raw in enumerate(doc.tables("files", default=[])):
        item = raw.renamed(f"files[{index}]")
        item.known(
            "file", "name", "folder", "owner", "caption", "days_ago", "sharing", "people", "token"
        )
        file = item.text("file")
        path = (root / DRIVE_DIR / file).resolve()
        if path.parent != (root / DRIVE_DIR).resolve() or not path.is_file():
            raise item.error(f"no file {file!r} in sandbox_data/drive/", "file")
        data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            raise item.error(f"{file!r} is larger than {MAX_FILE_BYTES} bytes", "file")
        folder = item.opt_text("folder")
        if folder is not None and folder not in by_key:
            raise item.error(f"{folder!r} is not a [[folders]] key", "folder")
        default_owner = by_key[folder].owner if folder is not None else None
        if folder is None and not item.has("owner"):
            raise item.error("give `owner` (or `folder`)", "owner")
        token = item.opt_text("token")
        if token is not None:
            if parse_drive_link(f"https://drive.latihan.local/d/{token}") is None:
                raise item.error(f"{token!r} is not a link token (6-64 of A-Z a-z 0-9 _ -)")
            if token in tokens:
                raise item.error("duplicate token", "token")
            tokens.add(token)
        files.append(
            SampleFile(
                file=file,
                name=_name(item, "name", item.text("name", default=file)),
                folder=folder,
                owner=_owner(item, "owner", default_owner),
                caption=item.opt_text("caption") or "",
                days_ago=item.integer("days_ago", minimum=0, maximum=366, default=0),
                sharing=item.choice("sharing", GeneralAccess, default=GeneralAccess.RESTRICTED),
                people=_people(item),
                token=token,
                data=data,
            )
        )
    return DriveSamples(tuple(folders), tuple(files))


__all__ = [
    "DriveSamples",
    "SampleFile",
    "SampleFolder",
    "clear_drive_cache",
    "load_drive_samples",
]
