"""Writing small lesson files for parser and validator tests."""

from __future__ import annotations

from pathlib import Path

FRONT = """---
id: {id}
title: {title}
audience: pegawai
minutes: 5
needs: Tidak ada.
scenario: {scenario}
prerequisites: [{prerequisites}]
---
"""

STEP = """
## {title}

Buka layarnya.

> Petunjuk: petunjuk pertama

```check
{checks}
```
"""


def lesson_text(
    lesson_id: str = "contoh",
    *,
    title: str = "Contoh",
    scenario: str = "base",
    prerequisites: str = "",
    steps: tuple[tuple[str, str], ...] = (("Langkah satu", "screen_visited name=help"),),
) -> str:
    text = FRONT.format(id=lesson_id, title=title, scenario=scenario, prerequisites=prerequisites)
    for step_title, checks in steps:
        text += STEP.format(title=step_title, checks=checks)
    return text


def write(root: Path, lang: str, name: str, text: str) -> Path:
    folder = root / lang
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def write_pair(root: Path, name: str, **kwargs: object) -> None:
    """The same lesson in both languages (the text itself does not matter to the checks)."""
    for lang in ("id", "en"):
        write(root, lang, name, lesson_text(name, **kwargs))  # type: ignore[arg-type]
