"""Queueing a Celery task by its name, so that a service never imports a ``tasks`` module.

The rule (docs/architecture.md): ``tasks`` modules import services; a service queues a task
after its transaction commits, naming the task (``"billing.tasks.bill_chunk"``). The task is
looked up in the Celery registry — importing its module on the first use, since a web
process has not imported it yet — and queued with ``delay``, which honours eager mode
(``CELERY_TASK_ALWAYS_EAGER`` without a broker) where ``send_task`` would not.
"""

from __future__ import annotations

from importlib import import_module

from celery import current_app
from django.db import transaction


def registered_task(name: str):
    """The Celery task registered as ``name``; its module (the name without the last part)
    is imported when the task is not registered yet."""
    tasks = current_app.tasks
    if name not in tasks:
        import_module(name.rpartition(".")[0])
    return tasks[name]


def enqueue(name: str, *args) -> None:
    """Queue the task ``name`` with ``args`` now (eagerly run in-process without a broker)."""
    registered_task(name).delay(*args)


def enqueue_on_commit(name: str, *args, robust: bool = True) -> None:
    """Queue the task ``name`` once the current transaction commits (at once outside one).
    ``robust``: a failure to queue is logged and does not fail the committed work."""
    transaction.on_commit(lambda: enqueue(name, *args), robust=robust)
