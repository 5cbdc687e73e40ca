"""A Celery task for tests/core/test_enqueue.py, in a module nothing imports beforehand."""

from celery import shared_task

CALLS: list[tuple] = []


@shared_task(name="tests.core.enqueued.remember")
def remember(*args) -> int:
    CALLS.append(args)
    return len(CALLS)
