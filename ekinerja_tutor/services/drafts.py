"""Autosaved form drafts: local files, written atomically, outside the database.

Drafts live beside the embedded database (``<home>/drafts/<account>/<form>.json``), not in it,
so they survive a killed process *and* a dropped connection to a PostgreSQL server. Each save
writes a temporary file, fsyncs it and renames it over the old one: a crash leaves either the
old draft or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def _safe(part: str) -> str:
    """A file-name-safe, collision-free form of ``part`` (readable prefix + short hash)."""
    digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{_SAFE.sub('_', part)[:60]}-{digest}"


@dataclass(frozen=True)
class DraftStore:
    """Per-account drafts keyed by form id (e.g. ``daily-entry:new`` or ``daily-entry:42``)."""

    root: Path

    def _path(self, account: str, form: str) -> Path:
        return self.root / _safe(account) / f"{_safe(form)}.json"

    def save(self, account: str, form: str, fields: dict[str, Any]) -> None:
        path = self._path(account, form)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"form": form, "fields": fields}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self, account: str, form: str) -> dict[str, Any] | None:
        path = self._path(account, form)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # unreadable draft: treat as absent rather than crash the form
        fields = data.get("fields")
        return fields if isinstance(fields, dict) else None

    def discard(self, account: str, form: str) -> None:
        self._path(account, form).unlink(missing_ok=True)

    def forms(self, account: str) -> list[str]:
        folder = self.root / _safe(account)
        if not folder.is_dir():
            return []
        names = []
        for path in sorted(folder.glob("*.json")):
            try:
                names.append(str(json.loads(path.read_text(encoding="utf-8"))["form"]))
            except (OSError, ValueError, KeyError):
                continue
        return names
