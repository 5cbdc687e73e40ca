"""Outdoor temperatures of a month in progress.

A preliminary calculation of a month that is not over yet needs the days not measured
yet: each of them takes the station's climate normal of the month — the mean daily
temperature of the same calendar month in earlier years on record — and the result is an
estimate that the final calculation, with every day measured, replaces. Days before the
calculation day that lack a measurement are a gap in the data, never estimated.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")


def climate_normal(daily_means: list[Decimal]) -> Decimal | None:
    """The normal of a month: the mean of the same calendar month's daily means of earlier
    years, °C to 0.1; None with no earlier year on record."""
    if not daily_means:
        return None
    return (sum(daily_means, Decimal("0")) / len(daily_means)).quantize(TENTH, ROUND_HALF_UP)


def estimated_days(first: date, days: int, measured: set[int], today: date) -> list[int]:
    """The days of a period (offsets from ``first``) that take the climate normal: those from
    ``today`` on that are not measured. Earlier days without a measurement stay missing."""
    start = max(0, (today - first).days)
    return [i for i in range(start, days) if i not in measured and first + timedelta(days=i) >= today]
