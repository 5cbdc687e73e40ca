"""Reads of the forecast that other areas use.

- ``planned_monthly_cost(contract, month)``: the planned cost with VAT behind the ПП 808
  advances (settlements); the frozen plan of the month when there is one, else the
  forecast computed now; ``None`` when no complete forecast can be made (settlements
  then falls back to the actual cost, as its ``terms.planned_monthly_cost`` records);
- ``contract_plan(contract, month)``: the frozen plan (or the live forecast) with its lines;
- ``consumer_heat_forecast(consumer, months)``: Гкал per month over the consumer's
  contracts (the consumer card's chart of actual vs forecast).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from subscribers.models import Consumer, Contract, HeatedObject

from .climate import ClimateCache
from .compute import ContractForecast, ForecastLine, contract_forecast, preload_history
from .models import ConsumptionPlan


def _first(month: date) -> date:
    return month.replace(day=1)


def _from_plan(plan: ConsumptionPlan) -> ContractForecast:
    lines = [
        ForecastLine(**{**row, **{k: Decimal(row[k]) for k in (
            "quantity", "rate", "amount", "vat_rate", "vat_amount", "amount_with_vat")}})
        for row in plan.lines
    ]
    return ContractForecast(contract_id=plan.contract_id, month=plan.month, lines=lines, frozen=True)


def contract_plan(contract: Contract, month: date, *, cache: ClimateCache | None = None,
                  plans: dict[tuple[int, date], ConsumptionPlan] | None = None) -> ContractForecast:
    """``plans``: the frozen plans already read, by (contract id, month) — none read here then."""
    month = _first(month)
    if plans is not None:
        plan = plans.get((contract.pk, month))
    else:
        plan = ConsumptionPlan.objects.filter(contract=contract, month=month).first()
    if plan is not None:
        return _from_plan(plan)
    return contract_forecast(contract, month, cache=cache)


def planned_monthly_cost(contract: Contract, month: date) -> Decimal | None:
    """The planned monthly cost with VAT of ``contract`` for the month of ``month``."""
    month = _first(month)
    frozen = ConsumptionPlan.objects.filter(contract=contract, month=month).values_list(
        "amount_with_vat", flat=True).first()
    if frozen is not None:
        return frozen
    forecast = contract_forecast(contract, month)
    if not forecast.complete or not forecast.lines:
        return None
    return forecast.amount_with_vat


def consumer_heat_forecast(consumer: Consumer, months: list[date]) -> dict[date, Decimal | None]:
    """Forecast heat energy (Гкал) of the consumer per month; None where incomplete."""
    cache = ClimateCache()
    # a fixed number of queries whatever the contracts, objects and months: the objects with
    # their sections and loads, the frozen plans and the charge history read once for all
    covered = HeatedObject.objects.select_related("network_section").prefetch_related("loads").order_by("code")
    contracts = list(Contract.objects.filter(consumer=consumer).exclude(status=Contract.Status.DRAFT)
                     .prefetch_related(Prefetch("objects_covered", queryset=covered)))
    months = [_first(m) for m in months]
    plans = {(p.contract_id, p.month): p for p in ConsumptionPlan.objects.filter(
        contract__in=[c.pk for c in contracts], month__in=months)}
    if months:
        preload_history({o.pk for c in contracts for o in c.objects_covered.all()}, min(months), max(months), cache)
    result: dict[date, Decimal | None] = {}
    for month in months:
        total, known = Decimal("0"), bool(contracts)
        for contract in contracts:
            if contract.valid_from > month or (contract.valid_to and contract.valid_to < month):
                continue
            forecast = contract_plan(contract, month, cache=cache, plans=plans)
            if not forecast.complete:
                known = False
                break
            total += forecast.heat_gcal
        result[month] = total if known else None
    return result
