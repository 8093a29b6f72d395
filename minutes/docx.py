"""The official minutes as a Word document (python-docx), for offices that finish documents in Word.

It renders the same `MinutesDocument` as the PDF, part by part in the same
order, with the same page set-up (A4, margins 20/20/30/15 mm, 14 pt serif,
page numbers from page 2 centred at the top). The DOCX is never signed: the
signed PDF is the authentic copy.

Document symbols and dates ("03-HD/Th.U", "21/6/2022") are never split across
lines, as in the PDF, through the same segmentation
(minutes.vnformat.unbreakable_segments). Word has no "no-wrap" for a run; it
breaks a word only at a hyphen, not at a slash or a dot inside it (which is why
Word offers a "no-width optional break" for slashes in addresses). So a hyphen
inside a symbol or a date is written as a non-breaking hyphen (w:noBreakHyphen,
which Word shows and copies as "-", and python-docx reads as "-"), and nothing
else is added: no invisible joiner after the slash, so the text a reader copies
or searches is the symbol exactly. Hyphens elsewhere ("tự soi-tự sửa") stay
ordinary.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from minutes import vnformat as vn
from minutes.document import Line, MinutesDocument, Section

# Word users have Times New Roman; LibreOffice substitutes the metric-compatible Liberation Serif.
FONT = "Times New Roman"
BODY_PT = 14


def _set_font(run, *, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str = "",
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    indent: bool = False,
    keep_with_next: bool = False,
    space_after: float = 3,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = 1.15
    fmt.keep_with_next = keep_with_next
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _add_text(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _add_text(paragraph: Paragraph, text: str, **style) -> None:
    """Text with its line breaks kept as breaks (like |linebreaksbr in the HTML).

    Symbols and dates get a run of their own with non-breaking hyphens.
    """
    pieces = text.split("\n")
    for i, piece in enumerate(pieces):
        run = None
        for segment in vn.unbreakable_segments(piece):
            run = paragraph.add_run() if segment.keep else paragraph.add_run(segment.text)
            _set_font(run, **style)
            if segment.keep:
                _add_unbreakable(run, segment.text)
        if i < len(pieces) - 1:
            run.add_break()


def _add_unbreakable(run: Run, text: str) -> None:
    """`text` into `run` with every hyphen a w:noBreakHyphen (Word will not break there)."""
    for j, chunk in enumerate(text.split("-")):
        if j:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if chunk:
            run._r.add_t(chunk)


def _line(container, line: Line, *, keep_with_next: bool = False) -> None:
    paragraph = _para(container, indent=True, keep_with_next=keep_with_next)
    if line.label:
        _add_text(paragraph, line.label + " ", bold=True)
    _add_text(paragraph, line.text)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_lines(cell: _Cell, rows: list[tuple[str, dict]]) -> None:
    """Fill a table cell with centred lines; the first reuses the cell's empty paragraph."""
    first = True
    for text, style in rows:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(style.pop("space_after", 0))
        paragraph.paragraph_format.keep_with_next = True
        if text:
            _add_text(paragraph, text, **style)


def _underline_paragraph(paragraph: Paragraph) -> None:
    """A rule under "ĐẢNG CỘNG SẢN VIỆT NAM" (a bottom border of its paragraph)."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def _page_number_header(section) -> None:
    """Page numbers centred at the top from page 2; the first page has an empty header."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    section.header_distance = Mm(10)


def _section(doc, section: Section, *, level: int, number: int | None = None) -> None:
    if section.heading:
        heading = f"{number}. {section.heading}" if number is not None else section.heading
        _para(doc, heading, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, keep_with_next=True)
    for line in section.lines:
        _line(doc, line)
    for i, sub in enumerate(section.subsections, 1):
        _section(doc, sub, level=level + 1, number=i if level == 0 else None)


def render_docx(document: MinutesDocument) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_number_header(section)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    doc.core_properties.title = f"{document.title} – {document.summary}"
    doc.core_properties.language = "vi-VN"

    if document.is_draft:
        mark = _para(doc, align=WD_ALIGN_PARAGRAPH.RIGHT)
        run = mark.add_run("DỰ THẢO")
        _set_font(run, bold=True)
        run.font.color.rgb = RGBColor(0xA4, 0x16, 0x1A)

    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    _no_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    _cell_lines(
        left,
        [
            (document.header.superior, {}),
            (document.header.issuer, {"bold": True}),
            ("*", {}),
            (document.header.number, {}),
        ],
    )
    _cell_lines(right, [("ĐẢNG CỘNG SẢN VIỆT NAM", {"bold": True, "size": 15, "space_after": 6})])
    _underline_paragraph(right.paragraphs[0])
    _cell_lines_append(right, document.header.place_date)

    _para(doc, space_after=0)
    _para(doc, document.title, bold=True, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, document.summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, "-----", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)

    for part in document.sections:
        _section(doc, part, level=0)

    # The closing lines and the signatures stay together on one page.
    for line in document.closing:
        _para(doc, line, indent=True, keep_with_next=True)
    signatures = doc.add_table(rows=1, cols=2)
    _no_borders(signatures)
    for cell, signature in zip(
        signatures.rows[0].cells, (document.secretary, document.chair), strict=True
    ):
        rows = []
        if signature.authority:
            rows.append((signature.authority, {"bold": True}))
        rows += [
            (signature.label, {"bold": True}),
            ("\n\n\n", {}),
            (signature.name, {"bold": True}),
        ]
        _cell_lines(cell, rows)

    if document.recipients:
        _para(doc, space_after=0)
        _para(doc, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        for i, recipient in enumerate(document.recipients):
            end = "." if i == len(document.recipients) - 1 else ";"
            _para(doc, f"- {recipient}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=0)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cell_lines_append(cell: _Cell, text: str) -> None:
    paragraph = cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(6)
    _add_text(paragraph, text, italic=True)
