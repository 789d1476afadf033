"""Reading a trainee list as spreadsheet programs export it (pure: no database).

Spreadsheets in Indonesian locale settings save CSV with ``;`` (the comma is the decimal
mark), older Excel saves cp1252, newer saves UTF-8 with a byte-order mark, LibreOffice may
use tabs. Header names come in Indonesian or English. Every problem is reported per row
with the file's line number, as a catalog message; nothing is decided here about accounts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ekinerja_tutor.content.office import OfficeData, PersonData
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.fields import validate_nip, validate_text
from ekinerja_tutor.i18n import Msg

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
DELIMITERS = ";,\t"
MAX_ROWS = 500

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("nama", "nama lengkap", "nama pegawai", "nama peserta", "name", "full name"),
    "nip": ("nip", "nip pegawai", "nip baru", "no nip", "nomor induk pegawai", "employee id"),
    "jabatan": ("jabatan", "nama jabatan", "position", "job title", "jabatan pegawai"),
}

_ABBREVIATIONS = {
    "kabid": "kepala bidang",
    "kasubag": "kepala subbagian",
    "kasubbag": "kepala subbagian",
    "kasi": "kepala seksi",
    "kasie": "kepala seksi",
    "kadis": "kepala dinas",
    "kadin": "kepala dinas",
    "sekdis": "sekretaris",
}
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE]\+?\d+$")


@dataclass(frozen=True)
class RowProblem:
    """One problem in the file: the line (1 = header), the column, and what is wrong."""

    line: int
    column: str
    message: Msg


@dataclass(frozen=True)
class TraineeRow:
    """One good row: the trainee's name and NIP, the jabatan given and the persona chosen."""

    line: int
    name: str
    nip: str
    jabatan: str | None
    persona_key: str
    persona_matched: bool
    """False when a jabatan was given but no office person matched (default persona used)."""


@dataclass(frozen=True)
class ParsedFile:
    encoding: str
    delimiter: str
    rows: tuple[TraineeRow, ...]
    problems: tuple[RowProblem, ...]
    notes: tuple[RowProblem, ...] = field(default=())
    """Warnings that do not stop the import (e.g. jabatan without a matching persona)."""


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding that read it (UTF-8 with or without BOM, cp1252, Latin-1)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def sniff_delimiter(text: str) -> str:
    """``;``, ``,`` or tab, from the header line (the one with the most of them wins)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _header_key(cell: str) -> str | None:
    clean = " ".join(cell.strip().strip("\ufeff").replace("_", " ").replace(".", " ").split())
    clean = clean.casefold()
    for key, names in HEADERS.items():
        if clean in names:
            return key
    return None


def clean_nip(raw: str) -> str:
    """A NIP as typed in a sheet: spaces, dots and a leading apostrophe removed."""
    text = raw.strip().lstrip("'").strip()
    return "".join(ch for ch in text if not ch.isspace() and ch not in ".-")


def persona_for(office: OfficeData, jabatan: str | None) -> tuple[str, bool]:
    """The office person whose jabatan matches (``Kabid`` → a Kepala Bidang), else the default.

    Returns the person's key and whether the jabatan matched.
    """
    candidates = [p for p in office.people if p.is_asn and _inside(office, p)]
    default = _default_persona(office, candidates)
    if not jabatan or not jabatan.strip():
        return default, True
    wanted = " ".join(jabatan.casefold().replace(".", " ").split())
    for person in candidates:
        if person.jabatan.casefold() == wanted:
            return person.key, True
    words = wanted.split(" ", 1)
    expanded = _ABBREVIATIONS.get(words[0])
    if expanded is not None:
        wanted = expanded + (" " + words[1] if len(words) > 1 else "")
    for person in candidates:
        if person.jabatan.casefold().startswith(wanted):
            return person.key, True
    for person in candidates:
        if wanted in person.jabatan.casefold():
            return person.key, True
    return default, False


def _inside(office: OfficeData, person: PersonData) -> bool:
    return not office.unit(person.unit).simulated_external


def _default_persona(office: OfficeData, candidates: Sequence[PersonData]) -> str:
    for account in office.learner_accounts():
        if account.persona and office.is_person(account.persona):
            return account.persona
    staff = [p for p in candidates if p.jenis_jabatan.value == "PELAKSANA"]
    return (staff or list(candidates))[0].key


def parse_trainees(data: bytes, office: OfficeData) -> ParsedFile:
    """Read the file; good rows and per-row problems (nothing is written anywhere)."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    # newline="": a lone CR (old Mac files) ends a row instead of raising csv.Error
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    rows: list[TraineeRow] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = cells
            for index, heading in enumerate(cells):
                key = _header_key(heading)
                if key is not None and key not in columns:
                    columns[key] = index
            missing = [key for key in ("name", "nip") if key not in columns]
            if missing:
                problems.append(
                    RowProblem(
                        line,
                        ",".join(missing),
                        Msg(
                            "trainer.import.header_missing",
                            {
                                "columns": ", ".join(HEADERS[m][0] for m in missing),
                                "found": " | ".join(c.strip() for c in cells),
                            },
                        ),
                    )
                )
                break
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(
                RowProblem(line, "", Msg("trainer.import.too_many", {"limit": MAX_ROWS}))
            )
            break

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        name = " ".join(cell("name").split())
        raw_nip = cell("nip")
        jabatan = " ".join(cell("jabatan").split()) or None
        row_ok = True
        try:
            validate_text("display_name", name)
        except ValidationError as error:
            problems.append(RowProblem(line, "name", error.message))
            row_ok = False
        nip = clean_nip(raw_nip)
        if _SCIENTIFIC.match(raw_nip.strip()):
            problems.append(
                RowProblem(line, "nip", Msg("trainer.import.nip_scientific", {"value": raw_nip}))
            )
            row_ok = False
        else:
            try:
                validate_nip(nip)
            except ValidationError as error:
                problems.append(
                    RowProblem(
                        line,
                        "nip",
                        Msg("trainer.import.nip_bad", {"value": raw_nip, "why": error.message}),
                    )
                )
                row_ok = False
        if row_ok and nip in seen:
            problems.append(
                RowProblem(
                    line, "nip", Msg("trainer.import.nip_twice", {"nip": nip, "first": seen[nip]})
                )
            )
            row_ok = False
        if not row_ok:
            continue
        seen[nip] = line
        persona, matched = persona_for(office, jabatan)
        if not matched:
            notes.append(
                RowProblem(
                    line,
                    "jabatan",
                    Msg(
                        "trainer.import.jabatan_unmatched",
                        {"jabatan": jabatan or "", "persona": office.person(persona).jabatan},
                    ),
                )
            )
        rows.append(TraineeRow(line, name, nip, jabatan, persona, matched))
    if header is None:
        problems.append(RowProblem(1, "", Msg("trainer.import.empty")))
    elif not rows and not problems:
        problems.append(RowProblem(1, "", Msg("trainer.import.no_rows")))
    return ParsedFile(encoding, delimiter, tuple(rows), tuple(problems), tuple(notes))
