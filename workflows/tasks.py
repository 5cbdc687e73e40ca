"""Celery tasks of the flows."""

from celery import shared_task


@shared_task(name="workflows.tasks.fire_due_timers")
def fire_due_timers() -> None:
    """Fire viewflow timers that are due (the open package has no timer worker of its own)."""
    from viewflow.workflow.timers import fire_due_timers as fire

    fire()
