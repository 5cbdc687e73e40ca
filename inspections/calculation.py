"""Volume and cost of contract-less (бездоговорное) and unmetered (безучетное) consumption,
month by month, from plain inputs (``CalculationInput``) and the reference data the system
keeps: the rule of contract-less consumption and VAT rates (``reference``), tariffs of the
tariff group (``billing.Tariff``), outdoor temperatures, design temperature and heating
seasons of the city (``metering``).

The rules are those of ``regulations`` — nothing is restated here:

- the period (from the previous inspection, the contract's end or the stated start, to the
  day found) is cut to the last ``max_years`` of the dated ``ContractlessRule`` by
  ``regulations.contractless.cut_to_last_years`` (190-ФЗ ст. 22 ч. 8–10);
- heating and ventilation: ``regulations.volumes.heating_period_volume`` over the days of the
  month inside a heating season of the city, at the mean outdoor temperature of those days
  (Методика 99/пр, as billing applies it: ``billing.volumes``); a day of them without a
  temperature refuses the calculation, naming the dates;
- hot water: ``regulations.volumes.hot_water_volume`` over every day of the month, and its
  heat carrier (the water drawn), м³: the heat divided by the heat needed for 1 м³ of the
  hot-water tariff (``Tariff.heat_per_m3``), as billing counts hot water by calculation
  (``billing.volumes.hot_water_by_calculation``);
- cost at the tariffs of the month, without VAT: heating and ventilation at the heat-energy
  tariff of the tariff group; hot water at the group's two-component hot-water tariff — its
  heat at the component on heat energy, its heat carrier at the component on the heat
  carrier (two lines of the month: ``HEAT``, ``CARRIER``); a hot-water load without that
  tariff is refused;
  contract-less consumption pays ``multiplier`` (1.5) times the cost, unmetered consumption
  the cost once (no raising coefficient in heat: the volume is calculated, ПП № 1034);
- VAT on top at the rate in force on the calculation date (НК РФ ст. 164 п. 3).

Rounding, as ``regulations.contractless``: each line's volume half-up to 0.001 Гкал (the
heat carrier to 0.001 м³); its cost, surcharge and VAT half-up to the kopeck; months and
totals are sums of the lines.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from billing.models import Resource, Tariff
from billing.volumes import mean_temperature
from core.errors import ApplicationError
from metering import selectors as metering
from reference import selectors as reference
from regulations.contractless import cut_to_last_years
from regulations.errors import RuleError
from regulations.rounding import HUNDRED, ZERO, gcal, money
from regulations.vat import VAT_NORM
from regulations.volumes import HEATING_NORM, HeatingPeriod, heating_period_volume, hot_water_volume

CONTRACTLESS, UNMETERED = "contractless", "unmetered"
KINDS = {CONTRACTLESS: "бездоговорное потребление", UNMETERED: "безучетное потребление"}
HEATING, VENTILATION, HOT_WATER = "heating", "ventilation", "hot_water"
USES = {HEATING: "отопление", VENTILATION: "вентиляция", HOT_WATER: "горячее водоснабжение"}
SEASONAL = (HEATING, VENTILATION)
# What a line charges: heat, Гкал, or heat carrier (the hot water drawn), м³.
HEAT, CARRIER = "heat", "carrier"
# Where a load comes from: a load "по аналогии" has no method behind it and is refused.
LOAD_BASES = {
    "contract": "договор теплоснабжения (прекращенный)",
    "technical_conditions": "технические условия на подключение",
    "building_volume": "по строительному объему здания (методика определения тепловых нагрузок)",
    "equipment": "по паспортным данным теплопотребляющих установок",
}
START_BASES = {
    "previous_inspection": "дата предыдущей проверки",
    "contract_end": "дата прекращения договора",
    "stated_start": "начало потребления, указанное в акте",
}
T_INSIDE = Decimal("20")
ONE = Decimal("1")
MAX_LOAD = Decimal("1000")  # Гкал/ч: beyond any single object
SHOWN_DAYS = 10


@dataclass(frozen=True, slots=True)
class Load:
    """A connected load of one type of use, Гкал/ч, with the method it was set by."""

    use: str  # USES
    load_gcal_h: Decimal
    basis_kind: str  # LOAD_BASES
    basis: str  # the document or the figures: «ТУ № 15 от 03.02.2021», «V = 2 400 м³, q = 0,42»


@dataclass(frozen=True, slots=True)
class CalculationInput:
    kind: str  # CONTRACTLESS | UNMETERED
    period_start: date  # first day of consumption counted
    period_end: date  # the day found (the act's date), inclusive
    start_basis: str  # START_BASES
    loads: tuple[Load, ...]
    tariff_group: str  # code of the tariff group whose heat-energy tariff applies
    city: str  # the object's city: weather station, design temperature, heating seasons
    t_inside: Decimal = T_INSIDE  # design indoor temperature, °C
    on: date | None = None  # the calculation date (rule, VAT rate); the period's end by default


@dataclass(frozen=True, slots=True)
class TariffUsed:
    rate: Decimal  # ₽/Гкал without VAT
    decision: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class HotWaterTariffUsed:
    """The two-component hot-water tariff of the month: ₽/Гкал and ₽/м³ without VAT, Гкал per м³."""

    energy_rate: Decimal
    carrier_rate: Decimal
    heat_per_m3: Decimal
    decision: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class Line:
    use: str
    component: str  # HEAT (volume_gcal at rate ₽/Гкал) | CARRIER (carrier_m3 at rate ₽/м³)
    days: int
    load_gcal_h: Decimal
    t_out: Decimal | None  # mean outdoor temperature of the line's days (heating, ventilation)
    volume_gcal: Decimal  # 0 on a CARRIER line
    carrier_m3: Decimal | None  # the hot water drawn, м³, on a CARRIER line
    rate: Decimal  # the tariff applied, without VAT
    cost: Decimal
    surcharge: Decimal
    amount: Decimal  # without VAT
    vat: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: date  # first day of the month
    first: date
    last: date
    days: int
    season_days: int
    t_out: Decimal | None
    tariff: TariffUsed
    hot_water_tariff: HotWaterTariffUsed | None  # None without a hot-water load
    lines: tuple[Line, ...]
    volume_gcal: Decimal
    carrier_m3: Decimal
    amount: Decimal
    vat: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class Calculation:
    input: CalculationInput
    on: date
    billed_start: date
    days_claimed: int
    days_billed: int
    days_cut: int
    max_years: int
    t_outside_design: Decimal | None  # None without heating or ventilation
    station: str
    multiplier: Decimal
    vat_percent: Decimal
    rows: tuple[MonthRow, ...]
    volume_gcal: Decimal
    carrier_m3: Decimal  # the hot water drawn, м³ (0 without hot water)
    cost: Decimal
    surcharge: Decimal
    amount_without_vat: Decimal
    vat: Decimal
    total: Decimal
    payment_days: int | None  # the statutory term of a contract-less demand; None for unmetered
    norms: tuple[str, ...]


def _refuse(message: str, field: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(message, code=code, field=field)


def check_input(data: CalculationInput) -> None:
    """Refuse a bad input naming its field: kind, period, loads and their basis, tariff group, city."""
    if data.kind not in KINDS:
        raise _refuse(f"Вид нарушения «{data.kind}» неизвестен; допустимо: {', '.join(KINDS.values())}", "kind")
    if data.start_basis not in START_BASES:
        raise _refuse("Укажите, от чего отсчитывается начало периода: "
                      + ", ".join(START_BASES.values()), "start_basis")
    if data.period_end < data.period_start:
        raise _refuse(f"Конец периода {data.period_end:%d.%m.%Y} раньше его начала {data.period_start:%d.%m.%Y}",
                      "period_end")
    if not data.loads:
        raise _refuse("Не указана ни одна подключенная нагрузка", "loads")
    for n, load in enumerate(data.loads):
        if load.use not in USES:
            raise _refuse(f"Нагрузка {n + 1}: вид использования «{load.use}» неизвестен", f"loads[{n}].use")
        if not load.load_gcal_h > 0:
            raise _refuse(f"Нагрузка {n + 1} ({USES[load.use]}): нагрузка должна быть больше нуля, Гкал/ч",
                          f"loads[{n}].load_gcal_h")
        if load.load_gcal_h > MAX_LOAD:
            raise _refuse(f"Нагрузка {n + 1} ({USES[load.use]}): не более {MAX_LOAD} Гкал/ч", f"loads[{n}].load_gcal_h")
        if load.basis_kind not in LOAD_BASES:
            raise _refuse(f"Нагрузка {n + 1} ({USES[load.use]}): укажите способ ее определения — "
                          + "; ".join(LOAD_BASES.values()), f"loads[{n}].basis_kind")
        if not load.basis.strip():
            raise _refuse(f"Нагрузка {n + 1} ({USES[load.use]}): укажите основание (документ или исходные данные "
                          "расчета нагрузки)", f"loads[{n}].basis")
    if not data.tariff_group.strip():
        raise _refuse("Не указана тарифная группа", "tariff_group")
    if not data.city.strip():
        raise _refuse("Не указан населенный пункт объекта (метеостанция, расчетная температура)", "city")
    if not Decimal("-100") < data.t_inside < Decimal("100"):
        raise _refuse("Температура внутреннего воздуха вне допустимых пределов", "t_inside")


def months(first: date, last: date) -> list[tuple[date, date]]:
    """The period cut into calendar months: ``(first day, last day)`` of each part."""
    parts = []
    lo = first
    while lo <= last:
        end = lo.replace(day=calendar.monthrange(lo.year, lo.month)[1])
        hi = min(end, last)
        parts.append((lo, hi))
        lo = hi + timedelta(days=1)
    return parts


def _cut(data: CalculationInput, max_years: int) -> tuple[date, int]:
    """The first day billed and the days cut, by the rule's limit in years."""
    periods = [HeatingPeriod(days=(hi - lo).days + 1, t_out=ZERO) for lo, hi in months(data.period_start, data.period_end)]
    _, days_cut = cut_to_last_years(periods, max_years=max_years, period_end=data.period_end)
    return data.period_start + timedelta(days=days_cut), days_cut


def _days_text(days: list[date]) -> str:
    shown = ", ".join(f"{day:%d.%m.%Y}" for day in days[:SHOWN_DAYS])
    return shown + (f" и еще {len(days) - SHOWN_DAYS}" if len(days) > SHOWN_DAYS else "")


def _weather(data: CalculationInput, first: date, last: date, seasonal: bool):
    """Station, design temperature, the season's days and their temperatures."""
    station = metering.station_for_city(data.city)
    if station is None:
        raise _refuse(f"Нет метеостанции для населенного пункта «{data.city}»", "city", "station_missing")
    if not seasonal:
        return station, None, set(), {}
    if not metering.heating_seasons(data.city):
        raise _refuse(f"Нет отопительных периодов населенного пункта «{data.city}»", "city", "season_missing")
    t_design = metering.design_outdoor_temperature(data.city, data.on or data.period_end)
    season = set(metering.heating_season_days(data.city, first, last))
    temperatures = metering.daily_temperatures(station, first, last)
    missing = sorted(day for day in season if day not in temperatures)
    if missing:
        raise ApplicationError(
            f"Нет среднесуточной температуры наружного воздуха (станция {station}) за {_days_text(missing)}",
            code="temperature_missing", field="outdoor_temperature", extra={"dates": [d.isoformat() for d in missing]},
        )
    return station, t_design, season, temperatures


def _tariffs(data: CalculationInput, parts: list[tuple[date, date]]) -> list[TariffUsed]:
    rows = list(Tariff.objects.filter(tariff_group__code=data.tariff_group, resource=Resource.HEAT_ENERGY))
    if not rows:
        raise _refuse(f"Нет тарифов на тепловую энергию тарифной группы «{data.tariff_group}»", "tariff_group",
                      "tariff_missing")
    found = []
    for lo, hi in parts:
        row = next((t for t in rows if t.covers(lo, hi) and t.energy_rate is not None), None)
        if row is None:
            raise _refuse(f"Нет тарифа на тепловую энергию тарифной группы «{data.tariff_group}» "
                          f"на {lo:%m.%Y}", "tariff_group", "tariff_missing")
        found.append(TariffUsed(rate=row.energy_rate, decision=row.decision,  # type: ignore[arg-type]
                                valid_from=row.valid_from, valid_to=row.valid_to))
    return found


def _hot_water_tariffs(data: CalculationInput, parts: list[tuple[date, date]]) -> list[HotWaterTariffUsed | None]:
    """The group's two-component hot-water tariff of each month; ``None`` each without a hot-water load."""
    if not any(load.use == HOT_WATER for load in data.loads):
        return [None] * len(parts)
    rows = list(Tariff.objects.filter(tariff_group__code=data.tariff_group, resource=Resource.HOT_WATER))
    found: list[HotWaterTariffUsed | None] = []
    for lo, hi in parts:
        row = next((t for t in rows if t.covers(lo, hi) and None not in (t.energy_rate, t.water_rate, t.heat_per_m3)),
                   None)
        if row is None:
            raise _refuse(f"Нет тарифа на горячую воду (компоненты на теплоноситель и на тепловую энергию) тарифной "
                          f"группы «{data.tariff_group}» на {lo:%m.%Y}", "tariff_group", "tariff_missing")
        found.append(HotWaterTariffUsed(
            energy_rate=row.energy_rate, carrier_rate=row.water_rate, heat_per_m3=row.heat_per_m3,  # type: ignore[arg-type]
            decision=row.decision, valid_from=row.valid_from, valid_to=row.valid_to,
        ))
    return found


def _line(load: Load, days: int, t_out: Decimal | None, volume: Decimal, rate: Decimal,
          multiplier: Decimal, vat_percent: Decimal, carrier_m3: Decimal | None = None) -> Line:
    """A line of heat (``volume`` Гкал) or, given ``carrier_m3``, of the heat carrier, at ``rate``."""
    cost = money((volume if carrier_m3 is None else carrier_m3) * rate)
    surcharge = money(cost * (multiplier - ONE))
    amount = cost + surcharge
    vat = money(amount * vat_percent / HUNDRED)
    return Line(use=load.use, component=HEAT if carrier_m3 is None else CARRIER, days=days,
                load_gcal_h=load.load_gcal_h, t_out=t_out, volume_gcal=ZERO if carrier_m3 is not None else volume,
                carrier_m3=carrier_m3, rate=rate, cost=cost, surcharge=surcharge, amount=amount, vat=vat,
                total=amount + vat)


def carrier_volume(heat_gcal: Decimal, heat_per_m3: Decimal) -> Decimal:
    """The hot water drawn, м³ to 0.001: its heat over the heat of 1 м³ (billing's rule of hot water
    by calculation, Методика 99/пр)."""
    return gcal(heat_gcal / heat_per_m3)


def calculate(data: CalculationInput) -> Calculation:
    """The month-by-month volume and cost of ``data`` (see the module). Reads only.

    Refuses (``ApplicationError`` naming the field) a bad input, a missing rule, tariff,
    station, design temperature or heating season, and a day of the heating season in the
    period without an outdoor temperature (all such dates named).

    Example (190-ФЗ ст. 22): 0.15 Гкал/ч of heating, t_in 20, outdoor −10 each day, design −25,
    01.11–31.01 (92 days), 2 500 ₽/Гкал → 220.800 Гкал, 552 000.00 ₽, ×1.5 = 828 000.00 ₽ before VAT.
    """
    check_input(data)
    on = data.on or data.period_end
    try:
        rule = reference.contractless_rule(on)
        vat_percent = reference.vat_rate_on(on).rate_percent
    except RuleError as exc:
        raise _refuse(exc.message, "on", "rule_refused") from exc
    billed_start, days_cut = _cut(data, rule.max_years)
    parts = months(billed_start, data.period_end)
    seasonal = any(load.use in SEASONAL for load in data.loads)
    station, t_design, season, temperatures = _weather(data, billed_start, data.period_end, seasonal)
    tariffs = _tariffs(data, parts)
    hot_water_tariffs = _hot_water_tariffs(data, parts)
    multiplier = rule.multiplier if data.kind == CONTRACTLESS else ONE
    rows = []
    for (lo, hi), tariff, hw_tariff in zip(parts, tariffs, hot_water_tariffs, strict=True):
        days = (hi - lo).days + 1
        season_days = [lo + timedelta(days=i) for i in range(days) if lo + timedelta(days=i) in season]
        t_out = (mean_temperature(sum((temperatures[d] for d in season_days), ZERO), len(season_days))
                 if season_days else None)
        lines = []
        for load in data.loads:
            if load.use in SEASONAL:
                if not season_days or t_out is None or t_design is None:
                    continue
                try:
                    volume = heating_period_volume(load_gcal_h=load.load_gcal_h, t_inside=data.t_inside,
                                                   t_outside_design=t_design, days=len(season_days), t_out=t_out)
                except RuleError as exc:
                    raise _refuse(exc.message, "t_inside", "rule_refused") from exc
                lines.append(_line(load, len(season_days), t_out, volume, tariff.rate, multiplier, vat_percent))
            elif hw_tariff is not None:
                volume = hot_water_volume(load_avg_gcal_h=load.load_gcal_h, days=days).total_gcal
                lines.append(_line(load, days, None, volume, hw_tariff.energy_rate, multiplier, vat_percent))
                lines.append(_line(load, days, None, volume, hw_tariff.carrier_rate, multiplier, vat_percent,
                                   carrier_m3=carrier_volume(volume, hw_tariff.heat_per_m3)))
        if not lines:
            continue
        rows.append(MonthRow(
            month=lo.replace(day=1), first=lo, last=hi, days=days, season_days=len(season_days), t_out=t_out,
            tariff=tariff, hot_water_tariff=hw_tariff, lines=tuple(lines),
            volume_gcal=sum((x.volume_gcal for x in lines), ZERO),
            carrier_m3=sum((x.carrier_m3 for x in lines if x.carrier_m3 is not None), ZERO),
            amount=sum((x.amount for x in lines), ZERO), vat=sum((x.vat for x in lines), ZERO),
            total=sum((x.total for x in lines), ZERO),
        ))
    every = [line for row in rows for line in row.lines]

    def total(name: str) -> Decimal:
        return money(sum((getattr(line, name) for line in every), ZERO))

    days_claimed = (data.period_end - data.period_start).days + 1
    norms = ((rule.norm,) if data.kind == CONTRACTLESS or days_cut else ()) + (HEATING_NORM, VAT_NORM)
    return Calculation(
        input=data, on=on, billed_start=billed_start, days_claimed=days_claimed, days_billed=days_claimed - days_cut,
        days_cut=days_cut, max_years=rule.max_years, t_outside_design=t_design,
        station=str(station), multiplier=multiplier, vat_percent=vat_percent, rows=tuple(rows),
        volume_gcal=sum((line.volume_gcal for line in every), ZERO).quantize(Decimal("0.001")),
        carrier_m3=sum((row.carrier_m3 for row in rows), ZERO).quantize(Decimal("0.001")),
        cost=total("cost"), surcharge=total("surcharge"), amount_without_vat=total("amount"), vat=total("vat"),
        total=total("total"), payment_days=rule.payment_days if data.kind == CONTRACTLESS else None, norms=norms,
    )
