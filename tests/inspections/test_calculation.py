"""Volume and cost of contract-less and unmetered consumption, month by month
(inspections.calculation): the worked example of 190-ФЗ ст. 22, the three-year cut, hot water
(its heat and its heat carrier at the two-component tariff), and the refusals naming their field."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from billing.models import Tariff
from core.errors import ApplicationError
from inspections.calculation import CARRIER, CONTRACTLESS, HEAT, UNMETERED, CalculationInput, Load, calculate
from metering.models import OutdoorTemperature
from tests.billing.factories import HotWaterTariffFactory

from .conftest import CITY, GROUP

HEATING = Load(use="heating", load_gcal_h=Decimal("0.15"), basis_kind="technical_conditions",
               basis="ТУ на подключение № 15 от 03.02.2021")


def example(**changes) -> CalculationInput:
    """The worked example: 0.15 Гкал/ч, t_in 20, outdoor −10, design −25, 92 days (01.11.2025–31.01.2026)."""
    data = CalculationInput(kind=CONTRACTLESS, period_start=date(2025, 11, 1), period_end=date(2026, 1, 31),
                            start_basis="previous_inspection", loads=(HEATING,), tariff_group=GROUP, city=CITY)
    return dataclasses.replace(data, **changes)


@pytest.fixture
def example_weather(town, tariff):
    town.temperatures(date(2025, 11, 1), date(2026, 1, 31))
    return town


@pytest.fixture
def hot_water_tariff(tariff):
    """The group's hot water from 2020 on: 40 ₽/м³ of heat carrier, 2 500 ₽/Гкал, 0.06 Гкал per м³."""
    return HotWaterTariffFactory(tariff_group=tariff.tariff_group, valid_from=date(2020, 1, 1), valid_to=None,
                                 water_rate=Decimal("40.00"), energy_rate=Decimal("2500.00"),
                                 heat_per_m3=Decimal("0.060000"))


def test_the_worked_example_gives_220_800_gcal_and_828_000_before_vat(example_weather):
    # when
    result = calculate(example())
    # then
    assert result.volume_gcal == Decimal("220.800")
    assert result.cost == Decimal("552000.00")
    assert result.multiplier == Decimal("1.5")
    assert result.amount_without_vat == Decimal("828000.00")
    # and VAT on top at the rate of the calculation date (22 % from 01.01.2026)
    assert result.vat_percent == Decimal("22")
    assert result.vat == Decimal("182160.00")
    assert result.total == Decimal("1010160.00")
    assert result.payment_days == 15
    assert result.days_cut == 0 and result.days_billed == 92


def test_the_rows_go_month_by_month_and_add_up(example_weather):
    result = calculate(example())
    assert [(r.month, r.days, r.t_out, r.volume_gcal, r.tariff.rate, r.amount) for r in result.rows] == [
        (date(2025, 11, 1), 30, Decimal("-10.0"), Decimal("72.000"), Decimal("2500.00"), Decimal("270000.00")),
        (date(2025, 12, 1), 31, Decimal("-10.0"), Decimal("74.400"), Decimal("2500.00"), Decimal("279000.00")),
        (date(2026, 1, 1), 31, Decimal("-10.0"), Decimal("74.400"), Decimal("2500.00"), Decimal("279000.00")),
    ]
    assert sum(r.total for r in result.rows) == result.total
    assert "123-ТЭ" in result.rows[0].tariff.decision


def test_unmetered_consumption_pays_the_cost_once(example_weather):
    result = calculate(example(kind=UNMETERED))
    assert result.volume_gcal == Decimal("220.800")
    assert result.multiplier == Decimal("1")
    assert result.surcharge == Decimal("0.00")
    assert result.amount_without_vat == Decimal("552000.00")
    assert result.payment_days is None


def test_hot_water_by_the_average_load_every_day_heating_only_in_the_season(town, hot_water_tariff):
    # given a stretch across the start of the heating season (15.10.2025)
    town.temperatures(date(2025, 10, 1), date(2025, 10, 31), Decimal("5.0"))
    hot_water = Load(use="hot_water", load_gcal_h=Decimal("0.08"), basis_kind="building_volume",
                     basis="по числу душевых сеток, 4 шт.")
    # when
    result = calculate(example(period_start=date(2025, 10, 1), period_end=date(2025, 10, 31), loads=(HEATING, hot_water)))
    # then hot water counts all 31 days (0.08 × 24 × 31 = 59.520), heating the 17 days of the season
    (row,) = result.rows
    heating, water, carrier = row.lines
    assert (water.days, water.volume_gcal) == (31, Decimal("59.520"))
    assert heating.days == 17 and row.season_days == 17
    assert heating.volume_gcal == Decimal("0.15") * 15 * 24 * 17 / 45  # 20.400 exactly
    # and its heat carrier is the water drawn: 59.520 Гкал / 0.06 Гкал/м³ = 992.000 м³
    assert (carrier.component, carrier.days, carrier.carrier_m3, carrier.volume_gcal) == (
        CARRIER, 31, Decimal("992.000"), Decimal("0"))
    assert result.carrier_m3 == Decimal("992.000")
    assert result.volume_gcal == Decimal("79.920")  # heat only: 20.400 + 59.520


def test_hot_water_pays_its_heat_and_its_heat_carrier_at_the_two_component_tariff(town, hot_water_tariff):
    # given hot water alone, 0.0120 Гкал/ч over November 2025 (no heating: no temperature needed)
    hot_water = Load(use="hot_water", load_gcal_h=Decimal("0.0120"), basis_kind="equipment", basis="4 душевые сетки")
    # when
    result = calculate(example(period_end=date(2025, 11, 30), loads=(hot_water,)))
    # then 8.640 Гкал at 2 500 ₽/Гкал and 144.000 м³ at 40 ₽/м³, each ×1.5, VAT on each line (20 % on 30.11.2025)
    (row,) = result.rows
    assert [(x.component, x.volume_gcal, x.carrier_m3, x.rate, x.cost, x.amount, x.vat) for x in row.lines] == [
        (HEAT, Decimal("8.640"), None, Decimal("2500.00"), Decimal("21600.00"), Decimal("32400.00"), Decimal("6480.00")),
        (CARRIER, Decimal("0"), Decimal("144.000"), Decimal("40.00"), Decimal("5760.00"), Decimal("8640.00"),
         Decimal("1728.00")),
    ]
    assert row.hot_water_tariff is not None and "123-ТЭ" in row.hot_water_tariff.decision
    assert (result.volume_gcal, result.carrier_m3) == (Decimal("8.640"), Decimal("144.000"))
    assert result.amount_without_vat == Decimal("41040.00") and result.total == Decimal("49248.00")


def test_hot_water_without_the_groups_hot_water_tariff_is_refused(town, tariff):
    hot_water = Load(use="hot_water", load_gcal_h=Decimal("0.0120"), basis_kind="equipment", basis="4 душевые сетки")
    with pytest.raises(ApplicationError) as refused:
        calculate(example(period_end=date(2025, 11, 30), loads=(hot_water,)))
    assert (refused.value.field, refused.value.code) == ("tariff_group", "tariff_missing")
    assert "горячую воду" in refused.value.message and "11.2025" in refused.value.message
    assert not Tariff.objects.filter(resource="hot_water").exists()


def test_a_four_year_period_is_cut_to_the_last_three_years(town, tariff):
    # given consumption from 01.12.2021 found on 30.11.2025, temperatures of every day
    town.temperatures(date(2021, 12, 1), date(2025, 11, 30))
    # when
    result = calculate(example(period_start=date(2021, 12, 1), period_end=date(2025, 11, 30)))
    # then the three years to the day found remain: from 01.12.2022
    assert result.billed_start == date(2022, 12, 1)
    assert result.days_claimed == 1461 and result.days_cut == 365 and result.days_billed == 1096
    assert result.rows[0].month == date(2022, 12, 1)
    assert result.rows[-1].month == date(2025, 11, 1)


def test_missing_temperatures_are_refused_naming_the_dates(example_weather):
    OutdoorTemperature.objects.filter(date__in=[date(2025, 12, 5), date(2026, 1, 7)]).delete()
    with pytest.raises(ApplicationError) as refused:
        calculate(example())
    assert refused.value.field == "outdoor_temperature"
    assert refused.value.code == "temperature_missing"
    assert "05.12.2025" in refused.value.message and "07.01.2026" in refused.value.message


def test_days_outside_the_heating_season_need_no_temperature(town, hot_water_tariff):
    # given the whole summer of 2025 with no temperature at all
    hot_water = Load(use="hot_water", load_gcal_h=Decimal("0.05"), basis_kind="contract", basis="договор № 5-Т")
    # when
    result = calculate(example(period_start=date(2025, 6, 1), period_end=date(2025, 8, 31), loads=(HEATING, hot_water)))
    # then only hot water is counted
    assert {line.use for row in result.rows for line in row.lines} == {"hot_water"}
    assert result.volume_gcal == Decimal("0.05") * 24 * 92
    assert result.carrier_m3 == Decimal("0.05") * 24 * 92 / Decimal("0.06")  # 1 840.000 м³


@pytest.mark.parametrize(("changes", "field"), [
    ({"period_end": date(2025, 10, 31)}, "period_end"),
    ({"loads": ()}, "loads"),
    ({"loads": (dataclasses.replace(HEATING, load_gcal_h=Decimal("0")),)}, "loads[0].load_gcal_h"),
    ({"loads": (dataclasses.replace(HEATING, basis=" "),)}, "loads[0].basis"),
    ({"loads": (dataclasses.replace(HEATING, basis_kind="по аналогии"),)}, "loads[0].basis_kind"),
    ({"loads": (dataclasses.replace(HEATING, use="steam"),)}, "loads[0].use"),
    ({"kind": "theft"}, "kind"),
    ({"start_basis": ""}, "start_basis"),
    ({"tariff_group": "НЕТ"}, "tariff_group"),
    ({"city": ""}, "city"),
])
def test_bad_input_is_refused_naming_the_field(example_weather, changes, field):
    with pytest.raises(ApplicationError) as refused:
        calculate(example(**changes))
    assert refused.value.field == field


def test_a_month_without_a_tariff_is_refused(example_weather, tariff):
    tariff.valid_to = date(2025, 12, 31)
    tariff.save()
    with pytest.raises(ApplicationError) as refused:
        calculate(example())
    assert refused.value.field == "tariff_group" and "01.2026" in refused.value.message
