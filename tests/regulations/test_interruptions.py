"""regulations.interruptions: hours of an interruption and the undelivered heat (hours × load)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from regulations.errors import RuleError
from regulations.interruptions import interruption_hours, undelivered_heat

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
