"""Reads of users by role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .roles import TECHNICIAN


def technicians() -> QuerySet:
    """Active users of the technicians' role, by surname, name and login: the people who
    inspect units and take the technicians' tasks (``metering.perform_inspection`` is
    declared for this role only, ``metering/roles.py``)."""
    return (
        get_user_model().objects.filter(groups__name=TECHNICIAN, is_active=True)
        .order_by("last_name", "first_name", "username")
    )
