"""Report downloads of settlements, each with its audit event: the files carry consumers'
names, ИНН and balances (who exported what, with which filters)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from audit.services import record_event
from core.permissions import require
from core.types import Actor

from .. import selectors
from ..exports import turnover_xlsx

VIEW_PERMISSION = "settlements.view_debt"
EXPORTED = "settlements.export.downloaded"


def turnover_export(*, period: date, actor: Actor, rows: list[selectors.TurnoverRow] | None = None) -> bytes:
    """Оборотно-сальдовая ведомость of the month ``period`` as XLSX bytes, audited.

    ``rows`` may be passed when the caller already has them (the page shows the same rows)."""
    require(actor, VIEW_PERMISSION)
    rows = selectors.turnover(period=period) if rows is None else rows
    content = turnover_xlsx(period=period, rows=rows)
    with transaction.atomic():
        record_event(
            action=EXPORTED, actor=actor,
            data={"export": "turnover", "format": "xlsx", "filters": {"period": f"{period:%Y-%m}"}, "rows": len(rows)},
        )
    return content
