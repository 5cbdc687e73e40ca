"""Files attached to inspections — the consumer's application documents and the checklist
photos — delivered to a user allowed to see them, each delivery an audit event (as archived
documents are: ``documents.services.open_document_file``).

The files are uploads (default storage), so the content type is taken from an allow-list by
extension and anything else is delivered as bytes to save, never to render.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from metering.models import InspectionPhoto, RequestDocument

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile

PHOTO_PERMISSION = "metering.view_inspectionphoto"
REQUEST_DOCUMENT_PERMISSION = "metering.view_requestdocument"
CONTENT_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
    ".heic": "image/heic", ".heif": "image/heif", ".gif": "image/gif", ".pdf": "application/pdf",
}
BINARY = "application/octet-stream"


@dataclass(frozen=True)
class AttachedFile:
    content: bytes
    filename: str
    content_type: str


def _read(field: FieldFile, *, missing: str) -> AttachedFile:
    try:
        with field.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise ApplicationError(missing, code="file_missing", field="file") from None
    name: str = os.path.basename(field.name)  # type: ignore[type-var, assignment]  # a file that opened has a name
    return AttachedFile(content, name, CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), BINARY))


def inspection_photo_open(*, photo: InspectionPhoto, actor: Actor) -> AttachedFile:
    """A checklist photo, with the ``inspection.photo_downloaded`` event."""
    require(actor, PHOTO_PERMISSION)
    item = photo.item
    delivered = _read(photo.image, missing=f"Фото к пункту «{item.title}» отсутствует в хранилище")
    with transaction.atomic():
        record_event(
            action="inspection.photo_downloaded", actor=actor, target=photo,
            data={"inspection": item.inspection_id, "item": item.code, "file": delivered.filename},
        )
    return delivered


def request_document_open(*, document: RequestDocument, actor: Actor) -> AttachedFile:
    """A document of a commissioning application, with the
    ``commissioning.document_downloaded`` event; a paper one has no file to deliver."""
    require(actor, REQUEST_DOCUMENT_PERMISSION)
    label = document.get_kind_display()
    if not document.file:
        raise ApplicationError(f"«{label}»: получен на бумаге, файла нет", code="paper_only", field="file")
    delivered = _read(document.file, missing=f"Файл документа «{label}» отсутствует в хранилище")
    with transaction.atomic():
        record_event(
            action="commissioning.document_downloaded", actor=actor, target=document,
            data={"request": document.request_id, "kind": document.kind, "file": delivered.filename},
        )
    return delivered
