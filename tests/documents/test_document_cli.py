"""``ekinerja-tutor document evaluasi|recap``: files where it says, bad input as one line."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from ekinerja_tutor.cli import main
from ekinerja_tutor.settings import ENV_HOME
from tests.integration.conftest import Built, built_sqlite  # noqa: F401  (fixture)


@pytest.fixture
def db(built_sqlite: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    shutil.copy(built_sqlite.home / "tutor.db", tmp_path / "tutor.db")
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    monkeypatch.delenv("EKINERJA_TUTOR_LANG", raising=False)
    return f"sqlite:///{tmp_path}/tutor.db"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def saved_path(out: str) -> Path:
    line = out.strip().splitlines()[-1]
    assert line.startswith(("Dokumen disimpan: ", "Document saved: ")), line
    return Path(line.split(": ", 1)[1])


def test_evaluasi_pdf_lands_in_the_documents_folder(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys,
        "--db",
        db,
        "document",
        "evaluasi",
        "darto",
        "--year",
        "2026",
        "--quarter",
        "1",
        "--format",
        "pdf",
    )
    assert (code, err) == (0, "")
    path = saved_path(out)
    assert path.parent == (tmp_path / "home" / "documents").resolve()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    assert "Sudarto" in text and "Hendra Gunawan, S.Sos., M.AP." in text
    assert "Predikat Kinerja Pegawai : Baik" in text


def test_out_may_be_a_file_or_a_folder(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    target = tmp_path / "cetak" / "evaluasi.html"
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "--lang",
        "en",
        "document",
        "evaluasi",
        "darto",
        "--annual",
        "--format",
        "html",
        "--out",
        str(target),
    )
    assert code == 0 and saved_path(out) == target.resolve()
    assert "EMPLOYEE PERFORMANCE EVALUATION DOCUMENT" in target.read_text(encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "document",
        "recap",
        "darto",
        "--month",
        "2026-04",
        "--format",
        "csv",
        "--out",
        str(folder),
    )
    assert code == 0
    path = saved_path(out)
    assert path.parent == folder.resolve() and path.name.endswith("_2026-04.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "No" and len(rows) > 3


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("evaluasi", "darto", "--quarter", "2"), "belum dinilai"),
        (("evaluasi", "darto", "--quarter", "5"), "Tulis 1, 2, 3 atau 4"),
        (("evaluasi", "darto", "--year", "dua", "--quarter", "1"), "empat angka"),
        (("evaluasi", "darto", "--quarter", "1", "--format", "xlsx"), "pdf, html"),
        (("recap", "darto", "--week", "2026-02-30"), "Tanggal tidak valid"),
        (("recap", "darto", "--month", "2026-13"), "--month 2026-05"),
        (("recap", "darto", "--month", "Mei"), "--month 2026-05"),
        (("recap", "darto", "--month", "2026-09"), "Kirim progres harian"),
        (("recap", "darto", "--week", "2026-05-11", "--format", "docx"), "csv, xlsx"),
        (("recap", "nobody.here", "--week", "2026-05-11"), "nobody.here"),
    ],
)
def test_bad_input_is_one_translated_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], db: str, argv: tuple[str, ...], expected: str
) -> None:
    code, out, err = run(capsys, "--db", db, "document", *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert expected in err


def test_unwritable_out_is_a_message_too(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run(
        capsys,
        "--db",
        db,
        "document",
        "recap",
        "darto",
        "--week",
        "2026-05-11",
        "--out",
        str(blocker / "sub" / "x.pdf"),
    )
    assert code == 2 and "--out" in err and len(err.strip().splitlines()) == 1
