"""What a photo of an inspection may be: JPEG or PNG — told by its content, never by its
name — not empty and within ``settings.INSPECTIONS_MAX_PHOTO_BYTES``. A refusal is one
``ApplicationError`` naming the field ``photos`` and the file; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from core.errors import ApplicationError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
JPEG, PNG = "jpg", "png"
CONTENT_TYPES = {JPEG: "image/jpeg", PNG: "image/png"}
FIELD = "photos"


@dataclass(frozen=True)
class CheckedPhoto:
    extension: str
    content_type: str


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " МБ"


def _refuse(name: str, message: str, code: str) -> ApplicationError:
    label = f"«{name}»" if name else "без имени"
    return ApplicationError(f"Фото: файл {label} {message}", code=code, field=FIELD)


def check_photo(content: bytes, *, name: str = "") -> CheckedPhoto:
    """The kind of ``content`` if it is a whole JPEG or PNG image within the size limit."""
    if not content:
        raise _refuse(name, "пустой", "empty_file")
    limit = settings.INSPECTIONS_MAX_PHOTO_BYTES
    if len(content) > limit:
        raise _refuse(name, f"слишком большой: {_megabytes(len(content))}, допустимо не больше {_megabytes(limit)}",
                      "too_large")
    if content.startswith(PNG_SIGNATURE):
        if content[12:16] != b"IHDR" or b"IEND" not in content[-12:]:
            raise _refuse(name, "— поврежденное или неполное изображение PNG", "corrupt_file")
        return CheckedPhoto(PNG, CONTENT_TYPES[PNG])
    if content.startswith(JPEG_SIGNATURE):
        if b"\xff\xd9" not in content[-64:]:
            raise _refuse(name, "— поврежденное или неполное изображение JPEG", "corrupt_file")
        return CheckedPhoto(JPEG, CONTENT_TYPES[JPEG])
    raise _refuse(name, "по содержимому не изображение: принимаются только снимки JPEG или PNG", "not_image")
