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
