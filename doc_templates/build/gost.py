"""Building blocks for DOCX templates laid out per ГОСТ Р 7.0.97-2016 (python-docx).

A4 (python-docx starts from Letter), margins 30/15/20/20 mm (the standard asks at least
20/10/20/20), Times New Roman 14 pt for text and 12/10 pt for requisites and tables, single
spacing, 1.25 cm first-line indent, justified text, page numbers from page 2 centred in the
top margin 10 mm from the edge, Russian language for hyphenation and spelling.

Every Jinja tag is written as one run, so Word's run splitting never cuts a tag in two.
These helpers only start new templates (``scaffold.py``, ``manage.py template_scaffold``); a committed
template is edited in Word and never rebuilt from here.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
TEXT_PT = 14
SMALL_PT = 12
TABLE_PT = 10
INDENT = Cm(1.25)


def new_document(*, landscape: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(TEXT_PT)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    lang.set(qn("w:eastAsia"), "ru-RU")
    rpr.append(lang)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    _page_numbers_from_second_page(section)
    _core_properties(doc)
    return doc


def _core_properties(doc: Document) -> None:
    props = doc.core_properties
    props.author = "Абонентский отдел"
    props.language = "ru-RU"
    props.title = ""
    props.comments = ""


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


def _page_numbers_from_second_page(section) -> None:
    section.different_first_page_header_footer = True
    first = section.first_page_header.paragraphs[0]
    first.text = ""
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(header, "PAGE")
    for run in header.runs:
        run.font.size = Pt(SMALL_PT)


def paragraph(doc_or_cell, text: str = "", *, size: int | None = None, bold: bool = False,
              align=None, indent: bool = False, space_after: int = 0, space_before: int = 0,
              keep_with_next: bool = False):
    p = doc_or_cell.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    if indent:
        fmt.first_line_indent = INDENT
    fmt.space_after, fmt.space_before = Pt(space_after), Pt(space_before)
    fmt.keep_with_next = keep_with_next
    return p


def tag(doc_or_cell, text: str):
    """A paragraph holding only a docxtpl paragraph tag (``{%p for … %}``); docxtpl drops it."""
    return paragraph(doc_or_cell, text)


def fixed_widths(table, widths_cm: list[float]) -> None:
    """Column widths that Word and LibreOffice both honour: the grid, every cell, and a
    fixed layout (python-docx sets only the cells, which LibreOffice ignores)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def borderless_table(doc, widths_cm: list[float]):
    table = doc.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    fixed_widths(table, widths_cm)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    _cell_margins(table, left=0, right=0)
    return table


def grid_table(doc, headers: list[str], widths_cm: list[float], *, size: int = TABLE_PT):
    """A bordered table with a bold, repeated header row."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, widths_cm)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    return table


def add_row(table, texts: list[str], *, size: int = TABLE_PT, aligns=None):
    row = table.add_row()
    for i, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
        cell.width = table.rows[0].cells[i].width
        p = cell.paragraphs[0]
        if text:
            run = p.add_run(text)
            run.font.size = Pt(size)
        if aligns and aligns[i] is not None:
            p.alignment = aligns[i]
    return row


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _cell_margins(table, **margins_twips) -> None:
    tbl_pr = table._tbl.tblPr
    cell_mar = OxmlElement("w:tblCellMar")
    for side, value in margins_twips.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        cell_mar.append(element)
    tbl_pr.append(cell_mar)


# --- requisites (ГОСТ Р 7.0.97-2016 order) -------------------------------------------------

def letterhead(doc, *, addressee: bool = True):
    """Corner letterhead: organisation name and reference data, then date and registration
    number and the «На № … от …» reply line on the left; the addressee on the right."""
    table = borderless_table(doc, [8.0, 1.0, 7.5])
    left, _, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = first.add_run("{{ organization.full_name }}")
    run.bold = True
    run.font.size = Pt(SMALL_PT)
    for line in (
        "{{ organization.address }}",
        "Тел.: {{ organization.phone }}, e-mail: {{ organization.email }}",
        "ОГРН {{ organization.ogrn }}, ИНН/КПП {{ organization.inn }}/{{ organization.kpp }}",
    ):
        paragraph(left, line, size=TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(left, "")
    paragraph(left, "{{ document.date }} № {{ document.number }}", size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    if addressee:
        tag(left, "{%p if in_reply_to %}")
        paragraph(left, "На № {{ in_reply_to.number }} от {{ in_reply_to.date }}", size=SMALL_PT,
                  align=WD_ALIGN_PARAGRAPH.CENTER)
        tag(left, "{%p endif %}")
        right.paragraphs[0].text = ""
        tag(right, "{%p for line in addressee %}")
        paragraph(right, "{{ line }}")
        tag(right, "{%p endfor %}")
    return table


def heading_to_text(doc, text: str = "{{ heading }}"):
    return paragraph(doc, text, space_before=12, space_after=12, keep_with_next=True)


def body(doc, variable: str = "paragraphs"):
    tag(doc, f"{{%p for paragraph in {variable} %}}")
    paragraph(doc, "{{ paragraph }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    tag(doc, "{%p endfor %}")


def attachments(doc):
    tag(doc, "{%p if attachments %}")
    paragraph(doc, "Приложение:", space_before=12)
    tag(doc, "{%p for item in attachments %}")
    paragraph(doc, "{{ loop.index }}. {{ item }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def signature(doc):
    """Position on the left, the signature space, ``И.О. Фамилия`` on the right."""
    paragraph(doc, "", space_before=24)
    table = borderless_table(doc, [7.5, 4.0, 5.0])
    position, _, name = table.rows[0].cells
    position.paragraphs[0].add_run("{{ signer.position }}")
    name.paragraphs[0].add_run("{{ signer.name }}")
    name.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def executor(doc):
    paragraph(doc, "", space_before=36)
    paragraph(doc, "{{ executor.name }}", size=TABLE_PT)
    paragraph(doc, "{{ executor.phone }}", size=TABLE_PT)
