"""CSV of the activity recap, for spreadsheets set to Indonesian.

Choices, on purpose:

* **UTF-8 with a byte-order mark.** Excel on Windows reads a CSV without a BOM in the
  computer's ANSI code page and garbles names such as "Sri Wahyuni Ningsih, S.Sos." with
  accents or any non-Latin character; with the BOM it reads UTF-8. LibreOffice accepts both.
* **Semicolon (``;``) as the delimiter.** With Indonesian regional settings the decimal
  separator is a comma, so spreadsheet programs expect ``;`` between fields; a comma-separated
  file would open as one column. Every field that needs it is quoted (``csv.QUOTE_MINIMAL``).
* **One header row, one row per sent entry** (drafts are not part of a report), dates as
  ``YYYY-MM-DD`` and numbers as plain digits so they sort and sum; then one row of totals.
* Cells that would start with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a leading
  apostrophe, so a spreadsheet never runs typed text as a formula.
"""

from __future__ import annotations

import csv
import io

from ekinerja_tutor.services.documents.layout import recap_columns, recap_entry_rows, t
from ekinerja_tutor.services.documents.service import ActivityRecap

DELIMITER = ";"
BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value``, with an apostrophe in front when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def recap_csv(recap: ActivityRecap, lang: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(recap_columns(lang))
    for row in recap_entry_rows(recap, lang):
        writer.writerow([safe_cell(value) for value in row])
    width = len(recap_columns(lang))
    total = [""] * width
    total[1] = t(lang, "doc.total.row")
    total[3] = str(recap.total_minutes)
    writer.writerow(total)
    return (BOM + out.getvalue()).encode("utf-8")
