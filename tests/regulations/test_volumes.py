from decimal import Decimal as D

import pytest

from regulations.errors import RuleError
from regulations.volumes import HeatingPeriod, heating_volume, hot_water_volume


def test_heating_worked_example():
    # Методика 99/пр: 0.5 Гкал/ч, 20, −8.6, −26, 31 days → 231.287 Гкал
    result = heating_volume(load_gcal_h=D("0.5"), t_inside=D("20"), t_outside_design=D("-26"),
                            periods=[HeatingPeriod(31, D("-8.6"))])
    assert result.total_gcal == D("231.287")  # 231.28695…
    assert "99/пр" in result.norm


def test_hot_water_worked_example():
    result = hot_water_volume(load_avg_gcal_h=D("0.08"), days=31)
    assert str(result.total_gcal) == "59.520"


def test_each_period_is_rounded_and_the_total_is_their_sum():
    # given two periods of 0.0003 Гкал/ч: 0.0003 × 28/46 × 24 × 1 = 0.0043826… each
    result = heating_volume(load_gcal_h=D("0.0003"), t_inside=D("20"), t_outside_design=D("-26"),
                            periods=[HeatingPeriod(1, D("-8")), HeatingPeriod(1, D("-8"))])
    assert [p.volume_gcal for p in result.periods] == [D("0.004"), D("0.004")]
    assert result.total_gcal == D("0.008")  # not round(0.0087652) = 0.009


def test_a_period_warmer_than_inside_needs_no_heat():
    result = heating_volume(load_gcal_h=D("0.5"), t_inside=D("20"), t_outside_design=D("-26"),
                            periods=[HeatingPeriod(10, D("21"))])
    assert result.total_gcal == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(t_outside_design=D("20")), "t_outside_design"),
        (dict(load_gcal_h=D("-1")), "load_gcal_h"),
        (dict(periods=[HeatingPeriod(-1, D("0"))]), "periods[0].days"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    arguments = dict(load_gcal_h=D("0.5"), t_inside=D("20"), t_outside_design=D("-26"),
                     periods=[HeatingPeriod(31, D("-8.6"))]) | kwargs
    with pytest.raises(RuleError) as exc:
        heating_volume(**arguments)
    assert exc.value.field == field
