"""The forecast of a contract's month: metering's degree-day regression on the object's own
billed history, else the contractual loads by Методика 99/пр; priced with VAT."""

from datetime import date
from decimal import Decimal

import pytest

from billing.forecast.compute import CONTRACT_LOAD, REGRESSION, contract_forecast
from billing.models import Tariff
from metering.forecast import unit_forecast

from ..conftest import january_2026
from .conftest import FEBRUARY, consumption

pytestmark = pytest.mark.django_db


def test_the_regression_on_the_objects_history_predicts_the_month(metered_history):
    # when
    forecast = contract_forecast(metered_history.contract, FEBRUARY)
    # then the model Q = 1.0 × days + 0.2 × DD is recovered from three months and applied to
    # February (no earlier February on record: its own temperatures, −7 °C, 28 days)
    [line] = forecast.lines
    assert forecast.problems == [] and (line.method, line.component) == (REGRESSION, "energy")
    assert line.quantity == consumption(28, Decimal("-7.0")).quantize(Decimal("0.001")) == Decimal("179.200")
    assert line.basis["samples"] == 3 and line.basis["degree_days"] == "756.0"
    # priced at the 2026 tariff with VAT 22 %
    assert (line.rate, line.amount, line.vat_rate, line.vat_amount, line.amount_with_vat) == (
        Decimal("2600.00"), Decimal("465920.00"), Decimal("22"), Decimal("102502.40"), Decimal("568422.40"))
    assert forecast.heat_gcal == Decimal("179.200") and forecast.method == REGRESSION


def test_reading_validation_uses_the_same_model_on_the_same_history(metered_history):
    """One degree-day model: metering's forecast of the unit equals the billing forecast."""
    billing = contract_forecast(metered_history.contract, FEBRUARY).lines[0].quantity
    metering = unit_forecast(metered_history.unit, FEBRUARY, min_history=3).expected
    assert billing == metering


def test_without_history_the_contractual_load_is_calculated_per_the_regulations_example(
    town, make_contract
):
    # given an object with 0.5 Гкал/ч and no billed history; January 2026 known (mean −8.6 °C)
    town.temperatures(january_2026())
    contract, _ = make_contract(heating="0.5")
    # when January 2027 is planned: the normal of January is January 2026
    forecast = contract_forecast(contract, date(2027, 1, 1))
    # then 0.5 × (20 − (−8.6)) / (20 − (−26)) × 24 × 31 = 231.287 Гкал (Методика 99/пр)
    [line] = forecast.lines
    assert (line.method, line.quantity, line.amount_with_vat) == (CONTRACT_LOAD, Decimal("231.287"),
                                                                  Decimal("733642.36"))
    assert "климатическая норма месяца по годам 2026" == line.basis["climate"]


def test_hot_water_is_planned_by_its_average_load_and_priced_per_component(town, make_contract):
    town.temperatures(january_2026())
    contract, _ = make_contract(heating="0", hot_water="0.08")
    forecast = contract_forecast(contract, date(2026, 1, 1))
    lines = {(ln.resource, ln.component): ln for ln in forecast.lines}
    # 0.08 × 24 × 31 = 59.520 Гкал (Методика 99/пр), 59.520 / 0.06 = 992.000 м³
    assert lines[("hot_water", "energy")].quantity == Decimal("59.520")
    assert lines[("hot_water", "water")].quantity == Decimal("992.000")
    assert lines[("hot_water", "water")].amount == Decimal("39680.00")  # × 40.00 ₽/м³


def test_a_two_part_tariff_adds_the_capacity_of_the_contractual_load(town, make_contract, group):
    town.temperatures(january_2026())
    Tariff.objects.filter(tariff_group=group, resource="heat_energy", valid_from=date(2026, 1, 1)).update(
        structure=Tariff.Structure.TWO_PART, capacity_rate=Decimal("150000.00"))
    contract, _ = make_contract(heating="0.5")
    lines = {ln.component: ln for ln in contract_forecast(contract, date(2026, 1, 1)).lines}
    assert (lines["capacity"].quantity, lines["capacity"].amount) == (Decimal("0.5"), Decimal("75000.00"))


def test_missing_data_is_listed_never_a_silent_zero(town, make_contract, group):
    # no temperatures at all
    contract, obj = make_contract(heating="0.5")
    forecast = contract_forecast(contract, date(2026, 1, 1))
    assert not forecast.complete and f"Объект {obj.code}: нет температур наружного воздуха" in forecast.problems[0]
    # no tariff for the month
    town.temperatures(january_2026())
    Tariff.objects.filter(tariff_group=group, resource="heat_energy").delete()
    forecast = contract_forecast(contract, date(2026, 1, 1))
    assert forecast.problems == [f"Объект {obj.code}: нет тарифа «Тепловая энергия» на 01.2026"]
    # no loads and no history
    bare, bare_obj = make_contract(loads=False)
    assert contract_forecast(bare, date(2026, 1, 1)).lines == []
