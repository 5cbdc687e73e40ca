"""Fixtures of the PDF conversion tests: DOCX documents made with python-docx, and pools.

Every test starts with no pool (``PDF_POOL_DIR`` points at an empty directory), so a pool
that a developer runs under ``var/`` never leaks into the tests; the pool tests point it at
the pool they start.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader

from documents.pdf.launcher import PoolProcess

MARKER = "Уведомление о плановом отключении горячего водоснабжения"
WORDS = ["альфа", "бета", "гамма", "дельта"]  # pypdf keeps plain Cyrillic words in order


def make_docx(*, title: str = MARKER, rows: int = 10) -> bytes:
    """An A4 letter: a title, a paragraph and a table of ``rows`` rows."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    document.add_paragraph(title)
    document.add_paragraph("Просим обеспечить доступ к тепловому пункту 01.12.2026 с 9:00 до 17:00.")
    table = document.add_table(rows=rows, cols=3)
    for n, row in enumerate(table.rows, start=1):
        row.cells[0].text = f"Дом № {n}"
        row.cells[1].text = f"ул. Садовая, {n}"
        row.cells[2].text = f"{n * 1.5:.3f} Гкал"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def with_broken_document_xml(docx: bytes) -> bytes:
    """A ZIP that looks like a DOCX but whose word/document.xml is cut in half."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return buffer.getvalue()


@pytest.fixture
def letter_docx() -> bytes:
    return make_docx()


@pytest.fixture(autouse=True)
def no_pool_by_default(settings, tmp_path):
    settings.PDF_POOL_DIR = tmp_path / "no-pool"


def start_pool(tmp_path_factory, *, size: int, max_conversions: int = 0) -> PoolProcess:
    return PoolProcess(tmp_path_factory.mktemp("pdf-pool"), size=size, max_conversions=max_conversions).start()


@pytest.fixture
def use_pool(settings):
    """``use_pool(pool)``: conversions in this test go to ``pool``."""

    def use(pool: PoolProcess) -> PoolProcess:
        settings.PDF_POOL_DIR = pool.directory
        return pool

    return use
