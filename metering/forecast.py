"""Forecast of a unit's monthly heat consumption from its own accepted history.

Reads the history and the outdoor temperatures, then applies the pure degree-day model of
``metering.degree_days``. Reading validation uses ``unit_forecast``; the billing forecast
may use it too (or ``period_degree_days`` + ``degree_days.fit/predict`` directly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import degree_days as model
from .models import MeteringUnit, Reading, ReadingStatus
from .selectors import (
    daily_temperatures,
    days_between,
    heating_season_days,
    month_end,
    object_city,
    station_for_object,
)

HISTORY_MONTHS = 24


@dataclass(frozen=True)
class PeriodClimate:
    """A month at a unit's station: its length, degree-days and mean outdoor temperature."""

    days: int
    degree_days: Decimal
    mean_outdoor: Decimal


@dataclass(frozen=True)
class Forecast:
    expected: Decimal  # Гкал, to 0.001
    climate: PeriodClimate
    model: model.DegreeDayModel


def period_climate(unit: MeteringUnit, period: date) -> PeriodClimate | None:
    """Degree-days of the month for the unit's object (its design indoor temperature, its
    city's heating season, its station's daily means); None when a day lacks data."""
    heated_object = unit.heated_object
    station = station_for_object(heated_object)
    if station is None:
        return None
    end = month_end(period)
    temperatures = daily_temperatures(station, period, end)
    days = days_between(period, end)
    if len(temperatures) < len(days):
        return None
    season = set(heating_season_days(object_city(heated_object), period, end))
    dd = model.degree_days(
        (temperatures[day] for day in days if day in season), heated_object.design_indoor_temperature
    )
    mean = sum(temperatures.values(), Decimal("0")) / len(days)
    return PeriodClimate(days=len(days), degree_days=dd, mean_outdoor=mean.quantize(Decimal("0.1")))


def history_samples(unit: MeteringUnit, before: date) -> list[model.Sample]:
    """Accepted months of the unit before ``before`` (up to two years) with known climate."""
    readings = Reading.objects.filter(unit=unit, status=ReadingStatus.ACCEPTED, period__lt=before).order_by(
        "-period"
    )[:HISTORY_MONTHS]
    samples = []
    for reading in readings:
        climate = period_climate(unit, reading.period)
        if climate is not None:
            samples.append(model.Sample(climate.days, climate.degree_days, reading.q))
    return samples


def unit_forecast(unit: MeteringUnit, period: date, *, min_history: int) -> Forecast | None:
    """Expected Q of the unit for the month, or None with less than ``min_history`` usable
    months of history or without the month's temperatures."""
    climate = period_climate(unit, period)
    if climate is None:
        return None
    samples = history_samples(unit, period)
    if len(samples) < min_history:
        return None
    fitted = model.fit(samples)
    if fitted is None:
        return None
    expected = model.predict(fitted, days=climate.days, degree_days=climate.degree_days)
    return Forecast(expected=expected, climate=climate, model=fitted)
