"""Debts of a billing period: the obligations a contract's invoice creates, with due dates.

A closed billing period never changes (later corrections come as recalculation lines of a
later period), so the debts of a contract and period are written once: calling again with
the same amount writes nothing; with another amount it is refused.

Negative amounts: advances above the actual cost (ПП 808: "an overpayment is credited to
the next month") and a negative invoice (a recalculation larger than the month's charges)
become an ``ADJUSTMENT`` payment — credit dated the final payment day, allocated like money.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.types import Actor
from core.validation import validated
from subscribers.models import Contract

from ..models import Debt, Payment
from ..terms import TermsReference, load_terms_reference, period_obligations
from .allocation import allocate_contract

ZERO = Decimal("0.00")
CHANGED = (
    "Задолженность по договору № {number} за {period:%m.%Y} уже сформирована на {old} ₽, "
    "а счет теперь на {new} ₽: закрытый период не изменяется, исправление — перерасчетом в текущем периоде"
)


@transaction.atomic
def debts_for_period(
    *, contract: Contract, period: date, amount: Decimal, invoice_id: int | None = None,
    planned_cost: Decimal | None = None, reference: TermsReference | None = None, actor: Actor = None,
) -> list[Debt]:
    """Create the debts of ``contract`` for ``period`` from its invoice ``amount`` (with VAT)."""
    if period.day != 1:
        raise ApplicationError("Период задается первым числом месяца", code="invalid_period", field="period")
    existing = list(Debt.objects.filter(contract=contract, period=period))
    adjustment_key = f"adjustment|{contract.pk}|{period.isoformat()}"
    credited = Payment.objects.filter(bank_key=adjustment_key).values_list("amount", flat=True).first()
    if existing or credited is not None:
        old = sum((d.amount for d in existing), ZERO) - (credited or ZERO)
        if old != amount:
            raise ApplicationError(
                CHANGED.format(number=contract.number, period=period, old=old, new=amount), code="period_closed", field="amount"
            )
        return existing

    reference = reference or load_terms_reference()
    plan = period_obligations(
        contract=contract, period=period, actual_cost=max(amount, ZERO), reference=reference,
        planned_cost=planned_cost,
    )
    debts = []
    for item in plan.obligations:
        if item.amount <= 0:
            continue
        basis = item.norm if not plan.plan_basis or item.kind == Debt.Kind.FINAL else f"{item.norm}; {plan.plan_basis}"
        debt = Debt(
            consumer_id=contract.consumer_id, contract=contract, period=period, kind=item.kind,
            amount=item.amount, due_date=item.due_date, basis=basis[:300], invoice_id=invoice_id,
        )
        validated(debt)
        debts.append(debt)
    Debt.objects.bulk_create(debts)

    credit = plan.overpayment + (-amount if amount < 0 else ZERO)
    if credit > 0:
        final_day = max((o.due_date for o in plan.obligations), default=period)
        adjustment = Payment(
            bank_key=adjustment_key, number=f"корр. {period:%m.%Y}", doc_date=final_day, paid_on=final_day,
            amount=credit, kind=Payment.Kind.ADJUSTMENT, status=Payment.Status.MATCHED,
            consumer_id=contract.consumer_id, contract=contract, periods=[period.isoformat()],
            purpose=f"Превышение начислений за {period:%m.%Y} над фактической стоимостью (зачет в следующий период)",
        )
        validated(adjustment)
        adjustment.save()
    allocate_contract(contract_id=contract.pk)
    record_event(
        action="settlements.debts_created",
        actor=actor,
        target=contract,
        data={
            "period": period.isoformat(), "amount": str(amount), "invoice": invoice_id,
            "planned_cost": str(plan.planned_cost), "plan_basis": plan.plan_basis,
            "debts": [{"kind": d.kind, "amount": str(d.amount), "due_date": d.due_date.isoformat()} for d in debts],
            "credit": str(credit),
        },
    )
    return debts
