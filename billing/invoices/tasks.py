"""Celery tasks of the period documents: thin wrappers over the services.

Not an app's ``tasks`` module, so workers import it through ``CELERY_IMPORTS`` (settings).
"""

from __future__ import annotations

from celery import shared_task

from .models import OutputJob


@shared_task(name="billing.invoices.tasks.run_output_job", acks_late=True)
def run_output_job(job_id: int) -> str:
    """Issue or print a period's documents. A redelivered job starts over and skips what is
    done (unchanged documents are not issued again)."""
    from .printing import print_job_process
    from .services import issue_job_process, output_job_finish

    kind = OutputJob.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    if kind is None:
        return "missing"
    process = print_job_process if kind == OutputJob.Kind.PRINT else issue_job_process
    try:
        job = process(job_id=job_id)
    except Exception as exc:
        job = OutputJob.objects.get(pk=job_id)
        if job.is_active:
            output_job_finish(job=job, problems=job.problems, error=f"{type(exc).__name__}: {exc}")
        raise
    return job.status if job is not None else "skipped"


@shared_task(name="billing.invoices.tasks.requeue_stalled_output_jobs")
def requeue_stalled_output_jobs() -> int:
    """Watchdog (config/beat.py): queue again the jobs whose worker died."""
    from .services import output_jobs_requeue_stalled

    return output_jobs_requeue_stalled()
