"""Background follow-ups of metering events, wired by name in settings.

``settings.METERING_HOOKS`` maps an event (``"reading_flagged"``, ``"verification_notice"``)
to the name of a Celery task that takes the row's id. The flows (``workflows``) provide
those tasks — metering may not import them — and config wires the two together. The task
is enqueued only after the caller's transaction commits.
"""

from __future__ import annotations

from celery import signature
from django.conf import settings
from django.db import transaction


def enqueue(event: str, object_id: int) -> None:
    task_name = getattr(settings, "METERING_HOOKS", {}).get(event)
    if task_name:
        transaction.on_commit(lambda: signature(task_name, args=(object_id,)).delay())
