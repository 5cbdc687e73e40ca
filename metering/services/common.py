"""The account the metering background jobs act as."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def system_user() -> User:
    """The account background jobs act as (the daily verification job issues notices in its
    name): ``settings.METERING_SYSTEM_USERNAME``, created inactive — nobody logs in with it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=settings.METERING_SYSTEM_USERNAME,
        defaults={"first_name": "Система", "last_name": "учета", "is_active": False},
    )
    return user
