"""PDF pages as PNG pictures (documents/pdf/pages.py): pdftoppm draws, pypdf counts."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfWriter

from core.errors import ApplicationError
from documents.pdf.pages import MAX_PAGES, page_count, pdf_pages_png

pytestmark = pytest.mark.dateless  # LibreOffice processes: no date is read

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_every_page_becomes_a_png_in_order():
    # given a three-page A4 PDF
    pdf = blank_pdf(3)
    # when its pages are drawn at 40 dpi
    images = pdf_pages_png(pdf, dpi=40)
    # then three PNG pictures of an A4 page's proportions come back, and the count is 3
    assert images.page_count == 3 and len(images.pages) == 3
    assert all(page.startswith(PNG_SIGNATURE) for page in images.pages)
    width = int.from_bytes(images.pages[0][16:20], "big")
    height = int.from_bytes(images.pages[0][20:24], "big")
    assert abs(height / width - 842 / 595) < 0.01


def test_a_long_pdf_is_drawn_up_to_the_limit_but_counted_in_full():
    pdf = blank_pdf(MAX_PAGES + 2)
    images = pdf_pages_png(pdf, dpi=10)
    assert images.page_count == MAX_PAGES + 2 and len(images.pages) == MAX_PAGES


def test_the_first_page_alone():
    images = pdf_pages_png(blank_pdf(4), dpi=10, last=1)
    assert len(images.pages) == 1 and images.page_count == 4


def test_not_a_pdf_is_refused_with_its_code():
    with pytest.raises(ApplicationError) as refused:
        page_count(b"PK\x03\x04 a docx, not a pdf")
    assert refused.value.code == "pdf_unreadable" and refused.value.field == "pdf"
