"""Reading one lesson file (Markdown with front matter) into a :class:`Lesson`.

The format is documented for office staff in ``lessons/README.md``. In short::

    ---
    id: progres_harian            # = the file name; the same in lessons/id/ and lessons/en/
    title: Mengisi progres harian
    audience: pegawai             # or a list: [pegawai, atasan]
    minutes: 15
    needs: NIP dan kata sandi Anda
    scenario: base                # a scenario of sandbox_data/scenarios/
    prerequisites: [mengenal_layar]
    ---
    Introduction …

    ## One step = one action
    Instructions …
    > Petunjuk: the first hint (revealed one at a time, in order)
    Di e-Kinerja asli: Kinerja → Progres Harian → Tambah
    ```check
    daily_entry status=DIKIRIM date=today | the hint when this check fails
    ```

Front matter is a small YAML-like subset read here (``key: value``, lists as ``[a, b]``), so the
same ``---`` block is hidden by mdit-py-plugins' ``front_matter_plugin`` in a Markdown viewer
(:func:`markdown_parser`). Steps are found with markdown-it-py; every problem keeps its source
line. Pure: standard library, markdown-it-py, mdit-py-plugins, domain and i18n only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ekinerja_tutor.content.lessons.checks import (
    AUDIENCES,
    CHECKS,
    SCREENS,
    CheckLineError,
    parse_check_line,
)
from ekinerja_tutor.content.lessons.model import CheckSpec, Lesson, Problem, Step
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.i18n import LANGUAGES

FENCE: Final = "---"
REQUIRED_KEYS: Final = ("id", "title", "audience", "minutes", "needs", "scenario")
OPTIONAL_KEYS: Final = ("prerequisites", "screens", "order", "summary")
LIST_KEYS: Final = frozenset({"audience", "prerequisites", "screens"})
MAX_MINUTES: Final = 180
LESSON_ID: Final = re.compile(r"[a-z][a-z0-9_]*")
HINT_LABEL: Final = re.compile(r"\s*(petunjuk|hint)\s*:\s*", re.IGNORECASE)
REAL_SYSTEM_LABEL: Final = re.compile(
    r"\s*(di e-kinerja asli|in the real e-kinerja)\s*:\s*", re.IGNORECASE
)
CHECK_INFO: Final = "check"
HINT_INFO: Final = "hint"
_NEAR_MISS_INFO: Final = ("checks", "cek", "periksa", "hints", "petunjuk")
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*)")
LESSON_ERROR_KEY: Final = "error.lesson_data"


def markdown_parser() -> MarkdownIt:
    """The parser lessons are read with; a viewer can use it as its parser factory.

    CommonMark with tables, raw HTML off, and ``---`` front matter hidden (as frogmouth does).
    """
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    front_matter_plugin(md)
    return md


def parse_lesson(text: str, path: str | Path, *, lang: str | None = None) -> Lesson:
    """Parse one lesson; ``lang`` defaults to the folder name (``id`` or ``en``).

    Raises:
        ConfigError: ``error.lesson_data`` whose detail is ``file:line: message`` (the first
            problem); :func:`read_lesson` collects every problem instead.
    """
    lesson, problems = read_lesson(text, path, lang=lang)
    if problems or lesson is None:
        first = problems[0] if problems else Problem(str(path), 0, "unreadable")
        raise ConfigError(LESSON_ERROR_KEY, detail=str(first))
    return lesson


def read_lesson(
    text: str, path: str | Path, *, lang: str | None = None
) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson and collect every problem (sorted by line).

    The lesson is returned whenever its front matter could be read, even with problems in
    its steps, so cross-file checks can still look at it; use it only when no problem is
    reported.
    """
    reader = _Reader(str(path), Path(path).stem, lang or Path(path).parent.name)
    lesson = reader.read(text.replace("\r\n", "\n").removeprefix("\ufeff"))
    return lesson, sorted(reader.problems, key=lambda p: p.line)


def read_lesson_file(
    path: Path, *, shown_as: str | None = None
) -> tuple[Lesson | None, list[Problem]]:
    """:func:`read_lesson` on a file; unreadable files become a problem too."""
    name = shown_as or str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(name, 0, f"not UTF-8 text (bad byte at offset {exc.start})")]
    except OSError as exc:
        return None, [Problem(name, 0, f"the file cannot be read ({exc.strerror})")]
    lesson, problems = read_lesson(text, path)
    if shown_as is not None:
        problems = [Problem(name, p.line, p.message) for p in problems]
        if lesson is not None:
            lesson = replace(lesson, path=name)
    return lesson, problems


# --- the reader --------------------------------------------------------------------------------


@dataclass
class _StepParts:
    title: str
    line: int
    start: int  # 0-based first body line (after the heading)
    end: int = 0  # 0-based line after the step
    hints: list[str] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    real_system: str | None = None
    excluded: list[tuple[int, int]] = field(default_factory=list)
    broken_fence: bool = False


class _Reader:
    def __init__(self, file: str, stem: str, lang: str) -> None:
        self.file = file
        self.stem = stem
        self.lang = lang
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    # -- the whole file --------------------------------------------------------------------------

    def read(self, text: str) -> Lesson | None:
        if self.lang not in LANGUAGES:
            self.problem(0, f"lesson files go in a language folder: {', '.join(LANGUAGES)}")
        lines = text.split("\n")
        if not lines or lines[0].rstrip() != FENCE:
            self.problem(
                1,
                "front matter missing: the file must start with a line '---', "
                "then 'key: value' lines, then a line '---'",
            )
            return None
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
        if close is None:
            self.problem(1, "front matter is not closed: add a line '---' after the last key")
            return None
        meta, meta_lines = self.front_matter(lines[1:close])
        if meta is None:
            return None
        body = [""] * (close + 1) + lines[close + 1 :]
        intro, steps = self.body(body, close + 1)
        return Lesson(
            id=meta["id"],
            lang=self.lang,
            title=meta["title"],
            audience=meta["audience"],
            minutes=meta["minutes"],
            prerequisites=meta.get("prerequisites", ()),
            scenario=meta["scenario"],
            steps=steps,
            needs=meta["needs"],
            summary=meta.get("summary", ""),
            screens=meta.get("screens", ()),
            order=meta.get("order", 100),
            intro_markdown=intro,
            path=self.file,
            lines=MappingProxyType(meta_lines),
        )

    # -- front matter ----------------------------------------------------------------------------

    def front_matter(self, raw_lines: list[str]) -> tuple[dict[str, Any] | None, dict[str, int]]:
        raw: dict[str, tuple[str, int]] = {}
        allowed = (*REQUIRED_KEYS, *OPTIONAL_KEYS)
        for offset, text in enumerate(raw_lines):
            line = offset + 2
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if text[:1].isspace() or stripped.startswith("- "):
                self.problem(line, "write a list on one line, e.g. 'prerequisites: [a, b]'")
                continue
            match = _KEY_LINE.fullmatch(_drop_comment(stripped))
            if match is None:
                self.problem(line, f"expected 'key: value', found '{stripped}'")
                continue
            key, value = match.group(1), match.group(2).strip()
            if key not in allowed:
                self.problem(line, f"unknown key '{key}' (allowed: {', '.join(allowed)})")
                continue
            if key in raw:
                self.problem(line, f"key '{key}' is given twice")
                continue
            raw[key] = (value, line)
        lines = {key: line for key, (_, line) in raw.items()}
        missing = [key for key in REQUIRED_KEYS if key not in raw]
        for key in missing:
            self.problem(1, f"front matter: required key '{key}' is missing")
        if missing:
            return None, lines
        meta: dict[str, Any] = {}
        for key, (value, line) in raw.items():
            parsed = self.meta_value(key, value, line)
            if parsed is not None:
                meta[key] = parsed
        if any(key not in meta for key in REQUIRED_KEYS):
            return None, lines
        return meta, lines

    def meta_value(self, key: str, value: str, line: int) -> Any:
        if key in LIST_KEYS:
            items = _list_value(value)
            if items is None:
                self.problem(line, f"'{key}': write a list as [a, b], found '{value}'")
                return None
            return self.list_items(key, items, line)
        text = _unquote(value)
        if key in ("minutes", "order"):
            high = MAX_MINUTES if key == "minutes" else 9999
            if not re.fullmatch(r"\d{1,4}", text) or not 1 <= int(text) <= high:
                self.problem(line, f"'{key}': expected a whole number 1–{high}, found '{value}'")
                return None
            return int(text)
        if not text:
            self.problem(line, f"'{key}' is empty")
            return None
        if key == "id":
            if not LESSON_ID.fullmatch(text):
                self.problem(line, f"'id': use lower-case letters, digits and _ , found '{text}'")
                return None
            if text != self.stem:
                self.problem(line, f"'id' is '{text}' but the file is named '{self.stem}.md'")
                return None
        if key == "scenario" and not LESSON_ID.fullmatch(text):
            self.problem(line, f"'scenario': '{text}' is not a scenario name")
            return None
        return text

    def list_items(self, key: str, items: list[str], line: int) -> tuple[str, ...] | None:
        if key == "audience":
            if not items:
                self.problem(line, f"'audience' is empty (choose from {', '.join(AUDIENCES)})")
                return None
            bad = [item for item in items if item not in AUDIENCES]
            if bad:
                self.problem(line, f"'audience': '{bad[0]}' is not one of {', '.join(AUDIENCES)}")
                return None
        elif key == "screens":
            bad = [item for item in items if item not in SCREENS]
            if bad:
                self.problem(line, f"'screens': '{bad[0]}' is not a known screen")
                return None
        else:
            for item in items:
                if not LESSON_ID.fullmatch(item):
                    self.problem(line, f"'prerequisites': '{item}' is not a lesson id")
                    return None
                if item == self.stem:
                    self.problem(line, "'prerequisites': a lesson cannot require itself")
                    return None
        if len(set(items)) != len(items):
            self.problem(line, f"'{key}': an item is listed twice")
            return None
        return tuple(items)

    # -- the body --------------------------------------------------------------------------------

    def body(self, lines: list[str], first_body_line: int) -> tuple[str, tuple[Step, ...]]:
        tokens = markdown_parser().parse("\n".join(lines))
        steps: list[_StepParts] = []
        intro_end = len(lines)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.level != 0 or token.map is None or token.nesting == -1:
                index += 1
                continue
            start, end = token.map
            if token.type == "heading_open" and token.tag == "h2":
                title = " ".join(tokens[index + 1].content.split())
                if token.markup != "##":
                    self.problem(
                        start + 1,
                        "a line '---' under text makes a step heading; leave an empty line "
                        "before '---', or start the step with '## '",
                    )
                if not title:
                    self.problem(start + 1, "the step has no title after '## '")
                if steps:
                    steps[-1].end = start
                else:
                    intro_end = start
                steps.append(_StepParts(title, start + 1, end))
            elif steps:
                self.block(tokens, index, steps[-1], lines)
            index += 1
        if not steps:
            self.problem(
                first_body_line + 1 if first_body_line < len(lines) else 1,
                "the lesson has no steps: start each step with a line '## <title>'",
            )
            return _text(lines[first_body_line:intro_end]), ()
        steps[-1].end = len(lines)
        built = tuple(self.step(parts, lines) for parts in steps)
        return _text(lines[first_body_line:intro_end]), built

    def block(self, tokens: list[Token], index: int, step: _StepParts, lines: list[str]) -> None:
        token = tokens[index]
        assert token.map is not None
        start, end = token.map
        if token.type == "fence":
            info = token.info.strip().split(" ", 1)[0].lower()
            if info in (CHECK_INFO, HINT_INFO) and not _fence_closed(token, lines):
                self.problem(
                    start + 1,
                    f"the ```{info} block is not closed: add a line {token.markup} after it",
                )
                step.broken_fence = True
                step.excluded.append((start, end))
                return
            if info == CHECK_INFO:
                self.check_block(token, step)
                step.excluded.append((start, end))
            elif info == HINT_INFO:
                hint = token.content.strip()
                if not hint:
                    self.problem(start + 1, "the hint block is empty")
                else:
                    step.hints.append(hint)
                step.excluded.append((start, end))
            elif info in _NEAR_MISS_INFO:
                self.problem(
                    start + 1, f"unknown block '{info}': did you mean ```check or ```hint?"
                )
        elif token.type == "blockquote_open":
            first = _first_inline(tokens, index)
            if first is not None and HINT_LABEL.match(first.content):
                quoted = [_unquote_line(lines[n]) for n in range(start, end)]
                hint = HINT_LABEL.sub("", "\n".join(quoted), count=1).strip()
                if not hint:
                    self.problem(start + 1, "the hint is empty: write it after 'Petunjuk:'")
                else:
                    step.hints.append(hint)
                step.excluded.append((start, end))
        elif token.type == "paragraph_open":
            inline = tokens[index + 1]
            match = REAL_SYSTEM_LABEL.match(inline.content)
            if match is not None:
                where = " ".join(inline.content[match.end() :].split())
                if step.real_system is not None:
                    self.problem(start + 1, "only one 'Di e-Kinerja asli:' line per step")
                elif not where:
                    self.problem(start + 1, "say where it is: 'Di e-Kinerja asli: Menu → Tombol'")
                else:
                    step.real_system = where
                step.excluded.append((start, end))

    def check_block(self, token: Token, step: _StepParts) -> None:
        assert token.map is not None
        first_line = token.map[0] + 2
        for offset, raw in enumerate(token.content.split("\n")):
            line = first_line + offset
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            if text.startswith("|"):
                extra = " ".join(text[1:].split())
                if not step.checks:
                    self.problem(line, "a hint line (|) must follow a check")
                elif extra:
                    previous = step.checks[-1]
                    previous["hint"] = f"{previous['hint']} {extra}".strip()
                continue
            try:
                name, args, hint = parse_check_line(text)
            except CheckLineError as exc:
                self.problem(line, str(exc))
                step.checks.append({"broken": True, "hint": ""})
                continue
            source = text.split("|", 1)[0].strip() if hint else text
            step.checks.append(
                {"name": name, "args": args, "hint": hint or "", "line": line, "source": source}
            )

    def step(self, parts: _StepParts, lines: list[str]) -> Step:
        checks = tuple(
            CheckSpec(
                name=c["name"],
                args=MappingProxyType(c["args"]),
                hint=c["hint"] or None,
                line=c["line"],
                source=c["source"],
            )
            for c in parts.checks
            if not c.get("broken")
        )
        if not parts.checks and not parts.broken_fence:
            self.problem(
                parts.line,
                f"step '{parts.title}' has no check: add a ```check block with at least one "
                f"check (known: {', '.join(CHECKS)})",
            )
        kept = [
            lines[n]
            for n in range(parts.start, parts.end)
            if not any(a <= n < b for a, b in parts.excluded)
        ]
        return Step(
            title=parts.title,
            body_markdown=_text(kept),
            hints=tuple(parts.hints),
            checks=checks,
            real_system=parts.real_system,
            line=parts.line,
        )


# --- small helpers -----------------------------------------------------------------------------


def _drop_comment(text: str) -> str:
    """``key: value  # note`` → ``key: value`` (a ``#`` inside quotes stays)."""
    quote: str | None = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1].isspace()):
            return text[:index].rstrip()
    return text


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def _list_value(value: str) -> list[str] | None:
    """``[a, b]`` → ``["a", "b"]``; a single bare word is a one-item list."""
    value = value.strip()
    if value.startswith("["):
        if not value.endswith("]"):
            return None
        inner = value[1:-1].strip()
        if not inner:
            return []
        items = [_unquote(item) for item in inner.split(",")]
        return None if any(not item for item in items) else items
    word = _unquote(value)
    return [word] if word and "," not in word and " " not in word else None


def _unquote_line(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith(">"):
        stripped = stripped[1:]
        if stripped.startswith(" "):
            stripped = stripped[1:]
    return stripped


def _first_inline(tokens: list[Token], index: int) -> Token | None:
    """The first inline token inside the top-level block opened at ``index``."""
    for token in tokens[index + 1 :]:
        if token.level == 0:
            return None
        if token.type == "inline":
            return token
    return None


def _fence_closed(token: Token, lines: list[str]) -> bool:
    assert token.map is not None
    start, end = token.map
    last = end - 1
    return last > start and lines[last].strip().startswith(token.markup)


def _text(lines: list[str]) -> str:
    """Join lines, trim empty lines at both ends and squeeze runs of empty lines to one."""
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)
