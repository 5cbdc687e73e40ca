"""The account the metering background jobs act as."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def system_user() -> User:
    """The account background jobs act as (the daily verification job issues notices in its
    name, and it is their «исполнитель»): ``settings.METERING_SYSTEM_USERNAME``, created
    inactive — nobody logs in with it. Its name is one «surname» so that every name formatter
    (``documents.formatting.user_full_name``, Django's ``get_full_name``) prints «Система учета»."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=settings.METERING_SYSTEM_USERNAME,
        defaults={"first_name": "", "last_name": "Система учета", "is_active": False},
    )
    return user
