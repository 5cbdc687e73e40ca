"""The archive check of inspection photos (``settings.ARCHIVE_CHECKS``, run by
``archive_verify`` and the nightly task): each file exists and hashes to its row, the row
agrees with its ``inspection.photo_added`` event (name, SHA-256, size), and every such event
still has its row."""

from __future__ import annotations

from audit.models import AuditEvent
from documents.verification import ArchiveReport, check_file, report_missing_rows

from .models import InspectionPhoto
from .services.photos import PHOTO_ADDED, PHOTO_FOLDER


def _label(photo: InspectionPhoto) -> str:
    return f"фото обследования № {photo.inspection_id} «{photo}»"


def verify_photos(report: ArchiveReport, known: set[str]) -> list[str]:
    recorded = {
        str(data.get("photo")): (sequence, data)
        for sequence, data in AuditEvent.objects.filter(action=PHOTO_ADDED).values_list("sequence", "data")
    }
    seen: set[str] = set()
    for photo in InspectionPhoto.objects.order_by("pk").iterator(chunk_size=500):
        report.checked_rows += 1
        seen.add(str(photo.pk))
        event = recorded.get(str(photo.pk))
        if event is None:
            report.problems.append(f"{_label(photo)}: нет события аудита о загрузке")
        elif (event[1].get("storage_name"), event[1].get("sha256"), event[1].get("size")) != (
                photo.storage_name, photo.sha256, photo.size):
            report.problems.append(f"{_label(photo)}: запись изменена после загрузки (не совпадает с журналом аудита)")
        check_file(report, _label(photo), photo.storage_name, photo.sha256, known)
    report_missing_rows(report, lambda data: f"фото обследования № {data.get('inspection', '')}", recorded, seen)
    return [PHOTO_FOLDER]
