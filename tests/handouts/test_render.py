"""The renderers alone (no app): hostile lesson text stays text; steps without a picture."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from ekinerja_tutor.content.lessons import Lesson, parse_lesson
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.services.documents.handout import (
    build_handout,
    render_html,
    render_pdf,
    step_screens,
)

LESSON = """---
id: uji_cetak
title: Uji <script>alert(1)</script> cetak
summary: Ringkasan [Bidang] & <b>tebal</b>
audience: pegawai
minutes: 5
needs: Tidak ada.
scenario: base
---
Pengantar.

## Buka <img src=x onerror=alert(1)> Progres Harian

Pilih **Progres Harian** lalu <i>Enter</i>.

Yang akan tampil: daftar hari.

Jika tidak tampil: tekan Esc.

> Petunjuk: coba lagi <script>x</script>.

Di e-Kinerja asli: Kinerja Harian → <Progres Harian>

```check
screen_visited name=daily_week
```

## Simpan

Isi formulir lalu simpan.

```check
daily_entry date=today
```
"""


def lesson() -> Lesson:
    return parse_lesson(LESSON, "lessons/id/uji_cetak.md", lang="id")


def test_screens_follow_the_checks() -> None:
    assert step_screens(lesson()) == ("daily_week", "daily_form")


def test_html_escapes_lesson_text_and_prints_without_pictures() -> None:
    handout = build_handout(lesson(), {}, made_on=dt.date(2026, 5, 13))
    page = render_html(handout, Translator("id"))
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    assert "Kinerja Harian → &lt;Progres Harian&gt;" in page
    assert "<svg" not in page  # no picture was given: none is invented
    assert page.count('class="real"') == 1  # only the step that has the line
    assert "Kalau tidak berhasil…" in page and "Tekan Esc." in page


def test_pdf_without_pictures_in_english_labels() -> None:
    handout = build_handout(lesson(), {}, made_on=dt.date(2026, 5, 13))
    data = render_pdf(handout, Translator("en"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Uji <script>alert(1)</script> cetak" in text
    assert "In the real e-Kinerja".upper() in text
    assert "Step 2 of 2" in text
