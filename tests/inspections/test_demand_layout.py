"""«Требование об оплате» as the reader holds it: the sample of the manifest rendered and
converted to PDF through the real LibreOffice; the signature never stands alone on a page —
it is on the page of the last paragraph of text and of the annex list, with the executor."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from documents import rendering
from documents.pdf.conversion import convert_docx_to_pdf
from documents.registry import get_spec
from documents.services import sample_context
from tests.documents.conftest import _warm_pool, libreoffice  # noqa: F401 — the documents tests' pool

CODE = "inspections.payment_demand"
LAST_TEXT = "органы внутренних дел"  # the end of the last warning, the last paragraph of text


def page_texts(context: dict, code: str = CODE) -> list[str]:
    """The text of each page of the PDF of template ``code`` rendered with ``context``, spaces collapsed."""
    spec = get_spec(code)
    pdf = convert_docx_to_pdf(rendering.render(spec.file.read_bytes(), context, label=code))
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def page_of(pages: list[str], text: str) -> int:
    found = [n for n, page in enumerate(pages) if text in page]
    assert found, f"«{text}» is on no page"
    return found[-1]


@pytest.mark.parametrize("extra_annexes", [0, 3, 8], ids=["sample", "three-more-annexes", "eight-more-annexes"])
def test_the_signature_is_on_the_page_of_the_last_paragraph_and_the_annexes(extra_annexes, libreoffice):  # noqa: F811
    # given the manifest's sample, and the same with more annexes (the page break moves)
    context = sample_context(get_spec(CODE))
    context["attachments"] = context["attachments"] + [
        f"Копия документа № {n} на 1 л. в 1 экз." for n in range(1, extra_annexes + 1)
    ]
    # when it is rendered and converted to PDF
    pages = page_texts(context)
    signature = page_of(pages, context["signer"]["name"].replace("\u00a0", " "))
    # then the last paragraph of text, the annex list and the executor share the signature's page
    assert page_of(pages, LAST_TEXT) == signature
    assert page_of(pages, "Приложение:") == signature
    assert page_of(pages, context["attachments"][-1].replace("\u00a0", " ")[:30]) == signature
    assert page_of(pages, "Исп. " + context["executor"]["name"]) == signature
    # and the signature page is the last one
    assert signature == len(pages) - 1
