"""«Расчет объема и стоимости» as the reader holds it: the sample of the manifest rendered and
converted to PDF through the real LibreOffice; the signature is on the page of the last
paragraph of text (the norms), with the executor, and the heat carrier has its column."""

from __future__ import annotations

from documents.registry import get_spec
from documents.services import sample_context
from tests.documents.conftest import _warm_pool, libreoffice  # noqa: F401 — the documents tests' pool

from .test_demand_layout import page_of, page_texts

CODE = "inspections.violation_calculation"


def test_the_signature_is_on_the_page_of_the_last_paragraph(libreoffice):  # noqa: F811
    context = sample_context(get_spec(CODE))
    pages = page_texts(context, CODE)
    signature = page_of(pages, context["signer"]["name"].replace("\u00a0", " "))
    assert page_of(pages, "Налогового кодекса Российской Федерации.") == signature
    assert page_of(pages, "Исполнитель: " + context["executor"]["name"]) == signature
    assert signature == len(pages) - 1
    # and the table has the heat carrier beside the heat, its total in the «Итого» row
    text = " ".join(pages)
    assert "носитель, м³" in text and "441,600" in text
