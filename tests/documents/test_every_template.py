"""Every template of the manifest renders with its sample data, opens with python-docx,
is laid out on A4 (portrait or landscape) with ГОСТ margins, and converts to PDF with the real LibreOffice."""

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
