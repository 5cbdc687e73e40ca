"""Photos of an inspection kept in the document archive with their SHA-256: checked first
(``inspections.uploads.check_photo``), written inside the caller's transaction, each file
removed again when anything after it fails."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass

from django.utils import timezone

from audit.services import record_event
from core.types import Actor
from core.validation import validated
from documents import storage

from ..models import FieldInspection, InspectionPhoto
from ..uploads import CheckedPhoto, check_photo

PHOTO_FOLDER = "inspections"
PHOTO_ADDED = "inspection.photo_added"


@dataclass(frozen=True)
class PhotoUpload:
    """A photo as uploaded: the file's name, its bytes and what it shows (naming the device)."""

    name: str
    content: bytes
    caption: str = ""


def check_photos(photos: Sequence[PhotoUpload]) -> list[CheckedPhoto]:
    """Every photo checked before anything is written (the first bad one refuses them all)."""
    return [check_photo(photo.content, name=photo.name) for photo in photos]


def store_photos(*, inspection: FieldInspection, photos: Sequence[PhotoUpload], checked: Sequence[CheckedPhoto],
                 actor: Actor, files: ExitStack) -> list[InspectionPhoto]:
    """Store the checked photos (in the caller's transaction; ``files`` removes each file when
    the transaction's body fails) and record one audit event per photo."""
    rows = []
    for photo, kind in zip(photos, checked, strict=True):
        name = storage.new_name(f"{PHOTO_FOLDER}/{timezone.localdate():%Y}", kind.extension)
        files.enter_context(storage.stored(name, photo.content))
        digest = storage.sha256(photo.content)
        row = validated(InspectionPhoto(
            inspection=inspection, caption=photo.caption.strip()[:300], storage_name=name, sha256=digest,
            size=len(photo.content), content_type=kind.content_type, original_name=photo.name[:255],
            uploaded_by=actor,
        ), validate_constraints=False, validate_unique=False)
        row.save()
        record_event(action=PHOTO_ADDED, actor=actor, target=inspection, data={
            "photo": row.pk, "inspection": inspection.pk, "storage_name": name, "sha256": digest,
            "size": row.size, "content_type": kind.content_type})
        rows.append(row)
    return rows
