"""Reads of metering data shared by metering, billing and the flows.

Billing uses: ``accepted_readings``, ``accepted_reading``, ``unit_status_on``,
``unit_status_intervals`` (its run: ``status_runs`` over preloaded rows), ``units_of_object``, ``station_for_object``,
``daily_temperatures``, ``missing_temperature_days``, ``mean_outdoor_temperature``,
``design_outdoor_temperature``, ``heating_season_days``. Periods are months given by their
first day; intervals are inclusive of both ends.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from core.errors import ApplicationError

from .models import (
    DesignOutdoorTemperature,
    Device,
    HeatingSeason,
    Inspection,
    InspectionReturn,
    MeteringUnit,
    OutdoorTemperature,
    Reading,
    ReadingStatus,
    UnitStatus,
    ValidationSettings,
    WeatherStation,
)
from .models.weather import normalize_city

if TYPE_CHECKING:
    from subscribers.models import HeatedObject, NetworkSection

# ---------------------------------------------------------------- periods


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(period: date) -> date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def days_between(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end`` inclusive."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


# ---------------------------------------------------------------- readings


def accepted_readings(period: date) -> QuerySet[Reading]:
    """Accepted (billable) readings of every unit for the month starting on ``period``."""
    return (
        Reading.objects.filter(period=month_start(period), status=ReadingStatus.ACCEPTED)
        .select_related("unit", "unit__heated_object")
        .order_by("unit__number")
    )


def accepted_reading(unit: MeteringUnit, period: date) -> Reading | None:
    """The accepted reading of ``unit`` for the month starting on ``period``, if any."""
    return Reading.objects.filter(unit=unit, period=month_start(period), status=ReadingStatus.ACCEPTED).first()


def unit_readings(unit: MeteringUnit) -> QuerySet[Reading]:
    """Every reading of the unit that is not rejected, by period."""
    return Reading.objects.filter(unit=unit).exclude(status=ReadingStatus.REJECTED).order_by("period")


def previous_reading(unit: MeteringUnit, period: date) -> Reading | None:
    """The latest reading of the unit before ``period`` that is not rejected."""
    return unit_readings(unit).filter(period__lt=month_start(period)).order_by("-period").first()


# ---------------------------------------------------------------- commercial status


@dataclass(frozen=True)
class StatusInterval:
    """``status`` held from ``start`` to ``end`` (both inclusive)."""

    status: str
    start: date
    end: date
    reason: str = ""
    basis: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_commercial(self) -> bool:
        return self.status == UnitStatus.COMMERCIAL


StatusStep = tuple  # (effective_from, status, reason, …): one recorded change of status
BEFORE_FIRST_STEP: StatusStep = (None, UnitStatus.NOT_COMMISSIONED.value, "", "")
ONE_DAY = timedelta(days=1)


def status_runs(steps: Sequence[StatusStep], start: date, end: date) -> list[tuple[date, date, StatusStep]]:
    """The one rule of a unit's commercial status history, over ``start``..``end``.

    ``steps`` are the unit's changes ``(effective_from, status, reason, …)`` ordered by date,
    then by when they were recorded: a step holds from its date until the next step's date;
    of two steps on one day the later holds; before its first step a unit is not
    commissioned (``BEFORE_FIRST_STEP``). Returns consecutive ``(lo, hi, step)`` covering the
    range, where ``step`` is the change that began the run — steps that repeat the status
    and reason in force continue its run. Pure: ``unit_status_intervals`` feeds it a
    unit's changes, the billing run its preloaded rows.
    """
    if end < start:
        raise ValueError("end before start")
    runs: list[tuple[date, date, StatusStep]] = []
    current = BEFORE_FIRST_STEP
    lo = start
    i, n = 0, len(steps)
    while i < n:
        day = steps[i][0]
        if day > end:
            break
        while i + 1 < n and steps[i + 1][0] == day:
            i += 1
        step = steps[i]
        i += 1
        if step[1] == current[1] and step[2] == current[2]:
            continue
        if day > lo:
            runs.append((lo, day - ONE_DAY, current))
            lo = day
        current = step
    runs.append((lo, end, current))
    return runs


def unit_status_intervals(unit: MeteringUnit, start: date, end: date) -> list[StatusInterval]:
    """The unit's commercial status over ``start``..``end``, as consecutive intervals that
    cover the whole range (``status_runs``). Before its first recorded change a unit is not
    commissioned.

    Billing meters the ``commercial`` intervals and calculates the rest (ПП № 1034, Методика 99/пр).
    """
    # .all() uses a prefetch_related("status_changes") cache when the caller made one
    changes = sorted(unit.status_changes.all(), key=lambda c: (c.effective_from, c.id))
    steps = [(c.effective_from, c.status, c.reason, c.basis) for c in changes]
    return [StatusInterval(step[1], lo, hi, step[2], step[3]) for lo, hi, step in status_runs(steps, start, end)]


def unit_status_on(unit: MeteringUnit, day: date) -> str:
    """The unit's commercial status on ``day``."""
    return unit_status_intervals(unit, day, day)[0].status


def units_of_object(heated_object: HeatedObject) -> QuerySet[MeteringUnit]:
    return MeteringUnit.objects.filter(heated_object=heated_object).order_by("number")


def units_by_number(numbers: Iterable[str]) -> dict[str, MeteringUnit]:
    """The units with these numbers whatever their letter case, keyed by the folded number
    (``number.strip().casefold()``). Folded here, not by the database: SQLite's ``iexact``
    (LIKE/UPPER) ignores the case of Latin letters only, PostgreSQL's ``UPPER`` depends on
    the database's locale — and unit numbers are «УУ-…»."""
    wanted = {number.strip().casefold() for number in numbers}
    pks = [pk for pk, number in MeteringUnit.objects.values_list("pk", "number") if number.casefold() in wanted]
    return {unit.number.casefold(): unit for unit in MeteringUnit.objects.filter(pk__in=pks).order_by("pk")}


def installed_devices(unit: MeteringUnit, start: date, end: date) -> list[Device]:
    """Devices installed on the unit on any day of ``start``..``end``."""
    return list(
        Device.objects.filter(unit=unit, installed_on__lte=end)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=start))
        .select_related("device_model")
        .order_by("device_model__kind", "serial_number")
    )


# ---------------------------------------------------------------- outdoor temperatures


def station_for_city(city: str) -> WeatherStation | None:
    """The station of ``city`` (case and spacing ignored), else the default station."""
    wanted = normalize_city(city)
    if wanted:
        for station in WeatherStation.objects.order_by("code"):
            if normalize_city(station.city) == wanted:
                return station
    return WeatherStation.objects.filter(is_default=True).first()


def object_city(heated_object: HeatedObject) -> str:
    section = heated_object.network_section
    return section.city if section else ""


def station_for_object(heated_object: HeatedObject) -> WeatherStation | None:
    """The station whose temperatures apply to a heated object: by its network section's city."""
    return station_for_city(object_city(heated_object))


def daily_temperatures(station: WeatherStation, start: date, end: date) -> dict[date, Decimal]:
    """Daily mean outdoor temperatures at ``station`` over ``start``..``end`` (days with data)."""
    rows = OutdoorTemperature.objects.filter(station=station, date__range=(start, end))
    return {row.date: row.mean_temperature for row in rows}


def missing_temperature_days(station: WeatherStation, start: date, end: date) -> list[date]:
    known = daily_temperatures(station, start, end)
    return [day for day in days_between(start, end) if day not in known]


def mean_outdoor_temperature(station: WeatherStation, start: date, end: date) -> Decimal:
    """Mean of the daily means over ``start``..``end``, rounded half-up to 0.1 °C (the
    precision of meteorological data). Refuses when any day has no data, naming the days.
    """
    temperatures = daily_temperatures(station, start, end)
    missing = [day for day in days_between(start, end) if day not in temperatures]
    if missing:
        shown = ", ".join(f"{day:%d.%m.%Y}" for day in missing[:10])
        more = f" и еще {len(missing) - 10}" if len(missing) > 10 else ""
        raise ApplicationError(
            f"Нет среднесуточной температуры станции {station} за {shown}{more}",
            code="temperature_missing", field="outdoor_temperature"
        )
    total = sum(temperatures.values(), Decimal("0"))
    return (total / len(temperatures)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def design_outdoor_temperature(city: str, on: date) -> Decimal:
    """Design outdoor temperature for heating of ``city`` in force on ``on`` (СП 131.13330)."""
    wanted = normalize_city(city)
    rows = [row for row in DesignOutdoorTemperature.objects.filter(valid_from__lte=on).order_by("-valid_from")
            if normalize_city(row.city) == wanted]
    if not rows:
        raise ApplicationError(
            f"Нет расчетной температуры наружного воздуха для населенного пункта «{city}» на {on:%d.%m.%Y}",
            code="design_temperature_missing", field="design_outdoor_temperature",
        )
    return rows[0].temperature


def heating_seasons(city: str) -> list[HeatingSeason]:
    wanted = normalize_city(city)
    return [s for s in HeatingSeason.objects.order_by("starts_on") if normalize_city(s.city) == wanted]


def heating_season_days(city: str, start: date, end: date) -> list[date]:
    """Days of ``start``..``end`` that fall in a heating season of ``city``."""
    days: list[date] = []
    for season in heating_seasons(city):
        lo = max(season.starts_on, start)
        hi = min(season.ends_on or date.max, end)
        if lo <= hi:
            days.extend(days_between(lo, hi))
    return sorted(set(days))


# ---------------------------------------------------------------- settings


def validation_settings_on(day: date) -> ValidationSettings:
    settings = ValidationSettings.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if settings is None:
        raise ApplicationError(
            f"Нет настроек проверки показаний на {day:%d.%m.%Y}", code="settings_missing", field="validation_settings"
        )
    return settings


# ---------------------------------------------------------------- verification


def devices_in_service() -> QuerySet[Device]:
    """Devices installed in a unit now (not removed), with their unit, object and consumer."""
    return (
        Device.objects.filter(unit__isnull=False, removed_on__isnull=True)
        .exclude(unit__status=UnitStatus.DECOMMISSIONED)
        .select_related(
            "device_model", "unit", "unit__heated_object", "unit__heated_object__consumer",
            "unit__heated_object__network_section",
        )
    )


def devices_due(
    *, on: date, within_days: int | None = None, expired_only: bool = False, network_section: NetworkSection | None = None,
    kind: str = ""
) -> QuerySet[Device]:
    """Devices in service whose verification has expired by ``on`` or falls due within
    ``within_days`` after it (None: every due or expired one… and every other), soonest first."""
    devices = devices_in_service()
    if expired_only:
        devices = devices.filter(next_verification_on__lte=on)
    elif within_days is not None:
        devices = devices.filter(next_verification_on__lte=on + timedelta(days=within_days))
    if network_section is not None:
        devices = devices.filter(unit__heated_object__network_section=network_section)
    if kind:
        devices = devices.filter(device_model__kind=kind)
    return devices.order_by("next_verification_on", "unit__number", "serial_number")


VERIFICATION_WINDOWS = (30, 60, 90)  # the verification list's «истекла или истекает в N дней»


def verification_counts(*, on: date) -> dict[str, int]:
    """How many devices the verification list shows under each of its filters on ``on``:
    ``expired`` and ``within_30``/``within_60``/``within_90`` (each with the expired ones, as
    the list counts them) — one aggregate query."""
    counts = {"expired": Count("pk", filter=Q(next_verification_on__lte=on))}
    for days in VERIFICATION_WINDOWS:
        counts[f"within_{days}"] = Count("pk", filter=Q(next_verification_on__lte=on + timedelta(days=days)))
    return devices_in_service().order_by().aggregate(**counts)


def returns_of(inspection: Inspection | None) -> list[InspectionReturn]:
    """The returns of an inspection's act for correction, newest first (who, when, what)."""
    if inspection is None:
        return []
    return list(inspection.returns.select_related("returned_by", "act"))
