"""Reading trainee files as spreadsheets export them (no database)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest

from ekinerja_tutor.content.office import OfficeData, load_office
from ekinerja_tutor.services.training_import import parse_trainees, persona_for

GOOD = [
    ("Budi Santoso", "19800101 200501 1 001", "Kabid"),
    ("Siti Aminah", "198202022006042002", "Pengadministrasi Perkantoran"),
    ("Dra. Ratna Sari, M.Si.", "'198303032007012003", ""),
]


def _file(
    rows: Iterable[Sequence[str]],
    delimiter: str = ";",
    encoding: str = "utf-8",
    header: Sequence[str] = ("Nama", "NIP", "Jabatan"),
) -> bytes:
    lines = [delimiter.join(header)]
    for row in rows:
        cells = [f'"{c}"' if delimiter in c else c for c in row]
        lines.append(delimiter.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture(scope="module")
def office() -> OfficeData:
    return load_office()


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters_are_sniffed(office: OfficeData, delimiter: str) -> None:
    parsed = parse_trainees(_file(GOOD, delimiter), office)
    assert parsed.problems == ()
    assert parsed.delimiter == delimiter
    assert [r.nip for r in parsed.rows] == [
        "198001012005011001",
        "198202022006042002",
        "198303032007012003",
    ]
    assert parsed.rows[2].name == "Dra. Ratna Sari, M.Si."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-8"])
def test_encodings_as_spreadsheets_save(office: OfficeData, encoding: str) -> None:
    rows = [("Sé Kurniawan – Ñoña", "198001012005011001", "")]
    parsed = parse_trainees(_file(rows, encoding=encoding), office)
    assert parsed.problems == ()
    assert parsed.rows[0].name == "Sé Kurniawan – Ñoña"
    assert parsed.encoding == ("utf-8-sig" if encoding != "cp1252" else "cp1252")


def test_english_headers_and_other_column_order(office: OfficeData) -> None:
    data = _file(
        [("198001012005011001", "Budi", "Kasubag Keuangan")],
        header=("Employee ID", "Full name", "Position"),
        delimiter=",",
    )
    # the header names decide which column is which, not their order
    parsed = parse_trainees(data, office)
    assert parsed.problems == ()
    assert parsed.rows[0].name == "Budi"
    assert parsed.rows[0].persona_key == "kasubag_keu"


def test_bad_rows_each_get_a_message_with_the_line(office: OfficeData) -> None:
    rows = [
        ("Budi", "198001012005011001", ""),
        ("Agus", "1.98E+17", ""),
        ("Dewi", "198001012005011001", ""),
        ("Eko", "12345", ""),
        ("", "198404042008011004", ""),
        ("Fajar", "19840404200801100X", ""),
    ]
    parsed = parse_trainees(_file(rows), office)
    got = {(p.line, p.column): p.message.render("en") for p in parsed.problems}
    assert set(got) == {(3, "nip"), (4, "nip"), (5, "nip"), (6, "name"), (7, "nip")}
    assert "Text" in got[(3, "nip")]
    assert "line 2" in got[(4, "nip")]
    assert "18" in got[(5, "nip")]
    assert [r.name for r in parsed.rows] == ["Budi"]


def test_missing_header_is_one_clear_problem(office: OfficeData) -> None:
    parsed = parse_trainees(b"Nama;Unit\nBudi;Umum\n", office)
    assert len(parsed.problems) == 1
    assert "nip" in parsed.problems[0].message.render("id").lower()
    assert parse_trainees(b"", office).problems[0].message.key == "trainer.import.empty"
    assert parse_trainees(b"Nama;NIP\n", office).problems[0].message.key == "trainer.import.no_rows"


def test_jabatan_gives_a_matching_persona(office: OfficeData) -> None:
    assert office.person(persona_for(office, "Kabid")[0]).jabatan.startswith("Kepala Bidang")
    assert office.person(persona_for(office, "Kasi")[0]).jabatan.startswith("Kepala Seksi")
    assert persona_for(office, "Sekretaris") == ("sekretaris", True)
    assert persona_for(office, "kepala dinas sosial") == ("kadis", True)
    key, matched = persona_for(office, "Analis Kebijakan Ahli Utama")
    assert not matched and key == persona_for(office, None)[0]
    parsed = parse_trainees(_file([("Budi", "198001012005011001", "Juru Masak")]), office)
    assert parsed.problems == () and len(parsed.notes) == 1
