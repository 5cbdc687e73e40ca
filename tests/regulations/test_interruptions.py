"""regulations.interruptions: hours of an interruption and the undelivered heat (hours × load)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from regulations.errors import RuleError
from regulations.interruptions import hours_by_month, interruption_hours, undelivered_heat

T0 = datetime(2026, 12, 14, 6, 10, tzinfo=UTC)


@pytest.mark.parametrize(("minutes", "hours"), [(600, "10.00"), (605, "10.08"), (2400, "40.00"), (0, "0.00")])
def test_hours_from_the_stop_to_the_restoration(minutes, hours):
    assert interruption_hours(T0, T0 + timedelta(minutes=minutes)) == Decimal(hours)


def test_a_restoration_before_the_stop_is_refused():
    with pytest.raises(RuleError) as exc:
        interruption_hours(T0, T0 - timedelta(minutes=1))
    assert exc.value.field == "restored_at"


@pytest.mark.parametrize(("hours", "load", "rate", "gcal", "amount"), [
    ("10", "0.2", "2500.00", "2.000", "5000.00"),
    ("40", "0.2", "2500.00", "8.000", "20000.00"),
    ("7.5", "0.0123", "2600.00", "0.092", "239.20"),
])
def test_a_calculated_volume_excludes_hours_times_load(hours, load, rate, gcal, amount):
    result = undelivered_heat(hours=Decimal(hours), load_gcal_h=Decimal(load), rate=Decimal(rate), metered=False)
    assert (result.volume_gcal, result.amount) == (Decimal(gcal), Decimal(amount))


def test_a_metered_object_keeps_its_metered_volume():
    result = undelivered_heat(hours=Decimal("10"), load_gcal_h=Decimal("0.2"), rate=Decimal("2500"), metered=True)
    assert (result.volume_gcal, result.amount, result.metered) == (Decimal("0"), Decimal("0.00"), True)


def test_negative_inputs_are_refused():
    with pytest.raises(RuleError) as exc:
        undelivered_heat(hours=Decimal("-1"), load_gcal_h=Decimal("0.2"), rate=Decimal("1"), metered=False)
    assert exc.value.field == "hours"


MOSCOW = ZoneInfo("Europe/Moscow")


def test_an_interruption_over_the_months_end_is_split_at_local_midnight():
    """31.01 22:00 – 01.02 06:00 Moscow time: 2 h of January, 6 h of February (in UTC the
    stop is already 19:00 of 31.01, the split is by the local calendar)."""
    assert hours_by_month(datetime(2026, 1, 31, 22, tzinfo=MOSCOW), datetime(2026, 2, 1, 6, tzinfo=MOSCOW)) == [
        (date(2026, 1, 1), Decimal("2.00")), (date(2026, 2, 1), Decimal("6.00"))]


def test_a_split_adds_up_to_the_acts_hours_and_one_month_stays_whole():
    start, end = datetime(2026, 1, 31, 22, 20, tzinfo=MOSCOW), datetime(2026, 3, 1, 6, 40, tzinfo=MOSCOW)
    parts = hours_by_month(start, end)
    assert [month for month, _ in parts] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert parts[0][1] == Decimal("1.67") and parts[1][1] == Decimal("672.00")
    assert sum(hours for _, hours in parts) == interruption_hours(start, end)
    one = datetime(2026, 1, 10, 6, tzinfo=MOSCOW)
    assert hours_by_month(one, one + timedelta(hours=40)) == [(date(2026, 1, 1), Decimal("40.00"))]
    assert hours_by_month(one, datetime(2026, 2, 1, tzinfo=MOSCOW))[-1][0] == date(2026, 1, 1)  # ends at midnight
