"""The Indonesian/English message catalog.

Every user-visible string lives in ``catalog/*.toml`` (one file per area, so teams can work
side by side). Each table is a message key with an ``id`` and an ``en`` text; ``{name}``
placeholders are filled by :meth:`Translator.t`. Nothing is loaded at import time.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"


class CatalogError(Exception):
    """The shipped catalog is malformed (a developer error, caught by the tests)."""


@cache
def load_catalog() -> dict[str, dict[str, str]]:
    """Read every catalog file once; duplicate keys across files are an error."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("ekinerja_tutor.i18n") / "catalog"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
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
