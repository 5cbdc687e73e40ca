"""Export files of a period for billing centres (CSV, XLSX, JSON), with the audit event of
each download: the files carry consumers' personal data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from billing.models import BillingPeriod
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor

from . import files, records

PERMISSION = "billing.export_billing"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes | None = None  # XLSX
    stream: Iterator[str] | None = None  # CSV, JSON


def export_period_file(
    *, period: BillingPeriod, fmt: str, actor: Actor, consumer: str = "", header: str = "ru",
) -> ExportFile:
    """The export of ``period`` (optionally of one consumer: its code or ИНН) as a file; a CSV's
    header row in Russian (``header="ru"``) or as the columns' codes (``"codes"``, for programs)."""
    require(actor, PERMISSION, message="Выгрузка доступна расчетчикам")
    if fmt not in FORMATS:
        raise ApplicationError(f"Неизвестный формат «{fmt}»: csv, xlsx или json", code="invalid_choice", field="format")
    if header not in files.CSV_HEADERS:
        raise ApplicationError("Заголовок CSV: ru или codes", code="invalid_choice", field="header")
    qs = records.invoices(period=period.month, consumer=consumer or None)
    if not qs.exists():
        raise ApplicationError(f"За {period} нет начислений{' по абоненту ' + consumer if consumer else ''}",
                               code="no_charges", field="period")
    suffix = f"-{consumer}" if consumer else ""
    filename = f"billing-export-{period.month:%Y-%m}{suffix}.{fmt}"
    with transaction.atomic():
        record_event(action="billing.export.downloaded", actor=actor, target=period,
                     data={"period": f"{period.month:%Y-%m}", "format": fmt, "consumer": consumer or None})
    generated = timezone.now().isoformat()
    if fmt == "csv":
        return ExportFile(filename, FORMATS[fmt], stream=files.csv_stream(records.iter_records(qs), header=header))
    if fmt == "json":
        meta = {"period": f"{period.month:%Y-%m}", "period_status": period.status, "generated_at": generated,
                "consumer": consumer or None}
        return ExportFile(filename, FORMATS[fmt], stream=files.json_stream(records.iter_records(qs), meta=meta))
    title = f"Выгрузка начислений за {period} ({period.get_status_display().lower()}), сформирована {generated}"
    return ExportFile(filename, FORMATS[fmt], content=files.xlsx_bytes(records.iter_records(qs), title=title))
