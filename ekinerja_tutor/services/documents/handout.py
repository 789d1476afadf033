"""Printed lesson handouts: HTML and PDF, one step per section, with real screen pictures.

A handout is built from a parsed :class:`~ekinerja_tutor.content.lessons.Lesson` and the
screenshots the app took of the screens the lesson uses (``ekinerja_tutor.ui.handout_shots``
takes them; this module never imports Textual). A screenshot arrives twice: Textual's own SVG
(inlined in the HTML) and the same screen as plain cells, rows of
:class:`Run` (text, colours, bold), which the PDF draws in DejaVu Sans Mono, cell by cell.

Older staff keep these at their desks: large type, one action per step, the "Di e-Kinerja
asli" line in its own box, and what to do when the screen does not show what it should.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, cast

from markdown_it import MarkdownIt

from ekinerja_tutor.content.lessons import Lesson, Step
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.services.documents.pdf import FONT_FAMILY, MONO_FAMILY, new_pdf

# -- what the UI hands over -------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """Consecutive cells of one screen row with the same look (colours as ``#rrggbb``)."""

    text: str
    fg: str
    bg: str
    bold: bool = False


@dataclass(frozen=True)
class ScreenShot:
    """One screen as the app drew it at ``width`` × ``height`` cells.

    Attributes:
        screen: the lesson screen name (``daily_week``…).
        title: the screen's own title line, as shown (in the handout's language).
        svg: Textual's SVG export of the screen.
        rows: the same picture as runs of cells, one tuple per terminal row.
        background: the colour behind everything (for cells beyond the last run).
    """

    screen: str
    title: str
    svg: str
    rows: tuple[tuple[Run, ...], ...]
    width: int
    height: int
    background: str = "#000000"

    @property
    def text(self) -> str:
        """The screen as plain text, one line per row (trailing spaces removed)."""
        return "\n".join("".join(run.text for run in row).rstrip() for row in self.rows)


# -- which screen each step shows -------------------------------------------------------------

CHECK_SCREENS: Final[Mapping[str, str]] = {
    "daily_entry": "daily_form",
    "entry_resubmitted": "daily_form",
    "evidence_link_present": "daily_form",
    "entry_reviewed": "review_inbox",
    "rating_received": "result",
    "recap": "recap",
    "rencana_aksi": "rencana_aksi",
    "rhk": "skp",
    "skp": "skp",
    "clock_moved": "clock",
    "otp_enrolled": "enrol",
    "password_changed": "change_password",
    "signed_in": "dashboard",
    "ticket_raised": "ticket_new",
}
"""The screen where a check's work is done, for steps without a ``screen_visited`` check."""


def step_screens(lesson: Lesson) -> tuple[str | None, ...]:
    """The screen pictured beside each step.

    The step's own ``screen_visited`` check names it; otherwise the screen where its first
    check's work is done (:data:`CHECK_SCREENS`); otherwise the previous step's screen (a
    language or theme step happens on the screen the learner is on).
    """
    screens: list[str | None] = []
    previous: str | None = lesson.screens[0] if lesson.screens else None
    for step in lesson.steps:
        chosen = next(
            (str(c.args.get("name")) for c in step.checks if c.name == "screen_visited"), None
        )
        if chosen is None:
            chosen = next(
                (CHECK_SCREENS[c.name] for c in step.checks if c.name in CHECK_SCREENS), None
            )
        if chosen is None:
            chosen = previous
        screens.append(chosen)
        previous = chosen
    return tuple(screens)


# -- the handout as plain data ----------------------------------------------------------------

_SHOWS = re.compile(r"\s*(yang akan tampil|what you will see)\s*:\s*", re.IGNORECASE)
_IF_NOT = re.compile(
    r"\s*(jika tidak tampil|kalau tidak tampil|if you don't|if you do not)\s*:\s*", re.IGNORECASE
)


@dataclass(frozen=True)
class HandoutStep:
    number: int
    title: str
    instructions: tuple[str, ...]
    """Paragraphs (Markdown) telling what to do."""
    shows: str
    """What the screen will show (Markdown), from the "Yang akan tampil:" paragraph."""
    if_not: tuple[str, ...]
    """The "Jika tidak tampil:" advice, then the hints in order (Markdown)."""
    real_system: str | None
    screen: str | None
    shot: ScreenShot | None


@dataclass(frozen=True)
class Handout:
    lesson_id: str
    lang: str
    title: str
    summary: str
    audience: tuple[str, ...]
    minutes: int
    needs: str
    prerequisites: tuple[str, ...]
    """Titles of the lessons to learn first (in the handout's language)."""
    intro: str
    scenario: str
    """The scenario's title in the handout's language (its name when it has none)."""
    steps: tuple[HandoutStep, ...]
    made_on: dt.date


def _paragraphs(markdown: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", markdown.strip()) if part.strip()]


def _split_step(step: Step) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    instructions: list[str] = []
    shows = ""
    if_not: list[str] = []
    for paragraph in _paragraphs(step.body_markdown):
        if match := _SHOWS.match(paragraph):
            shows = _capital(paragraph[match.end() :])
        elif match := _IF_NOT.match(paragraph):
            if_not.append(_capital(paragraph[match.end() :]))
        else:
            instructions.append(paragraph)
    return tuple(instructions), shows, (*if_not, *step.hints)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_handout(
    lesson: Lesson,
    shots: Mapping[str, ScreenShot],
    *,
    made_on: dt.date,
    prerequisite_titles: Sequence[str] = (),
) -> Handout:
    """The handout of ``lesson``; ``shots`` by screen name (a missing one prints no picture)."""
    steps = []
    for number, (step, screen) in enumerate(
        zip(lesson.steps, step_screens(lesson), strict=True), start=1
    ):
        instructions, shows, if_not = _split_step(step)
        steps.append(
            HandoutStep(
                number=number,
                title=step.title,
                instructions=instructions,
                shows=shows,
                if_not=if_not,
                real_system=step.real_system,
                screen=screen,
                shot=shots.get(screen) if screen else None,
            )
        )
    return Handout(
        lesson_id=lesson.id,
        lang=lesson.lang,
        title=lesson.title,
        summary=lesson.summary,
        audience=lesson.audience,
        minutes=lesson.minutes,
        needs=lesson.needs,
        prerequisites=tuple(prerequisite_titles) or lesson.prerequisites,
        intro=lesson.intro_markdown.strip(),
        scenario=_scenario_title(lesson),
        steps=tuple(steps),
        made_on=made_on,
    )


def _scenario_title(lesson: Lesson) -> str:
    from ekinerja_tutor.content.scenarios import load_scenarios
    from ekinerja_tutor.domain.errors import TutorError

    try:
        found = load_scenarios().get(lesson.scenario)
    except TutorError:  # the office's content folder is broken: the name will do
        found = None
    return found.title(lesson.lang) if found is not None else lesson.scenario


def handout_filename(lesson_id: str, lang: str, extension: str) -> str:
    return f"panduan-{lesson_id}-{lang}.{extension}"


def _meta(handout: Handout, tr: Translator) -> str:
    audience = ", ".join(tr.t(f"handout.audience.{who}") for who in handout.audience)
    return tr.t(
        "handout.meta", audience=audience, minutes=handout.minutes, steps=len(handout.steps)
    )


# -- HTML -------------------------------------------------------------------------------------

_MD = MarkdownIt("commonmark", {"html": False})

_CSS: Final = """
:root { --ink: #111; --soft: #444; --line: #777; --real: #0b3d91; --real-bg: #e8f0fe;
        --warn: #7a3e00; --warn-bg: #fff4e0; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 15pt;
       line-height: 1.5; color: var(--ink); background: #fff; margin: 0 auto; max-width: 52em;
       padding: 1.5em; }
header.doc { border-bottom: 3px solid var(--ink); margin-bottom: 1em; }
header.doc .kind { font-size: 12pt; text-transform: uppercase; letter-spacing: .08em;
                   color: var(--soft); margin: 0; }
h1 { font-size: 24pt; margin: .2em 0 .3em; }
h2 { font-size: 19pt; margin: 0 0 .4em; }
h3 { font-size: 15pt; margin: .8em 0 .2em; }
p { margin: .4em 0; }
.meta, .summary { font-size: 14pt; }
.needs { border: 2px solid var(--line); padding: .5em .9em; margin: 1em 0; }
.practice { font-size: 12pt; color: var(--soft); }
section.step { border-top: 2px solid var(--line); padding-top: .8em; margin-top: 1.4em; }
.number { display: inline-block; min-width: 2.2em; padding: 0 .4em; margin-right: .4em;
          border: 3px solid var(--ink); border-radius: .4em; text-align: center;
          font-weight: bold; }
.of { font-size: 12pt; color: var(--soft); margin: 0; }
.shows { border-left: 6px solid var(--ink); padding: .2em .8em; margin: .8em 0; }
.real { border: 3px solid var(--real); background: var(--real-bg); color: var(--real);
        padding: .5em .9em; margin: .8em 0; font-weight: bold; }
.real .label { display: block; font-size: 12pt; text-transform: uppercase;
               letter-spacing: .06em; }
.ifnot { border: 2px dashed var(--warn); background: var(--warn-bg); padding: .4em .9em;
         margin: .8em 0; }
.ifnot h3 { color: var(--warn); margin-top: .2em; }
.ifnot ol { margin: .2em 0 .4em 1.2em; padding: 0; }
figure.screen { margin: .8em 0; }
figure.screen svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); }
figure.screen figcaption { font-size: 12pt; color: var(--soft); margin-top: .2em; }
.done { font-size: 14pt; margin: .6em 0 0; }
footer.doc { border-top: 1px solid var(--line); margin-top: 2em; padding-top: .4em;
             font-size: 11pt; color: var(--soft); }
@page { size: A4; margin: 14mm 14mm 16mm; }
@media print {
  body { font-size: 14pt; max-width: none; padding: 0; }
  section.step { break-before: auto; }
  figure.screen, .real, .ifnot, .shows, h2 { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

_FONT_URLS = re.compile(r",\s*url\([^)]*\)\s*format\([^)]*\)")


def inline_svg(svg: str) -> str:
    """Textual's SVG ready to inline: no XML prologue, no web font fetched from the Internet."""
    svg = re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)
    return _FONT_URLS.sub("", svg)


def _md(text: str) -> str:
    return cast(str, _MD.render(text))  # the default HTML renderer returns str


def _md_inline(text: str) -> str:
    return cast(str, _MD.renderInline(text))


def render_html(handout: Handout, tr: Translator) -> str:
    """One self-contained HTML page (no external file, prints on A4)."""
    esc = html.escape
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(handout.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(tr.t('handout.kind'))}: {esc(handout.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<header class="doc">',
        f'<p class="kind">{esc(tr.t("handout.kind"))}</p>',
        f"<h1>{esc(handout.title)}</h1>",
    ]
    if handout.summary:
        out.append(f'<p class="summary">{_md_inline(handout.summary)}</p>')
    out.append(f'<p class="meta">{esc(_meta(handout, tr))}</p>')
    out.append("</header>")
    if handout.needs or handout.prerequisites:
        out.append('<div class="needs">')
        out.append(f"<h3>{esc(tr.t('handout.needs'))}</h3>")
        if handout.needs:
            out.append(f"<p>{_md_inline(handout.needs)}</p>")
        if handout.prerequisites:
            lessons = ", ".join(handout.prerequisites)
            out.append(f"<p>{esc(tr.t('handout.prerequisites', lessons=lessons))}</p>")
        out.append("</div>")
    if handout.intro:
        out.append(f'<div class="intro">{_md(handout.intro)}</div>')
    out.append(
        f'<p class="practice">{esc(tr.t("handout.practice_note", scenario=handout.scenario))}</p>'
    )
    total = len(handout.steps)
    for step in handout.steps:
        out.append(f'<section class="step" id="step-{step.number}">')
        of = tr.t("handout.step", number=step.number, total=total)
        out.append(f'<p class="of">{esc(of)}</p>')
        out.append(f'<h2><span class="number">{step.number}</span>{_md_inline(step.title)}</h2>')
        out.extend(f'<div class="do">{_md(p)}</div>' for p in step.instructions)
        if step.shows:
            out.append('<div class="shows">')
            out.append(f"<h3>{esc(tr.t('handout.screen_shows'))}</h3>")
            out.append(_md(step.shows))
            out.append("</div>")
        if step.shot is not None:
            caption = tr.t("handout.screenshot", title=step.shot.title)
            out.append(f'<figure class="screen" data-screen="{esc(step.shot.screen)}">')
            out.append(inline_svg(step.shot.svg))
            out.append(f"<figcaption>{esc(caption)}</figcaption>")
            out.append("</figure>")
        if step.real_system:
            out.append('<div class="real">')
            out.append(f'<span class="label">{esc(tr.t("handout.real_system"))}</span>')
            out.append(f"{esc(step.real_system)}")
            out.append("</div>")
        if step.if_not:
            out.append('<div class="ifnot">')
            out.append(f"<h3>{esc(tr.t('handout.if_not'))}</h3>")
            out.append("<ol>")
            out.extend(f"<li>{_md_inline(item)}</li>" for item in step.if_not)
            out.append("</ol>")
            out.append("</div>")
        out.append(f'<p class="done">{esc(tr.t("handout.done_box"))}</p>')
        out.append("</section>")
    footer = tr.t("handout.footer", date=handout.made_on.isoformat())
    out.append(f'<footer class="doc">{esc(footer)}</footer>')
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


# -- PDF --------------------------------------------------------------------------------------

_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPH = re.compile(r"(?<![*\w])\*(?!\*)(.+?)(?<!\*)\*(?![*\w])")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def _pdf_markup(text: str) -> str:
    """Lesson Markdown as fpdf2's own markup: ``**bold**`` kept, the rest as plain text."""
    text = " ".join(text.split())
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _EMPH.sub(r"\1", text)
    # fpdf2 reads "__" as italic and "--" as underline: keep them literal
    text = text.replace("__", "_\u200b_").replace("--", "-\u200b-")
    return _STRONG.sub(r"**\1**", text)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _HandoutPdf:
    BODY = 13.0
    SMALL = 10.5
    LINE = 6.6

    def __init__(self, handout: Handout, tr: Translator) -> None:
        self.handout = handout
        self.tr = tr
        title = f"{tr.t('handout.kind')}: {handout.title}"
        self.pdf = pdf = new_pdf(title)
        pdf.set_lang(handout.lang)
        pdf.set_fallback_fonts([FONT_FAMILY])
        pdf.set_margins(16, 14, 16)
        pdf.set_auto_page_break(auto=True, margin=18)
        footer = tr.t("handout.footer", date=handout.made_on.isoformat())
        page_words = tr.t("handout.page", page="{page}", pages="{nb}")

        def draw_footer() -> None:
            pdf.set_y(-13)
            pdf.set_font(FONT_FAMILY, size=8.5)
            pdf.set_text_color(90, 90, 90)
            pdf.cell(0, 5, footer, align="L")
            pdf.set_x(pdf.l_margin)
            pdf.cell(0, 5, page_words.replace("{page}", str(pdf.page_no())), align="R")
            pdf.set_text_color(0, 0, 0)

        pdf.footer = draw_footer  # type: ignore[method-assign]

    @property
    def width(self) -> float:
        return float(self.pdf.epw)

    def text(
        self,
        text: str,
        *,
        size: float | None = None,
        bold: bool = False,
        line: float | None = None,
        markdown: bool = True,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FONT_FAMILY, "B" if bold else "", size or self.BODY)
        pdf.set_x(pdf.l_margin)
        content = _pdf_markup(text) if markdown else text
        pdf.multi_cell(
            self.width,
            line or self.LINE,
            content,
            markdown=markdown,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def boxed(
        self,
        lines: Sequence[tuple[str, float, bool]],
        *,
        border: tuple[int, int, int],
        fill: tuple[int, int, int],
        ink: tuple[int, int, int],
        dashed: bool = False,
        numbered_from: int | None = None,
    ) -> None:
        """Text lines inside a coloured box (moved to the next page whole if it doesn't fit)."""
        pdf = self.pdf
        pad = 3.0
        inner = self.width - 2 * pad
        heights = []
        for index, (content, size, bold) in enumerate(lines):
            pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
            shown = self._numbered(content, index, numbered_from)
            # output="LINES" returns the wrapped lines (fpdf2 types the union of all outputs)
            rows = cast(
                "list[str]",
                pdf.multi_cell(
                    inner,
                    size * 0.5,
                    _pdf_markup(shown),
                    markdown=True,
                    align="L",
                    dry_run=True,
                    output="LINES",
                ),
            )
            heights.append(len(rows) * size * 0.5)
        height = sum(heights) + 2 * pad + 1.5 * (len(lines) - 1)
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_fill_color(*fill)
        pdf.set_draw_color(*border)
        pdf.set_line_width(0.8)
        if dashed:
            pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.rect(pdf.l_margin, top, self.width, height, style="DF")
        pdf.set_dash_pattern()
        pdf.set_text_color(*ink)
        pdf.set_y(top + pad)
        for index, (content, size, bold) in enumerate(lines):
            pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
            pdf.set_x(pdf.l_margin + pad)
            shown = self._numbered(content, index, numbered_from)
            pdf.multi_cell(
                inner,
                size * 0.5,
                _pdf_markup(shown),
                markdown=True,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.set_y(pdf.get_y() + 1.5)
        pdf.set_text_color(0, 0, 0)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
        pdf.set_y(top + height + 3)

    @staticmethod
    def _numbered(content: str, index: int, numbered_from: int | None) -> str:
        if numbered_from is None or index < numbered_from:
            return content
        return f"{index - numbered_from + 1}. {content}"

    def screenshot(self, shot: ScreenShot) -> None:
        """The screen drawn cell by cell: each run's background, then its text in its colour."""
        pdf = self.pdf
        cell_w = min(self.width, 160.0) / shot.width
        font_mm = cell_w / 0.602  # DejaVu Sans Mono advances 0.602 em per cell
        cell_h = font_mm * 1.18
        caption_h = 6.0
        height = cell_h * shot.height
        if pdf.get_y() + height + caption_h > pdf.page_break_trigger:
            pdf.add_page()
        left = pdf.l_margin + (self.width - cell_w * shot.width) / 2
        top = pdf.get_y() + 1
        pdf.set_fill_color(*_rgb(shot.background))
        pdf.rect(left, top, cell_w * shot.width, height, style="F")
        size_pt = font_mm / 0.3528
        pdf.set_font(MONO_FAMILY, "", size_pt)
        pdf.set_line_width(0.12)
        for y, row in enumerate(shot.rows[: shot.height]):
            x = 0
            for run in row:
                cells = len(run.text)
                if cells == 0:
                    continue
                rx, ry = left + x * cell_w, top + y * cell_h
                if run.bg != shot.background:
                    pdf.set_fill_color(*_rgb(run.bg))
                    pdf.rect(rx, ry, cells * cell_w + 0.05, cell_h + 0.05, style="F")
                if run.text.strip():
                    pdf.set_text_color(*_rgb(run.fg))
                    pdf.set_draw_color(*_rgb(run.fg))
                    pdf.text_mode = "FILL_STROKE" if run.bold else "FILL"
                    pdf.set_xy(rx, ry)
                    pdf.cell(cells * cell_w, cell_h, run.text, align="L")
                x += cells
        pdf.text_mode = "FILL"
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.3)
        pdf.rect(left, top, cell_w * shot.width, height)
        pdf.set_text_color(70, 70, 70)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_y(top + height + 1)
        pdf.set_font(FONT_FAMILY, "", self.SMALL)
        pdf.set_x(pdf.l_margin)
        pdf.cell(
            self.width,
            caption_h - 1,
            self.tr.t("handout.screenshot", title=shot.title),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(pdf.get_y() + 2)

    def build(self) -> bytes:
        handout, tr, pdf = self.handout, self.tr, self.pdf
        pdf.c_margin = 0
        pdf.add_page()
        pdf.set_text_color(90, 90, 90)
        self.text(tr.t("handout.kind").upper(), size=self.SMALL, markdown=False)
        pdf.set_text_color(0, 0, 0)
        self.text(handout.title, size=22, bold=True, line=10, markdown=False)
        if handout.summary:
            self.text(handout.summary)
        self.text(_meta(handout, tr), size=self.SMALL + 1)
        pdf.ln(2)
        needs = []
        if handout.needs:
            needs.append((handout.needs, self.BODY, False))
        if handout.prerequisites:
            lessons = ", ".join(handout.prerequisites)
            needs.append((tr.t("handout.prerequisites", lessons=lessons), self.BODY, False))
        if needs:
            self.boxed(
                [(tr.t("handout.needs"), self.BODY, True), *needs],
                border=(80, 80, 80),
                fill=(255, 255, 255),
                ink=(0, 0, 0),
            )
        for paragraph in _paragraphs(handout.intro):
            self.text(paragraph)
            pdf.ln(1.5)
        pdf.set_text_color(90, 90, 90)
        self.text(tr.t("handout.practice_note", scenario=handout.scenario), size=self.SMALL, line=5)
        pdf.set_text_color(0, 0, 0)
        total = len(handout.steps)
        for step in handout.steps:
            self.step(step, total)
        return bytes(pdf.output())

    def step(self, step: HandoutStep, total: int) -> None:
        pdf, tr = self.pdf, self.tr
        if pdf.get_y() > pdf.page_break_trigger - 60:
            pdf.add_page()
        pdf.ln(4)
        pdf.set_draw_color(60, 60, 60)
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.width, pdf.get_y())
        pdf.ln(2)
        pdf.set_text_color(90, 90, 90)
        self.text(
            tr.t("handout.step", number=step.number, total=total),
            size=self.SMALL,
            line=5,
            markdown=False,
        )
        pdf.set_text_color(0, 0, 0)
        self.text(f"{step.number}. {step.title}", size=17, bold=True, line=8.5)
        pdf.ln(1)
        for paragraph in step.instructions:
            self.text(paragraph)
            pdf.ln(1.5)
        if step.shows:
            self.boxed(
                [
                    (tr.t("handout.screen_shows"), self.SMALL + 1, True),
                    (step.shows, self.BODY, False),
                ],
                border=(20, 20, 20),
                fill=(255, 255, 255),
                ink=(0, 0, 0),
            )
        if step.shot is not None:
            self.screenshot(step.shot)
        if step.real_system:
            self.boxed(
                [
                    (tr.t("handout.real_system").upper(), self.SMALL, True),
                    (step.real_system, self.BODY + 1, True),
                ],
                border=(11, 61, 145),
                fill=(232, 240, 254),
                ink=(11, 61, 145),
            )
        if step.if_not:
            self.boxed(
                [
                    (tr.t("handout.if_not"), self.BODY, True),
                    *((item, self.BODY - 0.5, False) for item in step.if_not),
                ],
                border=(122, 62, 0),
                fill=(255, 244, 224),
                ink=(60, 30, 0),
                dashed=True,
                numbered_from=1,
            )
        self.text(tr.t("handout.done_box"), markdown=False)


def render_pdf(handout: Handout, tr: Translator) -> bytes:
    """The handout as an A4 PDF with the screens drawn from their cells."""
    return _HandoutPdf(handout, tr).build()
