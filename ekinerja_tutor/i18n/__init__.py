"""The Indonesian/English message catalog.

Every user-visible string lives in ``catalog/*.toml`` (one file per area, so teams can work
side by side). Each table is a message key with an ``id`` and an ``en`` text; ``{name}``
placeholders are filled by :meth:`Translator.t`. Nothing is loaded at import time.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"


class CatalogError(Exception):
    """The shipped catalog is malformed (a developer error, caught by the tests)."""


@cache
def load_catalog() -> dict[str, dict[str, str]]:
    """Read every catalog file once; duplicate keys across files are an error.

    The merged catalog is kept in ``catalog/__pycache__`` (keyed by the files' names, sizes
    and times), like ``.pyc`` files: parsing thousands of TOML keys was the largest single
    cost of starting the app (``ekinerja-tutor bench startup``).
    """
    return load_catalog_folder(resources.files("ekinerja_tutor.i18n") / "catalog")


def load_catalog_folder(folder: Any) -> dict[str, dict[str, str]]:
    """The catalog in ``folder`` (a path or an importlib resource), through its cache file;
    writing a new one removes those of earlier versions of the files."""
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name
    )
    cached = _cache_path(folder, entries)
    if cached is not None:
        try:
            found = marshal.loads(cached.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            found = None
        if isinstance(found, dict):
            return found
    merged = _parse_catalog(entries)
    if cached is not None:
        try:
            cached.parent.mkdir(exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps(merged))
            os.replace(temporary, cached)
        except OSError:
            pass  # a read-only install parses every time
        else:
            for stale in cached.parent.glob("catalog-*.marshal"):
                if stale != cached:
                    with contextlib.suppress(OSError):  # another process's, just removed
                        stale.unlink()
    return merged


def _cache_path(folder: Any, entries: list[Any]) -> Path | None:
    if not isinstance(folder, Path):
        return None
    try:
        stamp = repr([(e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries])
    except OSError:
        return None
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    return folder / "__pycache__" / f"catalog-{digest}.marshal"


def _parse_catalog(entries: list[Any]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for entry in entries:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        for key, texts in data.items():
            if key in merged:
                raise CatalogError(f"{entry.name}: duplicate message key {key!r}")
            if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
                raise CatalogError(f"{entry.name}: {key!r} must have exactly {LANGUAGES}")
            merged[key] = {lang: str(texts[lang]) for lang in LANGUAGES}
    return merged


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` used in a catalog text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Msg:
    """A translatable message: a catalog key plus its parameters, translated when shown."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return translate(self.key, lang, **self.params)


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Translate ``key``; an unknown key shows itself so a gap is visible, never a crash."""
    texts = load_catalog().get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    rendered = {
        name: value.render(lang) if isinstance(value, Msg) else value
        for name, value in params.items()
    }
    for name, value in rendered.items():
        # "Selamat datang, {name}." with a name that ends in a degree ("…, S.E."): one period
        if isinstance(value, str) and value.endswith(".") and f"{{{name}}}." in text:
            text = text.replace(f"{{{name}}}.", f"{{{name}}}")
    try:
        return text.format(**rendered)
    except (KeyError, IndexError, ValueError):
        return text


class Translator:
    """Translates catalog keys into one chosen language; the UI swaps its language live."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def t(self, key: str, /, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def msg(self, message: Msg) -> str:
        return message.render(self.lang)
