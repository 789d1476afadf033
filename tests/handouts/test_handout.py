"""Handouts of the daily-entry lesson: HTML and PDF, with the app's own screenshots."""

from __future__ import annotations

import html
import io
import re

import pytest
from pypdf import PdfReader

from ekinerja_tutor.content.lessons import Lesson
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.services.documents.handout import (
    ScreenShot,
    build_handout,
    render_html,
    render_pdf,
    step_screens,
)
from tests.handouts.conftest import DAY, DailyShots

TITLES = {
    "id": ("Progres Harian — Mingguan", "Progres Harian — kegiatan baru"),
    "en": ("Progres Harian — Weekly", "Progres Harian — new activity"),
}
REAL_LABEL = {"id": "Di e-Kinerja asli", "en": "In the real e-Kinerja"}


def plain(markdown: str) -> str:
    """Lesson Markdown as the words a reader sees (no ** or *, one space between words)."""
    return " ".join(re.sub(r"\*+", "", markdown).split())


def words_of(markup: str) -> str:
    """Visible text of HTML or SVG: tags removed, entities decoded, spaces collapsed."""
    markup = re.sub(r"</?(strong|em|code|a)\b[^>]*>", "", markup)  # inline: no gap
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\xa0", " ")
    return " ".join(text.split())


def svg_words(svg: str) -> str:
    """An SVG's text as Rich writes it: one <text> per run, so runs are joined without gaps."""
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(runs)).replace("\xa0", " ")


def test_steps_use_the_two_daily_screens(daily_shots: DailyShots) -> None:
    lesson, shots = daily_shots["id"]
    assert step_screens(lesson) == ("daily_week", "daily_form", "daily_form", "daily_form")
    assert set(shots) == {"daily_week", "daily_form"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_shots_are_the_real_screens(daily_shots: DailyShots, lang: str) -> None:
    _lesson, shots = daily_shots[lang]
    week: ScreenShot = shots["daily_week"]
    form: ScreenShot = shots["daily_form"]
    assert (week.title, form.title) == TITLES[lang]
    assert (week.width, week.height) == (80, 24) and len(week.rows) == 24
    # the seeded sandbox, on the fixed day: the learner, the date, the week's rows
    assert "Sudarto" in week.text
    assert ("13 Mei 2026" if lang == "id" else "13 May 2026") in week.text
    assert "DIKIRIM" in week.text
    assert "Rencana Aksi" in form.text
    for shot in (week, form):
        assert shot.title in svg_words(shot.svg)
        colours = {run.bg for row in shot.rows for run in row}
        assert len(colours) > 2, "cells keep their colours"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_handout(daily_shots: DailyShots, lang: str) -> None:
    lesson, shots = daily_shots[lang]
    page = render_html(build_handout(lesson, shots, made_on=DAY), Translator(lang))
    text = words_of(re.sub(r"<svg.*?</svg>", " ", page, flags=re.S))
    assert plain(lesson.title) in text
    for step in lesson.steps:
        assert plain(step.title) in text
        for paragraph in _instructions(lesson, step.line):
            assert paragraph in text, paragraph
        assert step.real_system and step.real_system in text
        for hint in step.hints:
            assert plain(hint) in text
    assert text.count(REAL_LABEL[lang]) >= len(lesson.steps)
    assert ("Kalau tidak berhasil" if lang == "id" else "If it doesn't work") in text
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == len(lesson.steps)  # every step pictures its screen
    assert any(TITLES[lang][0] in svg_words(svg) for svg in svgs)
    assert any(TITLES[lang][1] in svg_words(svg) for svg in svgs)
    # self-contained: no font, image or style fetched from anywhere
    assert not re.search(r"url\(\s*[\"']?https?:", page)
    assert not re.search(r"(src|href)=[\"']?https?:", page)
    assert "@media print" in page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pdf_handout(daily_shots: DailyShots, lang: str) -> None:
    lesson, shots = daily_shots[lang]
    data = render_pdf(build_handout(lesson, shots, made_on=DAY), Translator(lang))
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert plain(lesson.title) in text
    for step in lesson.steps:
        assert plain(step.title) in text
        for paragraph in _instructions(lesson, step.line):
            # line breaks of the PDF may fall anywhere: compare without spaces
            assert _squash(paragraph) in _squash(text), paragraph
        assert step.real_system and _squash(step.real_system) in _squash(text)
    # the screens drawn from their cells: their own title lines and content
    for title in TITLES[lang]:
        assert title in text
    assert "Sudarto" in text and "SANDBOX" in text


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _instructions(lesson: Lesson, line: int) -> list[str]:
    """The instruction paragraphs of the step at ``line`` (not what-you-see/if-not)."""
    step = next(s for s in lesson.steps if s.line == line)
    paragraphs = [p for p in re.split(r"\n\s*\n", step.body_markdown.strip()) if p.strip()]
    keep = [
        p
        for p in paragraphs
        if not re.match(
            r"\s*(yang akan tampil|what you will see|jika tidak tampil|"
            r"if you don't)\s*:",
            p,
            re.I,
        )
    ]
    assert keep
    return [plain(p) for p in keep]
