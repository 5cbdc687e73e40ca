"""The consumer's analytics: volumes by month and method, charges, actual vs forecast,
metering status over time, quality events (none yet)."""

from datetime import date
from decimal import Decimal

import pytest

from billing.analytics.selectors import consumer_analytics
from billing.models import Invoice
from tests.billing.factories import StatusChangeFactory

from ..forecast.conftest import HISTORY, consumption

pytestmark = pytest.mark.django_db


def test_volumes_charges_and_forecast_by_month(metered_history):
    # given a unit that became faulty on 20.01.2026
    StatusChangeFactory(unit=metered_history.unit, effective_from=date(2026, 1, 20), status="faulty")
    consumer = metered_history.contract.consumer
    # when
    data = consumer_analytics(consumer, months=4, end=date(2026, 2, 1))
    # then the months end with February (no invoice yet: no actual)
    assert data.months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    expected = [consumption(days, t).quantize(Decimal("0.001")) for _, t, days in HISTORY]
    assert data.heat_by_method == {"meter": [*expected, Decimal("0")]}
    assert data.heat_actual == [*expected, None]
    assert data.charges[:3] == [
        Invoice.objects.get(period__month=m).amount_with_vat for m, _, _ in HISTORY]
    assert data.recalculations == [Decimal("0")] * 4
    # the forecast of February is the regression's (see tests/billing/forecast)
    assert data.heat_forecast[3] == Decimal("179.200")
    # and the unit's status over the months, split where it changed
    [unit] = data.units
    assert [(s[0], s[1], s[2]) for s in unit.spans] == [
        (date(2025, 11, 1), date(2026, 1, 19), "commercial"), (date(2026, 1, 20), date(2026, 2, 28), "faulty")]
    assert data.quality_events == []


def test_a_consumer_without_invoices_has_no_months(make_contract):
    contract, _ = make_contract()
    assert consumer_analytics(contract.consumer).months == []
