"""``ekinerja-tutor lessons check``: one line per problem, exit 1; a summary and 0 when clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekinerja_tutor.cli import main
from tests.lessons.helpers import lesson_text, write, write_pair


def test_shipped_lessons_check_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "lessons", "check"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].endswith("checked: no problems.")


def test_a_broken_local_folder_exits_1_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pair(tmp_path, "progres_harian")  # overrides the shipped lesson: a translation pair
    write(tmp_path, "en", "baru", lesson_text("baru", steps=(("A", "skp status=SENT"),)))
    write(tmp_path, "id", "baru", "# no front matter\n")
    assert main(["--lang", "en", "lessons", "check", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert (
        f"{tmp_path / 'en' / 'baru.md'}:18: argument 'status': 'SENT' is not one of: " in (lines[0])
    )
    assert lines[1] == (
        f"{tmp_path / 'id' / 'baru.md'}:1: front matter missing: the file must start with a "
        "line '---', then 'key: value' lines, then a line '---'"
    )
    assert len(lines) == 2
    assert "2 problem(s)" in captured.err


def test_path_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "lessons", "check", str(tmp_path / "nope")]) == 2
    assert "is not a lessons folder" in capsys.readouterr().err
