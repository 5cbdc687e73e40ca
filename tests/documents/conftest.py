"""Fixtures of the documents tests: a private archive directory per test, a subject, a
ready context, and the PDF converter boundary."""

from __future__ import annotations

import sys
import types

import pytest

from documents.registry import get_spec
from documents.services import sample_context
from tests.subscribers.factories import ConsumerFactory


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    """Every test writes into an archive of its own, so it can count files."""
    root = tmp_path / "archive"
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def archive_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def consumer(db):
    return ConsumerFactory()


@pytest.fixture
def letter_context():
    """The sample data of common.letter, as a context builder would return it."""
    context = sample_context(get_spec("common.letter"))
    context.pop("document")
    return context


class FakeConverter:
    """Stands in for LibreOffice at the converter's import point — only where a test needs
    outcomes no real LibreOffice gives on demand (fail, then time out, then succeed).
    ``outcomes`` is consumed one per call. The errors are the real ``documents.pdf`` ones;
    ``module()`` gives a stand-in ``documents.pdf`` module for code that imports it late."""

    from documents.pdf import ConversionError, ConversionTimeout

    def __init__(self):
        self.outcomes: list[str] = []
        self.calls = 0

    def convert_docx_to_pdf(self, docx: bytes, *, timeout=None) -> bytes:
        self.calls += 1
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        if outcome == "error":
            raise self.ConversionError("LibreOffice не смог преобразовать документ в PDF: код 1")
        if outcome == "timeout":
            raise self.ConversionTimeout(f"Преобразование в PDF не завершилось за {timeout:g} с")
        return b"%PDF-1.4\n% fake rendition\n"

    def module(self):
        module = types.ModuleType("documents.pdf")
        module.convert_docx_to_pdf = self.convert_docx_to_pdf
        module.ConversionError = self.ConversionError
        module.ConversionTimeout = self.ConversionTimeout
        return module


@pytest.fixture
def fake_converter(monkeypatch):
    fake = FakeConverter()
    monkeypatch.setitem(sys.modules, "documents.pdf", fake.module())
    return fake


@pytest.fixture
def cold_libreoffice(settings, tmp_path):
    """The real converter without a pool: every conversion is a cold ``soffice``."""
    settings.PDF_POOL_DIR = str(tmp_path / "no-pool")
    return settings


@pytest.fixture(scope="session")
def _warm_pool(tmp_path_factory):
    from documents.pdf.launcher import PoolProcess

    pool = PoolProcess(tmp_path_factory.mktemp("documents-pdf-pool"), size=1).start()
    yield pool
    pool.stop()


@pytest.fixture
def libreoffice(settings, _warm_pool):
    """The real converter through one warm LibreOffice kept for the session (a cold start
    per conversion costs seconds)."""
    settings.PDF_POOL_DIR = str(_warm_pool.directory)
    return settings


def make_docx(*paragraphs: str, table_rows: str | None = None) -> bytes:
    """A real DOCX with the given paragraphs (each one run, as the template builder does),
    on A4 with ГОСТ margins (30/15/20/20 mm), so it passes the page check of uploads."""
    import io

    from docx import Document
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    for text in paragraphs:
        doc.add_paragraph(text)
    if table_rows:
        table = doc.add_table(rows=3, cols=2)
        table.rows[0].cells[0].text = "{%tr for row in " + table_rows + " %}"
        table.rows[1].cells[0].text = "{{ row.a }}"
        table.rows[1].cells[1].text = "{{ row.b }}"
        table.rows[2].cells[0].text = "{%tr endfor %}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def attacker():
    from tests.audit.attacker import Attacker

    return Attacker()
