"""The forecast of a contract's consumption and cost for a month (reads only).

Per object of the contract and per priced quantity (heating energy Гкал; hot water energy
Гкал and water м³):

1. **regression on its own history** — metering's degree-day model (``metering.degree_days``:
   ``Q = base × days + slope × DD``, least squares) fitted on the object's billed volumes of
   closed periods (charge lines by meter or by calculation, up to 24 months before the
   month, each with the degree-days of the days it covers), applied to the month's
   planning climate (``forecast.climate.planning``: the normal of earlier years). Needs at
   least ``MIN_HISTORY`` months;
2. **fallback: contractual loads** — the law's formulas (``regulations.volumes``, Методика
   99/пр) with the planning climate: heating and ventilation from the hourly load, the
   season's days and mean temperature; hot water from the average load over the month;
   water м³ from the hot-water energy by the tariff's heat per м³.

The capacity of a two-part tariff is the contractual load. Heat-carrier leaks are not
planned. Each line is priced at the contract's tariff of the month, VAT at the rate of the
month's last day (as the billing run does); amounts half-up to the kopeck per line.
A contract whose forecast lacks something (no tariff, no climate, no history and no load)
lists the problems; its cost is then unknown (None), never a silent zero.

Reading validation is metering's own (``metering.forecast.unit_forecast``, the same model
on a unit's accepted readings with the month's actual temperatures); nothing here
duplicates it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from billing.models import (
    BillingPeriod,
    ChargeLine,
    Component,
    Method,
    Resource,
    Tariff,
    month_end,
)
from core.errors import ApplicationError
from metering import degree_days as dd_model
from metering.selectors import design_outdoor_temperature, object_city
from reference.selectors import vat_rates
from regulations.errors import RuleError
from regulations.rounding import gcal, money
from regulations.vat import vat_on_top
from regulations.vat import vat_rate_on as vat_rate_in
from regulations.volumes import heating_period_volume, hot_water_volume
from subscribers.selectors import current_load, current_load_of

from .climate import ClimateCache, MonthClimate, measured, planning

MIN_HISTORY = 3
HISTORY_MONTHS = 24
ZERO = Decimal("0")
REGRESSION, CONTRACT_LOAD = "regression", "contract_load"
HEATING = (Resource.HEAT_ENERGY.value, Component.ENERGY.value)
HOT_WATER_ENERGY = (Resource.HOT_WATER.value, Component.ENERGY.value)
HOT_WATER_WATER = (Resource.HOT_WATER.value, Component.WATER.value)
CAPACITY = (Resource.HEAT_ENERGY.value, Component.CAPACITY.value)
PLANNED = (HEATING, HOT_WATER_ENERGY, HOT_WATER_WATER)
UNITS = {Component.ENERGY.value: "Гкал", Component.WATER.value: "м³", Component.CAPACITY.value: "Гкал/ч"}


@dataclass(frozen=True)
class ForecastLine:
    object_id: int
    object_code: str
    resource: str
    component: str
    method: str  # "regression" | "contract_load"
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    vat_rate: Decimal
    vat_amount: Decimal
    amount_with_vat: Decimal
    basis: dict

    @property
    def unit(self) -> str:
        return UNITS[self.component]


@dataclass
class ContractForecast:
    contract_id: int
    month: date
    lines: list[ForecastLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    frozen: bool = False

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def heat_gcal(self) -> Decimal:
        """Heat energy, Гкал: heating and the heat of hot water."""
        return sum((ln.quantity for ln in self.lines if ln.component == Component.ENERGY), ZERO)

    @property
    def amount(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), ZERO)

    @property
    def vat_amount(self) -> Decimal:
        return sum((ln.vat_amount for ln in self.lines), ZERO)

    @property
    def amount_with_vat(self) -> Decimal:
        return sum((ln.amount_with_vat for ln in self.lines), ZERO)

    @property
    def method(self) -> str:
        methods = {ln.method for ln in self.lines if ln.component != Component.CAPACITY}
        if methods == {REGRESSION}:
            return REGRESSION
        if methods <= {CONTRACT_LOAD}:
            return CONTRACT_LOAD
        return "mixed"


def _history_since(before: date) -> date:
    return (before - timedelta(days=31 * HISTORY_MONTHS)).replace(day=1)


def _history_rows(**lookup):
    return (
        ChargeLine.objects.filter(
            kind=ChargeLine.Kind.CHARGE, quantity__isnull=False, invoice__period__status=BillingPeriod.Status.CLOSED,
            **lookup,
        )
        .exclude(component=Component.CAPACITY)
        .values_list("invoice__period__month", "resource", "component", "quantity", "date_from", "date_to")
    )


def preload_history(object_ids, first: date, last: date, cache: ClimateCache) -> None:
    """Read, in one query, the history ``history`` needs for the objects over the months
    ``first``..``last`` into ``cache`` (the consumer card's forecast of twelve months)."""
    ids = [pk for pk in object_ids if pk not in cache.history_rows]
    for pk in ids:
        cache.history_rows[pk] = []
    rows = _history_rows(heated_object_id__in=ids, invoice__period__month__lt=last,
                         invoice__period__month__gte=_history_since(first))
    for pk, *row in rows.values_list("heated_object_id", *rows.query.values_select):
        cache.history_rows[pk].append(tuple(row))


def history(heated_object, before: date, cache: ClimateCache | None = None
            ) -> dict[tuple[str, str], dict[date, tuple[Decimal, set[date]]]]:
    """Billed volumes of the object in closed periods before ``before`` (up to
    ``HISTORY_MONTHS``): (resource, component) → month → (quantity, days covered)."""
    since = _history_since(before)
    if cache is not None and heated_object.pk in cache.history_rows:
        rows = [row for row in cache.history_rows[heated_object.pk] if since <= row[0] < before]
    else:
        rows = _history_rows(heated_object=heated_object, invoice__period__month__lt=before,
                             invoice__period__month__gte=since)
    result: dict = defaultdict(dict)
    for month, resource, component, quantity, first, last in rows:
        quantity_sum, days = result[(resource, component)].get(month, (ZERO, set()))
        days = days | {first + timedelta(days=n) for n in range((last - first).days + 1)}
        result[(resource, component)][month] = (quantity_sum + quantity, days)
    return result


def samples(heated_object, months: dict[date, tuple[Decimal, set[date]]], cache: ClimateCache) -> list[dd_model.Sample]:
    """The history as samples of metering's model: days covered, their degree-days, volume."""
    found = []
    for month, (quantity, days) in sorted(months.items()):
        climate = measured(heated_object, month, cache, days=sorted(days))
        if climate is not None:
            found.append(dd_model.Sample(days=len(days), degree_days=climate.degree_days, consumption=quantity))
    return found


def _regression(heated_object, months, climate: MonthClimate | None, cache) -> tuple[Decimal, dict] | None:
    if climate is None:
        return None
    history_samples = samples(heated_object, months, cache)
    if len(history_samples) < MIN_HISTORY:
        return None
    fitted = dd_model.fit(history_samples)
    if fitted is None:
        return None
    quantity = dd_model.predict(fitted, days=climate.days, degree_days=climate.degree_days)
    return quantity, {
        "model": "Q = base × дни + slope × ГСОП",
        "base_per_day": str(fitted.base_per_day.quantize(Decimal("0.000001"))),
        "per_degree_day": str(fitted.per_degree_day.quantize(Decimal("0.000001"))),
        "samples": fitted.samples,
        "days": climate.days,
        "degree_days": str(climate.degree_days),
        "climate": climate.describe(),
    }


def _memo(cache: ClimateCache | None, key: tuple, read):
    """``read()`` once per ``key`` for the computation ``cache`` belongs to."""
    if cache is None:
        return read()
    if key not in cache.memo:
        cache.memo[key] = read()
    return cache.memo[key]


def _prefetched(instance, name: str) -> bool:
    return name in getattr(instance, "_prefetched_objects_cache", {})


def _by_load(key, heated_object, load, climate: MonthClimate | None, month: date, tariff: Tariff | None,
             cache: ClimateCache | None = None) -> tuple[Decimal, dict]:
    """The contractual-load fallback (Методика 99/пр); raises ApplicationError naming what is missing."""
    code = heated_object.code
    if load is None:
        raise ApplicationError(
            f"Объект {code}: нет истории потребления и договорной нагрузки на {month:%m.%Y}", code="load_missing"
        )
    if key == HEATING:
        hourly = load.heating + load.ventilation
        if climate is None:
            raise ApplicationError(f"Объект {code}: нет температур наружного воздуха ни за {month:%m.%Y}, "
                                   "ни за этот месяц прошлых лет", code="temperature_missing")
        if climate.season_days == 0 or climate.season_mean is None or hourly == 0:
            return gcal(ZERO), {"load_gcal_h": str(hourly), "season_days": climate.season_days,
                                "climate": climate.describe()}
        design = _memo(cache, ("design", object_city(heated_object), month),
                       lambda: design_outdoor_temperature(object_city(heated_object), month))  # once per city-month
        t_in = heated_object.design_indoor_temperature
        quantity = heating_period_volume(load_gcal_h=hourly, t_inside=t_in, t_outside_design=design,
                                         days=climate.season_days, t_out=climate.season_mean)
        return quantity, {"load_gcal_h": str(hourly), "t_inside": str(t_in), "t_outside_design": str(design),
                          "t_out_mean": str(climate.season_mean), "days": climate.season_days,
                          "climate": climate.describe(), "norm": "Методика 99/пр"}
    days = month_end(month).day
    energy = hot_water_volume(load_avg_gcal_h=load.hot_water_avg, days=days).total_gcal
    basis = {"load_avg_gcal_h": str(load.hot_water_avg), "days": days, "norm": "Методика 99/пр"}
    if key == HOT_WATER_ENERGY:
        return energy, basis
    if tariff is None or not tariff.heat_per_m3:
        raise ApplicationError(f"Объект {code}: нет тарифа ГВС с расходом тепла на 1 м³ на {month:%m.%Y}", code="tariff_missing")
    return gcal(energy / tariff.heat_per_m3), {**basis, "heat_per_m3": str(tariff.heat_per_m3)}


def tariffs_of(group_id: int, month: date, cache: ClimateCache | None = None) -> dict[str, Tariff]:
    """The group's tariffs covering the month, by resource (with ``cache``: the group's tariffs read once)."""
    last = month_end(month)
    found = {}
    group = _memo(cache, ("group tariffs", group_id),
                  lambda: list(Tariff.objects.filter(tariff_group_id=group_id).order_by("valid_from")))
    for tariff in group:
        if tariff.valid_from <= month and tariff.covers(month, last):
            found[tariff.resource] = tariff
    return found


RATE_FIELD = {Component.ENERGY.value: "energy_rate", Component.WATER.value: "water_rate",
              Component.CAPACITY.value: "capacity_rate"}


def contract_forecast(contract, month: date, *, cache: ClimateCache | None = None) -> ContractForecast:
    """The forecast of ``contract`` for the month starting on ``month`` (computed now)."""
    cache = cache or ClimateCache()
    result = ContractForecast(contract_id=contract.pk, month=month)
    tariffs = _memo(cache, ("tariffs", contract.tariff_group_id, month),
                    lambda: tariffs_of(contract.tariff_group_id, month, cache))
    try:
        rates = _memo(cache, ("vat rates",), vat_rates)  # the table once: months do not add queries
        vat_rate = vat_rate_in(month_end(month), rates).rate_percent
    except RuleError:
        result.problems.append(f"Нет ставки НДС на {month_end(month):%d.%m.%Y}")
        return result
    if _prefetched(contract, "objects_covered"):  # with their sections and loads (consumer_heat_forecast)
        objects = list(contract.objects_covered.all())
    else:
        objects = list(contract.objects_covered.select_related("network_section").order_by("code"))
    for heated_object in objects:
        in_force = current_load_of if _prefetched(heated_object, "loads") else current_load
        load = in_force(heated_object, on=month_end(month)) or in_force(heated_object, on=month)
        months = history(heated_object, month, cache)
        keys = {k for k in PLANNED if months.get(k)}
        if load is not None:
            if load.heating + load.ventilation > 0:
                keys.add(HEATING)
            if load.hot_water_avg > 0:
                keys |= {HOT_WATER_ENERGY, HOT_WATER_WATER}
        climate = planning(heated_object, month, cache)
        planned: list[tuple[tuple, str, Decimal, dict]] = []
        for key in sorted(keys):
            fitted = _regression(heated_object, months.get(key, {}), climate, cache)
            if fitted is not None:
                planned.append((key, REGRESSION, *fitted))
                continue
            try:
                planned.append((key, CONTRACT_LOAD, *_by_load(key, heated_object, load, climate, month,
                                                             tariffs.get(key[0]), cache)))
            except ApplicationError as exc:
                result.problems.append(exc.message)
        energy_tariff = tariffs.get(Resource.HEAT_ENERGY)
        if (load is not None and energy_tariff is not None and energy_tariff.structure == Tariff.Structure.TWO_PART
                and load.heating + load.ventilation > 0):
            planned.append((CAPACITY, CONTRACT_LOAD, load.heating + load.ventilation,
                            {"load_gcal_h": str(load.heating + load.ventilation)}))
        for (resource, component), method, quantity, basis in planned:
            tariff = tariffs.get(resource)
            rate = getattr(tariff, RATE_FIELD[component]) if tariff is not None else None
            if rate is None:
                result.problems.append(
                    f"Объект {heated_object.code}: нет тарифа «{Resource(resource).label}» на {month:%m.%Y}"
                )
                continue
            amount = money(quantity * rate)
            vat = vat_on_top(amount, vat_rate)
            result.lines.append(ForecastLine(
                object_id=heated_object.pk, object_code=heated_object.code, resource=resource, component=component,
                method=method, quantity=quantity, rate=rate, amount=amount, vat_rate=vat_rate, vat_amount=vat.vat,
                amount_with_vat=vat.gross, basis=basis,
            ))
    return result


METHOD_LABELS = {REGRESSION: "Регрессия по градусо-суткам", CONTRACT_LOAD: Method.CONTRACT_LOAD.label}


def load_month_volumes(heated_object, load, month: date, *, cache: ClimateCache | None = None) -> dict[str, Decimal]:
    """A month's contract volume of an object from its contractual ``load`` (anything with
    ``heating``, ``ventilation``, ``hot_water_avg``, Гкал/ч) by the fallback of this model
    (Методика 99/пр with the planning climate): Гкал of heating with ventilation and of hot
    water. Raises ApplicationError naming what is missing (the climate of the month)."""
    cache = cache or ClimateCache()
    climate = planning(heated_object, month, cache)
    heating, _ = _by_load(HEATING, heated_object, load, climate, month, None)
    hot_water, _ = _by_load(HOT_WATER_ENERGY, heated_object, load, climate, month, None)
    return {"heating": heating, "hot_water": hot_water}
