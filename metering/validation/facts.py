"""Gathering the facts the rules need about a reading, from the database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import Q

from metering import forecast, selectors
from metering.models import MeteringUnit, Reading, UnitPurpose, UnitStatus, ValidationSettings

from .rules import ExpiredDevice, Limits, ReadingFacts

HOURS_PER_DAY = Decimal("24")


def limits_from(settings: ValidationSettings) -> Limits:
    return Limits(
        load_margin=settings.load_margin,
        imbalance_tolerance_percent=settings.imbalance_tolerance_percent,
        operating_time_tolerance_hours=settings.operating_time_tolerance_hours,
        forecast_tolerance_percent=settings.forecast_tolerance_percent,
        forecast_min_deviation_gcal=settings.forecast_min_deviation_gcal,
    )


def contractual_load(unit: MeteringUnit, period) -> Decimal | None:
    """Гкал/ч the unit meters under the contract: heating + ventilation and/or hot water
    (maximum), from the object's load in force during the month (the latest one)."""
    end = selectors.month_end(period)
    load = (
        unit.heated_object.loads.filter(valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period))
        .order_by("-valid_from")
        .first()
    )
    if load is None:
        return None
    total = Decimal("0")
    if unit.purpose in (UnitPurpose.HEATING, UnitPurpose.BOTH):
        total += load.heating + load.ventilation
    if unit.purpose in (UnitPurpose.HOT_WATER, UnitPurpose.BOTH):
        total += load.hot_water_max
    return total


def service_days(unit: MeteringUnit, period) -> int:
    """Days of the month the unit was installed and in use (commercial or faulty); the whole
    month when it was in use on none of them (a reading for a unit not yet commissioned)."""
    intervals = selectors.unit_status_intervals(unit, period, selectors.month_end(period))
    in_use = sum(i.days for i in intervals if i.status in (UnitStatus.COMMERCIAL, UnitStatus.FAULTY))
    return in_use or sum(i.days for i in intervals)


def expired_devices(unit: MeteringUnit, period) -> tuple[ExpiredDevice, ...]:
    """Devices of the unit that were past their verification on a day of the month they
    were installed."""
    end = selectors.month_end(period)
    expired = []
    for device in selectors.installed_devices(unit, period, end):
        last_installed_day = end if device.removed_on is None else min(end, device.removed_on - timedelta(days=1))
        if device.is_expired_on(last_installed_day):
            expired.append(ExpiredDevice(label=str(device), valid_until=device.verification_valid_until))
    return tuple(expired)


def replaced_since(unit: MeteringUnit, previous: Reading, period) -> bool:
    """Whether a device of the unit was replaced after ``previous``'s month and by the end of
    ``period``: the new device's registers start afresh, so they are not compared."""
    return unit.replacements.filter(
        removed_on__gt=selectors.month_end(previous.period), removed_on__lte=selectors.month_end(period)
    ).exists()


def reading_facts(reading: Reading, settings: ValidationSettings) -> ReadingFacts:
    unit, period = reading.unit, reading.period
    previous = selectors.previous_reading(unit, period)
    compared = previous if previous and not replaced_since(unit, previous, period) else None
    predicted = forecast.unit_forecast(unit, period, min_history=settings.forecast_min_history)
    city = selectors.object_city(unit.heated_object)
    return ReadingFacts(
        q=reading.q,
        m1=reading.m1,
        m2=reading.m2,
        operating_hours=reading.operating_hours,
        error_hours=reading.error_hours,
        service_hours=service_days(unit, period) * HOURS_PER_DAY,
        totals={name: getattr(reading, name) for name in Reading.TOTAL_FIELDS},
        previous_totals={name: getattr(compared, name) for name in Reading.TOTAL_FIELDS} if compared else {},
        previous_period=previous.period if previous else None,
        contractual_load=contractual_load(unit, period),
        heating_season_days=len(selectors.heating_season_days(city, period, selectors.month_end(period))),
        is_open_system=unit.is_open_system,
        expired_devices=expired_devices(unit, period),
        forecast=predicted.expected if predicted else None,
        degree_days=predicted.climate.degree_days if predicted else None,
        mean_outdoor=predicted.climate.mean_outdoor if predicted else None,
    )
