"""The watchdog's clock: when background work counts as stalled (``WATCHDOG_STALL_MINUTES``).

Each app re-queues its own stalled work (a beat task per app, config/beat.py); work that
reports progress keeps a ``heartbeat_at`` (or its creation time until the first report).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def stall_minutes(kind: str) -> int:
    return int(settings.WATCHDOG_STALL_MINUTES[kind])


def stalled_before(kind: str) -> datetime:
    """Work of ``kind`` with no progress since this instant is stalled."""
    return timezone.now() - timedelta(minutes=stall_minutes(kind))
