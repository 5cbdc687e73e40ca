from decimal import Decimal as D

import pytest

from regulations.errors import RuleError
from regulations.quality import (
    Interruption,
    TemperatureDeviation,
    heating_reduction,
    hot_water_reduction,
    quality_reduction,
    undelivered_heat,
)


@pytest.mark.parametrize(
    ("service", "charge", "kwargs", "total", "norm"),
    [
        pytest.param("heating", "3000.00", dict(interruptions=[Interruption(D("24")), Interruption(D("16"))]),
                     "72.00", "ПП РФ № 354, прил. 1, п. 14", id="heating interruptions 40 h"),
        pytest.param("heating", "3000.00", dict(deviations=[TemperatureDeviation(D("50"), D("15"), "day", D("18"))]),
                     "675.00", "ПП РФ № 354, прил. 1, п. 15", id="heating 15 °C by day for 50 h"),
        pytest.param("hot_water", "1200.00", dict(deviations=[TemperatureDeviation(D("100"), D("52"), "day")]),
                     "120.00", "ПП РФ № 354, прил. 1, п. 5", id="hot water 52 °C by day for 100 h"),
        pytest.param("hot_water", "1200.00", dict(interruptions=[Interruption(D("20"))]),
                     "21.60", "ПП РФ № 354, прил. 1, п. 4", id="hot water interruptions 20 h"),
    ],
)
def test_worked_examples_of_the_law(service, charge, kwargs, total, norm):
    result = quality_reduction(service=service, monthly_charge=D(charge), **kwargs)
    assert str(result.total) == total
    assert result.norms == (norm,)


def test_one_long_interruption_counts_against_the_monthly_total():
    result = heating_reduction(monthly_charge=D("3000.00"), interruptions=[Interruption(D("40"))])
    assert result.total == D("72.00")


def test_interruptions_within_the_allowance_reduce_nothing():
    result = hot_water_reduction(monthly_charge=D("1200.00"), interruptions=[Interruption(D("8"))])
    assert result.total == 0


def test_heating_at_night_is_allowed_three_degrees_less():
    # 14 °C at night against 18 °C: 1 degree beyond the 3 °C allowance, 10 h × 0.15 %
    result = heating_reduction(monthly_charge=D("3000.00"),
                               deviations=[TemperatureDeviation(D("10"), D("14"), "night", D("18"))])
    assert result.lines[0].degrees == 1
    assert result.total == D("45.00")


def test_a_part_of_a_degree_is_not_a_degree():
    result = heating_reduction(monthly_charge=D("3000.00"),
                               deviations=[TemperatureDeviation(D("10"), D("17.5"), "day", D("18"))])
    assert result.total == 0


def test_hot_water_counts_whole_three_degree_steps():
    # night: allowed 55 °C; 50 °C is 5 °C short → one step; 48 °C → 7 °C → two steps
    one = hot_water_reduction(monthly_charge=D("1200.00"), deviations=[TemperatureDeviation(D("10"), D("50"), "night")])
    two = hot_water_reduction(monthly_charge=D("1200.00"), deviations=[TemperatureDeviation(D("10"), D("48"), "night")])
    assert (one.total, two.total) == (D("12.00"), D("24.00"))


def test_hot_water_below_40_degrees_is_billed_as_cold_water():
    result = hot_water_reduction(monthly_charge=D("1200.00"), deviations=[TemperatureDeviation(D("10"), D("35"))])
    assert [(line.kind, line.amount) for line in result.lines] == [("cold_water", D("0.00"))]
    assert result.norms == ("ПП РФ № 354, прил. 1, п. 5",)


def test_the_reduction_never_exceeds_the_months_charge():
    result = heating_reduction(monthly_charge=D("3000.00"),
                               deviations=[TemperatureDeviation(D("744"), D("8"), "day", D("18"))])
    assert result.uncapped_total == D("33480.00")
    assert result.total == D("3000.00") and result.capped


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(service="gas"), "service"),
        (dict(monthly_charge=D("-1")), "monthly_charge"),
        (dict(interruptions=[Interruption(D("-1"))]), "interruptions[0].hours"),
        (dict(deviations=[TemperatureDeviation(D("1"), D("15"), "evening")]), "temperature_deviations[0].period"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(RuleError) as exc:
        quality_reduction(**(dict(service="heating", monthly_charge=D("100")) | kwargs))
    assert exc.value.field == field


def test_undelivered_heat_of_a_non_residential_consumer_is_hours_times_load():
    # given 50 h of a breach at a contract load of 0.2 Гкал/ч (the contract, ГК ст. 542, 547)
    # then 10.000 Гкал are excluded from a calculated volume; rounding half-up to 0.001 Гкал
    assert undelivered_heat(hours=D("50"), load_gcal_h=D("0.2")) == D("10.000")
    assert undelivered_heat(hours=D("0.5"), load_gcal_h=D("0.0035")) == D("0.002")


@pytest.mark.parametrize("kwargs, field", [
    ({"hours": D("-1"), "load_gcal_h": D("0.2")}, "hours"),
    ({"hours": D("1"), "load_gcal_h": D("-0.2")}, "load_gcal_h"),
])
def test_undelivered_heat_refuses_negative_input(kwargs, field):
    with pytest.raises(RuleError) as refused:
        undelivered_heat(**kwargs)
    assert refused.value.field == field
