"""Inputs of the billing run, loaded set-based: a few queries per run and per chunk.

``load_context`` reads what every chunk of a run shares (tariffs, VAT, outdoor temperatures
per station, design temperatures and heating seasons per city, the leak tolerance and the
absurd-reading factor of the period's validation settings — absent settings are reported
as billing problems, never guessed) once per worker process and run. ``load_chunk`` reads
the contracts of a slice of consumers and everything hanging on them in one query per
table — never a query per contract or object. Rows come back as plain tuples
(``values_list``) turned into small named tuples and dicts keyed by id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, Q
from django.utils import timezone

from metering.models import (
    DesignOutdoorTemperature,
    HeatingSeason,
    MeteringUnit,
    OutdoorTemperature,
    Reading,
    ReadingStatus,
    UnitStatusChange,
    ValidationSettings,
    WeatherStation,
)
from metering.models.weather import normalize_city
from reference.selectors import vat_rates
from regulations.climate import climate_normal, estimated_days
from regulations.vat import VatRate, vat_rate_on
from subscribers.models import Contract, HeatedObject, HeatLoad, NetworkSection

from ..models import BillingPeriod, Invoice, Recalculation, Tariff
from .sql import InIds

ZERO = Decimal("0")
CLIMATE_NORMAL, PENDING_READINGS = "climate_normal", "pending_readings"  # kinds of estimate (RunContext.estimated)
PENDING_READINGS_TEXT = "узлы учета без показаний"
NORMAL_YEARS = 10  # how many earlier years a climate normal averages at most


class TariffRow(NamedTuple):
    id: int
    structure: str
    energy_rate: Decimal | None
    capacity_rate: Decimal | None
    water_rate: Decimal | None
    heat_per_m3: Decimal | None
    decision: str


class Place(NamedTuple):
    """What the calculation needs about a city: station, design temperature, season, weather."""

    city: str
    station: str  # code and name, for the basis; "" when the city has no station
    t_design: Decimal | None
    season: tuple[bool, ...]  # per day of the period: inside a heating season
    temperature_sums: tuple[Decimal, ...]  # prefix sums of daily means, len = days + 1
    known_days: tuple[int, ...]  # prefix counts of days with data, len = days + 1
    estimated: frozenset[int] = frozenset()  # days (offsets) at the climate normal: a month in progress


@dataclass
class RunContext:
    run_id: int
    period_id: int
    first: date
    last: date
    days: int
    vat_rate: Decimal
    vat_rates: list[VatRate]
    tariffs: dict[int, dict[str, TariffRow]]
    places: dict[str, Place]
    # From the period's ``ValidationSettings``; None: no settings on the period (a problem).
    leak_tolerance_percent: Decimal | None
    absurd_reading_factor: Decimal | None
    corrected_periods: dict[int, date] = field(default_factory=dict)
    # the day of the calculation: a month in progress takes climate normals from it on
    today: date = field(default_factory=date.today)
    # what was estimated: «station: dd.mm–dd.mm по климатической норме …», one per station
    estimates: dict[str, str] = field(default_factory=dict)
    # what the lines billed so far actually took as an estimate: CLIMATE_NORMAL, PENDING_READINGS
    estimated: set[str] = field(default_factory=set)
    _day_texts: dict[date, str] = field(default_factory=dict)

    @property
    def in_progress(self) -> bool:
        """The month is not over on the day of the calculation: a preliminary calculation."""
        return self.last >= self.today

    def estimate_text(self) -> str:
        """What the run's lines took as an estimate, one line per kind: the stations' climate
        normals for the days to come and the metering units whose readings are not in yet;
        "" when every line is billed from measured data."""
        parts = []
        if CLIMATE_NORMAL in self.estimated:
            parts.extend(self.estimates[k] for k in sorted(self.estimates))
        if PENDING_READINGS in self.estimated:
            parts.append(
                f"{PENDING_READINGS_TEXT} за {self.first:%m.%Y} (показания месяца снимаются по его окончании): "
                "объем по договорной нагрузке (оценка до показаний)"
            )
        return "\n".join(parts)

    def place(self, city: str) -> Place:
        key = normalize_city(city)
        found = self.places.get(key)
        if found is None:
            found = self.places[key] = _place_for(self, city)
        return found

    def day_text(self, day: date) -> str:
        """``YYYY-MM-DD``, memoised: the days of one month recur on every line."""
        text = self._day_texts.get(day)
        if text is None:
            text = self._day_texts[day] = day.isoformat()
        return text

    def vat_rate_for_shipment(self, day: date) -> Decimal:
        return vat_rate_on(day, self.vat_rates).rate_percent


class ContractRow(NamedTuple):
    id: int
    number: str
    consumer_id: int
    group_id: int
    first: date  # the days of the period the contract covers
    last: date


class ObjectRow(NamedTuple):
    id: int
    code: str
    t_inside: Decimal
    city: str


class LoadRow(NamedTuple):
    first: date
    last: date | None
    heating: Decimal
    ventilation: Decimal
    hot_water_avg: Decimal


class UnitRow(NamedTuple):
    id: int
    number: str
    purpose: str
    is_open_system: bool
    changes: list  # [(effective_from, status, reason)] by date, id


class ReadingRow(NamedTuple):
    id: int
    q: Decimal
    m1: Decimal
    m2: Decimal
    v1: Decimal | None


class RecalculationRow(NamedTuple):
    id: int
    contract_id: int
    heated_object_id: int | None
    resource: str
    component: str
    corrected_period_id: int
    corrected_month: date
    corrected_line_id: int | None
    quantity: Decimal | None
    rate: Decimal | None
    amount: Decimal
    reason: str
    source: str
    basis: dict


@dataclass
class ChunkInputs:
    contracts: list[ContractRow]
    objects_of: dict[int, list[int]]
    objects: dict[int, ObjectRow]
    loads: dict[int, list[LoadRow]]
    units: dict[int, list[UnitRow]]
    readings: dict[int, ReadingRow]
    recalculations: dict[int, list[RecalculationRow]]
    invoices: dict[int, tuple[int, str]]  # contract id → (invoice id, digest)


def merged_estimate(recorded: str, found: str) -> str:
    """A run's estimate after one more chunk: the lines already recorded by other workers and
    this worker's, each once, the stations first (by name), the readings line last."""
    lines = {line for line in (recorded + "\n" + found).splitlines() if line}
    return "\n".join(sorted(lines, key=lambda line: (line.startswith(PENDING_READINGS_TEXT), line)))


def billable_contracts(period: BillingPeriod):
    """Contracts billed for a period: active ones, and terminated ones whose end falls in or
    after it; either way their validity must overlap the period."""
    return Contract.objects.filter(
        Q(status=Contract.Status.ACTIVE) | Q(status=Contract.Status.TERMINATED, valid_to__isnull=False),
        valid_from__lte=period.last_day,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.first_day))


# ------------------------------------------------------------------------- per run


def load_context(run_id: int, period: BillingPeriod) -> RunContext:
    rates = vat_rates()
    tariffs: dict[int, dict[str, TariffRow]] = defaultdict(dict)
    rows = Tariff.objects.filter(valid_from__lte=period.first_day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.last_day)
    )
    for t in rows:
        tariffs[t.tariff_group_id][t.resource] = TariffRow(
            t.id, t.structure, t.energy_rate, t.capacity_rate, t.water_rate, t.heat_per_m3, t.decision
        )
    settings = ValidationSettings.objects.filter(valid_from__lte=period.first_day).order_by("-valid_from").first()
    ctx = RunContext(
        run_id=run_id,
        period_id=period.id,
        first=period.first_day,
        last=period.last_day,
        days=period.days,
        vat_rate=vat_rate_on(period.shipment_date, rates).rate_percent if rates else None,
        vat_rates=rates,
        tariffs=dict(tariffs),
        places={},
        leak_tolerance_percent=settings.imbalance_tolerance_percent if settings else None,
        absurd_reading_factor=settings.absurd_reading_factor if settings else None,
        corrected_periods=dict(BillingPeriod.objects.values_list("id", "month")),
        today=timezone.localdate(),
    )
    cities = set(NetworkSection._default_manager.values_list("city", flat=True)) | {""}
    ctx.places = _places(ctx, cities)
    return ctx


def _places(ctx: RunContext, cities: set[str]) -> dict[str, Place]:
    stations = list(WeatherStation.objects.order_by("code").values_list("id", "code", "name", "city", "is_default"))
    by_city = {}
    default = None
    for sid, code, name, city, is_default in stations:
        by_city.setdefault(normalize_city(city), (sid, f"{name} ({code})"))
        if is_default:
            default = (sid, f"{name} ({code})")
    temps: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for sid, day, t in OutdoorTemperature.objects.filter(date__range=(ctx.first, ctx.last)).values_list(
        "station_id", "date", "mean_temperature"
    ):
        temps[sid][(day - ctx.first).days] = t
    design: dict[str, Decimal] = {}
    for city, t in DesignOutdoorTemperature.objects.filter(valid_from__lte=ctx.first).order_by("valid_from").values_list(
        "city", "temperature"
    ):
        design[normalize_city(city)] = t  # the latest valid_from wins
    seasons: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for city, starts, ends in HeatingSeason.objects.filter(starts_on__lte=ctx.last).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=ctx.first)
    ).values_list("city", "starts_on", "ends_on"):
        seasons[normalize_city(city)].append((starts, ends or date.max))
    places = {}
    normals: dict[int, Decimal | None] = {}
    for city in cities:
        key = normalize_city(city)
        station = by_city.get(key, default) if key else default
        sums = [ZERO]
        known = [0]
        values = temps.get(station[0], {}) if station else {}
        measured = set(values)
        if station and ctx.in_progress:  # a month in progress: the days to come take the normal
            values = _with_normals(ctx, station, values, normals)
        for i in range(ctx.days):
            value = values.get(i)
            sums.append(sums[-1] + (value if value is not None else ZERO))
            known.append(known[-1] + (value is not None))
        season = tuple(
            any(lo <= ctx.first + timedelta(days=i) <= hi for lo, hi in seasons.get(key, ())) for i in range(ctx.days)
        )
        label = station[1] if station else ""
        if label in ctx.estimates:  # the lines' basis says the temperatures are partly an estimate
            label += " (оставшиеся дни месяца — по климатической норме, оценка)"
        estimated = frozenset(values) - measured
        places[key] = Place(city, label, design.get(key), season, tuple(sums), tuple(known), estimated)
    return places


def _with_normals(ctx: RunContext, station: tuple[int, str], values: dict[int, Decimal],
                  normals: dict[int, Decimal | None]) -> dict[int, Decimal]:
    sid, label = station
    days = estimated_days(ctx.first, ctx.days, set(values), ctx.today)
    if not days:
        return values
    if sid not in normals:
        earlier = list(
            OutdoorTemperature.objects.filter(
                station_id=sid, date__month=ctx.first.month, date__lt=ctx.first,
                date__gte=ctx.first.replace(year=ctx.first.year - NORMAL_YEARS),
            ).values_list("mean_temperature", flat=True)
        )
        normals[sid] = climate_normal(earlier)
    normal = normals[sid]
    if normal is None:
        return values  # no earlier year on record: the days stay missing (a problem)
    first, last = ctx.first + timedelta(days=days[0]), ctx.first + timedelta(days=days[-1])
    ctx.estimates[label] = (
        f"{label}: {first:%d.%m}–{last:%d.%m.%Y} — климатическая норма месяца {str(normal).replace('.', ',')} °C (оценка)"
    )
    return {**values, **dict.fromkeys(days, normal)}


def _place_for(ctx: RunContext, city: str) -> Place:
    return _places(ctx, {city})[normalize_city(city)]


# ------------------------------------------------------------------------- per chunk


def load_chunk(ctx: RunContext, period: BillingPeriod, consumer_from: int, consumer_to: int) -> ChunkInputs:
    """Everything the run needs about consumers ``consumer_from < id <= consumer_to``."""
    contracts_qs = billable_contracts(period).filter(consumer_id__gt=consumer_from, consumer_id__lte=consumer_to)
    contracts = [
        ContractRow(cid, number, consumer, group, max(vf, ctx.first), min(vt, ctx.last) if vt else ctx.last)
        for cid, number, consumer, group, vf, vt in contracts_qs.order_by("id").values_list(
            "id", "number", "consumer_id", "tariff_group_id", "valid_from", "valid_to"
        )
    ]
    # Every later query filters by explicit id lists (index lookups), never by a subquery a
    # planner may answer with a scan of the whole table on every chunk; and the queries that
    # fill dicts drop the models' default ordering: a reading's (``unit``, i.e. the unit's
    # number) joined every chunk to a scan of all metering units — a cost growing with the
    # table, the run's nonlinearity (docs/performance.md, «Billing»).
    contract_ids = [c.id for c in contracts]
    through = Contract.objects_covered.through
    objects_of: dict[int, list[int]] = defaultdict(list)
    object_ids: list[int] = []
    for contract_id, object_id in (
        through.objects.filter(InIds(F("contract_id"), contract_ids))
        .order_by("contract_id", "heatedobject_id")
        .values_list("contract_id", "heatedobject_id")
    ):
        objects_of[contract_id].append(object_id)
        object_ids.append(object_id)

    objects = {
        oid: ObjectRow(oid, code, t_in, city or "")
        for oid, code, t_in, city in HeatedObject.objects.filter(InIds(F("id"), object_ids)).order_by().values_list(
            "id", "code", "design_indoor_temperature", "network_section__city"
        )
    }
    loads: dict[int, list[LoadRow]] = defaultdict(list)
    for oid, vf, vt, heating, ventilation, hw in (
        HeatLoad.objects.filter(InIds(F("heated_object_id"), object_ids), valid_from__lte=ctx.last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=ctx.first))
        .order_by("heated_object_id", "valid_from")
        .values_list("heated_object_id", "valid_from", "valid_to", "heating", "ventilation", "hot_water_avg")
    ):
        loads[oid].append(LoadRow(vf, vt, heating, ventilation, hw))

    units: dict[int, list[UnitRow]] = defaultdict(list)
    unit_by_id: dict[int, UnitRow] = {}
    for uid, number, oid, purpose, is_open in (
        MeteringUnit.objects.filter(InIds(F("heated_object_id"), object_ids))
        .order_by("heated_object_id", "number")
        .values_list("id", "number", "heated_object_id", "purpose", "is_open_system")
    ):
        unit = UnitRow(uid, number, purpose, is_open, [])
        units[oid].append(unit)
        unit_by_id[uid] = unit
    readings = {}
    if unit_by_id:
        unit_ids = list(unit_by_id)
        for uid, since, status, reason in (
            UnitStatusChange.objects.filter(InIds(F("unit_id"), unit_ids), effective_from__lte=ctx.last)
            .order_by("unit_id", "effective_from", "id")
            .values_list("unit_id", "effective_from", "status", "reason")
        ):
            unit_by_id[uid].changes.append((since, status, reason))
        readings = {
            uid: ReadingRow(rid, q, m1, m2, v1)
            for rid, uid, q, m1, m2, v1 in Reading.objects.filter(
                InIds(F("unit_id"), unit_ids), period=ctx.first, status=ReadingStatus.ACCEPTED
            ).order_by().values_list("id", "unit_id", "q", "m1", "m2", "v1")
        }

    recalculations: dict[int, list[RecalculationRow]] = defaultdict(list)
    for row in (
        Recalculation.objects.filter(InIds(F("contract_id"), contract_ids), cancelled_at__isnull=True)
        .filter(Q(period_id=ctx.period_id) | Q(period__isnull=True))
        .order_by("contract_id", "id")
        .values_list(
            "id", "contract_id", "heated_object_id", "resource", "component", "corrected_period_id",
            "corrected_period__month", "corrected_line_id", "quantity", "rate", "amount", "reason", "source", "basis",
        )
    ):
        recalculations[row[1]].append(RecalculationRow(*row))

    invoices = {
        contract_id: (invoice_id, digest)
        for invoice_id, contract_id, digest in Invoice.objects.filter(
            period_id=ctx.period_id, consumer_id__gt=consumer_from, consumer_id__lte=consumer_to
        ).order_by().values_list("id", "contract_id", "lines_digest")
    }
    return ChunkInputs(
        contracts=contracts,
        objects_of=dict(objects_of),
        objects=objects,
        loads=dict(loads),
        units=dict(units),
        readings=readings,
        recalculations=dict(recalculations),
        invoices=invoices,
    )
