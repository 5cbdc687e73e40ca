"""Celery tasks of metering: thin wrappers around services."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="metering.tasks.track_verification")
def track_verification() -> dict:
    """Daily: units faulty after an expired verification; notices 60 and 30 days before."""
    from metering.services.verification import verification_track

    result = verification_track(today=timezone.localdate())
    return {"notices": [n.pk for n in result.notices], "faulty": [c.unit_id for c in result.faulty]}
