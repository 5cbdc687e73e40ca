"""Forecast fixtures: a metered object whose consumption follows Q = 1.0 × days + 0.2 × DD
(base 1 Гкал a day, 0.2 Гкал per degree-day) over three closed months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from billing.services.periods import period_close
from tests.billing.conftest import winter
from tests.billing.factories import (
    BillingPeriodFactory,
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
)

# month, mean outdoor °C, days; Q = days + 0.2 × days × (20 − t)
HISTORY = [(date(2025, 11, 1), Decimal("-2.0"), 30), (date(2025, 12, 1), Decimal("-5.0"), 31),
           (date(2026, 1, 1), Decimal("-8.0"), 31)]
FEBRUARY = date(2026, 2, 1)


def consumption(days: int, t_out: Decimal) -> Decimal:
    return Decimal(days) + Decimal("0.2") * days * (Decimal("20") - t_out)


@dataclass
class MeteredHistory:
    contract: object
    heated_object: object
    unit: object


@pytest.fixture
def metered_history(town, make_contract, run_period, billing_user) -> MeteredHistory:
    """November 2025 – January 2026 billed by meter and closed; February's temperatures −7 °C."""
    contract, obj = make_contract(heating="0.5")
    unit = MeteringUnitFactory(heated_object=obj, purpose="heating")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    for month, t_out, days in HISTORY:
        town.temperatures(winter(month, month.replace(day=days), t_out))
        ReadingFactory(unit=unit, period=month, q=consumption(days, t_out))
        period = BillingPeriodFactory(month=month)
        run_period(period)
        period_close(period=period, actor=billing_user, accept_problems=True)
    town.temperatures(winter(FEBRUARY, date(2026, 2, 28), Decimal("-7.0")))
    return MeteredHistory(contract=contract, heated_object=obj, unit=unit)
