"""One function per method (billing.volumes), with the worked examples of docs/law.md."""

from datetime import date
from decimal import Decimal

import pytest

from billing.models import Component, Method, Resource
from billing.volumes import (
    METERED,
    NO_METER,
    Reason,
    capacity_by_contract_load,
    heat_carrier_leak_by_meter,
    heating_by_calculation,
    heating_by_meter,
    hot_water_by_calculation,
    mean_temperature,
    spans_by_reason,
)

JAN_1, JAN_31 = date(2026, 1, 1), date(2026, 1, 31)


@pytest.mark.parametrize(
    ("load", "t_in", "t_out", "t_design", "first", "last", "expected"),
    [
        # Методика 99/пр: 0.5 Гкал/ч, 20, −8.6, −26, 31 days → 231.287 Гкал
        ("0.5", "20", "-8.6", "-26", JAN_1, JAN_31, "231.287"),
        # 190-ФЗ ст. 22 (the volume part): 0.15 Гкал/ч, 20, −10, −25, 92 days → 220.800 Гкал
        ("0.15", "20", "-10", "-25", date(2025, 11, 1), date(2026, 1, 31), "220.800"),
        # a warm stretch needs no heat
        ("0.5", "20", "21.0", "-26", JAN_1, date(2026, 1, 10), "0.000"),
    ],
)
def test_heating_by_calculation_follows_the_methodology(load, t_in, t_out, t_design, first, last, expected):
    # when
    volume = heating_by_calculation(
        load_gcal_h=Decimal(load), t_inside=Decimal(t_in), t_outside_design=Decimal(t_design),
        t_out_mean=Decimal(t_out), first=first, last=last, reason=NO_METER, station="Энск (99999)",
    )
    # then the quantity and the basis a court can quote
    assert volume.quantity == Decimal(expected)
    assert (volume.resource, volume.component, volume.method) == (Resource.HEAT_ENERGY, Component.ENERGY, Method.CALCULATION)
    assert volume.basis["load_gcal_h"] == load
    assert volume.basis["t_out_mean"] == t_out
    assert volume.basis["t_outside_design"] == t_design
    assert volume.basis["days"] == (last - first).days + 1
    assert volume.basis["reason"] == "no_meter"


def test_hot_water_by_average_load_gives_energy_and_water():
    # given Методика 99/пр: 0.08 Гкал/ч × 24 × 31 = 59.520 Гкал; 0.06 Гкал per м³
    energy, water = hot_water_by_calculation(
        load_avg_gcal_h=Decimal("0.08"), heat_per_m3=Decimal("0.06"), first=JAN_1, last=JAN_31, reason=NO_METER
    )
    # then
    assert energy.quantity == Decimal("59.520")
    assert water.quantity == Decimal("992.000")
    assert (energy.component, water.component) == (Component.ENERGY, Component.WATER)
    assert energy.resource == water.resource == Resource.HOT_WATER
    assert water.basis["heat_per_m3"] == "0.06"


def test_by_meter_records_the_readings_and_days():
    volume = heating_by_meter(
        q_gcal=Decimal("120.500"), first=JAN_1, last=date(2026, 1, 10), days=10,
        readings=[{"unit": "УУ-1", "reading": 7, "q": "120.500"}],
    )
    assert volume.method == Method.METER
    assert volume.quantity == Decimal("120.500")
    assert volume.basis["readings"][0]["reading"] == 7


@pytest.mark.parametrize(
    ("m1", "m2", "expected"),
    [
        ("1000.000", "990.000", "10.000"),  # 1 %: above a 0.5 % tolerance → a leak
        ("1000.000", "996.000", None),  # 0.4 %: within the meters' error
        ("1000.000", "1001.000", None),  # M2 > M1: no leak
    ],
)
def test_heat_carrier_leak_counts_only_above_the_tolerance(m1, m2, expected):
    volume = heat_carrier_leak_by_meter(
        m1=Decimal(m1), m2=Decimal(m2), tolerance_percent=Decimal("0.5"), first=JAN_1, last=JAN_31, readings=[]
    )
    assert (volume.quantity if volume else None) == (Decimal(expected) if expected else None)


def test_capacity_is_the_contract_load_for_the_days_covered():
    volume = capacity_by_contract_load(load_gcal_h=Decimal("0.6"), first=date(2026, 1, 16), last=JAN_31, month_days=31)
    assert (volume.quantity, volume.method) == (Decimal("0.6"), Method.CONTRACT_LOAD)
    assert (volume.basis["days"], volume.basis["month_days"]) == (16, 31)


def test_a_month_is_split_by_days_where_the_reason_changes():
    faulty = Reason("faulty", "узел учета № 1 неисправен с 11.01.2026")
    reasons = [METERED] * 10 + [faulty] * 21
    assert spans_by_reason(JAN_1, reasons) == [
        (JAN_1, date(2026, 1, 10), METERED),
        (date(2026, 1, 11), JAN_31, faulty),
    ]


@pytest.mark.parametrize(("total", "days", "expected"), [("-266.6", 31, "-8.6"), ("-10.05", 1, "-10.1"), ("10.05", 1, "10.1")])
def test_mean_outdoor_temperature_is_rounded_half_up_to_a_tenth(total, days, expected):
    assert mean_temperature(Decimal(total), days) == Decimal(expected)
