"""Volumes of a billing period for one object, one function per method.

Each function returns a ``Volume``: the method, the quantity, the days it covers and the
basis — the inputs and the norm an invoice and a court can quote. The formulas of law are
``regulations.volumes`` (Методика 99/пр); what is here is our practice of applying them:

- **by meter**: the accepted reading of the month (``metering.Reading``) covers the days the
  unit was in commercial use; its Q (Гкал) is heat energy, its water (V1, else M1; т ≈ м³)
  is the hot water drawn.
- **by calculation**: days without a working meter (no unit, unit not commissioned, faulty
  or decommissioned, no accepted reading for the month) — heating and ventilation from the
  hourly load and the actual mean outdoor temperature of those days, within the heating
  season; hot water from the average hourly load, converted to м³ by the tariff's heat per
  cubic metre.
- **split by days**: a month partly metered and partly calculated gives one line per part
  (``spans_by_reason``).
- **heat carrier**: a closed system's M1 − M2 above the metering tolerance is a leak billed
  at the heat-carrier tariff; in an open system it is the hot water drawn.
- **capacity** (two-part tariff): the contractual heating + ventilation load, for the share
  of the month's days the contract covers.

Rounding: volumes half-up to 0.001 (Гкал, м³), mean outdoor temperature half-up to 0.1 °C
(as ``metering.selectors.mean_outdoor_temperature``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from regulations.volumes import heating_period_volume, hot_water_volume

from .models import Component, Method, Resource

# Plain strings (not enum members): lines are built by the hundred thousand.
HEAT_ENERGY, HEAT_CARRIER, HOT_WATER = Resource.HEAT_ENERGY.value, Resource.HEAT_CARRIER.value, Resource.HOT_WATER.value
ENERGY, CAPACITY, WATER = Component.ENERGY.value, Component.CAPACITY.value, Component.WATER.value
METER, CALCULATION, CONTRACT_LOAD = Method.METER.value, Method.CALCULATION.value, Method.CONTRACT_LOAD.value
# ``basis["rule"]`` names the rule applied; ``billing.basis`` renders it with its norm.
RULE_HEATING = "heating_by_temperature"
RULE_HOT_WATER = "hot_water_by_average_load"
RULE_METER = "meter"
RULE_LEAK = "heat_carrier_leak"
RULE_CAPACITY = "capacity"
THOUSANDTH = Decimal("0.001")
TENTH = Decimal("0.1")
ZERO = Decimal("0")


def thousandth(value: Decimal) -> Decimal:
    return value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


class Volume(NamedTuple):
    resource: str
    component: str
    method: str
    quantity: Decimal
    first: date
    last: date
    basis: dict


class Reason(NamedTuple):
    """Why days are calculated instead of metered (or ``METERED``)."""

    code: str
    text: str


METERED = Reason("metered", "")
NO_METER = Reason("no_meter", "узел учета отсутствует")


def spans_by_reason(first: date, reasons: Sequence[Reason]) -> list[tuple[date, date, Reason]]:
    """Consecutive days with the same reason, as ``(first, last, reason)``; ``reasons[i]``
    belongs to ``first + i days``. This is how a month is split by days."""
    spans: list[tuple[date, date, Reason]] = []
    start = 0
    for i in range(1, len(reasons) + 1):
        if i == len(reasons) or reasons[i] != reasons[start]:
            spans.append((first + timedelta(days=start), first + timedelta(days=i - 1), reasons[start]))
            start = i
    return spans


def mean_temperature(total: Decimal, days: int) -> Decimal:
    """Mean of daily means, half-up to 0.1 °C (the precision of meteorological data)."""
    return (total / days).quantize(TENTH, rounding=ROUND_HALF_UP)


def heating_by_calculation(
    *,
    load_gcal_h: Decimal,
    t_inside: Decimal,
    t_outside_design: Decimal,
    t_out_mean: Decimal,
    first: date,
    last: date,
    reason: Reason,
    station: str,
) -> Volume:
    """Heating and ventilation by calculation (Методика 99/пр) for the days ``first..last``."""
    days = (last - first).days + 1
    quantity = heating_period_volume(
        load_gcal_h=load_gcal_h, t_inside=t_inside, t_outside_design=t_outside_design, days=days, t_out=t_out_mean
    )
    return Volume(
        HEAT_ENERGY, ENERGY, CALCULATION, quantity, first, last,
        {
            "rule": RULE_HEATING,
            "reason": reason.code,
            "reason_text": reason.text,
            "load_gcal_h": str(load_gcal_h),
            "t_inside": str(t_inside),
            "t_outside_design": str(t_outside_design),
            "t_out_mean": str(t_out_mean),
            "station": station,
            "days": days,
        },
    )


def hot_water_by_calculation(
    *, load_avg_gcal_h: Decimal, heat_per_m3: Decimal, first: date, last: date, reason: Reason
) -> tuple[Volume, Volume]:
    """Hot water by the average hourly load (Методика 99/пр): energy, Гкал, and water, м³."""
    days = (last - first).days + 1
    energy = hot_water_volume(load_avg_gcal_h=load_avg_gcal_h, days=days).total_gcal
    water = thousandth(energy / heat_per_m3)
    basis = {
        "rule": RULE_HOT_WATER,
        "reason": reason.code,
        "reason_text": reason.text,
        "load_avg_gcal_h": str(load_avg_gcal_h),
        "days": days,
        "heat_per_m3": str(heat_per_m3),
        "energy_gcal": str(energy),
    }
    return (
        Volume(HOT_WATER, ENERGY, CALCULATION, energy, first, last, basis),
        Volume(HOT_WATER, WATER, CALCULATION, water, first, last, basis),
    )


def heating_by_meter(*, q_gcal: Decimal, first: date, last: date, days: int, readings: list[dict]) -> Volume:
    """Heating and ventilation by the meter: the reading's Q for the unit's commercial days.

    ``readings`` are ``{"unit", "reading", "q", …}`` of the units summed; ``days`` is the
    number of metered days within ``first..last``.
    """
    return Volume(HEAT_ENERGY, ENERGY, METER, q_gcal, first, last, {"rule": RULE_METER, "days": days, "readings": readings})


def hot_water_by_meter(
    *, energy_gcal: Decimal, water_m3: Decimal, first: date, last: date, days: int, readings: list[dict]
) -> tuple[Volume, Volume]:
    """Hot water by the meter: energy (Q, Гкал) and water drawn (м³)."""
    basis = {"rule": RULE_METER, "days": days, "readings": readings}
    return (
        Volume(HOT_WATER, ENERGY, METER, energy_gcal, first, last, basis),
        Volume(HOT_WATER, WATER, METER, water_m3, first, last, basis),
    )


def heat_carrier_leak_by_meter(
    *, m1: Decimal, m2: Decimal, tolerance_percent: Decimal, first: date, last: date, readings: list[dict]
) -> Volume | None:
    """A closed system's leak: M1 − M2 (т ≈ м³) when it exceeds the metering tolerance."""
    leak = m1 - m2
    if leak <= 0 or leak * 100 <= m1 * tolerance_percent:
        return None
    return Volume(
        HEAT_CARRIER, WATER, METER, thousandth(leak), first, last,
        {"rule": RULE_LEAK, "m1": str(m1), "m2": str(m2), "tolerance_percent": str(tolerance_percent), "readings": readings},
    )


def capacity_by_contract_load(*, load_gcal_h: Decimal, first: date, last: date, month_days: int) -> Volume:
    """Capacity of a two-part tariff: the contractual load; the share of days is in the basis."""
    days = (last - first).days + 1
    return Volume(
        HEAT_ENERGY, CAPACITY, CONTRACT_LOAD, load_gcal_h, first, last,
        {"rule": RULE_CAPACITY, "load_gcal_h": str(load_gcal_h), "days": days, "month_days": month_days},
    )
