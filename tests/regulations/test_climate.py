"""The climate normal for the days of a month in progress not measured yet."""

from datetime import date
from decimal import Decimal

from regulations.climate import climate_normal, estimated_days


def test_the_normal_is_the_mean_of_earlier_daily_means_to_a_tenth():
    assert climate_normal([Decimal("-3.0"), Decimal("-4.0"), Decimal("-4.05")]) == Decimal("-3.7")
    assert climate_normal([]) is None


def test_only_the_days_from_today_on_without_a_measurement_are_estimated():
    first = date(2026, 11, 1)
    measured = set(range(0, 20)) - {5}  # the 6th is a gap in the data: it stays missing
    # the 21st–25th are not measured either, but past: missing, not estimated; from the 26th (today) on
    assert estimated_days(first, 30, measured, date(2026, 11, 26)) == [25, 26, 27, 28, 29]
    # a past month is never estimated; a future month is estimated whole
    assert estimated_days(first, 30, set(), date(2026, 12, 3)) == []
    assert estimated_days(first, 30, set(), date(2026, 10, 20)) == list(range(30))
