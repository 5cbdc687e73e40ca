"""The archive check of files uploaded into case files (``settings.ARCHIVE_CHECKS``, run by
``archive_verify`` and the nightly task): each file exists and hashes to its row, the row
agrees with its ``case.document_uploaded`` event (name, SHA-256, size), and every such event
still has its row."""

from __future__ import annotations

from audit.models import AuditEvent
from documents.verification import ArchiveReport, check_file, report_missing_rows

from .models import CaseDocument
from .services import UPLOAD_FOLDER

UPLOADED = "case.document_uploaded"


def _label(item: CaseDocument) -> str:
    return f"файл дела № {item.case_id} «{item.title}»"


def verify_uploads(report: ArchiveReport, known: set[str]) -> list[str]:
    recorded = {
        str(data.get("case_document")): (sequence, data)
        for sequence, data in AuditEvent.objects.filter(action=UPLOADED).values_list("sequence", "data")
    }
    seen: set[str] = set()
    for item in CaseDocument.objects.filter(storage_name__isnull=False).order_by("pk").iterator(chunk_size=500):
        report.checked_rows += 1
        seen.add(str(item.pk))
        event = recorded.get(str(item.pk))
        if event is None:
            report.problems.append(f"{_label(item)}: нет события аудита о загрузке")
        elif (event[1].get("storage_name"), event[1].get("sha256"), event[1].get("size")) != (
                item.storage_name, item.sha256, item.size):
            report.problems.append(f"{_label(item)}: запись изменена после загрузки (не совпадает с журналом аудита)")
        check_file(report, _label(item), item.storage_name or "", item.sha256, known)
    report_missing_rows(report, lambda data: f"файл дела «{data.get('title', '')}»", recorded, seen)
    return [UPLOAD_FOLDER]
