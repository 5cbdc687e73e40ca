"""The climate of a month at a heated object: degree-days and heating-season days.

- ``actual``: the month's own daily means (every day known) — for past months;
- ``normal``: the mean of the same calendar month of earlier years with every day known —
  what a plan made before the month can expect.

Degree-days are metering's (``metering.degree_days.degree_days``: Σ max(0, t_in − t_out)
over heating-season days); stations, temperatures and seasons are read through
``metering.selectors``. A ``ClimateCache`` reads each station-month once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from metering import degree_days as dd_model
from metering.selectors import (
    daily_temperatures,
    days_between,
    heating_season_days,
    month_end,
    object_city,
    station_for_object,
)

TENTH = Decimal("0.1")
ZERO = Decimal("0")
NORMAL_YEARS = 10  # how many earlier years a normal averages at most


@dataclass(frozen=True)
class MonthClimate:
    days: int  # days of the month
    season_days: int  # heating-season days (a normal: the mean, rounded)
    degree_days: Decimal  # over the season days
    season_mean: Decimal | None  # mean outdoor temperature of the season days, °C to 0.1
    source: str  # "actual" | "normal"
    years: tuple[int, ...]  # the years a normal averages (the month's own year when actual)

    def describe(self) -> str:
        if self.source == "actual":
            return f"фактические температуры {self.years[0]} г."
        return "климатическая норма месяца по годам " + ", ".join(str(y) for y in self.years)


class ClimateCache:
    """Daily temperatures per station-month and season days per city-month, read once."""

    def __init__(self):
        self._temperatures: dict[tuple[int, date], dict[date, Decimal]] = {}
        self._seasons: dict[tuple[str, date], set[date]] = {}

    def temperatures(self, station, month: date) -> dict[date, Decimal]:
        key = (station.pk, month)
        if key not in self._temperatures:
            self._temperatures[key] = daily_temperatures(station, month, month_end(month))
        return self._temperatures[key]

    def season(self, city: str, month: date) -> set[date]:
        key = (city, month)
        if key not in self._seasons:
            self._seasons[key] = set(heating_season_days(city, month, month_end(month)))
        return self._seasons[key]


def _month_of(month: date, year: int) -> date:
    return month.replace(year=year)


def measured(heated_object, month: date, cache: ClimateCache, days: list[date] | None = None) -> MonthClimate | None:
    """Degree-days of ``days`` (default: the whole month) from the station's daily means;
    None when a day lacks its temperature or the object has no station."""
    station = station_for_object(heated_object)
    if station is None:
        return None
    temperatures = cache.temperatures(station, month)
    days = days if days is not None else days_between(month, month_end(month))
    if any(day not in temperatures for day in days):
        return None
    season = cache.season(object_city(heated_object), month)
    in_season = [temperatures[day] for day in days if day in season]
    t_in = heated_object.design_indoor_temperature
    mean = (sum(in_season, ZERO) / len(in_season)).quantize(TENTH, ROUND_HALF_UP) if in_season else None
    return MonthClimate(
        days=len(days), season_days=len(in_season), degree_days=dd_model.degree_days(in_season, t_in),
        season_mean=mean, source="actual", years=(month.year,),
    )


def normal(heated_object, month: date, cache: ClimateCache) -> MonthClimate | None:
    """The mean climate of the same calendar month in earlier years (every day known)."""
    found = []
    for year in range(month.year - 1, month.year - 1 - NORMAL_YEARS, -1):
        climate = measured(heated_object, _month_of(month, year), cache)
        if climate is not None:
            found.append(climate)
    if not found:
        return None
    n = Decimal(len(found))
    with_season = [c for c in found if c.season_mean is not None]
    season_mean = (
        (sum((c.season_mean * c.season_days for c in with_season), ZERO)
         / sum(c.season_days for c in with_season)).quantize(TENTH, ROUND_HALF_UP)
        if with_season else None
    )
    days = days_between(month, month_end(month))
    return MonthClimate(
        days=len(days),
        season_days=int((Decimal(sum(c.season_days for c in found)) / n).quantize(Decimal("1"), ROUND_HALF_UP)),
        degree_days=(sum((c.degree_days for c in found), ZERO) / n).quantize(TENTH, ROUND_HALF_UP),
        season_mean=season_mean,
        source="normal",
        years=tuple(sorted(c.years[0] for c in found)),
    )


def planning(heated_object, month: date, cache: ClimateCache) -> MonthClimate | None:
    """What a plan of the month assumes: the normal; for a month with no earlier year on
    record, its own temperatures once they are all known."""
    return normal(heated_object, month, cache) or measured(heated_object, month, cache)
