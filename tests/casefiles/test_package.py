"""The court package (casefiles/package.py): page count, one bookmark per document in order,
inventory page ranges that match the pages, «стр. N» on every page, the checklist blocking an
incomplete package, parts under the size limit, bad files refused — checked with pypdf on
the assembled bytes. The documents here are PDFs made in the test (no conversion); the
conversions through LibreOffice are in test_package_conversion.py."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from casefiles.package import PackageItem, assemble, missing_documents, stored_package
from casefiles.package_checklist import KINDS, ROUTES
from casefiles.package_pdf import add_font, add_text_page, text
from casefiles.package_sources import PdfSource, upload_source
from core.errors import ApplicationError

# --- samples -----------------------------------------------------------------------------------


def marked_pdf(marker: str, pages: int = 1, *, payload: int = 0, rotate: int = 0) -> bytes:
    """``pages`` A4 pages, page i reading «<marker> лист i»; ``payload`` random bytes per page
    as an image resource (kept by every copy of the page) to make the file heavy."""
    writer = PdfWriter()
    font_ref = add_font(writer)
    for index in range(1, pages + 1):
        add_text_page(writer, text(100, 500, f"{marker} лист {index}", size=14) + "\n", font_ref)
        page = writer.pages[-1]
        if payload:
            image = DecodedStreamObject()
            image.set_data(os.urandom(payload))
            image.update({
                NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(payload), NameObject("/Height"): NumberObject(1),
                NameObject("/ColorSpace"): NameObject("/DeviceGray"), NameObject("/BitsPerComponent"): NumberObject(8),
            })
            page[NameObject("/Resources")][NameObject("/XObject")] = DictionaryObject(
                {NameObject("/Im1"): writer._add_object(image)}
            )
        if rotate:
            page.rotate(rotate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.append(io.BytesIO(marked_pdf("Секрет")))
    writer.encrypt(user_password="", owner_password="владелец")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png(width: int = 40, height: int = 20) -> bytes:
    """A grey-gradient PNG, written by hand (no Pillow in the environment)."""
    rows = b"".join(b"\x00" + bytes(x * 255 // width for x in range(width)) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def item(title: str, kind: str, pages: int = 1, **options) -> PackageItem:
    payload = options.pop("payload", 0)
    rotate = options.pop("rotate", 0)
    return PackageItem(title=title, kind=kind, source=PdfSource(marked_pdf(title, pages, payload=payload, rotate=rotate),
                                                                f"{title}.pdf"), **options)


def claim_items() -> list[PackageItem]:
    return [
        item("Претензия № 12/2026", "claim_letter", 2, original=True),
        item("Расчет задолженности и пени", "debt_calculation", 1),
        item("УПД за октябрь–ноябрь 2026 г.", "invoices", 3, copies=2, rotate=90),
    ]


def lawsuit_items() -> list[PackageItem]:
    kinds = ["lawsuit", "copy_dispatch", "duty_payment", "debt_calculation", "contract", "invoices",
             "power_of_attorney", "law_diploma", "claim_letter", "claim_dispatch", "egrul_extract", "reconciliation"]
    return [item(KINDS[code].name, code, 1 + n % 3) for n, code in enumerate(kinds)]


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def outline(pdf: bytes) -> list[tuple[str, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(entry.title, reader.get_destination_page_number(entry) + 1) for entry in reader.outline]


RANGE = re.compile(r"стр\. (\d+)(?:–(\d+))?")


def inventory_ranges(texts: list[str], inventory_pages: int) -> list[tuple[int, int]]:
    """The page ranges printed in the inventory, in order (the stamp «стр. N» on top excluded)."""
    found = []
    for number, page in enumerate(texts[:inventory_pages], start=1):
        for match in RANGE.finditer(page):
            first, last = int(match[1]), int(match[2] or match[1])
            if (first, last) != (number, number) or match.start() != page.rfind(f"стр. {number}"):
                found.append((first, last))
    return found


# --- the package ---------------------------------------------------------------------------------


def test_the_package_is_the_inventory_then_every_document_numbered_and_bookmarked():
    # given
    items = claim_items()

    # when
    package = assemble("pretrial_claim", items, title="к претензии ООО «Ромашка» по договору № 15-Т")

    # then the page count: one inventory page and the documents' 2 + 1 + 3
    texts = page_texts(package.pdf)
    assert package.inventory_pages == 1
    assert len(texts) == package.page_count == 7
    # one bookmark per document, in order, on its first page
    assert outline(package.pdf) == [("1. Претензия № 12/2026", 2), ("2. Расчет задолженности и пени", 4),
                                    ("3. УПД за октябрь–ноябрь 2026 г.", 5)]
    # the inventory: its table in Russian, the ranges matching where each document's pages are
    inventory = texts[0]
    for word in ("ПЕРЕЧЕНЬ ПРИЛОЖЕНИЙ", "к претензии ООО «Ромашка»", "Наименование документа", "Листов", "Экз.",
                 "Копия /", "оригинал", "копия", "Всего: 3 документа на 6 л."):
        assert word in inventory
    assert inventory_ranges(texts, 1) == [(2, 3), (4, 4), (5, 7)]
    for entry, expected in zip(package.entries, items, strict=True):
        for sheet in range(1, entry.sheets + 1):
            assert f"{expected.title} лист {sheet}" in texts[entry.first_page - 1 + sheet - 1]
    # the page number on every page, the rotated ones included
    for number, page in enumerate(texts, start=1):
        assert f"стр. {number}" in page
    assert package.parts[0].pdf == package.pdf and len(package.parts) == 1


def test_a_long_inventory_takes_more_pages_and_the_ranges_follow():
    # given forty documents: the table does not fit one page
    items = lawsuit_items() + [item(f"Акт сверки № {n} с длинным наименованием, которое переносится на вторую строку "
                                    f"ячейки таблицы перечня", "reconciliation", 2) for n in range(1, 29)]

    # when
    package = assemble("lawsuit_arbitration", items, title="к исковому заявлению о взыскании задолженности")

    # then
    texts = page_texts(package.pdf)
    assert package.inventory_pages >= 2
    assert len(texts) == package.page_count == package.inventory_pages + sum(e.sheets for e in package.entries)
    assert "Наименование документа" in texts[1]  # the header row repeats
    assert inventory_ranges(texts, package.inventory_pages) == [(e.first_page, e.last_page) for e in package.entries]
    assert package.entries[0].first_page == package.inventory_pages + 1
    assert [page for _, page in outline(package.pdf)] == [e.first_page for e in package.entries]
    assert all(f"стр. {n}" in page for n, page in enumerate(texts, start=1))


def test_the_zip_holds_the_inventory_and_the_originals_numbered():
    # given
    items = claim_items()

    # when
    package = assemble("pretrial_claim", items, title="к претензии")

    # then
    with zipfile.ZipFile(io.BytesIO(package.zip)) as archive:
        names = archive.namelist()
        assert names == ["00 Перечень приложений.pdf", "01 Претензия № 12_2026.pdf", "02 Расчет задолженности и пени.pdf",
                         "03 УПД за октябрь–ноябрь 2026 г..pdf"]
        assert archive.read(names[2]) == items[1].source.original()[1]
        assert len(PdfReader(io.BytesIO(archive.read(names[0]))).pages) == package.inventory_pages


# --- the checklist ---------------------------------------------------------------------------------


def test_the_checklist_names_what_is_missing_and_blocks_the_package():
    # given a lawsuit without the duty's payment order, the proof of copies sent and the ЕГРЮЛ extract
    items = [i for i in lawsuit_items() if i.kind not in ("duty_payment", "copy_dispatch", "egrul_extract")]

    # when
    missing = missing_documents("lawsuit_arbitration", items)
    with pytest.raises(ApplicationError) as refused:
        assemble("lawsuit_arbitration", items, title="к исковому заявлению")

    # then
    assert missing == ["Доказательство направления должнику копии заявления с приложениями",
                       "Платежное поручение об уплате государственной пошлины", "Выписка из ЕГРЮЛ (ЕГРИП) о должнике"]
    assert refused.value.code == "package_incomplete"
    assert refused.value.extra["missing"] == missing
    assert all(name in refused.value.message for name in missing)


def test_a_complete_lawsuit_misses_nothing_and_any_proof_of_the_claim_dispatch_will_do():
    items = lawsuit_items()
    assert missing_documents("lawsuit_arbitration", items) == []
    receipt = [i if i.kind != "claim_dispatch" else item("Уведомление о вручении", "claim_receipt") for i in items]
    assert missing_documents("lawsuit_arbitration", receipt) == []
    assert missing_documents("lawsuit_arbitration", [i for i in items if i.kind != "claim_dispatch"]) == [
        "Доказательство направления претензии должнику"]


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_route_blocks_an_empty_package_and_every_required_kind_is_declared(route):
    required = ROUTES[route].required
    assert required
    assert all(kind in KINDS for requirement in required for kind in requirement.kinds)
    assert missing_documents(route, [item("Иное", "other")]) == [r.name for r in required]


def test_a_new_kind_joins_by_declaration(monkeypatch):
    # given a kind declared and required by a route, with no code changed
    from casefiles import package_checklist as checklist

    monkeypatch.setitem(checklist.KINDS, "field_act", checklist.DocumentKind("field_act", "Акт обследования"))
    police = checklist.ROUTES["police_statement"]
    monkeypatch.setitem(checklist.ROUTES, "police_statement", checklist.Route(
        police.code, police.title, police.basis,
        (*police.required, checklist.Requirement(("field_act",), "Акт обследования"))))
    items = [item(KINDS[k].name, k) for k in ("police_statement", "inspection_act", "unauthorized_calculation",
                                               "photos", "power_of_attorney")]

    # then
    assert missing_documents("police_statement", items) == ["Акт обследования"]
    package = assemble("police_statement", [*items, item("Акт обследования № 3", "field_act")], title="к заявлению")
    assert len(package.entries) == 6


# --- parts for e-filing -------------------------------------------------------------------------------


def test_parts_stay_under_the_limit_and_never_cut_a_document():
    # given documents of about 150 KiB per page
    items = [item("Претензия", "claim_letter", 1, payload=150_000), item("Расчет", "debt_calculation", 2, payload=150_000),
             item("УПД", "invoices", 1, payload=150_000), item("Акт сверки", "reconciliation", 3, payload=150_000)]
    limit = 500 * 1024

    # when
    package = assemble("pretrial_claim", items, title="к претензии", part_limit_bytes=limit)

    # then
    assert len(package.parts) > 1
    assert all(len(part.pdf) <= limit for part in package.parts)
    pages: list[str] = []
    for part in package.parts:
        texts = page_texts(part.pdf)
        assert len(texts) == part.last_page - part.first_page + 1
        pages += texts
        for title, page in outline(part.pdf):  # bookmarks of the part's documents, on their pages
            entry = next(e for e in package.entries if title == f"{e.number}. {e.title}")
            assert page == entry.first_page - part.first_page + 1
    assert [p.split("стр. ")[-1] for p in pages] == [str(n) for n in range(1, package.page_count + 1)]
    placed = [n for part in package.parts for n in part.documents if n]
    assert placed == [e.number for e in package.entries]  # each document in exactly one part


def test_a_document_larger_than_the_limit_alone_is_cut_by_pages():
    # given a calculation of four heavy pages (≈ 4 × 150 KiB) against a 400 KiB limit
    items = [item("Претензия", "claim_letter"), item("Расчет", "debt_calculation", 4, payload=150_000),
             item("УПД", "invoices")]

    # when
    package = assemble("pretrial_claim", items, title="к претензии", part_limit_bytes=400 * 1024)

    # then
    assert all(len(part.pdf) <= 400 * 1024 for part in package.parts)
    cut = [part for part in package.parts if 2 in part.documents]
    assert len(cut) >= 2
    assert [t for part in cut for t, _ in outline(part.pdf) if t.startswith("2.")] == [
        "2. Расчет"] + ["2. Расчет (продолжение)"] * (len(cut) - 1)
    assert sum(p.last_page - p.first_page + 1 for p in package.parts) == package.page_count


def test_a_single_page_over_the_limit_is_refused():
    items = [item("Претензия", "claim_letter"), item("Расчет", "debt_calculation", 1, payload=400_000),
             item("УПД", "invoices")]
    with pytest.raises(ApplicationError) as refused:
        assemble("pretrial_claim", items, title="к претензии", part_limit_bytes=300 * 1024)
    assert refused.value.code == "package_page_too_large"
    assert "«2. Расчет»" in refused.value.message


def test_the_part_limit_defaults_to_the_setting(settings):
    settings.CASEFILES_PACKAGE_PART_LIMIT = 300 * 1024
    items = [item("Претензия", "claim_letter", 1, payload=200_000), item("Расчет", "debt_calculation", 1, payload=200_000),
             item("УПД", "invoices")]
    package = assemble("pretrial_claim", items, title="к претензии")
    assert package.part_limit_bytes == 300 * 1024 and len(package.parts) >= 2


# --- bad input ------------------------------------------------------------------------------------------


def test_an_encrypted_pdf_is_refused_naming_the_document():
    content = encrypted_pdf()
    with pytest.raises(ApplicationError) as on_upload:
        upload_source(content, filename="расчет.pdf")
    items = claim_items()
    items[1] = PackageItem(title="Расчет задолженности и пени", kind="debt_calculation", source=PdfSource(content))
    with pytest.raises(ApplicationError) as on_assembly:
        assemble("pretrial_claim", items, title="к претензии")
    assert on_upload.value.code == on_assembly.value.code == "package_pdf_encrypted"
    assert "«расчет.pdf»: PDF зашифрован" in on_upload.value.message
    assert "«Расчет задолженности и пени»: PDF зашифрован" in on_assembly.value.message


@pytest.mark.parametrize(("content", "code"), [
    (b"", "package_file_empty"),
    (b"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "package_file_type"),  # text
    (b"PK\x03\x04not really a zip", "package_file_type"),
    (b"%PDF-1.7\n garbage with no objects", "package_pdf_unreadable"),
])
def test_an_upload_that_is_not_a_pdf_docx_or_image_is_refused(content, code):
    with pytest.raises(ApplicationError) as refused:
        upload_source(content, filename="письмо.txt")
    assert refused.value.code == code
    assert "«письмо.txt»" in refused.value.message


def test_uploads_are_recognised_by_content():
    assert type(upload_source(marked_pdf("Скан"), filename="scan.bin")).__name__ == "PdfSource"
    assert type(upload_source(png(), filename="фото")).__name__ == "ImageSource"
    assert type(upload_source(b"\xff\xd8\xff\xe0" + b"\0" * 20, filename="фото.jpg")).__name__ == "ImageSource"


@pytest.mark.parametrize(("route", "changes", "code"), [
    ("appeal", {}, "package_route_unknown"),
    ("pretrial_claim", {"kind": "letter"}, "package_kind_unknown"),
    ("pretrial_claim", {"copies": 0}, "package_copies"),
    ("pretrial_claim", {"title": "  "}, "required"),
])
def test_bad_declarations_are_refused(route, changes, code):
    items = claim_items()
    first = items[0]
    items[0] = PackageItem(**{"title": first.title, "kind": first.kind, "source": first.source, **changes})
    with pytest.raises(ApplicationError) as refused:
        assemble(route, items, title="к претензии")
    assert refused.value.code == code


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff\xe0", b"II*\x00"])
def test_a_damaged_picture_is_refused_before_any_conversion(content):
    items = claim_items()
    items[2] = PackageItem(title="Фото", kind="invoices", source=upload_source(content, filename="фото"))
    with pytest.raises(ApplicationError) as refused:
        assemble("pretrial_claim", items, title="к претензии")
    assert refused.value.code == "package_image_unreadable"
    assert refused.value.message.startswith("«Фото»: Файл «фото» не читается как изображение")


def test_a_page_that_is_not_a_pdf_from_a_source_is_refused():
    items = claim_items()
    items[2] = PackageItem(title="УПД", kind="invoices", source=PdfSource(b"<html>not a pdf</html>"))
    with pytest.raises(ApplicationError) as refused:
        assemble("pretrial_claim", items, title="к претензии")
    assert refused.value.code == "package_file_type"
    assert "«УПД»" in refused.value.message


# --- the archive ------------------------------------------------------------------------------------------


@pytest.fixture
def archive_root(settings, tmp_path):
    root = tmp_path / "archive"
    settings.STORAGES = {**settings.STORAGES, "archive": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root), "base_url": None}}}
    return root


def test_the_package_is_stored_under_new_names_with_its_hashes(archive_root):
    from documents import storage

    package = assemble("pretrial_claim", claim_items(), title="к претензии")
    with stored_package(package) as first:
        pass
    with stored_package(package) as second:  # a rebuild: a new version, nothing overwritten
        pass
    assert first.pdf.name != second.pdf.name
    assert storage.read(first.pdf.name) == package.pdf and first.pdf.sha256 == package.sha256
    assert storage.read(first.zip.name) == package.zip and first.zip.sha256 == package.zip_sha256
    assert first.parts == (first.pdf,)
    assert len([p for p in archive_root.rglob("*") if p.is_file()]) == 4


def test_nothing_stays_in_the_archive_when_the_caller_fails(archive_root):
    package = assemble("pretrial_claim", claim_items(), title="к претензии", part_limit_bytes=256 * 1024)
    with pytest.raises(RuntimeError), stored_package(package):
        raise RuntimeError("the row was refused")
    assert [p for p in archive_root.rglob("*") if p.is_file()] == []


def test_the_inventory_prints_the_rouble_sign_in_words_and_keeps_latin_letters():
    items = claim_items()
    items[1] = item("Расчет пени на 1 234,56 ₽ (Café «Île»)", "debt_calculation")
    package = assemble("pretrial_claim", items, title="к претензии")
    inventory = page_texts(package.pdf)[0]
    assert "Расчет пени на 1 234,56 руб. (Café «Île»)" in inventory.replace("\n", " ")
    assert outline(package.pdf)[1][0] == "2. Расчет пени на 1 234,56 ₽ (Café «Île»)"
