"""``ekinerja-tutor lessons handout``: unknown lesson, one lesson, every lesson (slow)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from ekinerja_tutor.cli import main
from ekinerja_tutor.content.lessons import LessonLibrary
from ekinerja_tutor.i18n import Translator


@pytest.mark.parametrize(("lang", "words"), [("id", "tidak ada"), ("en", "There is no lesson")])
def test_unknown_lesson_is_one_translated_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, words: str
) -> None:
    code = main(["lessons", "handout", "tidak_ada", "--lang", lang, "--out", str(tmp_path)])
    assert code == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "tidak_ada" in lines[0]
    assert "progres_harian" in lines[0]  # names the lessons there are
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_lesson_as_html_and_pdf(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, library: LessonLibrary, lang: str
) -> None:
    assert main(["lessons", "handout", "--lang", lang, "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for lesson_id in library.ordered_ids():
        html_file = tmp_path / f"panduan-{lesson_id}-{lang}.html"
        pdf_file = tmp_path / f"panduan-{lesson_id}-{lang}.pdf"
        assert html_file.is_file() and pdf_file.is_file(), lesson_id
        lesson = library.get(lesson_id, lang)
        assert lesson is not None
        assert html.escape(lesson.title) in html_file.read_text(encoding="utf-8")
        assert len(PdfReader(pdf_file).pages) >= 1
        assert f"{lesson_id} ({lang})" in out
    pictured = sum("<svg" in f.read_text(encoding="utf-8") for f in tmp_path.glob("*.html"))
    assert pictured >= len(library.ordered_ids()) - 2
    # the first-sign-in lesson is pictured through the real sign-in: the forced password change
    first = (tmp_path / f"panduan-masuk_pertama-{lang}.html").read_text(encoding="utf-8")
    title = Translator(lang).t("pwchange.title").replace(" ", "&#160;")
    assert re.search(r'<figure class="screen" data-screen="change_password">', first)
    assert title in first
