"""Where a court package's documents come from (docs/casefiles.md, «Пакет документов для суда»):
each source yields the document's PDF bytes and its original file.

``ArchivedSource`` (an archived document: its archived PDF rendition, converted and archived
through the PDF pool first when it has none), ``PdfSource``, ``DocxSource`` (converted through
the pool), ``ImageSource`` (a picture placed on an A4 page of a DOCX and converted through the
pool); ``upload_source`` picks one by the file's content. ``checked_pdf`` refuses what is not
a usable PDF (damaged, encrypted, empty), naming the document.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pypdf import PdfReader

from core.errors import ApplicationError
from documents import storage

if TYPE_CHECKING:
    from documents.models import ArchivedDocument


class Source(Protocol):
    """Where a document's PDF comes from; ``original`` is the file as it was given."""

    def pdf(self) -> bytes: ...

    def original(self) -> tuple[str, bytes]: ...


def _convert_docx(docx: bytes) -> bytes:
    # looked up at call time: the converter's import point, as documents.services does
    from documents.pdf import convert_docx_to_pdf

    return convert_docx_to_pdf(docx)


@dataclass(frozen=True)
class ArchivedSource:
    """An archived document: its PDF rendition if archived, else converted now through the
    pool and archived (``documents.services.archive_pdf_rendition``, so the next package
    reuses it). Both files are checked against their SHA-256."""

    document: ArchivedDocument

    def pdf(self) -> bytes:
        from documents.services import PdfConversionFailed, archive_pdf_rendition

        try:
            rendition = archive_pdf_rendition(document_id=self.document.pk)
        except PdfConversionFailed as exc:
            raise ApplicationError(
                f"Документ {self.document.number}: PDF не получен — {exc}", code="package_pdf_failed", field="items",
            ) from exc
        if rendition is None:
            raise ApplicationError(f"Документ {self.document.number} не найден в архиве", code="package_document_missing",
                                   field="items")
        return _archived(rendition.storage_name, rendition.sha256, self.document.number)

    def original(self) -> tuple[str, bytes]:
        return self.document.filename, _archived(self.document.storage_name, self.document.sha256, self.document.number)


def _archived(name: str, digest: str, number: str) -> bytes:
    try:
        content = storage.read(name)
    except FileNotFoundError as exc:
        raise ApplicationError(f"Файл документа {number} отсутствует в архиве", code="file_missing", field="items") from exc
    if storage.sha256(content) != digest:
        raise ApplicationError(f"Файл документа {number} в архиве изменен (SHA-256 не совпадает)", code="file_tampered",
                               field="items")
    return content


@dataclass(frozen=True)
class PdfSource:
    content: bytes
    filename: str = "документ.pdf"

    def pdf(self) -> bytes:
        return self.content

    def original(self) -> tuple[str, bytes]:
        return self.filename, self.content


@dataclass(frozen=True)
class DocxSource:
    content: bytes
    filename: str = "документ.docx"

    def pdf(self) -> bytes:
        return _convert_docx(self.content)

    def original(self) -> tuple[str, bytes]:
        return self.filename, self.content


@dataclass(frozen=True)
class ImageSource:
    """A picture on its own A4 page (margins 20 mm on top, 10 mm elsewhere; scaled to fit,
    proportions kept)."""

    content: bytes
    filename: str = "изображение.jpg"

    def pdf(self) -> bytes:
        return _convert_docx(image_docx(self.content, filename=self.filename))

    def original(self) -> tuple[str, bytes]:
        return self.filename, self.content


def image_docx(content: bytes, *, filename: str) -> bytes:
    from docx import Document
    from docx.image.image import Image
    from docx.shared import Emu, Mm

    try:
        image = Image.from_blob(content)
    except Exception as exc:  # python-docx's header parsers raise many kinds on a damaged picture
        raise ApplicationError(f"Файл «{filename}» не читается как изображение: {exc}", code="package_image_unreadable",
                               field="items") from exc
    if not image.px_width or not image.px_height:
        raise ApplicationError(f"Файл «{filename}»: у изображения нет размеров", code="package_image_unreadable",
                               field="items")
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # the top margin leaves the corner of the «стр. N» stamp free
    section.left_margin = section.right_margin = section.bottom_margin = Mm(10)
    section.top_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(0)
    box_width, box_height = Mm(190), Mm(260)
    scale = min(box_width / image.px_width, box_height / image.px_height)
    doc.add_picture(io.BytesIO(content), width=Emu(int(image.px_width * scale)), height=Emu(int(image.px_height * scale)))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


def upload_source(content: bytes, *, filename: str) -> Source:
    """The source for an uploaded file, by its content (not its name): PDF, DOCX or an
    image; anything else is refused naming the file. An encrypted PDF is refused here too."""
    if not content:
        raise ApplicationError(f"Файл «{filename}» пуст", code="package_file_empty", field="file")
    if content[:1024].lstrip().startswith(b"%PDF-"):
        checked_pdf(content, title=filename)
        return PdfSource(content, filename)
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                is_word = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_word = False
        if is_word:
            return DocxSource(content, filename)
    if content.startswith(IMAGE_SIGNATURES):
        return ImageSource(content, filename)
    raise ApplicationError(
        f"Файл «{filename}» не является документом PDF, DOCX или изображением (JPEG, PNG): приложить его нельзя",
        code="package_file_type", field="file",
    )


def checked_pdf(content: bytes, *, title: str) -> PdfReader:
    """The PDF's reader, or a refusal naming the document: not a PDF, damaged, encrypted, empty."""
    if not content[:1024].lstrip().startswith(b"%PDF-"):
        raise ApplicationError(f"«{title}»: файл не является PDF", code="package_file_type", field="items")
    try:
        reader = PdfReader(io.BytesIO(content))
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise ApplicationError(f"«{title}»: PDF поврежден и не читается ({exc})", code="package_pdf_unreadable",
                               field="items") from exc
    if encrypted:
        raise ApplicationError(
            f"«{title}»: PDF зашифрован (защищен паролем) — суд такой файл не примет; приложите PDF без защиты",
            code="package_pdf_encrypted", field="items",
        )
    if pages == 0:
        raise ApplicationError(f"«{title}»: в PDF нет ни одной страницы", code="package_pdf_empty", field="items")
    return reader
