"""Days as instants: where a day begins and ends in the current time zone (Moscow by default).

A term «до конца дня D» is over at the first instant of the day after D; a range of days
``first..last`` is the half-open range of instants ``[day_start(first), day_after(last))``,
which an index on a datetime column serves (a ``::date`` cast would not).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def day_after(day: date) -> datetime:
    """The first instant of the day after ``day``: the moment a term ending on ``day`` is over."""
    return day_start(day + timedelta(days=1))
