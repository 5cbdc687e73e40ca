"""Report downloads of settlements, each with its audit event: the files carry consumers'
names, ИНН and balances (who exported what, with which filters)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from audit.services import record_event
from core.permissions import require
from core.types import Actor

from .. import selectors
from ..exports import debtors_xlsx, turnover_xlsx

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


def debtors_export(*, as_of: date, actor: Actor, filters: dict[str, Any], order: str = "-outstanding") -> bytes:
    """The debtors list as of ``as_of`` with the page's ``filters`` (``query``, ``category``,
    ``contract``, ``min_days``) and ``order`` as XLSX bytes, audited. The penalty is the latest
    done accrual's, as on the page."""
    require(actor, VIEW_PERMISSION)
    accrual = selectors.latest_accrual()
    rows = list(selectors.debtors(as_of=as_of, order=order, accrual=accrual, **filters))
    content = debtors_xlsx(as_of=as_of, rows=rows, penalty_as_of=accrual.as_of if accrual else None)
    with transaction.atomic():
        record_event(
            action=EXPORTED, actor=actor,
            data={"export": "debtors", "format": "xlsx", "filters": {**filters, "as_of": as_of.isoformat(), "order": order},
                  "rows": len(rows)},
        )
    return content
