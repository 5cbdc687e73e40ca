"""Every template of the manifest renders with its sample data, opens with python-docx,
is laid out on A4 (portrait or landscape) with ГОСТ margins, numbers its pages from the second,
and converts to PDF with the real LibreOffice."""

import io

import pytest
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader

from documents import rendering
from documents.pdf import convert_docx_to_pdf
from documents.registry import manifest
from documents.services import sample_context

CODES = sorted(manifest())


@pytest.mark.parametrize("code", CODES)
def test_template_renders_opens_and_converts(code, libreoffice):
    # given the template file of the repository and the manifest's sample
    spec = manifest()[code]
    content = spec.file.read_bytes()
    # then it uses only its declared variables (and the engine's ``document``)
    assert rendering.template_variables(content, label=code) <= spec.variables | {"document"}
    # when
    docx = rendering.render(content, sample_context(spec), label=code)
    # then python-docx opens it, no tag is left, and the page is A4
    document = Document(io.BytesIO(docx))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "{{" not in text and "{%" not in text
    section = document.sections[0]
    sides = sorted((section.page_width, section.page_height))
    assert abs(sides[0] - Mm(210)) < Mm(1) and abs(sides[1] - Mm(297)) < Mm(1), "A4, portrait or landscape"
    assert section.left_margin >= Mm(20) and section.right_margin >= Mm(10)
    assert section.top_margin >= Mm(20) and section.bottom_margin >= Mm(20)
    # and LibreOffice converts it
    pdf = convert_docx_to_pdf(docx, timeout=120)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _field_codes(header_or_footer) -> str:
    """The field instructions (`` PAGE ``…) of a header or footer part."""
    return "".join(node.text or "" for node in header_or_footer.part.element.iter(f"{W}instrText"))


@pytest.mark.parametrize("code", CODES)
def test_rendered_documents_number_their_pages_from_the_second(code):
    # given the template rendered with its sample, as an issued document is
    spec = manifest()[code]
    docx = rendering.render(spec.file.read_bytes(), sample_context(spec), label=code)
    section = Document(io.BytesIO(docx)).sections[0]
    # then the page number is a PAGE field in the header (ГОСТ Р 7.0.97-2016: centred in the
    # top margin), Word and LibreOffice fill it in; the first page has its own empty header
    assert _field_codes(section.header).split() == ["PAGE"]
    assert section.different_first_page_header_footer
    assert _field_codes(section.first_page_header) == "" and section.first_page_header.paragraphs[0].text == ""
    # and the number is not put in the footer as well
    assert "PAGE" not in _field_codes(section.footer)
