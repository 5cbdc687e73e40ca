"""The archive check of billing's merged printouts (``settings.ARCHIVE_CHECKS``, run by
``archive_verify`` and the nightly task): each printout's file exists and hashes to its row,
the row agrees with its ``billing.invoices.printed`` event (SHA-256, pages, documents), and
every such event still has its row."""

from __future__ import annotations

from audit.models import AuditEvent
from documents.verification import ArchiveReport, check_file, report_missing_rows

from .models import InvoicePrintout
from .printing import FOLDER

PRINTED = "billing.invoices.printed"


def _label(printout: InvoicePrintout) -> str:
    return f"печать документов за {printout.period.month:%m.%Y} (№ {printout.pk})"


def verify_printouts(report: ArchiveReport, known: set[str]) -> list[str]:
    recorded = {
        target_id: (sequence, data)
        for target_id, sequence, data in AuditEvent.objects.filter(action=PRINTED).values_list(
            "target_id", "sequence", "data")
    }
    seen: set[str] = set()
    for printout in InvoicePrintout.objects.select_related("period").order_by("pk").iterator(chunk_size=500):
        report.checked_rows += 1
        seen.add(str(printout.pk))
        event = recorded.get(str(printout.pk))
        if event is None:
            report.problems.append(f"{_label(printout)}: нет события аудита о создании записи")
        elif (event[1].get("sha256"), event[1].get("pages"), event[1].get("documents"),
              event[1].get("period")) != (printout.sha256, printout.pages, len(printout.documents),
                                          f"{printout.period.month:%m.%Y}"):
            report.problems.append(f"{_label(printout)}: запись изменена после создания (не совпадает с журналом аудита)")
        check_file(report, _label(printout), printout.storage_name, printout.sha256, known)
    report_missing_rows(report, lambda data: f"печать документов за {data.get('period', '')}", recorded, seen)
    return [FOLDER]
