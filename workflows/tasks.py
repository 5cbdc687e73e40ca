"""Celery tasks of the flows."""

from celery import shared_task


@shared_task(name="workflows.tasks.fire_due_timers")
def fire_due_timers() -> None:
    """Fire viewflow timers that are due (the open package has no timer worker of its own)."""
    from viewflow.workflow.timers import fire_due_timers as fire

    fire()


@shared_task(name="workflows.tasks.open_reading_review")
def open_reading_review(reading_id: int) -> int | None:
    """Open a technician's review of a flagged reading (metering hook ``reading_flagged``)."""
    from workflows.reading_review import open_reading_review as open_review

    process = open_review(reading_id)
    return process.pk if process else None


@shared_task(name="workflows.tasks.run_queued_handle")
def run_queued_handle(task_pk: int) -> bool:
    """Run and complete a QueuedHandle task (see workflows.queued); idempotent."""
    from viewflow.workflow.models import Task

    from workflows.queued import run_queued

    task = Task.objects.filter(pk=task_pk).first()
    return run_queued(task) if task else False


@shared_task(name="workflows.tasks.requeue_stalled_handles")
def requeue_stalled_handles() -> int:
    """Watchdog (config/beat.py): queue again the QueuedHandle tasks still waiting after
    ``WATCHDOG_STALL_MINUTES["flow_handle"]`` (a failed run, a worker that died)."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from core.watchdog import stalled_before
    from workflows.queued import QueuedHandle

    stalled = Task.objects.filter(status=STATUS.NEW, flow_task_type="FUNCTION", created__lt=stalled_before("flow_handle"))
    count = 0
    for task in stalled:
        if isinstance(task.flow_task, QueuedHandle):
            run_queued_handle.delay(task.pk)
            count += 1
    return count


@shared_task(name="workflows.tasks.open_verification_followup")
def open_verification_followup(notice_id: int) -> int | None:
    """Open the technician's follow-up of a verification notice (metering hook)."""
    from workflows.verification_followup import open_followup

    process = open_followup(notice_id)
    return process.pk if process else None
