"""What the consumer card's analytics show, month by month (reads only).

- volumes of heat (Гкал) and water (м³) billed by method (meter, calculation, contract
  load; recalculations apart as «корректировка»);
- charges with VAT: the month's charges and the recalculations billed in it;
- heat actually billed vs the forecast (``billing.forecast``: the frozen plan or the live
  forecast);
- the status of the consumer's metering units over the months (``metering.selectors``);
- quality events: none yet — quality of supply is a later issue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum

from billing.forecast.selectors import consumer_heat_forecast
from billing.models import ChargeLine, Component, Invoice, Method, month_end
from metering.models import MeteringUnit, UnitStatus
from metering.selectors import unit_status_intervals

if TYPE_CHECKING:
    from subscribers.models import Consumer

ZERO = Decimal("0")
MONTHS = 12
METHOD_ORDER = [Method.METER.value, Method.CALCULATION.value, Method.CONTRACT_LOAD.value, Method.ADJUSTMENT.value]


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class UnitTimeline:
    number: str
    object_code: str
    spans: list[tuple[date, date, str, str]]  # (from, to, status, status label)


@dataclass
class ConsumerAnalytics:
    months: list[date]
    heat_by_method: dict[str, list[Decimal]] = field(default_factory=dict)  # method → Гкал per month
    water_by_method: dict[str, list[Decimal]] = field(default_factory=dict)  # method → м³ per month
    charges: list[Decimal] = field(default_factory=list)  # with VAT, charge lines
    recalculations: list[Decimal] = field(default_factory=list)  # with VAT, recalculation lines
    heat_actual: list[Decimal | None] = field(default_factory=list)
    heat_forecast: list[Decimal | None] = field(default_factory=list)
    units: list[UnitTimeline] = field(default_factory=list)
    quality_events: list[dict] = field(default_factory=list)

    @property
    def has_billing(self) -> bool:
        return any(self.charges) or any(self.recalculations)


def last_month(consumer: Consumer) -> date | None:
    latest = Invoice.objects.filter(consumer=consumer).order_by("-period__month").values_list(
        "period__month", flat=True).first()
    return latest


def consumer_analytics(consumer: Consumer, *, months: int = MONTHS, end: date | None = None) -> ConsumerAnalytics:
    end = end or last_month(consumer)
    if end is None:
        return ConsumerAnalytics(months=[])
    month_list = [add_months(end, -n) for n in range(months - 1, -1, -1)]
    index = {m: i for i, m in enumerate(month_list)}
    result = ConsumerAnalytics(months=month_list)
    heat: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * len(month_list))
    water: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * len(month_list))
    charges, recalculations = [ZERO] * len(month_list), [ZERO] * len(month_list)
    billed = [False] * len(month_list)
    rows = (
        ChargeLine.objects.filter(invoice__consumer=consumer, invoice__period__month__in=month_list)
        .values("invoice__period__month", "kind", "component", "method")
        .annotate(quantity=Sum("quantity"), total=Sum("amount_with_vat"))
    )
    for row in rows:
        i = index[row["invoice__period__month"]]
        billed[i] = True
        recalculation = row["kind"] == ChargeLine.Kind.RECALCULATION
        method = Method.ADJUSTMENT.value if recalculation else row["method"]
        quantity = row["quantity"] or ZERO
        if row["component"] == Component.ENERGY:
            heat[method][i] += quantity
        elif row["component"] == Component.WATER:
            water[method][i] += quantity
        (recalculations if recalculation else charges)[i] += row["total"] or ZERO
    result.heat_by_method = {m: heat[m] for m in METHOD_ORDER if m in heat}
    result.water_by_method = {m: water[m] for m in METHOD_ORDER if m in water}
    result.charges, result.recalculations = charges, recalculations
    result.heat_actual = [
        sum((heat[m][i] for m in heat if m != Method.ADJUSTMENT), ZERO) if billed[i] else None
        for i in range(len(month_list))
    ]
    forecast = consumer_heat_forecast(consumer, month_list)
    result.heat_forecast = [forecast.get(m) for m in month_list]
    first, last = month_list[0], month_end(month_list[-1])
    for unit in MeteringUnit.objects.filter(heated_object__consumer=consumer).select_related(
            "heated_object").prefetch_related("status_changes").order_by("heated_object__code", "number"):
        spans = [(s.start, s.end, s.status, UnitStatus(s.status).label)
                 for s in unit_status_intervals(unit, first, last)]
        result.units.append(UnitTimeline(number=unit.number, object_code=unit.heated_object.code, spans=spans))
    return result
