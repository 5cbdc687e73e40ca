"""Celery tasks of settlements: thin wrappers around the services."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from .services.accrual import accrual_start, accruals_requeue_stalled, accrue_chunk


def previous_month_end(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


@shared_task(name="settlements.tasks.accrue_monthly_penalties")
def accrue_monthly_penalties(as_of: str | None = None) -> dict:
    """Beat job (monthly): accrue penalties as of the last day of the previous month.

    Idempotent: the accrual of a date is planned once; chunks already done are skipped, so
    a second run (or a run after a failed worker) only finishes what is missing.
    """
    day = date.fromisoformat(as_of) if as_of else previous_month_end(timezone.localdate())
    accrual = accrual_start(as_of=day)
    pending = list(accrual.chunks.filter(done=False).values_list("pk", flat=True))
    for chunk_id in pending:
        accrue_penalty_chunk.delay(chunk_id)
    return {"as_of": day.isoformat(), "accrual": accrual.pk, "chunks_dispatched": len(pending)}


@shared_task(name="settlements.tasks.accrue_penalty_chunk", acks_late=True)
def accrue_penalty_chunk(chunk_id: int) -> dict:
    """One chunk of consumers; several workers share an accrual chunk by chunk."""
    result = accrue_chunk(chunk_id=chunk_id)
    return {"chunk": chunk_id, "portions": result.portions, "lines": result.lines, "amount": str(result.amount)}


@shared_task(name="settlements.tasks.requeue_stalled_accruals")
def requeue_stalled_accruals() -> int:
    """Watchdog (config/beat.py): queue again the chunks of accruals whose worker died."""
    return accruals_requeue_stalled()


@shared_task(name="settlements.tasks.debts_from_invoices")
def debts_from_invoices() -> dict:
    """Beat job (hourly): the debts of invoices of newly closed billing periods."""
    from .services.invoices import debts_from_invoices as create

    return {"invoices": create()}
