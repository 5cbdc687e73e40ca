"""The climate of a month at a heated object: degree-days and heating-season days.

- ``actual``: the month's own daily means (every day known) — for past months;
- ``normal``: the mean of the same calendar month of earlier years with every day known —
  what a plan made before the month can expect.

Degree-days are metering's (``metering.degree_days.degree_days``: Σ max(0, t_in − t_out)
over heating-season days); stations, temperatures and seasons are read through
``metering.selectors``. A ``ClimateCache`` reads each station-year and city once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from metering import degree_days as dd_model
from metering.selectors import (
    daily_temperatures,
    days_between,
    heating_seasons,
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
    """Stations per city, daily temperatures per station-year and heating seasons per city,
    each read once: a forecast over many objects and months (the consumer card's twelve
    months, each with ten earlier years for its normal) makes a number of queries that does
    not grow with the objects or the months of a year."""

    def __init__(self):
        self._stations: dict[str, object] = {}
        self._years: dict[tuple[int, int], dict[date, Decimal]] = {}
        self._temperatures: dict[tuple[int, date], dict[date, Decimal]] = {}
        self._city_seasons: dict[str, list] = {}
        self._seasons: dict[tuple[str, date], set[date]] = {}
        # the forecast's own reads, kept here for the same computation (billing.forecast.compute):
        # values per key, and charge history rows per object read for many objects at once
        self.memo: dict[tuple, object] = {}
        self.history_rows: dict[int, list[tuple]] = {}

    def station(self, heated_object):
        """``metering.selectors.station_for_object``, once per city."""
        city = object_city(heated_object)
        if city not in self._stations:
            self._stations[city] = station_for_object(heated_object)
        return self._stations[city]

    def temperatures(self, station, month: date) -> dict[date, Decimal]:
        key = (station.pk, month)
        if key not in self._temperatures:
            year = self._years.get((station.pk, month.year))
            if year is None:  # the year and the earlier ones its normal averages, in one query
                first = month.year - NORMAL_YEARS
                while first < month.year and (station.pk, first) in self._years:
                    first += 1
                # and the next year: twelve months across a New Year take one query
                rows = daily_temperatures(station, date(first, 1, 1), date(month.year + 1, 12, 31))
                for y in range(first, month.year + 2):
                    self._years[(station.pk, y)] = {}
                for day, t in rows.items():
                    self._years[(station.pk, day.year)][day] = t
                year = self._years[(station.pk, month.year)]
            last = month_end(month)
            self._temperatures[key] = {day: t for day, t in year.items() if month <= day <= last}
        return self._temperatures[key]

    def season(self, city: str, month: date) -> set[date]:
        """``metering.selectors.heating_season_days`` of the month, the city's seasons read once."""
        key = (city, month)
        if key not in self._seasons:
            if city not in self._city_seasons:
                self._city_seasons[city] = heating_seasons(city)
            last, days = month_end(month), set()
            for season in self._city_seasons[city]:
                lo, hi = max(season.starts_on, month), min(season.ends_on or date.max, last)
                if lo <= hi:
                    days.update(days_between(lo, hi))
            self._seasons[key] = days
        return self._seasons[key]


def _month_of(month: date, year: int) -> date:
    return month.replace(year=year)


def measured(heated_object, month: date, cache: ClimateCache, days: list[date] | None = None) -> MonthClimate | None:
    """Degree-days of ``days`` (default: the whole month) from the station's daily means;
    None when a day lacks its temperature or the object has no station."""
    station = cache.station(heated_object)
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
    station = cache.station(heated_object)
    key = ("normal", station.pk if station else None, object_city(heated_object), month,
           heated_object.design_indoor_temperature)
    if key not in cache.memo:  # the same for every object of a city with the same indoor temperature
        cache.memo[key] = _normal(heated_object, month, cache)
    return cache.memo[key]  # type: ignore[return-value]


def _normal(heated_object, month: date, cache: ClimateCache) -> MonthClimate | None:
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
