"""Celery tasks of billing: thin wrappers over ``billing.services``."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, name="billing.tasks.bill_chunk", acks_late=True)
def bill_chunk(self, run_id: int, number: int) -> bool:
    from .services.runs import billing_chunk_process, billing_run_fail

    try:
        return billing_chunk_process(run_id=run_id, number=number, worker=self.request.hostname or "")
    except Exception as exc:
        billing_run_fail(run_id=run_id, error=f"Часть {number}: {exc}")
        raise


@shared_task(name="billing.tasks.requeue_stalled_runs")
def requeue_stalled_runs() -> int:
    """Watchdog (config/beat.py): queue again the chunks of runs that stopped moving."""
    from .services.run_recovery import billing_runs_requeue_stalled

    return billing_runs_requeue_stalled()


@shared_task(name="billing.tasks.recalculate_late_reading")
def recalculate_late_reading(reading_id: int) -> int:
    """Metering hook ``reading_accepted``: a reading for a closed month queues its recalculation."""
    from metering.models import Reading
    from metering.services.common import system_user

    from .services.recalculations import recalculation_for_late_reading

    reading = Reading.objects.select_related("unit").filter(pk=reading_id).first()
    if reading is None:
        return 0
    return len(recalculation_for_late_reading(reading=reading, actor=system_user()))
