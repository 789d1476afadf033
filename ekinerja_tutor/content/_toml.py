"""Strict readers for content TOML: every problem names the file and the key path.

Office staff edit these files by hand, so a typo must fail loudly and say where: unknown keys
are refused, types are checked, and free text passes the same field rules as the forms.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, TypeVar

from ekinerja_tutor.domain.errors import ConfigError, ValidationError
from ekinerja_tutor.domain.fields import validate_text

SEED_ERROR_KEY: Final = "error.seed_data"
KEY_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*")
DOTTED_KEY_PATTERN: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")
CODE_PATTERN: Final = re.compile(r"[A-Z][A-Z0-9_]*")

_E = TypeVar("_E", bound=StrEnum)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = _Missing()


def seed_error(file: str, problem: str, where: str = "") -> ConfigError:
    """``ConfigError("error.seed_data")`` whose detail reads ``file: where: problem``."""
    detail = f"{file}: {where}: {problem}" if where else f"{file}: {problem}"
    return ConfigError(SEED_ERROR_KEY, detail=detail)


def read_toml(root: Path, relative: str) -> dict[str, Any]:
    """Parse ``root/relative``; a missing file or a syntax error names the file (and line)."""
    path = root / relative
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise seed_error(relative, "the file is missing") from None
    except OSError as exc:
        raise seed_error(relative, f"the file cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise seed_error(relative, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise seed_error(relative, f"TOML syntax error: {exc}") from None


def placeholders_in(text: str) -> set[str]:
    """Names of ``{placeholders}`` in a pattern; raises ValueError on a malformed brace."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime):
        return "a date with time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Table:
    """A TOML table being read: typed getters whose errors name ``file: where.key``."""

    def __init__(self, data: Any, file: str, where: str = "") -> None:
        if not isinstance(data, dict):
            raise seed_error(file, f"expected a table, found {_type_name(data)}", where)
        self.data: dict[str, Any] = data
        self.file = file
        self.where = where

    # --- plumbing -----------------------------------------------------------------------------

    def path(self, key: str | None = None) -> str:
        if key is None:
            return self.where
        return f"{self.where}.{key}" if self.where else key

    def error(self, problem: str, key: str | None = None) -> ConfigError:
        return seed_error(self.file, problem, self.path(key))

    def renamed(self, where: str) -> Table:
        """The same table, reported under a friendlier name (e.g. ``person 'ani'``)."""
        return Table(self.data, self.file, where)

    def has(self, key: str) -> bool:
        return key in self.data

    def known(self, *keys: str) -> None:
        """Refuse keys outside ``keys`` (typos in hand-edited files)."""
        unknown = sorted(set(self.data) - set(keys))
        if unknown:
            raise self.error(
                f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(keys))})",
            )

    def _get(self, key: str, default: Any) -> Any:
        if key in self.data:
            return self.data[key]
        if default is MISSING:
            raise self.error("this key is required", key)
        return default

    def _wrong(self, key: str, expected: str, value: Any) -> ConfigError:
        return self.error(f"expected {expected}, found {_type_name(value)} {value!r}", key)

    # --- scalars ------------------------------------------------------------------------------

    def text(self, key: str, *, field: str | None = None, default: Any = MISSING) -> str:
        """Non-blank text; with ``field`` it must also pass that form field's rules."""
        value = self._get(key, default)
        if not isinstance(value, str):
            raise self._wrong(key, "text", value)
        return self.check_text(key, value, field)

    def opt_text(self, key: str, *, field: str | None = None) -> str | None:
        if key not in self.data:
            return None
        return self.text(key, field=field)

    def check_text(self, key: str, value: str, field: str | None) -> str:
        if field is not None:
            try:
                validate_text(field, value)
            except ValidationError as exc:
                raise self.error(exc.render("en"), key) from None
        elif not value.strip():
            raise self.error("must not be empty", key)
        return value

    def integer(self, key: str, *, minimum: int, maximum: int, default: Any = MISSING) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(key, "a whole number", value)
        if not minimum <= value <= maximum:
            raise self.error(f"{value} is outside {minimum}–{maximum}", key)
        return value

    def number(self, key: str, *, minimum: float, maximum: float, default: Any = MISSING) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._wrong(key, "a number", value)
        if not minimum <= value <= maximum:
            raise self.error(f"{value} is outside {minimum}–{maximum}", key)
        return float(value)

    def boolean(self, key: str, *, default: Any = MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false", value)
        return value

    def choice(self, key: str, enum: type[_E], *, default: Any = MISSING) -> _E:
        value = self._get(key, default)
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            choices = ", ".join(member.value for member in enum)
            raise self.error(f"{value!r} is not one of: {choices}", key) from None

    def one_of(self, key: str, choices: Iterable[str], *, default: Any = MISSING) -> str:
        value = self._get(key, default)
        allowed = tuple(choices)
        if not isinstance(value, str) or value not in allowed:
            raise self.error(f"{value!r} is not one of: {', '.join(allowed)}", key)
        return value

    def day(self, key: str, *, default: Any = MISSING) -> date:
        value = self._get(key, default)
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self._wrong(key, "a date such as 2026-03-31 (no quotes)", value)
        return value

    def pattern(self, key: str, regex: re.Pattern[str], hint: str) -> str:
        value = self.text(key)
        if not regex.fullmatch(value):
            raise self.error(f"{value!r} is not a valid {hint}", key)
        return value

    # --- collections --------------------------------------------------------------------------

    def array(self, key: str, *, default: Any = MISSING) -> list[Any]:
        value = self._get(key, default)
        if not isinstance(value, list):
            raise self._wrong(key, "a list [ … ]", value)
        return value

    def text_list(
        self,
        key: str,
        *,
        field: str | None = None,
        min_items: int = 1,
        max_items: int = 1000,
        default: Any = MISSING,
    ) -> tuple[str, ...]:
        items = self.array(key, default=default)
        if not min_items <= len(items) <= max_items:
            raise self.error(f"needs {min_items}–{max_items} items, found {len(items)}", key)
        result: list[str] = []
        for index, item in enumerate(items):
            item_key = f"{key}[{index}]"
            if not isinstance(item, str):
                raise self._wrong(item_key, "text", item)
            result.append(self.check_text(item_key, item, field))
        return tuple(result)

    def int_range(self, key: str, *, minimum: int, maximum: int) -> tuple[int, int]:
        """A ``[low, high]`` pair of whole numbers with ``minimum <= low <= high <= maximum``."""
        items = self.array(key)
        if len(items) != 2 or any(isinstance(i, bool) or not isinstance(i, int) for i in items):
            raise self.error(f"expected [low, high] whole numbers, found {items!r}", key)
        low, high = items
        if not minimum <= low <= high <= maximum:
            raise self.error(
                f"[{low}, {high}] must satisfy {minimum} ≤ low ≤ high ≤ {maximum}", key
            )
        return low, high

    def table(self, key: str, *, default: Any = MISSING) -> Table:
        return Table(self._get(key, default), self.file, self.path(key))

    def tables(self, key: str, *, min_items: int = 0, default: Any = MISSING) -> list[Table]:
        """An array of tables (``[[key]]``), each reported as ``key[index]``."""
        items = self.array(key, default=default)
        if len(items) < min_items:
            raise self.error(f"needs at least {min_items} entries, found {len(items)}", key)
        return [
            Table(item, self.file, self.path(f"{key}[{index}]")) for index, item in enumerate(items)
        ]

    def sub_tables(self, key: str, *, default: Any = MISSING) -> dict[str, Table]:
        """A table of tables (``[key.name]``), each reported as ``key.name``."""
        outer = self.table(key, default=default)
        return {name: outer.table(name) for name in outer.data}


def check_placeholders(table: Table, key: str, text: str, allowed: Iterable[str]) -> None:
    """Refuse ``{names}`` outside ``allowed`` and malformed braces in a text pattern."""
    allowed_set = set(allowed)
    try:
        names = placeholders_in(text)
    except ValueError as exc:
        raise table.error(f"bad braces in {text!r} ({exc})", key) from None
    unknown = sorted(names - allowed_set)
    if unknown:
        raise table.error(
            f"unknown placeholder {{{unknown[0]}}} (allowed: "
            + ", ".join(f"{{{name}}}" for name in sorted(allowed_set))
            + ")",
            key,
        )
