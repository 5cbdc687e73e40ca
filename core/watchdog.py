"""The watchdog's clock and its re-queue loop (``WATCHDOG_STALL_MINUTES``, ``WATCHDOG_MAX_REQUEUES``).

Each app re-queues its own stalled work (a beat task per app, config/beat.py); work that
reports progress keeps a ``heartbeat_at`` (or its creation time until the first report) and
counts the watchdog's re-queues in ``requeues``: work re-queued that many times without
finishing fails for good instead of being queued again for ever.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

R = TypeVar("R", bound=models.Model)  # a row with ``requeues`` and ``heartbeat_at``


def stall_minutes(kind: str) -> int:
    return int(settings.WATCHDOG_STALL_MINUTES[kind])


def stalled_before(kind: str) -> datetime:
    """Work of ``kind`` with no progress since this instant is stalled."""
    return timezone.now() - timedelta(minutes=stall_minutes(kind))


def max_requeues() -> int:
    return int(settings.WATCHDOG_MAX_REQUEUES)


def silent(kind: str, *, since: str = "created_at") -> Q:
    """No heartbeat since ``stalled_before(kind)`` (no heartbeat yet: ``since`` is older)."""
    cutoff = stalled_before(kind)
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, **{f"{since}__lt": cutoff})


def requeue_stalled(
    stalled: Callable[[], models.QuerySet[R]], *, requeue: Callable[[R], object], give_up: Callable[[R], object],
) -> int:
    """Each row of ``stalled()`` — locked and checked again, one transaction per row — is
    queued again (``requeues`` + 1, ``heartbeat_at`` now, then ``requeue(row)``: its audit
    event and its tasks after commit); a row already re-queued ``WATCHDOG_MAX_REQUEUES``
    times goes to ``give_up(row)`` (mark it failed, with its audit event). Returns how many
    rows were handled."""
    count = 0
    for pk in stalled().values_list("pk", flat=True):
        with transaction.atomic():
            row = stalled().select_for_update(of=("self",)).filter(pk=pk).first()
            if row is None:  # moved or finished meanwhile
                continue
            if row.requeues >= max_requeues():
                give_up(row)
            else:
                row.requeues += 1
                row.heartbeat_at = timezone.now()
                row.save(update_fields=["requeues", "heartbeat_at"])
                requeue(row)
        count += 1
    return count
