"""What a parsed lesson is: frozen dataclasses that keep the source file and line numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a lesson file; shown as ``file:line: message``.

    ``line`` is 1-based; 0 means the problem concerns the file (or folder) as a whole.
    """

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class CheckSpec:
    """One declarative check of a step, as written in a ```check``` block.

    Attributes:
        name: a key of :data:`~ekinerja_tutor.content.lessons.checks.CHECKS`.
        args: validated arguments with the defaults filled in (typed, see ``ArgSpec.parse``).
        hint: the lesson's own hint for when this check fails (after ``|``), if any.
        line: 1-based line of the check in the lesson file.
        source: the check as written (without its hint).
    """

    name: str
    args: Mapping[str, Any]
    hint: str | None
    line: int
    source: str = ""


@dataclass(frozen=True)
class Step:
    """A ``##`` section: one action for the learner.

    Attributes:
        title: the heading text.
        body_markdown: the instructions, with hints, checks and the real-system line removed.
        hints: hints in the order they are revealed.
        checks: at least one in a valid lesson.
        real_system: where the same action lives in the real e-Kinerja ("menu → button").
        line: 1-based line of the heading.
    """

    title: str
    body_markdown: str
    hints: tuple[str, ...]
    checks: tuple[CheckSpec, ...]
    real_system: str | None
    line: int


@dataclass(frozen=True)
class Lesson:
    """One lesson in one language (``lessons/<lang>/<id>.md``)."""

    id: str
    lang: str
    title: str
    audience: tuple[str, ...]
    minutes: int
    prerequisites: tuple[str, ...]
    scenario: str
    steps: tuple[Step, ...]
    needs: str = ""
    summary: str = ""
    screens: tuple[str, ...] = ()
    order: int = 100
    intro_markdown: str = ""
    path: str = ""
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    """1-based line of each front-matter key (for problems found across files)."""

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)
