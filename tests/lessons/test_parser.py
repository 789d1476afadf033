"""The lesson parser: front matter, steps, hints, checks and their source lines."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from ekinerja_tutor.content.lessons import CHECKS, SCREENS, parse_lesson, read_lesson
from ekinerja_tutor.content.lessons.checks import CheckLineError, parse_check_line
from ekinerja_tutor.domain.errors import ConfigError

GOOD = """---
id: contoh
title: "Contoh pelajaran"   # a comment
audience: [pegawai, atasan]
minutes: 12
needs: NIP dan kata sandi
scenario: base
prerequisites: [masuk_pertama]
screens: [daily_form]
order: 5
summary: Satu baris.
---
Pengantar singkat.

## Buka formulir

Pilih **Tambah**.

> Petunjuk: pertama
> baris kedua

> Kutipan biasa tetap di teks.

Di e-Kinerja asli: Progres Harian → Tambah

```check
screen_visited name=daily_form | Pilih Tambah.
  | Lalu tekan Enter.
# a comment line
daily_entry status=DRAFT,DIKIRIM date=2026-05-13 min=2
```

```hint
petunjuk kedua
```

## Kirim

Teks langkah dua.

```check
daily_entry status=DIKIRIM
```
"""


def test_a_good_lesson_keeps_everything_and_its_lines() -> None:
    lesson = parse_lesson(GOOD, "lessons/id/contoh.md")
    assert (lesson.id, lesson.lang, lesson.title) == ("contoh", "id", "Contoh pelajaran")
    assert lesson.audience == ("pegawai", "atasan")
    assert (lesson.minutes, lesson.order, lesson.scenario) == (12, 5, "base")
    assert lesson.prerequisites == ("masuk_pertama",)
    assert lesson.screens == ("daily_form",)
    assert lesson.needs == "NIP dan kata sandi"
    assert lesson.intro_markdown == "Pengantar singkat."
    assert lesson.line_of("scenario") == 7
    first, second = lesson.steps
    assert (first.title, first.line) == ("Buka formulir", 15)
    assert first.hints == ("pertama\nbaris kedua", "petunjuk kedua")
    assert first.real_system == "Progres Harian → Tambah"
    assert "Kutipan biasa" in first.body_markdown
    assert "Petunjuk" not in first.body_markdown and "```" not in first.body_markdown
    assert "Di e-Kinerja asli" not in first.body_markdown
    visit, entry = first.checks
    assert (visit.name, visit.line, dict(visit.args)) == (
        "screen_visited",
        27,
        {"name": "daily_form"},
    )
    assert visit.hint == "Pilih Tambah. Lalu tekan Enter."
    assert entry.line == 30 and entry.hint is None
    assert entry.args["status"] == ("DRAFT", "DIKIRIM")
    assert entry.args["date"] == dt.date(2026, 5, 13)
    assert entry.args["min"] == 2 and entry.args["by"] == "learner"  # defaults filled in
    assert second.checks[0].args["status"] == ("DIKIRIM",) and second.line == 37


def test_crlf_and_a_bom_are_fine() -> None:
    text = "\ufeff" + GOOD.replace("\n", "\r\n")
    assert parse_lesson(text, "lessons/id/contoh.md").steps[0].checks[0].line == 27


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("# Judul\n\n## Langkah\n", 1, "front matter missing"),
        ("---\nid: contoh\ntitle: x\n\n## Langkah\n", 1, "front matter is not closed"),
        (GOOD.replace("needs: NIP dan kata sandi\n", ""), 1, "required key 'needs'"),
        (GOOD.replace("order: 5", "colour: red"), 10, "unknown key 'colour'"),
        (GOOD.replace("minutes: 12", "minutes: dua belas"), 5, "'minutes'"),
        (GOOD.replace("audience: [pegawai, atasan]", "audience: semua"), 4, "'semua'"),
        (GOOD.replace("id: contoh", "id: lain"), 2, "file is named 'contoh.md'"),
        (GOOD.replace("screens: [daily_form]", "screens: [kantin]"), 9, "'kantin'"),
        (GOOD.replace("prerequisites: [masuk_pertama]", "prerequisites:\n  - a"), 9, "one line"),
        (GOOD.replace("daily_entry status=DIKIRIM\n", "dialy_entry\n"), 42, "unknown check"),
        (GOOD.replace("status=DIKIRIM\n", "status=SENT\n"), 42, "'SENT' is not one of"),
        (GOOD.replace("status=DIKIRIM\n", "colour=red\n"), 42, "no argument 'colour'"),
        (GOOD.replace("min=2", "min=0"), 30, "argument 'min'"),
        (GOOD.replace("screen_visited name=daily_form |", "|"), 27, "must follow a check"),
        (GOOD.replace("name=daily_form |", "|"), 27, "needs argument 'name'"),
        (GOOD.replace("name=daily_form |", "name=kantin |"), 27, "not a known screen"),
        (GOOD.replace("name=daily_form |", "name=help name=otp |"), 27, "given twice"),
        (GOOD.replace("name=daily_form |", 'name="daily |'), 27, "close the quotes"),
        (
            GOOD.replace("```check\ndaily_entry status=DIKIRIM\n```", "Tidak ada cek."),
            37,
            "has no check",
        ),
        (
            GOOD.replace("```check\ndaily_entry status=DIKIRIM\n```", "```check\ndaily_entry"),
            41,
            "not closed",
        ),
        (GOOD.replace("## Kirim", "Kirim\n---"), 37, "step heading"),
        (GOOD.replace("```hint", "```cek"), 33, "did you mean"),
        (
            "---\nid: contoh\ntitle: x\naudience: pegawai\nminutes: 1\nneeds: x\nscenario: base\n"
            "---\nTanpa langkah.\n",
            9,
            "no steps",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)
def test_broken_lessons_say_where(text: str, line: int, fragment: str) -> None:
    _, problems = read_lesson(text, "lessons/id/contoh.md")
    assert problems, "expected a problem"
    assert any(p.line == line and fragment in p.message for p in problems), problems
    assert all(p.file == "lessons/id/contoh.md" for p in problems)


def test_parse_lesson_raises_with_file_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_lesson(GOOD.replace("status=DIKIRIM\n", "status=SENT\n"), "lessons/en/contoh.md")
    assert caught.value.key == "error.lesson_data"
    assert caught.value.params["detail"].startswith("lessons/en/contoh.md:42: argument 'status'")
    assert "lessons/en/contoh.md:42" in caught.value.render("en")


def test_a_file_outside_a_language_folder_is_refused() -> None:
    _, problems = read_lesson(GOOD, "lessons/contoh.md")
    assert problems[0].line == 0 and "language folder" in problems[0].message


def test_check_lines_fill_defaults_and_validate() -> None:
    name, args, hint = parse_check_line('recap status=any quarter=2 | "Ajukan" | sekali')
    assert (name, args, hint) == ("recap", {"status": (), "quarter": 2}, '"Ajukan" | sekali')
    with pytest.raises(CheckLineError, match="needs argument 'status'"):
        parse_check_line("recap quarter=previous")
    with pytest.raises(CheckLineError, match="expected key=value"):
        parse_check_line("rhk 3")
    with pytest.raises(CheckLineError, match="listed twice"):
        parse_check_line("skp status=DRAFT,DRAFT")


def test_every_check_and_screen_is_documented_and_usable() -> None:
    for definition in CHECKS.values():
        assert definition.summary and definition.reads
        required = {k: "help" for k, spec in definition.args.items() if spec.required}
        line = " ".join([definition.name, *(f"{k}={v}" for k, v in required.items())])
        if definition.name == "language_is":
            line = "language_is lang=en"
        if definition.name == "recap":
            line = "recap status=VALID"
        assert parse_check_line(line)[0] == definition.name
        assert definition.usage().startswith(definition.name)
    assert {"login", "otp", "daily_form", "review_inbox", "ticket_new"} <= set(SCREENS)


def test_the_parser_stays_pure() -> None:
    """Lesson files can be checked without a database or a terminal UI."""
    code = (
        "import sys\n"
        "import ekinerja_tutor.content.lessons\n"
        "import ekinerja_tutor.content.lessons.parser\n"
        "bad = sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('sqlalchemy', 'textual', 'rich', 'alembic'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
