"""Conversion to our units and the measures each field accepts (pure)."""

from decimal import Decimal

import pytest

from metering.imports.mapping import accepted_measures, convert, measure_problem


@pytest.mark.parametrize(("value", "measure", "field", "places", "expected"), [
    ("209.34", "ГДж", "q", 3, "50.000"),  # 209.34 / 4.1868 = 50 exactly
    ("100", "ГДж", "q", 3, "23.885"),  # 23.884589… half-up
    ("10000", "ГДж", "q_total", 3, "2388.459"),  # ÷4.1868 exactly; ×0.238846 would give 2388.460
    ("1", "МВт·ч", "q", 3, "0.860"),  # 3.6 / 4.1868 = 0.859845…
    ("58.15", "МВт·ч", "q", 3, "50.000"),  # 49.99999…
    ("999999.5", "кг", "m1", 3, "1000.000"),  # 999.9995 half-up
    ("1234", "л", "v1", 3, "1.234"),
    ("12.3455", "", "m2", 3, "12.346"),  # our unit, more places than ours: rounded the same way
    ("85.555", "°C", "t1", 2, "85.56"),
    ("743.994", "ч", "operating_hours", 2, "743.99"),
])
def test_values_are_converted_to_our_units_and_rounded_half_up_once(value, measure, field, places, expected):
    assert convert(Decimal(value), field=field, measure=measure, places=places) == Decimal(expected)
    assert str(convert(Decimal(value), field=field, measure=measure, places=places)) == expected


@pytest.mark.parametrize(("field", "measure", "problem"), [
    ("q", "", None),
    ("q", "МВт·ч", None),
    ("m1_total", "кг", None),
    ("q", "°C", "единица «°C» не подходит, допустимо: Гкал, ГДж, МВт·ч"),
    ("m2", "ГДж", "единица «ГДж» не подходит, допустимо: т, кг"),
    ("t1", "ч", "единица «ч» не подходит, допустимо: °C"),
    ("period", "т", "единица «т» здесь не указывается"),
])
def test_a_measure_fits_its_field_or_is_named(field, measure, problem):
    assert measure_problem(field, measure) == problem


def test_the_unit_and_the_period_take_no_measure():
    assert accepted_measures("unit") == accepted_measures("period") == ()
