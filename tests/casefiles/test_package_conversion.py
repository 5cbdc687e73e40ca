"""The court package with real conversions through the LibreOffice pool: an archived
document (its PDF converted once, archived, then reused), an uploaded DOCX and a picture
(placed on an A4 page and converted)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from casefiles.package import PackageItem, assemble
from casefiles.package_sources import ArchivedSource, upload_source
from core.errors import ApplicationError
from documents.models import PdfRendition
from documents.services import issue_document
from tests.casefiles.test_package import item, marked_pdf, outline, page_texts, png
from tests.documents.conftest import (  # noqa: F401 — the documents tests' fixtures: archive, pool, letter
    _warm_pool,
    archive_dir,
    consumer,
    fake_converter,
    letter_context,
    libreoffice,
    make_docx,
)


@pytest.fixture
def letter(consumer, make_user, letter_context):  # noqa: F811
    return issue_document(template="common.letter", context=letter_context, subject=consumer, actor=make_user("Юрист"))


def test_an_archived_document_is_converted_once_then_its_archived_pdf_is_reused(letter, libreoffice):  # noqa: F811
    # given the letter has no PDF yet
    assert not letter.pdf_renditions.exists()
    items = [
        PackageItem(title=f"Претензия № {letter.number}", kind="claim_letter", source=ArchivedSource(letter),
                    original=True),
        PackageItem(title="Расчет задолженности и пени", kind="debt_calculation",
                    source=upload_source(make_docx("Расчет задолженности и пени", "Итого: 125 430,50 руб."),
                                         filename="расчет.docx")),
        PackageItem(title="Фото прибора учета", kind="invoices", source=upload_source(png(), filename="фото.png")),
        PackageItem(title="Скан квитанции", kind="claim_dispatch", source=upload_source(jpeg(), filename="скан.jpg")),
    ]

    # when
    first = assemble("pretrial_claim", items, title="к претензии")
    second = assemble("pretrial_claim", items, title="к претензии")

    # then the letter's PDF was archived by the first and reused by the second
    assert letter.pdf_renditions.count() == 1
    rendition = letter.pdf_renditions.get(status=PdfRendition.Status.DONE)
    assert first.page_count == second.page_count
    texts = page_texts(first.pdf)
    letter_pages = len(PdfReader(io.BytesIO(_read(rendition.storage_name))).pages)
    assert first.entries[0].sheets == letter_pages
    assert [e.sheets for e in first.entries[1:]] == [1, 1, 1]
    assert len(texts) == first.page_count == first.inventory_pages + letter_pages + 3
    reader = PdfReader(io.BytesIO(first.pdf))
    for picture in first.entries[2:]:  # each picture is an image on its page
        page = reader.pages[picture.first_page - 1]
        assert any(x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values())
    assert "125 430,50" in texts[first.entries[1].first_page - 1]
    assert [page for _, page in outline(first.pdf)] == [e.first_page for e in first.entries]
    assert all(f"стр. {n}" in page for n, page in enumerate(texts, start=1))
    # the ZIP keeps the originals: the letter's archived DOCX, the DOCX and the picture as uploaded
    import zipfile

    with zipfile.ZipFile(io.BytesIO(first.zip)) as archive:
        names = archive.namelist()
        assert names[1].endswith(".docx") and names[2].endswith(".docx") and names[3].endswith(".png")
        assert names[4].endswith(".jpg")
        assert archive.read(names[3]) == png()


def jpeg() -> bytes:
    """A JPEG of a scanned page, drawn by poppler (no Pillow in the environment)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "scan.pdf"
        source.write_bytes(marked_pdf("Квитанция", 1))
        subprocess.run(["pdftoppm", "-jpeg", "-r", "30", "-singlefile", str(source), f"{folder}/scan"], check=True)
        return (Path(folder) / "scan.jpg").read_bytes()


def _read(name: str) -> bytes:
    from documents import storage

    return storage.read(name)


def test_a_docx_that_libreoffice_cannot_open_is_refused_naming_the_document(libreoffice):  # noqa: F811
    # given a ZIP that claims to be a Word document but is not one
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not-word/>")
    items = [item("Претензия", "claim_letter"), item("УПД", "invoices"),
             PackageItem(title="Расчет", kind="debt_calculation", source=upload_source(out.getvalue(), filename="р.docx"))]

    # when
    with pytest.raises(ApplicationError) as refused:
        assemble("pretrial_claim", items, title="к претензии")

    # then
    assert refused.value.message.startswith("«Расчет»: ")
    assert refused.value.code in ("corrupt_input", "conversion_failed")


def _letter_items(letter) -> list[PackageItem]:
    return [PackageItem(title="Претензия", kind="claim_letter", source=ArchivedSource(letter)),
            item("Расчет", "debt_calculation"), item("УПД", "invoices")]


def test_an_archived_document_that_does_not_convert_is_refused_naming_it(letter, fake_converter):  # noqa: F811
    # given LibreOffice fails on the letter
    fake_converter.outcomes = ["error"]

    # when
    with pytest.raises(ApplicationError) as refused:
        assemble("pretrial_claim", _letter_items(letter), title="к претензии")

    # then
    assert refused.value.code == "package_pdf_failed"
    assert refused.value.message.startswith(f"«Претензия»: Документ {letter.number}: PDF не получен")
    assert not letter.pdf_renditions.filter(status=PdfRendition.Status.DONE).exists()


def test_an_archived_pdf_changed_on_disk_is_refused(letter, fake_converter, archive_dir):  # noqa: F811
    # given the letter's PDF archived, then altered in the archive
    from documents.services import archive_pdf_rendition

    rendition = archive_pdf_rendition(document_id=letter.pk)
    (archive_dir / rendition.storage_name).write_bytes(b"%PDF-1.4\n% altered\n")

    # when
    with pytest.raises(ApplicationError) as refused:
        assemble("pretrial_claim", _letter_items(letter), title="к претензии")

    # then
    assert refused.value.code == "file_tampered"
    assert fake_converter.calls == 1  # the archived rendition was read, not converted again
