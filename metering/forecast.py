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


def period_climates(unit: MeteringUnit, periods: list[date]) -> dict[date, PeriodClimate | None]:
    """Degree-days of each month for the unit's object (its design indoor temperature, its
    city's heating season, its station's daily means); None for a month lacking a day's data.
    Reads the temperatures and seasons of the whole span at once."""
    if not periods:
        return {}
    heated_object = unit.heated_object
    station = station_for_object(heated_object)
    if station is None:
        return dict.fromkeys(periods)
    first, last = min(periods), month_end(max(periods))
    temperatures = daily_temperatures(station, first, last)
    season = set(heating_season_days(object_city(heated_object), first, last))
    indoor = heated_object.design_indoor_temperature
    climates: dict[date, PeriodClimate | None] = {}
    for period in periods:
        days = days_between(period, month_end(period))
        if any(day not in temperatures for day in days):
            climates[period] = None
            continue
        dd = model.degree_days((temperatures[day] for day in days if day in season), indoor)
        mean = sum((temperatures[day] for day in days), Decimal("0")) / len(days)
        climates[period] = PeriodClimate(days=len(days), degree_days=dd, mean_outdoor=mean.quantize(Decimal("0.1")))
    return climates


def _history(unit: MeteringUnit, before: date) -> list[Reading]:
    return list(
        Reading.objects.filter(unit=unit, status=ReadingStatus.ACCEPTED, period__lt=before)
        .order_by("-period")[:HISTORY_MONTHS]
    )


def _samples(readings: list[Reading], climates: dict) -> list[model.Sample]:
    return [
        model.Sample(climates[r.period].days, climates[r.period].degree_days, r.q)
        for r in readings if climates.get(r.period) is not None
    ]


def history_samples(unit: MeteringUnit, before: date) -> list[model.Sample]:
    """Accepted months of the unit before ``before`` (up to two years) with known climate."""
    readings = _history(unit, before)
    return _samples(readings, period_climates(unit, [r.period for r in readings]))


def unit_forecast(unit: MeteringUnit, period: date, *, min_history: int) -> Forecast | None:
    """Expected Q of the unit for the month, or None with less than ``min_history`` usable
    months of history, without the month's temperatures, or when the month's degree-days lie
    outside those of the history (a model fitted on winters says little about a May)."""
    readings = _history(unit, period)
    climates = period_climates(unit, [period, *(r.period for r in readings)])
    climate = climates[period]
    if climate is None:
        return None
    samples = _samples(readings, climates)
    if len(samples) < min_history:
        return None
    known = [s.degree_days for s in samples]
    if not min(known) * Decimal("0.9") <= climate.degree_days <= max(known) * Decimal("1.1"):
        return None
    fitted = model.fit(samples)
    if fitted is None:
        return None
    expected = model.predict(fitted, days=climate.days, degree_days=climate.degree_days)
    return Forecast(expected=expected, climate=climate, model=fitted)
