"""What billing centres receive: per period and consumer, volumes by resource and method,
the supply mode, quality deviations and the charges (reads only).

A *record* is one consumer in one billing period: its contracts' invoices with

- ``volumes``: quantities summed per object, resource, component (energy Гкал, water м³,
  capacity Гкал/ч) and method (meter, calculation, contract load, adjustment);
- ``supply_mode``: per object, the heating-season days of the period and the contract's
  status; ``restrictions``: the interruptions and restrictions of supply of the object that
  overlap the period (rows the supply area provides: ``billing.export.supply``);
- ``quality_deviations``: the approved breaches of quality (ПП 354 прил. 1) of the contract's
  objects that overlap the period, each with its act and the reduction queued;
- ``charges``: every charge line (volume, rate, amount, VAT, amount with VAT, method,
  what a recalculation corrects, the line's basis).

The consumer's name of a closed period is the one it had when the period was closed (from
the register's history): a later rename does not rewrite what was billed.

Decimals are strings (exact), dates ISO 8601. The same records feed the API, the JSON
file, and (flattened) the CSV and XLSX files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Max, Q, QuerySet

from billing.basis import basis_text
from billing.models import UNIT_OF_COMPONENT, BillingPeriod, ChargeLine, Invoice
from core import bounds
from metering.selectors import heating_season_days, object_city
from subscribers.selectors import consumer_name_at

from ..invoices.documents import OKEI
from .supply import QUALITY, SUPPLY_MODE, supply_rows

ZERO = Decimal("0")
BATCH = 200  # records built per round of queries


def parse_period(value: str) -> date:
    """``2026-01`` (exactly ГГГГ-ММ, 2000…2100) → the first day of that month."""
    return bounds.period(value, field="period")


def invoices(*, period: date | None = None, consumer: str | None = None,
             updated_since: datetime | None = None) -> QuerySet[Invoice]:
    """Invoices to export: of a month (``period`` — its first day), of a consumer (its code
    or ИНН), changed since a moment."""
    qs = Invoice.objects.all()
    if period is not None:
        qs = qs.filter(period__month=period)
    if consumer:
        qs = qs.filter(Q(consumer__code=consumer) | Q(consumer__inn=consumer))
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs


def record_keys(qs: QuerySet[Invoice]) -> QuerySet:
    """``(period_id, consumer_id, updated)`` of each record, by month and consumer code."""
    return (
        qs.values("period_id", "consumer_id")
        .annotate(updated=Max("updated_at"))
        .order_by("period__month", "consumer__code", "consumer_id")
    )


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


THOUSANDTH = Decimal("0.001")


def _quantity(value: Decimal | None, component: str) -> str | None:
    """Гкал and м³ with three decimals (they are rounded so), Гкал/ч as stored."""
    if value is None:
        return None
    return _decimal(value if component == "capacity" else value.quantize(THOUSANDTH))


@dataclass(frozen=True)
class Key:
    period_id: int
    consumer_id: int


class SeasonDays:
    """Heating-season days of a city in a period, read once per city and period."""

    def __init__(self):
        self._cache: dict[tuple[str, int], list[date]] = {}

    def of(self, city: str, period: BillingPeriod) -> list[date]:
        key = (city, period.pk)
        if key not in self._cache:
            self._cache[key] = heating_season_days(city, period.first_day, period.last_day)
        return self._cache[key]


def _ranges(days: list[date]) -> list[list[str]]:
    ranges: list[list[date]] = []
    for day in sorted(days):
        if ranges and (day - ranges[-1][1]).days == 1:
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    return [[a.isoformat(), b.isoformat()] for a, b in ranges]


def _line(line: ChargeLine) -> dict:
    recalculation = line.recalculation
    return {
        "position": line.position,
        "kind": line.kind,
        "object": line.heated_object.code if line.heated_object else None,
        "resource": line.resource,
        "component": line.component,
        "method": line.method,
        "date_from": line.date_from.isoformat(),
        "date_to": line.date_to.isoformat(),
        "quantity": _quantity(line.quantity, line.component),
        "unit": UNIT_OF_COMPONENT[line.component],
        "okei": OKEI[line.component][0],
        "rate": _decimal(line.rate),
        "amount": _decimal(line.amount),
        "vat_rate": _decimal(line.vat_rate),
        "vat_amount": _decimal(line.vat_amount),
        "amount_with_vat": _decimal(line.amount_with_vat),
        "corrects": (
            {"period": f"{recalculation.corrected_period.month:%Y-%m}", "reason": recalculation.reason,
             "source": recalculation.source}
            if recalculation is not None else None
        ),
        "basis": line.basis,
        "basis_text": basis_text(line),
    }


def _volumes(lines: list[ChargeLine]) -> list[dict]:
    sums: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    days: dict[tuple, set] = defaultdict(set)
    for line in lines:
        if line.quantity is None:
            continue
        key = (line.heated_object.code if line.heated_object else None, line.resource, line.component, line.method)
        sums[key] += line.quantity
        if line.kind == ChargeLine.Kind.CHARGE:
            days[key].add((line.date_from, line.date_to))
    return [
        {"object": obj, "resource": resource, "component": component, "method": method,
         "quantity": _quantity(quantity, component), "unit": UNIT_OF_COMPONENT[component], "okei": OKEI[component][0],
         "days": sum((b - a).days + 1 for a, b in days[(obj, resource, component, method)])}
        for (obj, resource, component, method), quantity in sums.items()
    ]


def _supply_mode(invoice: Invoice, lines: list[ChargeLine], seasons: SeasonDays, rows: dict) -> list[dict]:
    objects = {}
    for line in lines:
        if line.heated_object is not None:
            objects.setdefault(line.heated_object.pk, line.heated_object)
    result = []
    for obj in objects.values():
        days = seasons.of(object_city(obj), invoice.period)
        result.append({
            "object": obj.code,
            "address": obj.address,
            "contract_status": invoice.contract.status,
            "heating_days": len(days),
            "heating_periods": _ranges(days),
            "restrictions": rows.get((obj.pk, SUPPLY_MODE), []),
        })
    return result


def _totals(items: Iterable) -> dict:
    amount = vat = total = ZERO
    for item in items:
        amount += item.amount
        vat += item.vat_amount
        total += item.amount_with_vat
    return {"amount": _decimal(amount), "vat_amount": _decimal(vat), "amount_with_vat": _decimal(total)}


def build_records(keys: list[Key]) -> list[dict]:
    """The records of ``keys``, in their order (a few queries per call, whatever its size)."""
    if not keys:
        return []
    wanted = {(k.period_id, k.consumer_id) for k in keys}
    chosen = [
        inv for inv in Invoice.objects.filter(
            period_id__in={k.period_id for k in keys}, consumer_id__in={k.consumer_id for k in keys}
        ).select_related("period", "contract", "consumer")
        .annotate(billed_name=consumer_name_at("consumer", "period__closed_at")).order_by("contract__number")
        if (inv.period_id, inv.consumer_id) in wanted
    ]
    lines_of: dict[int, list[ChargeLine]] = defaultdict(list)
    for line in (
        ChargeLine.objects.filter(invoice_id__in=[inv.pk for inv in chosen])
        .select_related("heated_object", "heated_object__network_section", "recalculation",
                        "recalculation__corrected_period")
        .order_by("invoice_id", "position")
    ):
        lines_of[line.invoice_id].append(line)
    by_key: dict[tuple, list[Invoice]] = defaultdict(list)
    for inv in chosen:
        by_key[(inv.period_id, inv.consumer_id)].append(inv)
    seasons = SeasonDays()
    supply: dict[int, dict] = {}  # period id → (object id, section) → rows
    for inv in chosen:
        supply.setdefault(inv.period_id, {"period": inv.period, "objects": set()})["objects"].update(
            line.heated_object_id for line in lines_of.get(inv.pk, []) if line.heated_object_id)
    supply_of = {
        period_id: supply_rows(first_day=entry["period"].first_day, last_day=entry["period"].last_day,
                               object_ids=entry["objects"])
        for period_id, entry in supply.items()
    }
    records = []
    for key in keys:
        group = by_key.get((key.period_id, key.consumer_id), [])
        if not group:
            continue
        period, consumer = group[0].period, group[0].consumer
        contracts = []
        for inv in group:
            lines = lines_of.get(inv.pk, [])
            rows = supply_of.get(inv.period_id, {})
            objects = list(dict.fromkeys(line.heated_object_id for line in lines if line.heated_object_id))
            contracts.append({
                "number": inv.contract.number,
                "signed_on": inv.contract.signed_on.isoformat(),
                "invoice_id": inv.pk,
                "shipment_date": inv.shipment_date.isoformat(),
                "volumes": _volumes(lines),
                "supply_mode": _supply_mode(inv, lines, seasons, rows),
                "quality_deviations": [row for pk in objects for row in rows.get((pk, QUALITY), [])],
                "charges": [_line(line) for line in lines],
                "totals": _totals([inv]),
                "updated_at": inv.updated_at.isoformat(),
            })
        records.append({
            "period": f"{period.month:%Y-%m}",
            "period_status": period.status,
            "consumer": {
                "code": consumer.code, "name": group[0].billed_name, "inn": consumer.inn, "kpp": consumer.kpp,
                "kind": consumer.kind,
            },
            "updated_at": max(inv.updated_at for inv in group).isoformat(),
            "contracts": contracts,
            "totals": _totals(group),
        })
    return records


def iter_records(qs: QuerySet[Invoice]) -> Iterator[dict]:
    """Every record of ``qs``, built batch by batch (for the files of a whole period)."""
    batch: list[Key] = []
    for row in record_keys(qs).iterator(chunk_size=2000):
        batch.append(Key(row["period_id"], row["consumer_id"]))
        if len(batch) >= BATCH:
            yield from build_records(batch)
            batch = []
    yield from build_records(batch)
