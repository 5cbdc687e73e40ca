"""The planned monthly cost (ПП 808 advances): frozen on the 1st, read by settlements."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from billing.forecast.models import ConsumptionPlan
from billing.forecast.selectors import consumer_heat_forecast, planned_monthly_cost
from billing.forecast.services import plans_freeze
from metering.models import OutdoorTemperature
from settlements.terms import PLAN_ACTUAL, PLAN_FORECAST
from settlements.terms import planned_monthly_cost as settlements_plan

from .conftest import FEBRUARY

pytestmark = pytest.mark.django_db


def test_the_planned_cost_is_the_forecast_with_vat(metered_history):
    assert planned_monthly_cost(metered_history.contract, date(2026, 2, 15)) == Decimal("568422.40")


def test_a_frozen_plan_does_not_move_when_the_data_changes(metered_history):
    # given the plan frozen on the 1st
    result = plans_freeze(month=FEBRUARY)
    assert (result.frozen, result.incomplete) == (1, {})
    plan = ConsumptionPlan.objects.get()
    assert (plan.amount_with_vat, plan.method, plan.heat_gcal) == (Decimal("568422.40"), "regression", Decimal("179.200"))
    assert AuditEvent.objects.get(action="billing.forecast.plans_frozen").data["contracts"] == [
        metered_history.contract.number]
    # when February turns out colder
    OutdoorTemperature.objects.filter(date__month=2).update(mean_temperature=Decimal("-20.0"))
    # then the plan stays; freezing again changes nothing
    assert planned_monthly_cost(metered_history.contract, FEBRUARY) == Decimal("568422.40")
    assert plans_freeze(month=FEBRUARY).existing == 1 and ConsumptionPlan.objects.count() == 1


def test_settlements_take_the_forecast_as_the_planned_cost(metered_history, make_contract):
    # a contract with a forecast: the plan is the forecast
    assert settlements_plan(metered_history.contract, FEBRUARY, Decimal("500000.00")) == (
        Decimal("568422.40"), PLAN_FORECAST)
    # a contract without the data for one: the actual cost, as settlements records
    bare, _ = make_contract(loads=False)
    assert settlements_plan(bare, FEBRUARY, Decimal("1000.00")) == (Decimal("1000.00"), PLAN_ACTUAL)


def test_the_consumers_forecast_by_month(metered_history):
    months = [date(2026, 1, 1), FEBRUARY, date(2026, 3, 1)]
    forecast = consumer_heat_forecast(metered_history.contract.consumer, months)
    assert forecast[FEBRUARY] == Decimal("179.200")
    assert forecast[date(2026, 3, 1)] is None  # no March temperatures: no climate to plan with
