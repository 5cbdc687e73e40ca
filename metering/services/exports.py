"""The audit event of a metering report download (the verification list, the coverage
report): who exported which report, with which filters and how many rows."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.services import record_event
from core.types import Actor

EXPORTED = "metering.export.downloaded"


def export_record(*, export: str, actor: Actor, filters: dict[str, Any], rows: int, fmt: str = "xlsx") -> None:
    """Record that ``actor`` downloaded the report ``export`` built with ``filters``."""
    with transaction.atomic():
        record_event(
            action=EXPORTED, actor=actor, data={"export": export, "format": fmt, "filters": filters, "rows": rows}
        )
