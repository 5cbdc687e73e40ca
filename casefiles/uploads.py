"""What a file uploaded into a case may be: PDF, DOCX, JPEG or PNG — told by its content,
never by its name — of a bounded size, not encrypted, not a macro document.

The limits come from settings (``CASEFILES_MAX_UPLOAD_BYTES``; a DOCX's unpacked parts:
``IMPORT_MAX_UNCOMPRESSED_BYTES``, as other imports, docs/input-limits.md). A refusal is one
``ApplicationError`` naming the field ``file`` and the problem; nothing is stored.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from core.errors import ApplicationError

PDF, DOCX, JPEG, PNG = "pdf", "docx", "jpg", "png"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    JPEG: "image/jpeg",
    PNG: "image/png",
}
PDF_SIGNATURE = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCX_MAIN = "wordprocessingml.document.main+xml"
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
ALLOWED = "PDF, DOCX, JPEG или PNG"


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(f"Файл: {message}", code=code, field="file")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " МБ"


def check_upload(content: bytes) -> CheckedFile:
    """The kind of ``content`` if it may go into a case file; refuses anything else."""
    if not content:
        raise _refuse("пустой файл", "empty_file")
    limit = settings.CASEFILES_MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise _refuse(f"слишком большой: {_megabytes(len(content))}, допустимо не больше {_megabytes(limit)}",
                      "too_large")
    if content.startswith(PDF_SIGNATURE):
        _check_pdf(content)
        return CheckedFile(PDF, CONTENT_TYPES[PDF])
    if content.startswith(PNG_SIGNATURE):
        if content[12:16] != b"IHDR" or b"IEND" not in content[-12:]:
            raise _refuse("изображение PNG повреждено или неполное", "corrupt_file")
        return CheckedFile(PNG, CONTENT_TYPES[PNG])
    if content.startswith(JPEG_SIGNATURE):
        if b"\xff\xd9" not in content[-64:]:
            raise _refuse("изображение JPEG повреждено или неполное", "corrupt_file")
        return CheckedFile(JPEG, CONTENT_TYPES[JPEG])
    if content.startswith(OLE_SIGNATURE):
        raise _refuse("документ зашифрован паролем или сохранен в старом формате Word (.doc); снимите пароль "
                      "и сохраните как «Документ Word (*.docx)» или PDF", "encrypted_file")
    if content.startswith(ZIP_SIGNATURE):
        _check_docx(content)
        return CheckedFile(DOCX, CONTENT_TYPES[DOCX])
    raise _refuse(f"по содержимому это не {ALLOWED}: принимаются только эти форматы", "unsupported_file")


def _check_pdf(content: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise _refuse("PDF зашифрован (защищен паролем): суд и пакет документов требуют открытый файл",
                          "encrypted_file")
        pages = len(reader.pages)
    except ApplicationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _refuse(f"PDF не читается ({exc.__class__.__name__})", "corrupt_file") from exc
    if pages == 0:
        raise _refuse("в PDF нет ни одной страницы", "corrupt_file")


def _check_docx(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise _refuse(f"архив ZIP, но не документ Word (DOCX); принимаются {ALLOWED}", "unsupported_file")
            if sum(info.file_size for info in infos) > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
                raise _refuse(f"распакованный документ больше {_megabytes(settings.IMPORT_MAX_UNCOMPRESSED_BYTES)}",
                              "too_large")
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
    except ApplicationError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, KeyError) as exc:
        raise _refuse("документ DOCX поврежден", "corrupt_file") from exc
    if any(name.rpartition("/")[2].lower() in MACRO_PARTS for name in names) or "macroenabled" in types:
        raise _refuse("документ с макросами не принимается — сохраните его как «Документ Word (*.docx)»", "macro_file")
    if DOCX_MAIN not in types:
        raise _refuse(f"архив ZIP, но не документ Word (DOCX); принимаются {ALLOWED}", "unsupported_file")
