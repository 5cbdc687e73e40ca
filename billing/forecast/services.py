"""Freezing the month's plans: the planned consumption and cost of every active contract,
computed once when the month starts (a beat job on the 1st) and never changed after.

Contracts whose forecast lacks data are left without a plan (their problems are counted in
the audit event); they get one at the next call once the data is there. Contracts are
processed in transactions of ``CHUNK`` contracts, each with its audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.services import record_event
from billing.models import month_end
from core.types import Actor
from core.validation import validated
from subscribers.models import Contract

from .climate import ClimateCache
from .compute import ForecastLine, contract_forecast
from .models import ConsumptionPlan

CHUNK = 500


@dataclass
class FreezeResult:
    month: date
    frozen: int = 0
    existing: int = 0
    incomplete: dict[str, list[str]] = field(default_factory=dict)  # contract number → problems


def contracts_in_force(month: date) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(status=Contract.Status.ACTIVE, valid_from__lte=month_end(month))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month))
        .order_by("number")
    )


def _line(line: ForecastLine) -> dict[str, Any]:
    return {
        "object_id": line.object_id, "object_code": line.object_code, "resource": line.resource,
        "component": line.component, "method": line.method, "quantity": str(line.quantity), "rate": str(line.rate),
        "amount": str(line.amount), "vat_rate": str(line.vat_rate), "vat_amount": str(line.vat_amount),
        "amount_with_vat": str(line.amount_with_vat), "basis": line.basis,
    }


def plans_freeze(*, month: date, actor: Actor = None) -> FreezeResult:
    """Freeze the plan of ``month`` for every contract in force that has none yet."""
    month = month.replace(day=1)
    result = FreezeResult(month=month)
    cache = ClimateCache()
    have = set(ConsumptionPlan.objects.filter(month=month).values_list("contract_id", flat=True))
    contracts = list(contracts_in_force(month))
    for start in range(0, len(contracts), CHUNK):
        frozen_now = []
        with transaction.atomic():
            for contract in contracts[start:start + CHUNK]:
                if contract.pk in have:
                    result.existing += 1
                    continue
                forecast = contract_forecast(contract, month, cache=cache)
                if not forecast.complete or not forecast.lines:
                    result.incomplete[contract.number] = forecast.problems or ["нет объектов для прогноза"]
                    continue
                plan = ConsumptionPlan(
                    contract=contract, consumer_id=contract.consumer_id, month=month, method=forecast.method,
                    heat_gcal=forecast.heat_gcal, amount=forecast.amount, vat_amount=forecast.vat_amount,
                    amount_with_vat=forecast.amount_with_vat, lines=[_line(x) for x in forecast.lines],
                    created_at=timezone.now(),
                )
                validated(plan, exclude=["contract", "consumer"], validate_constraints=False)
                plan.save()
                frozen_now.append(contract.number)
            if frozen_now:
                record_event(action="billing.forecast.plans_frozen", actor=actor,
                             data={"month": f"{month:%m.%Y}", "contracts": frozen_now})
        result.frozen += len(frozen_now)
    return result
