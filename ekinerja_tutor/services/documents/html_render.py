"""HTML: one self-contained page per document (inline CSS, no scripts, no outside files).

Every piece of text goes through :func:`html.escape`, so a name or activity holding ``<script>``
or Textual markup is shown as typed and never runs. The print style sheet gives A4 pages,
repeats the recap's table heading on each page and keeps the signature blocks together.
"""

from __future__ import annotations

from html import escape

from ekinerja_tutor.services.documents.layout import (
    Layout,
    Section,
    evaluasi_layout,
    recap_layout,
)
from ekinerja_tutor.services.documents.service import ActivityRecap, EvaluasiDocument

STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #000;
       background: #fff; margin: 2em auto; max-width: 60em; line-height: 1.4; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 .2em; }
p.sub, p.org { text-align: center; margin: .1em 0; }
h2 { font-size: 11pt; margin: 1.2em 0 .3em; }
table { border-collapse: collapse; width: 100%; }
table.rows td { padding: .1em .4em; vertical-align: top; border: none; }
table.rows td.label { width: 16em; }
table.grid th, table.grid td { border: 1px solid #000; padding: .2em .35em; vertical-align: top;
       text-align: left; }
table.grid th { background: #e6e6e6; }
table.grid td.day { font-style: italic; }
td.link { word-break: break-all; }
.signatures { display: flex; justify-content: space-between; margin-top: 2em;
       break-inside: avoid; page-break-inside: avoid; }
.signature { width: 45%; text-align: center; }
.signature .space { height: 5em; }
.signature .name { font-weight: bold; text-decoration: underline; }
p.place { text-align: right; margin: 2em 0 0; }
p.footer { font-size: 8pt; color: #444; text-align: center; margin-top: 3em; }
@media print {
  @page { size: A4; margin: 15mm; }
  @page wide { size: A4 landscape; }
  body.recap { page: wide; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def evaluasi_html(doc: EvaluasiDocument, lang: str) -> str:
    layout = evaluasi_layout(doc, lang)
    body = [_heading(layout)]
    body += [_section(section) for section in layout.sections]
    body.append(_signatures(layout))
    body.append(f'<p class="footer">{escape(layout.footer)}</p>')
    return _page(layout, f"{layout.title} — {doc.pegawai.name}", "evaluasi", body)


def recap_html(recap: ActivityRecap, lang: str) -> str:
    layout = recap_layout(recap, lang)
    body = [_heading(layout)]
    body += [_section(section) for section in layout.sections]
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label in layout.table_head)
    rows = []
    for index, values in enumerate(layout.table_rows):
        if index in layout.day_rows:
            span = len(layout.table_head) - 2
            rows.append(
                f"<tr><td>{escape(values[0])}</td><td>{escape(values[1])}</td>"
                f'<td class="day" colspan="{span}">{escape(values[2])}</td></tr>'
            )
            continue
        cells = [
            f'<td class="link">{escape(value)}</td>' if column == 8 else f"<td>{escape(value)}</td>"
            for column, value in enumerate(values)
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body.append(
        f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    body.append(_rows(layout.totals))
    body.append(_signatures(layout))
    body.append(f'<p class="footer">{escape(layout.footer)}</p>')
    return _page(layout, f"{layout.title} — {recap.pegawai.name}", "recap", body)


def _page(layout: Layout, title: str, kind: str, body: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(layout.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="ekinerja-tutor">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body class="{kind}">\n' + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _heading(layout: Layout) -> str:
    parts = [f"<h1>{escape(layout.title)}</h1>", f'<p class="sub">{escape(layout.subtitle)}</p>']
    if layout.org:
        parts.append(f'<p class="org">{escape(layout.org)}</p>')
    return "<header>" + "".join(parts) + "</header>"


def _rows(rows: tuple[tuple[str, str], ...]) -> str:
    if not rows:
        return ""
    lines = "".join(
        f'<tr><td class="label">{escape(label)}</td><td>: {escape(value)}</td></tr>'
        for label, value in rows
    )
    return f'<table class="rows"><tbody>{lines}</tbody></table>'


def _section(section: Section) -> str:
    parts = [f"<section><h2>{escape(section.title)}</h2>", _rows(section.rows)]
    if section.table_head:
        head = "".join(f'<th scope="col">{escape(label)}</th>' for label in section.table_head)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in values) + "</tr>"
            for values in section.table_rows
        )
        parts.append(
            f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        )
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
    parts.append("</section>")
    return "".join(parts)


def _signatures(layout: Layout) -> str:
    blocks = []
    for block in layout.signatures:
        caption = "".join(f"<div>{escape(line) or '&nbsp;'}</div>" for line in block.caption)
        blocks.append(
            f'<div class="signature">{caption}<div class="space"></div>'
            f'<div class="name">{escape(block.name)}</div><div>{escape(block.nip_line)}</div></div>'
        )
    return (
        f'<p class="place">{escape(layout.place_date)}</p>'
        f'<div class="signatures">{"".join(blocks)}</div>'
    )
