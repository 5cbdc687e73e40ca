"""The billing of one contract for one period, from preloaded inputs — no database access.

For each object of the contract: the days the contract covers are split by how each
resource is determined (metered days, calculated days with their reason), every part
becomes a ``Volume`` (``billing.volumes``), and every volume is priced at the group's
tariff with VAT at the rate of the period's shipment date. Queued recalculations become
recalculation lines. Bad input (no tariff, no loads, missing temperatures, an absurd
reading, …) is reported per contract with what is missing, and the contract stays
unbilled: never a silent zero.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from json.encoder import c_make_encoder, encode_basestring
from typing import NamedTuple

from core.copy import NULL, copy_escape, copy_row
from metering.models import UnitPurpose, UnitStatus
from metering.selectors import status_runs
from regulations.errors import RuleError
from regulations.rounding import money
from regulations.vat import vat_on_top

from ..models import (
    MONTHS_NOMINATIVE,
    BillingProblem,
    ChargeLine,
    Method,
    Resource,
    month_end,
)
from ..volumes import (
    CAPACITY,
    ENERGY,
    HEAT_CARRIER,
    HEAT_ENERGY,
    HOT_WATER,
    METERED,
    NO_METER,
    WATER,
    Reason,
    Volume,
    capacity_by_contract_load,
    heat_carrier_leak_by_meter,
    heating_by_calculation,
    heating_by_meter,
    hot_water_by_calculation,
    hot_water_by_meter,
    mean_temperature,
    spans_by_reason,
    thousandth,
)
from .inputs import (
    CLIMATE_NORMAL,
    PENDING_READINGS,
    ChunkInputs,
    ContractRow,
    LoadRow,
    ObjectRow,
    RunContext,
    UnitRow,
)

ZERO = Decimal("0")
ONE_DAY = timedelta(days=1)
HOURS = Decimal(24)
Code = BillingProblem.Code
PENDING_READING = "reading_pending"  # the reason of a metered unit's days in a month in progress without its reading
RESOURCE_LABEL = dict(Resource.choices)
# json's C encoder built once (``json.dumps`` builds an encoder per call): compact, UTF-8
# text, anything unexpected (a stray Decimal or date) as its string.
_encode = c_make_encoder(None, str, encode_basestring, None, ":", ",", False, False, True)


def _json(value: dict) -> str:
    return "".join(_encode(value, 0))


CHARGE, RECALCULATION = ChargeLine.Kind.CHARGE.value, ChargeLine.Kind.RECALCULATION.value
ADJUSTMENT = Method.ADJUSTMENT.value

LINE_COLUMNS = (
    "position", "kind", "heated_object", "resource", "component", "method", "date_from", "date_to",
    "quantity", "tariff", "rate", "amount", "vat_rate", "vat_amount", "amount_with_vat", "recalculation", "basis",
)


class Problem(NamedTuple):
    heated_object_id: int | None
    code: str
    message: str


class ContractResult(NamedTuple):
    contract: ContractRow
    lines: list[tuple]  # LINE_COLUMNS order
    texts: list[str]  # the same lines as rows of COPY text (without the invoice column)
    amount: Decimal
    vat_amount: Decimal
    amount_with_vat: Decimal
    digest: str
    problems: list[Problem]
    recalculation_ids: list[int]


def fmt_days(days: list[date]) -> str:
    """``01.11–05.11.2025, 09.11.2025``: consecutive days as ranges."""
    parts = []
    start = prev = None
    for day in sorted(days) + [None]:
        if start is not None and (day is None or day != prev + ONE_DAY):
            parts.append(f"{start:%d.%m.%Y}" if start == prev else f"{start:%d.%m}–{prev:%d.%m.%Y}")
            start = None
        if day is not None and start is None:
            start = day
        prev = day
    return ", ".join(parts)


def status_spans(unit: UnitRow, first: date, last: date) -> list[tuple[date, date, str, str, date | None]]:
    """The unit's status over ``first..last`` as ``(lo, hi, status, reason, since)`` from its
    preloaded changes, by ``metering.selectors.status_runs`` (the rule
    ``unit_status_intervals`` follows too); ``since`` is the date of the change that began
    the status, None before the unit's first change."""
    return [(lo, hi, step[1], step[2], step[0]) for lo, hi, step in status_runs(unit.changes, first, last)]


def unit_reason(
    unit: UnitRow, status: str, reason: str, since: date | None, has_reading: bool, month: date, in_progress: bool = False
) -> Reason:
    """How a unit's days are determined. A commercial unit with the month's accepted reading
    meters them; without it they are calculated (ПП РФ № 1034 п. 31: readings not provided) —
    unless the month is still in progress (a preview): its reading is taken after the month
    ends, so the calculation by the contractual load is only an estimate until it arrives
    (``PENDING_READING``), and the final calculation bills the reading."""
    if status == UnitStatus.COMMERCIAL:
        if has_reading:
            return METERED
        if in_progress:
            return Reason(
                PENDING_READING,
                f"показаний узла учета № {unit.number} за {month:%m.%Y} еще нет — месяц не закончился: "
                "по договорной нагрузке, оценка до показаний",
            )
        return Reason("no_reading", f"нет принятых показаний узла учета № {unit.number} за {month:%m.%Y}")
    if status == UnitStatus.FAULTY:
        return Reason("faulty", f"узел учета № {unit.number} неисправен с {since:%d.%m.%Y}: {reason}".rstrip(": "))
    if status == UnitStatus.DECOMMISSIONED:
        return Reason("decommissioned", f"узел учета № {unit.number} выведен из эксплуатации с {since:%d.%m.%Y}")
    if since is not None and reason:  # e.g. a device replaced, until the commissioning after replacement
        return Reason(
            "not_commissioned", f"узел учета № {unit.number} не введен в коммерческий учет с {since:%d.%m.%Y}: {reason}"
        )
    return Reason("not_commissioned", f"узел учета № {unit.number} не введен в коммерческий учет")


def metering_spans(units: list[UnitRow], readings: dict, first: date, last: date, month: date, in_progress: bool = False):
    """The days ``first..last`` split by how a resource is determined: ``METERED`` or the
    reason it is calculated. Several units of one resource meter a day only together.
    ``in_progress``: the month is not over (``unit_reason``)."""
    if not units:
        return [(first, last, NO_METER)]
    if len(units) == 1:
        unit = units[0]
        has_reading = unit.id in readings
        spans = [
            (lo, hi, unit_reason(unit, status, reason, since, has_reading, month, in_progress))
            for lo, hi, status, reason, since in status_spans(unit, first, last)
        ]
        if len(spans) == 1:
            return spans
        merged = [spans[0]]
        for lo, hi, r in spans[1:]:
            if r == merged[-1][2]:
                merged[-1] = (merged[-1][0], hi, r)
            else:
                merged.append((lo, hi, r))
        return merged
    days = (last - first).days + 1
    per_day: list[Reason] = [METERED] * days
    for unit in units:
        has_reading = unit.id in readings
        for lo, hi, status, reason, since in status_spans(unit, first, last):
            r = unit_reason(unit, status, reason, since, has_reading, month, in_progress)
            if r is METERED:
                continue
            for i in range((lo - first).days, (hi - first).days + 1):
                if per_day[i] is METERED:
                    per_day[i] = r
    return spans_by_reason(first, per_day)


def load_spans(loads: list[LoadRow], lo: date, hi: date) -> tuple[list[tuple[date, date, LoadRow]], list[date]]:
    """``lo..hi`` split by the loads in force, and the days no load covers."""
    spans = []
    missing: list[date] = []
    cursor = lo
    for load in loads:
        a = max(load.first, cursor)
        b = min(load.last or hi, hi)
        if a > b:
            continue
        if a > cursor:
            missing.extend(cursor + timedelta(days=i) for i in range((a - cursor).days))
        spans.append((a, b, load))
        cursor = b + ONE_DAY
        if cursor > hi:
            break
    if cursor <= hi:
        missing.extend(cursor + timedelta(days=i) for i in range((hi - cursor).days + 1))
    return spans, missing


def season_runs(season: tuple[bool, ...], period_first: date, lo: date, hi: date) -> list[tuple[date, date]]:
    """Runs of consecutive heating-season days within ``lo..hi``."""
    i0, i1 = (lo - period_first).days, (hi - period_first).days
    if all(season[i0 : i1 + 1]):
        return [(lo, hi)]
    runs, start = [], None
    for i in range(i0, i1 + 2):
        inside = i <= i1 and season[i]
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            runs.append((period_first + timedelta(days=start), period_first + timedelta(days=i - 1)))
            start = None
    return runs


def _reading_basis(unit: UnitRow, reading) -> dict:
    return {"unit": unit.number, "reading": reading.id, "q": str(reading.q), "m1": str(reading.m1), "m2": str(reading.m2)}


class ObjectBilling:
    """Volumes of one object of a contract for the period (and the problems found)."""

    def __init__(self, ctx: RunContext, chunk: ChunkInputs, contract: ContractRow, obj: ObjectRow, tariffs: dict):
        self.ctx = ctx
        self.contract = contract
        self.obj = obj
        self.tariffs = tariffs
        self.loads = chunk.loads.get(obj.id, [])
        self.units = chunk.units.get(obj.id, [])
        self.readings = chunk.readings
        self.volumes: list[Volume] = []
        self.problems: list[Problem] = []

    def problem(self, code: str, message: str) -> None:
        self.problems.append(Problem(self.obj.id, code, f"Объект {self.obj.code}: {message}"))

    def run(self) -> None:
        first, last = self.contract.first, self.contract.last
        heating_units = [u for u in self.units if u.purpose in (UnitPurpose.HEATING, UnitPurpose.BOTH)]
        hw_units = [u for u in self.units if u.purpose in (UnitPurpose.HOT_WATER, UnitPurpose.BOTH)]
        if not self._readings_sane(self.units):
            return
        in_progress = self.ctx.in_progress
        heating = metering_spans(heating_units, self.readings, first, last, self.ctx.first, in_progress)
        hot_water = metering_spans(hw_units, self.readings, first, last, self.ctx.first, in_progress)
        if not self.loads and any(r is not METERED for _, _, r in heating + hot_water):
            self.problem(Code.NO_LOADS, "нет договорных тепловых нагрузок на период, а объем нужно рассчитать")
            return
        if any(r.code == PENDING_READING for _, _, r in heating + hot_water):
            self.ctx.estimated.add(PENDING_READINGS)
        hw_metered_energy = self._hot_water(hot_water, hw_units)
        self._heating(heating, heating_units, hw_metered_energy)
        self._capacity(first, last)

    # -- readings

    def _no_settings(self, what: str) -> None:
        self.problem(
            Code.NO_VALIDATION_SETTINGS,
            f"нет настроек проверки показаний на {self.ctx.first:%d.%m.%Y}: не задан {what}",
        )

    def _readings_sane(self, units: list[UnitRow]) -> bool:
        """Negative values, and Q above ``absurd_reading_factor`` times the contractual load
        over the month's hours (a dated validation setting: a last guard behind metering
        validation), are reported instead of billed."""
        ok = True
        peak = max((ld.heating + ld.ventilation + ld.hot_water_avg for ld in self.loads), default=ZERO)
        factor = self.ctx.absurd_reading_factor
        if factor is None and peak and any(unit.id in self.readings for unit in units):
            self._no_settings("предел достоверности показаний (кратность договорной нагрузки)")
            return False
        ceiling = peak * HOURS * self.ctx.days * (factor or ZERO)
        for unit in units:
            r = self.readings.get(unit.id)
            if r is None:
                continue
            negative = [name for name in ("q", "m1", "m2", "v1") if (getattr(r, name) or ZERO) < 0]
            if negative:
                values = ", ".join(f"{name.upper()} = {getattr(r, name)}" for name in negative)
                self.problem(
                    Code.BAD_READING,
                    f"показания узла учета № {unit.number} за {self.ctx.first:%m.%Y} отрицательные ({values})",
                )
                ok = False
            elif peak and r.q > ceiling:
                self.problem(
                    Code.BAD_READING,
                    f"показания узла учета № {unit.number} за {self.ctx.first:%m.%Y} недостоверны: Q = {r.q} Гкал "
                    f"больше {factor.normalize():f}-кратной договорной нагрузки за месяц ({thousandth(ceiling)} Гкал)",
                )
                ok = False
        return ok

    # -- hot water

    def _hot_water_tariff(self):
        tariff = self.tariffs.get(Resource.HOT_WATER)
        if tariff is None:
            self.problem(Code.NO_TARIFF, self._no_tariff(Resource.HOT_WATER))
        return tariff

    def _no_tariff(self, resource: str) -> str:
        return (
            f"нет тарифа «{RESOURCE_LABEL[resource]}» тарифной группы № {self.contract.group_id} "
            f"на {MONTHS_NOMINATIVE[self.ctx.first.month]} {self.ctx.first.year}"
        )

    def _hot_water(self, spans, hw_units: list[UnitRow]) -> dict[int, Decimal]:
        """Hot water volumes. Returns the hot-water energy inside the Q of units metering
        heating and hot water together (by unit id): the heating part subtracts it."""
        inside_q: dict[int, Decimal] = {}
        combined_closed = [u for u in hw_units if u.purpose == UnitPurpose.BOTH and not u.is_open_system]
        not_separated = None
        if combined_closed:
            not_separated = Reason(
                "not_separated",
                "узел учета № " + ", ".join(u.number for u in combined_closed)
                + " учитывает отопление и ГВС вместе (закрытая система): ГВС по средней нагрузке",
            )
            spans = [(lo, hi, not_separated if r is METERED else r) for lo, hi, r in spans]
        metered = [(lo, hi) for lo, hi, r in spans if r is METERED]
        if not metered and not any(ld.hot_water_avg > 0 for ld in self.loads):
            return inside_q  # the object has no hot water
        tariff = self._hot_water_tariff()
        if tariff is None:
            return inside_q
        if metered:
            energy = water = ZERO
            readings = []
            for unit in hw_units:
                r = self.readings[unit.id]
                if unit.purpose == UnitPurpose.BOTH:  # open system: M1 − M2 is the water drawn
                    drawn = r.m1 - r.m2
                    inside_q[unit.id] = thousandth(drawn * tariff.heat_per_m3)
                    energy += inside_q[unit.id]
                    water += drawn
                else:
                    energy += r.q
                    water += r.v1 if r.v1 is not None else (r.m1 - r.m2 if unit.is_open_system else r.m1)
                readings.append(_reading_basis(unit, r))
            days = sum((hi - lo).days + 1 for lo, hi in metered)
            self.volumes.extend(
                hot_water_by_meter(
                    energy_gcal=thousandth(energy), water_m3=thousandth(water),
                    first=metered[0][0], last=metered[-1][1], days=days, readings=readings,
                )
            )
        if not_separated is not None:
            inside = self._hot_water_calculated([s for s in spans if s[2] is not_separated], tariff)
            for n, unit in enumerate(combined_closed):
                inside_q[unit.id] = inside if n == 0 else ZERO
        self._hot_water_calculated([s for s in spans if s[2] is not METERED and s[2] is not not_separated], tariff)
        return inside_q

    def _hot_water_calculated(self, spans, tariff) -> Decimal:
        total = ZERO
        for lo, hi, reason in spans:
            parts, missing = load_spans(self.loads, lo, hi)
            if missing:
                self.problem(Code.NO_LOADS, f"нет договорной нагрузки ГВС на {fmt_days(missing)}")
                continue
            for a, b, load in parts:
                if load.hot_water_avg <= 0:
                    continue
                energy, water = hot_water_by_calculation(
                    load_avg_gcal_h=load.hot_water_avg, heat_per_m3=tariff.heat_per_m3, first=a, last=b, reason=reason
                )
                self.volumes.append(energy)
                self.volumes.append(water)
                total += energy.quantity
        return total

    # -- heating

    def _heating(self, spans, heating_units: list[UnitRow], hw_energy_of: dict[int, Decimal]) -> None:
        metered_days = [(lo, hi) for lo, hi, r in spans if r is METERED]
        if metered_days:
            q = ZERO
            readings = []
            for unit in heating_units:
                r = self.readings[unit.id]
                part = r.q - hw_energy_of.get(unit.id, ZERO)
                if part < 0 and unit.id in hw_energy_of:
                    self.problem(
                        Code.BAD_READING,
                        f"Q узла учета № {unit.number} ({r.q} Гкал) меньше энергии на ГВС ({hw_energy_of[unit.id]} Гкал)",
                    )
                    return
                q += part
                readings.append(_reading_basis(unit, r))
                if unit.purpose in (UnitPurpose.HEATING, UnitPurpose.BOTH) and not unit.is_open_system:
                    if self.ctx.leak_tolerance_percent is None:
                        self._no_settings("допустимый небаланс M1 − M2 для утечки теплоносителя")
                        return
                    leak = heat_carrier_leak_by_meter(
                        m1=r.m1, m2=r.m2, tolerance_percent=self.ctx.leak_tolerance_percent,
                        first=metered_days[0][0], last=metered_days[-1][1], readings=[_reading_basis(unit, r)],
                    )
                    if leak is not None:
                        if Resource.HEAT_CARRIER not in self.tariffs:
                            self.problem(Code.NO_TARIFF, self._no_tariff(Resource.HEAT_CARRIER))
                        self.volumes.append(leak)
            days = sum((hi - lo).days + 1 for lo, hi in metered_days)
            self.volumes.append(
                heating_by_meter(
                    q_gcal=thousandth(q), first=metered_days[0][0], last=metered_days[-1][1], days=days,
                    readings=readings,
                )
            )
        calculated = [(lo, hi, r) for lo, hi, r in spans if r is not METERED]
        if not calculated:
            return
        place = self.ctx.place(self.obj.city)
        for lo, hi, reason in calculated:
            parts, missing = load_spans(self.loads, lo, hi)
            if missing:
                self.problem(Code.NO_LOADS, f"нет договорной нагрузки отопления на {fmt_days(missing)}")
                continue
            for a, b, load in parts:
                heat_load = load.heating + load.ventilation
                if heat_load <= 0:
                    continue
                for s, e in season_runs(place.season, self.ctx.first, a, b):
                    self._heating_calculated(place, heat_load, s, e, reason)

    def _heating_calculated(self, place, heat_load: Decimal, first: date, last: date, reason: Reason) -> None:
        if not place.station:
            self.problem(Code.NO_STATION, f"нет метеостанции для населенного пункта «{place.city or 'не указан'}»")
            return
        if place.t_design is None:
            self.problem(
                Code.NO_DESIGN_TEMPERATURE,
                f"нет расчетной температуры наружного воздуха для населенного пункта «{place.city or 'не указан'}»",
            )
            return
        i, j = (first - self.ctx.first).days, (last - self.ctx.first).days + 1
        days = j - i
        if place.known_days[j] - place.known_days[i] != days:
            missing = [
                self.ctx.first + timedelta(days=k) for k in range(i, j) if place.known_days[k + 1] == place.known_days[k]
            ]
            self.problem(
                Code.NO_TEMPERATURES,
                f"нет среднесуточной температуры наружного воздуха (станция {place.station}) за {fmt_days(missing)}",
            )
            return
        t_out = mean_temperature(place.temperature_sums[j] - place.temperature_sums[i], days)
        if place.estimated and any(k in place.estimated for k in range(i, j)):
            self.ctx.estimated.add(CLIMATE_NORMAL)
        try:
            self.volumes.append(
                heating_by_calculation(
                    load_gcal_h=heat_load, t_inside=self.obj.t_inside, t_outside_design=place.t_design,
                    t_out_mean=t_out, first=first, last=last, reason=reason, station=place.station,
                )
            )
        except RuleError as exc:
            self.problem(Code.NO_DESIGN_TEMPERATURE, exc.message)

    # -- capacity

    def _capacity(self, first: date, last: date) -> None:
        tariff = self.tariffs.get(Resource.HEAT_ENERGY)
        if tariff is None or tariff.capacity_rate is None:
            return
        parts, missing = load_spans(self.loads, first, last)
        if missing:
            self.problem(Code.NO_LOADS, f"нет договорной нагрузки для оплаты мощности на {fmt_days(missing)}")
            return
        for a, b, load in parts:
            heat_load = load.heating + load.ventilation
            if heat_load > 0:
                self.volumes.append(
                    capacity_by_contract_load(load_gcal_h=heat_load, first=a, last=b, month_days=self.ctx.days)
                )


RATE_FIELD = {ENERGY: "energy_rate", CAPACITY: "capacity_rate", WATER: "water_rate"}
ORDER = {(r, c): n for n, (r, c) in enumerate(
    ((HEAT_ENERGY, ENERGY), (HEAT_ENERGY, CAPACITY), (HEAT_CARRIER, WATER), (HOT_WATER, WATER), (HOT_WATER, ENERGY))
)}


def bill_contract(ctx: RunContext, chunk: ChunkInputs, contract: ContractRow) -> ContractResult:
    """Charge lines (or problems) of one contract for the period.

    Lines come in a fixed order (objects by id; per object heat energy, capacity, heat
    carrier, hot water; by first day), numbered from 1, recalculations last. Each line is
    also rendered as a row of COPY text: the run sends it as is, and the invoice's digest
    is the MD5 of those rows — equal inputs give equal digests. Decimals go in as ``!s``:
    the same text as ``format(d, "")`` at a third of the cost, six times per line.
    """
    tariffs = ctx.tariffs.get(contract.group_id, {})
    problems: list[Problem] = []
    object_ids = chunk.objects_of.get(contract.id, [])
    recalculations = chunk.recalculations.get(contract.id, [])
    if not object_ids and not recalculations:
        problems.append(Problem(None, Code.NO_OBJECTS, "В договоре нет объектов теплопотребления"))
    if ctx.vat_rate is None:
        problems.append(Problem(None, Code.NO_VAT, f"Нет ставки НДС на {ctx.last:%d.%m.%Y}"))
    if HEAT_ENERGY not in tariffs and object_ids:
        problems.append(
            Problem(
                None, Code.NO_TARIFF,
                f"Нет тарифа «{RESOURCE_LABEL[HEAT_ENERGY]}» тарифной группы № {contract.group_id} "
                f"на {MONTHS_NOMINATIVE[ctx.first.month]} {ctx.first.year}",
            )
        )
    vat_rate = ctx.vat_rate
    month_days = ctx.days
    day_text = ctx.day_text
    lines: list[tuple] = []
    texts: list[str] = []
    amount_total = vat_total = ZERO
    for object_id in object_ids:
        billing = ObjectBilling(ctx, chunk, contract, chunk.objects[object_id], tariffs)
        billing.run()
        if billing.problems:
            problems.extend(billing.problems)
            continue
        if problems:
            continue
        volumes = billing.volumes
        if len(volumes) > 1:
            volumes.sort(key=lambda v: (ORDER[v.resource, v.component], v.first))
        encoded = None
        for v in volumes:
            tariff = tariffs[v.resource]
            rate = getattr(tariff, RATE_FIELD[v.component])
            if v.component == CAPACITY:
                amount = money(v.quantity * rate * ((v.last - v.first).days + 1) / month_days)
            else:
                amount = money(v.quantity * rate)
            vat = vat_on_top(amount, vat_rate)
            if encoded is None or encoded[0] is not v.basis:  # hot water's two lines share one basis
                encoded = (v.basis, _json(v.basis))
            basis = encoded[1]
            n = len(lines) + 1
            lines.append(
                (n, CHARGE, object_id, v.resource, v.component, v.method, v.first, v.last, v.quantity, tariff.id,
                 rate, amount, vat_rate, vat.vat, vat.gross, None, basis)
            )
            texts.append(
                f"{n}\t{CHARGE}\t{object_id}\t{v.resource}\t{v.component}\t{v.method}\t{day_text(v.first)}\t"
                f"{day_text(v.last)}\t{v.quantity!s}\t{tariff.id}\t{rate!s}\t{amount!s}\t{vat_rate!s}\t{vat.vat!s}\t"
                f"{vat.gross!s}\t{NULL}\t{copy_escape(basis)}\n"
            )
            amount_total += amount
            vat_total += vat.vat
    if problems:
        # de-duplicate contract-level repeats (the same missing tariff for every object)
        seen, unique = set(), []
        for p in problems:
            if (p.code, p.message) not in seen:
                seen.add((p.code, p.message))
                unique.append(p)
        return ContractResult(contract, [], [], ZERO, ZERO, ZERO, "", unique, [])
    for r in recalculations:
        corrected_last = month_end(r.corrected_month)
        rate_vat = ctx.vat_rate_for_shipment(corrected_last)
        vat = vat_on_top(r.amount, rate_vat)
        basis = _json(
            {
                "corrects": {"period": f"{r.corrected_month:%m.%Y}", "line": r.corrected_line_id},
                "reason": r.reason,
                "source": r.source,
                **r.basis,
            }
        )
        line = (
            len(lines) + 1, RECALCULATION, r.heated_object_id, r.resource, r.component, ADJUSTMENT,
            r.corrected_month, corrected_last, r.quantity, None, r.rate, r.amount, rate_vat, vat.vat, vat.gross,
            r.id, basis,
        )
        lines.append(line)
        texts.append(copy_row(line))
        amount_total += r.amount
        vat_total += vat.vat
    digest = hashlib.md5("".join(texts).encode(), usedforsecurity=False).hexdigest()
    return ContractResult(
        contract, lines, texts, amount_total, vat_total, amount_total + vat_total, digest, [],
        [r.id for r in recalculations],
    )
