"""Celery tasks of the reconciliations: thin wrappers over the services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="reconciliation.tasks.run_bulk_job", acks_late=True)
def run_bulk_job(job_id: int) -> str:
    """Issue a quarter's statements; a redelivered job starts over and skips unchanged acts."""
    from .bulk import bulk_job_finish, bulk_job_process
    from .models import BulkJob

    try:
        job = bulk_job_process(job_id=job_id)
    except Exception as exc:
        job = BulkJob.objects.get(pk=job_id)
        if job.is_active:
            bulk_job_finish(job=job, problems=job.problems, error=f"{type(exc).__name__}: {exc}")
        raise
    return job.status if job is not None else "skipped"


@shared_task(name="reconciliation.tasks.requeue_stalled_bulk_jobs")
def requeue_stalled_bulk_jobs() -> int:
    """Watchdog (config/beat.py): queue again the jobs whose worker died."""
    from .bulk import bulk_jobs_requeue_stalled

    return bulk_jobs_requeue_stalled()
