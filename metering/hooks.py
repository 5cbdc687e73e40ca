"""Background follow-ups of metering events, wired by name in settings.

``settings.METERING_HOOKS`` maps an event (``"reading_flagged"``, ``"reading_accepted"``,
``"verification_notice"``) to the dotted path of a Celery task that takes the row's id. The
flows (``workflows``) and billing provide those tasks — metering may not import them — and
config wires the two together.
The task is enqueued only after the caller's transaction commits.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


def enqueue(event: str, object_id: int) -> None:
    path = getattr(settings, "METERING_HOOKS", {}).get(event)
    if path:
        task = import_string(path)
        transaction.on_commit(lambda: task.delay(object_id))
