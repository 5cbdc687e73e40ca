"""Outdoor temperature reference data: stations, daily means, design temperatures, heating
seasons (Методика 99/пр). Billing's calculated volumes and reading validation read them
through ``metering.selectors``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from metering.models import (
    DesignOutdoorTemperature,
    HeatingSeason,
    OutdoorTemperature,
    WeatherStation,
)


def weather_station_create(*, code: str, name: str, city: str, actor: Actor, is_default: bool = False) -> WeatherStation:
    """A weather station (the system may add one: the demo seed). The default station serves
    the cities that have none of their own; there is one default at most."""
    require(actor, "metering.add_weatherstation", system=True)
    with transaction.atomic(), history_actor(actor):
        if WeatherStation.objects.filter(code=code).exists():
            raise ApplicationError(f"Индекс станции {code}: уже есть", code="duplicate", field="code")
        if is_default:
            WeatherStation.objects.filter(is_default=True).update(is_default=False)
        station = validated(WeatherStation(code=code, name=name, city=city, is_default=is_default))
        station.save()
        record_event(action="weather_station.created", actor=actor, target=station, data={"code": code, "city": city})
    return station


def weather_station_update(
    *, station: WeatherStation, actor: Actor, code: str, name: str, city: str, is_default: bool = False
) -> WeatherStation:
    """Correct a station through ``core.updates.model_update``; made the default, it takes
    the mark from the station that had it."""
    require(actor, "metering.change_weatherstation")
    with transaction.atomic():
        station = WeatherStation.objects.select_for_update().get(pk=station.pk)
        if WeatherStation.objects.filter(code=code).exclude(pk=station.pk).exists():
            raise ApplicationError(f"Индекс станции {code}: уже есть", code="duplicate", field="code")
        if is_default and not station.is_default:
            with history_actor(actor):
                for other in WeatherStation.objects.filter(is_default=True).exclude(pk=station.pk):
                    model_update(other, {"is_default": False}, actor=actor)
        data = {"code": code, "name": name, "city": city, "is_default": is_default}
        changes = model_update(station, data, actor=actor)
        if changes:
            record_event(action="weather_station.changed", actor=actor, target=station, data=changes)
    return station


def outdoor_temperatures_save(*, station: WeatherStation, temperatures: dict[date, Decimal], actor: Actor) -> dict[str, int]:
    """Save daily means of a station, all or nothing: new days are added, known days
    corrected (their history keeps the old value). Returns counts: added, changed, same."""
    counts = {"added": 0, "changed": 0, "same": 0}
    with transaction.atomic(), history_actor(actor):
        known = {row.date: row for row in OutdoorTemperature.objects.filter(station=station, date__in=list(temperatures))}
        for day, value in sorted(temperatures.items()):
            row = known.get(day)
            if row is None:
                row, key = OutdoorTemperature(station=station, date=day, mean_temperature=value), "added"
            elif row.mean_temperature != value:
                row.mean_temperature, key = value, "changed"
            else:
                counts["same"] += 1
                continue
            validated(row, exclude=["station"])
            row.save()
            counts[key] += 1
        if temperatures:
            record_event(
                action="outdoor_temperature.saved", actor=actor, target=station,
                data={"from": min(temperatures), "to": max(temperatures), **counts},
            )
    return counts


def design_temperature_set(
    *, city: str, valid_from: date, temperature: Decimal, basis: str, actor: Actor
) -> DesignOutdoorTemperature:
    """A city's design outdoor temperature from ``valid_from`` on (a new dated row)."""
    with transaction.atomic(), history_actor(actor):
        row = validated(DesignOutdoorTemperature(city=city, valid_from=valid_from, temperature=temperature, basis=basis))
        row.save()
        record_event(
            action="design_temperature.set", actor=actor, target=row,
            data={"city": city, "valid_from": valid_from, "temperature": temperature},
        )
    return row


def heating_season_set(
    *, city: str, starts_on: date, actor: Actor, ends_on: date | None = None, basis: str = ""
) -> HeatingSeason:
    """Record a heating season of a city (start and, when ordered, its end)."""
    with transaction.atomic(), history_actor(actor):
        season = HeatingSeason.objects.filter(city=city, starts_on=starts_on).first() or HeatingSeason(
            city=city, starts_on=starts_on
        )
        season.ends_on, season.basis = ends_on, basis or season.basis
        validated(season)
        season.save()
        record_event(
            action="heating_season.set", actor=actor, target=season,
            data={"city": city, "starts_on": starts_on, "ends_on": ends_on},
        )
    return season


DAY_RECORDED = "За {day:%d.%m.%Y} по этой станции температура уже есть ({value} °C): исправьте ее"


def outdoor_temperature_add(
    *, station: WeatherStation, date: date, mean_temperature: Decimal, actor: Actor
) -> OutdoorTemperature:
    """One day's mean entered by hand; a day already recorded is corrected, not added twice."""
    with transaction.atomic():
        known = OutdoorTemperature.objects.filter(station=station, date=date).first()
        if known is not None:
            raise ApplicationError(DAY_RECORDED.format(day=date, value=known.mean_temperature), code="duplicate", field="date")
        outdoor_temperatures_save(station=station, temperatures={date: mean_temperature}, actor=actor)
    return OutdoorTemperature.objects.get(station=station, date=date)


def outdoor_temperature_correct(*, row: OutdoorTemperature, mean_temperature: Decimal, actor: Actor) -> OutdoorTemperature:
    """Correct one day's mean (the station and the day stay; the history keeps the old value)."""
    outdoor_temperatures_save(station=row.station, temperatures={row.date: mean_temperature}, actor=actor)
    row.refresh_from_db()
    return row


def design_temperature_update(
    *, row: DesignOutdoorTemperature, actor: Actor, city: str, valid_from: date, temperature: Decimal, basis: str
) -> DesignOutdoorTemperature:
    """Correct a dated design temperature (a new value from a new date is a new row:
    ``design_temperature_set``) through ``core.updates.model_update``."""
    with transaction.atomic():
        row = DesignOutdoorTemperature.objects.select_for_update().get(pk=row.pk)
        data = {"city": city, "valid_from": valid_from, "temperature": temperature, "basis": basis}
        changes = model_update(row, data, actor=actor)
        if changes:
            record_event(action="design_temperature.changed", actor=actor, target=row, data=changes)
    return row


def heating_season_update(
    *, season: HeatingSeason, actor: Actor, city: str, starts_on: date, ends_on: date | None = None, basis: str = ""
) -> HeatingSeason:
    """Correct a heating season: its dates must stay in order and not meet another season
    of the city (``HeatingSeason.clean``)."""
    with transaction.atomic():
        season = HeatingSeason.objects.select_for_update().get(pk=season.pk)
        data = {"city": city, "starts_on": starts_on, "ends_on": ends_on, "basis": basis}
        changes = model_update(season, data, actor=actor)
        if changes:
            record_event(action="heating_season.changed", actor=actor, target=season, data=changes)
    return season
