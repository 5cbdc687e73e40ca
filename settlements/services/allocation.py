"""Allocation of payments to debts (ГК РФ ст. 319.1) and the credit carried forward.

For one contract, payments with money not yet allocated are taken in order of their date;
each goes

1. to the debts of the period(s) named in its purpose, earliest due first (ст. 319.1 п. 1:
   the debtor names the obligation) — while a named period is not yet billed (no debts
   for it yet, and no later period billed), the rest waits for it as credit of that period;
2. then to the open debts with the earliest due date first (ст. 319.1 п. 3), including
   debts not yet due (a prepayment);
3. what is left is credit (overpayment), carried forward to the debts that appear later
   (ПП 808: an overpayment is credited to the next month).

Each allocation keeps the payment's date: a debt settled from credit paid before its due
date is on time, so no penalty accrues on it. Allocations are never rewritten: a payment
found later is allocated to what is still open at that time. Penalty payments are not
allocated to debts for heat (they settle penalties); unmatched ones wait in the queue.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db import transaction
from django.db.models import DecimalField, Max, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core.validation import validated
from subscribers.models import Contract

from ..models import Allocation, Debt, Payment, PenaltyPending

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class Paid(TypedDict):
        paid: Decimal

    class Allocated(TypedDict):
        allocated: Decimal

ZERO = Decimal("0.00")
RULE_NAMED = "ГК РФ ст. 319.1 п. 1: период {period} указан в назначении платежа"
RULE_EARLIEST = "ГК РФ ст. 319.1 п. 3: обязательство с ранее наступившим сроком"
ALLOCATED_KINDS = (Payment.Kind.PRINCIPAL, Payment.Kind.ADJUSTMENT)


def _sum_of(model: type[Allocation], field_name: str, outer: str = "pk") -> Coalesce:
    return Coalesce(
        Subquery(
            model.objects.filter(**{field_name: OuterRef(outer)})
            .values(field_name)
            .annotate(total=Sum("amount"))
            .values("total")
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def open_debts(contract_id: int) -> QuerySet[WithAnnotations[Debt, Paid]]:
    """Debts of a contract with something still to pay, earliest due first."""
    return (
        Debt.objects.filter(contract_id=contract_id)
        .annotate(paid=_sum_of(Allocation, "debt"))
        .order_by("due_date", "period", "id")
    )


def payments_with_credit(contract_id: int) -> QuerySet[WithAnnotations[Payment, Allocated]]:
    """Matched payments of a contract that still have money to allocate, oldest first."""
    return (
        Payment.objects.filter(contract_id=contract_id, status=Payment.Status.MATCHED, kind__in=ALLOCATED_KINDS)
        .annotate(allocated=_sum_of(Allocation, "payment"))
        .order_by("paid_on", "id")
    )


@transaction.atomic
def allocate_contract(*, contract_id: int) -> list[Allocation]:
    """Allocate every payment of the contract that has money left; returns the new allocations.

    Idempotent: with nothing left to allocate (or no open debt) it writes nothing. The
    contract row is locked so two imports never allocate the same money twice.
    """
    Contract.objects.select_for_update().filter(pk=contract_id).first()
    debts = [d for d in open_debts(contract_id) if d.amount > d.paid]
    payments = [p for p in payments_with_credit(contract_id) if p.amount > p.allocated]
    if not debts or not payments:
        return []
    # A period's debts are created together from its invoice, so any debt marks it billed.
    billed_periods = set(Debt.objects.filter(contract_id=contract_id).values_list("period", flat=True))
    open_left = {d.pk: d.amount - d.paid for d in debts}
    new: list[Allocation] = []

    def take(payment: Payment, debt: Debt, money: Decimal, rule: str) -> Decimal:
        part = min(money, open_left[debt.pk])
        if part <= 0:
            return money
        open_left[debt.pk] -= part
        new.append(Allocation(payment=payment, debt=debt, consumer_id=debt.consumer_id, amount=part,
                              paid_on=payment.paid_on, rule=rule))
        return money - part

    for payment in payments:
        money = payment.amount - payment.allocated
        waiting = False
        for iso in payment.periods or []:
            period = date.fromisoformat(iso)
            for debt in debts:
                if debt.period == period and money > 0:
                    money = take(payment, debt, money, RULE_NAMED.format(period=f"{period:%m.%Y}"))
            if money > 0 and period not in billed_periods and period >= _latest(billed_periods):
                waiting = True  # the named month is not billed yet: keep the rest for it
        if waiting:
            continue
        for debt in debts:
            if money <= 0:
                break
            money = take(payment, debt, money, RULE_EARLIEST)
    for allocation in new:
        validated(allocation, exclude=["payment", "debt", "consumer"])
    created = Allocation.objects.bulk_create(new)
    PenaltyPending.objects.bulk_create(PenaltyPending(allocation=a, consumer_id=a.consumer_id) for a in created)
    settled = [d for d in debts if open_left[d.pk] == 0]
    if settled:
        last_paid = {
            row["debt_id"]: row["last"]
            for row in Allocation.objects.filter(debt__in=settled).values("debt_id").annotate(last=Max("paid_on"))
        }
        for debt in settled:
            debt.settled_on = last_paid[debt.pk]
        Debt.objects.bulk_update(settled, ["settled_on"])
    return created


def _latest(periods: set[date]) -> date:
    return max(periods) if periods else date.min


def contract_credit(contract_id: int) -> Decimal:
    """Money received on the contract and not allocated to any debt (overpayment)."""
    return sum(
        (p.amount - p.allocated for p in payments_with_credit(contract_id) if p.amount > p.allocated), ZERO
    )
