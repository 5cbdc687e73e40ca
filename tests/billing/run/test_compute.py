"""The billing of one contract from in-memory inputs: methods, the split by days, bad input."""

from datetime import date
from decimal import Decimal

import pytest

from billing.models import BillingProblem, Component, Method, Resource
from billing.run.compute import LINE_COLUMNS

from .conftest import FIRST, LAST

Code = BillingProblem.Code
COL = {name: n for n, name in enumerate(LINE_COLUMNS)}


def lines_of(result):
    return [dict(zip(LINE_COLUMNS, line, strict=True)) for line in result.lines]


def test_no_meter_bills_heating_by_calculation_with_the_mean_temperature_of_the_month(world):
    # given an object with 0.5 Гкал/ч and no metering unit (January averages −8.6 °C)
    world.add_object(1)
    # when
    result = world.bill()
    # then
    (line,) = lines_of(result)
    assert (line["method"], line["quantity"], line["date_from"], line["date_to"]) == (
        Method.CALCULATION, Decimal("231.287"), FIRST, LAST
    )
    assert line["amount"] == Decimal("601346.20")
    assert (line["vat_rate"], line["vat_amount"], line["amount_with_vat"]) == (
        Decimal("22"), Decimal("132296.16"), Decimal("733642.36")
    )
    assert result.amount_with_vat == Decimal("733642.36")


def test_a_commercial_unit_with_an_accepted_reading_bills_by_meter(world):
    world.add_object(1)
    world.add_unit(1, 7, reading=("150.250", "3000", "2999", None))
    (line,) = lines_of(world.bill())
    assert (line["method"], line["quantity"]) == (Method.METER, Decimal("150.250"))
    assert '"reading":1007' in line["basis"]


def test_a_unit_faulty_from_the_11th_splits_the_month_by_days(world):
    # given a unit in commercial use, faulty from 11.01 (expired verification), and its reading
    world.add_object(1)
    world.add_unit(
        1, 7, reading=("40.000", "800", "799", None),
        changes=[(date(2024, 1, 1), "commercial", ""), (date(2026, 1, 11), "faulty", "истек срок поверки")],
    )
    # when
    metered, calculated = lines_of(world.bill())
    # then days 1–10 by meter, 11–31 by calculation at the mean of those 21 days (−8.6)
    assert (metered["method"], metered["date_from"], metered["date_to"], metered["quantity"]) == (
        Method.METER, FIRST, date(2026, 1, 10), Decimal("40.000")
    )
    assert (calculated["method"], calculated["date_from"], calculated["date_to"]) == (
        Method.CALCULATION, date(2026, 1, 11), LAST
    )
    # 0.5 × 28.6 / 46 × 24 × 21 = 156.678…
    assert calculated["quantity"] == Decimal("156.678")
    assert '"reason":"faulty"' in calculated["basis"]
    assert "истек срок поверки" in calculated["basis"]


def test_a_commercial_unit_without_an_accepted_reading_is_calculated(world):
    world.add_object(1)
    world.add_unit(1, 7, reading=None)
    (line,) = lines_of(world.bill())
    assert line["method"] == Method.CALCULATION
    assert '"reason":"no_reading"' in line["basis"]


def test_a_unit_commissioned_mid_month_is_calculated_before_and_metered_after(world):
    world.add_object(1)
    world.add_unit(1, 7, changes=[(date(2026, 1, 20), "commercial", "")], reading=("30.000", "600", "599", None))
    calculated, metered = sorted(lines_of(world.bill()), key=lambda line: line["date_from"])
    assert (calculated["date_from"], calculated["date_to"], calculated["method"]) == (
        FIRST, date(2026, 1, 19), Method.CALCULATION
    )
    assert (metered["date_from"], metered["date_to"], metered["quantity"]) == (date(2026, 1, 20), LAST, Decimal("30.000"))


def test_heating_is_calculated_only_for_heating_season_days(world):
    world.season = [False] * 9 + [True] * 22  # the season starts on 10.01
    world.add_object(1)
    (line,) = lines_of(world.bill())
    assert (line["date_from"], line["date_to"]) == (date(2026, 1, 10), LAST)


def test_hot_water_by_average_load_gives_two_components(world):
    world.add_object(1, heating="0", hot_water="0.08")
    energy_line, water_line = sorted(lines_of(world.bill()), key=lambda line: line["component"])
    assert (energy_line["resource"], energy_line["quantity"], energy_line["rate"]) == (
        Resource.HOT_WATER, Decimal("59.520"), Decimal("2500.00")
    )
    assert (water_line["component"], water_line["quantity"], water_line["rate"]) == (
        Component.WATER, Decimal("992.000"), Decimal("40.00")
    )


def test_an_open_system_unit_metering_both_takes_hot_water_from_m1_minus_m2(world):
    # given a combined unit of an open system: M1 − M2 = 50 т drawn for hot water
    world.add_object(1, hot_water="0.05")
    world.add_unit(1, 7, purpose="both", is_open=True, reading=("100.000", "2000", "1950", None))
    lines = {(line["resource"], line["component"]): line for line in lines_of(world.bill())}
    # then hot water 50 м³ and 50 × 0.06 = 3 Гкал; heating the rest of Q
    assert lines[Resource.HOT_WATER, Component.WATER]["quantity"] == Decimal("50.000")
    assert lines[Resource.HOT_WATER, Component.ENERGY]["quantity"] == Decimal("3.000")
    assert lines[Resource.HEAT_ENERGY, Component.ENERGY]["quantity"] == Decimal("97.000")
    assert (Resource.HEAT_CARRIER, Component.WATER) not in lines


def test_a_closed_system_leak_above_tolerance_is_billed_as_heat_carrier(world):
    world.add_object(1)
    world.add_unit(1, 7, reading=("150.000", "3000", "2900", None))  # 100 т of 3000: 3.3 % > 2 %
    lines = {(line["resource"], line["component"]): line for line in lines_of(world.bill())}
    carrier = lines[Resource.HEAT_CARRIER, Component.WATER]
    assert (carrier["quantity"], carrier["rate"], carrier["method"]) == (Decimal("100.000"), Decimal("55.00"), Method.METER)


def test_a_two_part_tariff_adds_capacity_for_the_contract_load(world):
    world.tariffs["heat_energy"] = world.tariffs["heat_energy"]._replace(
        structure="two_part", energy_rate=Decimal("1800.00"), capacity_rate=Decimal("250000.00")
    )
    world.add_object(1, heating="0.4", ventilation="0.1")
    lines = {(line["resource"], line["component"]): line for line in lines_of(world.bill())}
    capacity = lines[Resource.HEAT_ENERGY, Component.CAPACITY]
    assert (capacity["quantity"], capacity["amount"]) == (Decimal("0.5"), Decimal("125000.00"))


def test_a_contract_starting_mid_month_bills_its_days_only(world):
    world.contract_first = date(2026, 1, 16)
    world.add_object(1)
    (line,) = lines_of(world.bill())
    assert (line["date_from"], line["date_to"]) == (date(2026, 1, 16), LAST)
    # 0.5 × 28.6 / 46 × 24 × 16 = 119.373…
    assert line["quantity"] == Decimal("119.374")


# ---------------------------------------------------------------- bad input: no silent zero


def only_problems(result):
    assert result.lines == [] and result.amount == 0
    return [(p.code, p.message) for p in result.problems]


def test_missing_temperatures_are_listed_by_day_and_the_contract_is_not_billed(world):
    world.temperatures[4] = world.temperatures[5] = world.temperatures[6] = world.temperatures[19] = None
    world.add_object(1)
    [(code, message)] = only_problems(world.bill())
    assert code == Code.NO_TEMPERATURES
    assert "05.01–07.01.2026, 20.01.2026" in message
    assert "OBJ-1" in message


def test_an_object_without_loads_needing_calculation_is_reported(world):
    world.add_object(1, loads=False)
    [(code, message)] = only_problems(world.bill())
    assert code == Code.NO_LOADS
    assert "OBJ-1" in message


def test_an_object_metered_for_everything_needs_no_loads(world):
    world.add_object(1, loads=False)
    world.add_unit(1, 7, purpose="both", is_open=True, reading=("10.000", "100", "100", None))
    assert {line["method"] for line in lines_of(world.bill())} == {Method.METER}


def test_without_loads_a_heating_meter_alone_cannot_tell_about_hot_water(world):
    world.add_object(1, loads=False)
    world.add_unit(1, 7, reading=("10.000", "100", "100", None))
    [(code, _)] = only_problems(world.bill())
    assert code == Code.NO_LOADS


def test_a_group_without_a_tariff_is_reported(world):
    world.tariffs = {}
    world.add_object(1)
    [(code, message)] = only_problems(world.bill())
    assert code == Code.NO_TARIFF
    assert "Тепловая энергия" in message


def test_a_missing_hot_water_tariff_is_reported_when_hot_water_is_billed(world):
    del world.tariffs["hot_water"]
    world.add_object(1, hot_water="0.05")
    [(code, message)] = only_problems(world.bill())
    assert (code, "Горячая вода" in message) == (Code.NO_TARIFF, True)


@pytest.mark.parametrize(
    ("reading", "words"),
    [
        (("-5.000", "100", "100", None), "отрицательные"),
        (("99999.000", "100", "100", None), "недостоверны"),
    ],
)
def test_a_negative_or_absurd_reading_is_reported_not_billed(world, reading, words):
    world.add_object(1)
    world.add_unit(1, 7, reading=reading)
    [(code, message)] = only_problems(world.bill())
    assert code == Code.BAD_READING
    assert words in message and "УУ-7" in message


def test_the_absurd_reading_factor_is_the_validation_setting(world):
    # given 0.5 Гкал/ч over 744 h: 372 Гкал a month; Q = 1 500 Гкал is over 3× (1 116) and under 5× (1 860)
    world.add_object(1)
    world.add_unit(1, 7, reading=("1500.000", "100", "100", None))
    # the seeded factor (3) reports it
    [(code, message)] = only_problems(world.bill())
    assert code == Code.BAD_READING and "больше 3-кратной" in message and "1116.000 Гкал" in message
    # a factor of 5 in the settings lets it be billed
    world.absurd_factor = Decimal("5.000")
    result = world.bill()
    assert not result.problems and lines_of(result)[0]["quantity"] == Decimal("1500.000")


def test_without_validation_settings_readings_are_a_problem_not_a_guess(world):
    world.absurd_factor = None
    world.add_object(1)
    world.add_unit(1, 7, reading=("150.000", "3000", "2900", None))
    [(code, message)] = only_problems(world.bill())
    assert code == Code.NO_VALIDATION_SETTINGS and "01.01.2026" in message


def test_without_a_leak_tolerance_the_heat_carrier_is_a_problem_not_2_percent(world):
    # given a closed system whose leak (3.3 %) the old code measured against a guessed 2 %
    world.leak_tolerance = None
    world.add_object(1)
    world.add_unit(1, 7, reading=("150.000", "3000", "2900", None))
    # when
    result = world.bill()
    # then the object is not billed and the run says what is missing
    [(code, message)] = only_problems(result)
    assert code == Code.NO_VALIDATION_SETTINGS and "небаланс" in message and "OBJ-1" in message
    assert result.lines == []


def test_no_design_temperature_is_reported(world):
    world.t_design = None
    world.add_object(1)
    [(code, _)] = only_problems(world.bill())
    assert code == Code.NO_DESIGN_TEMPERATURE


def test_every_problem_of_a_contract_is_listed_and_good_objects_are_not_billed_alone(world):
    world.add_object(1)
    world.add_object(2, loads=False)
    world.add_object(3)
    world.add_unit(3, 9, reading=("-1.000", "100", "100", None))
    codes = sorted(code for code, _ in only_problems(world.bill()))
    assert codes == sorted([Code.NO_LOADS, Code.BAD_READING])


def test_equal_inputs_give_equal_digests_and_a_change_changes_it(world):
    world.add_object(1)
    first, second = world.bill(), world.bill()
    world.loads[1] = [world.loads[1][0]._replace(heating=Decimal("0.51"))]
    third = world.bill()
    assert first.digest == second.digest != third.digest


def test_the_copy_text_of_every_line_is_core_copy_row_of_the_line(world):
    # given metered heating and hot water, and a recalculation whose reason holds COPY's special characters
    from billing.run.inputs import RecalculationRow
    from core.copy import copy_row

    world.add_object(1, hot_water="0.05")
    world.add_unit(1, 10, purpose="both", is_open=True, reading=("120.5", "900", "850", None))
    world.recalculations[1] = [RecalculationRow(
        7, 1, 1, Resource.HEAT_ENERGY, Component.ENERGY, 3, date(2025, 12, 1), 55, Decimal("1.5"),
        Decimal("2000.00"), Decimal("3000.00"), "акт\tсверки\nот 05.01\\2026", "manual", {},
    )]
    # when
    result = world.bill()
    # then the run's hand-written rows are exactly the encoder's
    assert not result.problems and len(result.lines) > 2
    assert result.texts == [copy_row(line) for line in result.lines]


def test_merged_estimate_keeps_each_line_once_stations_first_readings_last():
    from billing.run.inputs import merged_estimate

    readings = "узлы учета без показаний за 01.2026 (показания месяца снимаются по его окончании): объем"
    recorded = f"{readings}\nЭнск (99999): 20.01–31.01.2026"
    assert merged_estimate(recorded, "Альфа (11111): 20.01–31.01.2026") == (
        f"Альфа (11111): 20.01–31.01.2026\nЭнск (99999): 20.01–31.01.2026\n{readings}"
    )
    assert merged_estimate("", readings) == readings
