"""Celery task of the forecast (imported by workers through ``CELERY_IMPORTS``)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from .services import plans_freeze

logger = logging.getLogger(__name__)


@shared_task(name="billing.forecast.tasks.freeze_month_plans")
def freeze_month_plans() -> dict:
    """Freeze this month's plans (config/beat.py: the 1st, before the 18th's advance)."""
    result = plans_freeze(month=timezone.localdate())
    if result.incomplete:
        logger.warning("Plans of %s: %s contracts without a complete forecast", result.month, len(result.incomplete))
    return {"month": result.month.isoformat(), "frozen": result.frozen, "existing": result.existing,
            "incomplete": len(result.incomplete)}
