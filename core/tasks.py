"""Operational tasks shared by the whole system."""

from celery import shared_task


@shared_task(name="core.tasks.health_check")
def health_check() -> dict:
    """Prove a worker reaches the database: vendor and number of user accounts."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    return {"vendor": connection.vendor, "users": get_user_model().objects.count()}
