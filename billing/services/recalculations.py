"""Recalculations: the interface other modules (quality, metering, billing itself) call to
queue a correction for the current period, naming what it corrects.

A queued recalculation waits for the run of the current open period, which turns it into
a recalculation line of the contract's invoice; VAT on it is taken at the rate of the
corrected period's shipment date. A closed period is never edited: a correction of it is
always such a line in a later period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.types import Actor
from core.validation import validated
from subscribers.models import Contract, HeatedObject

from ..models import BillingPeriod, ChargeLine, Component, Recalculation, RefusedRecalculation, Resource

if TYPE_CHECKING:
    from django.db.models import Model

    from metering.models import MeteringUnit, Reading

# Sources of the recalculations ``recalculation_recompute`` queues: by hand («Пересчитать
# закрытый период»), after a late reading (``recalculation_for_late_reading``) and after an
# accepted act of unmetered consumption made a unit faulty (``recalculation_for_unit_status``).
RECOMPUTED = ("billing", "metering", "inspections")
PERIOD_OVER = "Перерасчет уже отражен в закрытом периоде {month:%m.%Y} и не отменяется"


def current_period() -> BillingPeriod | None:
    """The open period the next run bills: the earliest open one."""
    return BillingPeriod.objects.filter(status=BillingPeriod.Status.OPEN).order_by("month").first()


@transaction.atomic
def recalculation_queue(
    *,
    contract: Contract,
    corrected_period: BillingPeriod,
    resource: str,
    component: str,
    amount: Decimal,
    reason: str,
    source: str,
    actor: Actor = None,
    heated_object: HeatedObject | None = None,
    corrected_line: ChargeLine | None = None,
    quantity: Decimal | None = None,
    rate: Decimal | None = None,
    basis: dict | None = None,
) -> Recalculation:
    """Queue a correction of ``corrected_period`` (± ``amount`` without VAT) for the current
    open period; the next run of that period bills it. ``reason`` is what the invoice shows
    (e.g. "снижение платы за отопление: перерыв 40 ч, ПП 354 прил. 1 п. 14"); ``source`` names
    the calling module; ``basis`` carries the numbers behind it."""
    corrected_period = BillingPeriod.objects.get(pk=corrected_period.pk)  # the caller's copy may be stale
    if resource not in Resource.values:
        raise ApplicationError(f"Неизвестный ресурс «{resource}»", code="invalid_choice", field="resource")
    if component not in Component.values:
        raise ApplicationError(f"Неизвестная составляющая «{component}»", code="invalid_choice", field="component")
    if corrected_line is not None and corrected_line.invoice.contract_id != contract.pk:
        raise ApplicationError(
            "Корректируемая строка относится к другому договору", code="foreign_object", field="corrected_line"
        )
    recalculation = Recalculation(
        contract=contract,
        heated_object=heated_object,
        resource=resource,
        component=component,
        corrected_period=corrected_period,
        corrected_line=corrected_line,
        period=current_period(),
        source=source,
        reason=reason,
        quantity=quantity,
        rate=rate,
        amount=amount,
        basis=basis or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    validated(recalculation)
    recalculation.save()
    record_event(
        action="billing.recalculation.queued", actor=actor, target=recalculation,
        data={
            "contract": contract.pk, "corrected_period": f"{corrected_period.month:%m.%Y}",
            "corrected_line": corrected_line.pk if corrected_line else None, "amount": amount,
            "reason": reason, "source": source,
        },
    )
    return recalculation


@transaction.atomic
def recalculation_cancel(*, recalculation: Recalculation, actor: Actor) -> Recalculation:
    """Withdraw a queued recalculation before its period closes (the next run drops its line)."""
    recalculation = Recalculation.objects.select_for_update().get(pk=recalculation.pk)
    if recalculation.cancelled_at:
        raise ApplicationError(
            f"Перерасчет уже отменен {timezone.localtime(recalculation.cancelled_at):%d.%m.%Y %H:%M}",
            code="already_cancelled", field="recalculation"
        )
    if recalculation.period_id and recalculation.period.is_closed:  # type: ignore[union-attr]  # period_id checked
        raise ApplicationError(PERIOD_OVER.format(month=recalculation.period.month), code="period_closed", field="recalculation")  # type: ignore[union-attr]  # period_id checked
    recalculation.cancelled_at = timezone.now()
    recalculation.save(update_fields=["cancelled_at"])
    record_event(action="billing.recalculation.cancelled", actor=actor, target=recalculation)
    return recalculation


@transaction.atomic
def recalculation_recompute(
    *, contract: Contract, period: BillingPeriod, actor: Actor, reason: str, source: str = "billing"
) -> list[Recalculation]:
    """Bill a closed period of one contract again with today's inputs (a late reading, a
    corrected load or temperature) and queue the differences for the current period: one
    recalculation per object, resource and component that changed, naming the line it
    corrects. The closed period itself stays as it was.

    What the period was billed counts its earlier recomputations too (``RECOMPUTED``, not
    cancelled, billed or still queued), so recomputing again with unchanged inputs queues
    nothing, and a second late reading queues only its own difference. Corrections of other
    modules (quality reductions) are not a recomputation's to repeat and are left out."""
    if source not in RECOMPUTED:
        raise ValueError(f"a recomputation's source is one of {RECOMPUTED}, not {source!r}")
    from ..run.compute import LINE_COLUMNS, bill_contract
    from ..run.inputs import load_chunk, load_context

    period = BillingPeriod.objects.get(pk=period.pk)
    if not period.is_closed:
        raise ApplicationError(
            "Открытый период пересчитывается повторным расчетом, а не перерасчетом", code="period_open", field="period"
        )
    ctx = load_context(0, period)
    chunk = load_chunk(ctx, period, contract.consumer_id - 1, contract.consumer_id)
    rows = [c for c in chunk.contracts if c.id == contract.pk]
    if not rows:
        raise ApplicationError(f"Договор № {contract.number} не начислялся за {period}", code="not_billed", field="contract")
    chunk.recalculations = {}
    result = bill_contract(ctx, chunk, rows[0])
    if result.problems:
        raise ApplicationError(
            "Пересчет невозможен: " + "; ".join(p.message for p in result.problems), code="calculation_problems", field="contract"
        )
    col = {name: n for n, name in enumerate(LINE_COLUMNS)}
    fresh: dict[tuple, dict] = {}
    for line in result.lines:
        key = (line[col["heated_object"]], line[col["resource"]], line[col["component"]])
        entry = fresh.setdefault(key, {"quantity": Decimal("0"), "amount": Decimal("0"), "rate": line[col["rate"]]})
        entry["quantity"] += line[col["quantity"]]
        entry["amount"] += line[col["amount"]]
    stored: dict[tuple, dict] = {}
    for line in ChargeLine.objects.filter(
        invoice__period=period, invoice__contract=contract, kind=ChargeLine.Kind.CHARGE
    ).order_by("position"):
        key = (line.heated_object_id, line.resource, line.component)
        entry = stored.setdefault(key, {"quantity": Decimal("0"), "amount": Decimal("0"), "line": line, "rate": line.rate})
        entry["quantity"] += line.quantity
        entry["amount"] += line.amount
    for earlier in Recalculation.objects.filter(
        contract=contract, corrected_period=period, source__in=RECOMPUTED, cancelled_at__isnull=True
    ):
        key = (earlier.heated_object_id, earlier.resource, earlier.component)
        entry = stored.setdefault(key, {"quantity": Decimal("0"), "amount": Decimal("0"), "line": None, "rate": None})
        entry["quantity"] += earlier.quantity or Decimal("0")
        entry["amount"] += earlier.amount
    RefusedRecalculation.objects.filter(corrected_period=period, contract=contract, resolved_at=None).update(
        resolved_at=timezone.now()
    )
    queued = []
    for key in sorted(set(fresh) | set(stored), key=str):
        new = fresh.get(key, {"quantity": Decimal("0"), "amount": Decimal("0"), "rate": None})
        old = stored.get(key, {"quantity": Decimal("0"), "amount": Decimal("0"), "line": None, "rate": None})
        if new["quantity"] == old["quantity"] and new["amount"] == old["amount"]:
            continue
        object_id, resource, component = key
        queued.append(
            recalculation_queue(
                contract=contract, corrected_period=period, resource=resource, component=component,
                heated_object=HeatedObject.objects.get(pk=object_id) if object_id else None,
                corrected_line=old["line"], quantity=new["quantity"] - old["quantity"],
                rate=new["rate"] or old["rate"], amount=new["amount"] - old["amount"],
                reason=reason, source=source, actor=actor,
                basis={
                    "was": {"quantity": str(old["quantity"]), "amount": str(old["amount"])},
                    "now": {"quantity": str(new["quantity"]), "amount": str(new["amount"])},
                },
            )
        )
    return queued


def recalculation_for_late_reading(*, reading: Reading, actor: Actor) -> list[Recalculation]:
    """A reading accepted for a month billing has closed (metering hook ``reading_accepted``):
    recompute that month for each contract covering the unit's object and queue the
    differences for the current period, which the next run bills. Nothing for a month that
    is still open (its next run takes the reading) or was never billed. Idempotent: accepted
    twice, or recomputed since, nothing more is queued. A contract that cannot be recomputed
    (missing inputs) is left with an audit event ``billing.recalculation.refused`` naming why."""
    from ..run.inputs import billable_contracts

    period = BillingPeriod.objects.filter(month=reading.period, status=BillingPeriod.Status.CLOSED).first()
    if period is None:
        return []
    unit = reading.unit
    contracts = billable_contracts(period).filter(objects_covered=unit.heated_object_id).distinct().order_by("number")
    reason = f"Поступили показания узла учета № {unit.number} за {period.month:%m.%Y}"
    return _recompute_contracts(period=period, contracts=contracts, reason=reason, source="metering", actor=actor,
                                target=reading)


def recalculation_for_unit_status(
    *, unit: MeteringUnit, since: date, reason: str, source: str, actor: Actor, target: Model
) -> list[Recalculation]:
    """A unit's status changed back from ``since`` (an accepted act of unmetered consumption made
    it faulty): recompute every closed month from ``since``'s for each contract covering the
    unit's object and queue the differences for the current period, ``reason`` naming the
    cause. Idempotent as ``recalculation_recompute`` is; a contract that cannot be recomputed
    is left with ``billing.recalculation.refused`` on ``target`` and a refused recalculation."""
    from ..run.inputs import billable_contracts

    queued = []
    periods = BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED, month__gte=since.replace(day=1))
    for period in periods.order_by("month"):
        contracts = billable_contracts(period).filter(objects_covered=unit.heated_object_id).distinct()
        queued += _recompute_contracts(period=period, contracts=contracts.order_by("number"), reason=reason,
                                       source=source, actor=actor, target=target)
    return queued


def _recompute_contracts(
    *, period: BillingPeriod, contracts: Iterable[Contract], reason: str, source: str, actor: Actor, target: Model
) -> list[Recalculation]:
    queued = []
    for contract in contracts:
        try:
            queued += recalculation_recompute(
                contract=contract, period=period, actor=actor, reason=reason, source=source
            )
        except ApplicationError as exc:
            record_event(
                action="billing.recalculation.refused", actor=actor, target=target,
                data={"contract": contract.pk, "corrected_period": f"{period.month:%m.%Y}", "error": exc.message},
            )
            # a billing problem on the period's pages until a recalculation succeeds
            RefusedRecalculation.objects.update_or_create(
                corrected_period=period, contract=contract, resolved_at=None,
                defaults={"cause": reason[:500], "reason": exc.message[:1000]},
            )
    return queued
