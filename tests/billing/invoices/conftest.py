"""Fixtures of the period documents: our organisation with its signers, a private archive,
a billed January 2026, and the PDF converter boundary."""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import pytest
from pypdf import PdfWriter

from billing.models import Invoice
from tests.documents.conftest import FakeConverter
from tests.subscribers.factories import OrganizationFactory, SignatoryFactory

from ..conftest import january_2026


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    """Every test writes into an archive of its own (real workers get it too: ARCHIVE_ROOT)."""
    root = tmp_path / "archive"
    settings.ARCHIVE_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(root), "base_url": None}},
    }
    return root


@pytest.fixture
def organization(db):
    organization = OrganizationFactory()
    SignatoryFactory(organization=organization, last_name="Громов", first_name="Виктор", middle_name="Иванович",
                     position="Генеральный директор", is_head=True)
    SignatoryFactory(organization=organization, last_name="Соколова", first_name="Елена", middle_name="Павловна",
                     position="Главный бухгалтер", is_head=False, is_chief_accountant=True)
    return organization


@pytest.fixture
def billed_january(town, make_contract, period_jan, run_period, organization):
    """January 2026 billed: one unmetered object, heating 0.5 Гкал/ч and hot water 0.08 Гкал/ч.

    Heating: 231.287 Гкал × 2 600.00 (Методика 99/пр); hot water 59.520 Гкал and
    59.520 / 0.06 = 992.000 м³ (Методика 99/пр).
    """
    town.temperatures(january_2026())
    contract, obj = make_contract(heating="0.5", hot_water="0.08")
    run_period(period_jan)
    return Invoice.objects.select_related("period", "contract", "consumer").get(contract=contract)


class PdfConverter(FakeConverter):
    """The documents tests' converter boundary, answering with a real one-page PDF (the
    printing merges them) unless told to fail."""

    def __init__(self):
        super().__init__()
        self.fail = False

    def convert_docx_to_pdf(self, docx: bytes, *, timeout=None) -> bytes:
        self.calls += 1
        if self.fail:
            raise self.ConversionError("soffice завершился с кодом 1")
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


@pytest.fixture
def fake_converter(monkeypatch):
    fake = PdfConverter()
    monkeypatch.setitem(sys.modules, "documents.pdf", fake.module())
    return fake


def number(text: str) -> Decimal:
    """``1 234,56`` (NBSP groups) → Decimal."""
    return Decimal(text.replace("\xa0", "").replace(" ", "").replace(",", "."))
