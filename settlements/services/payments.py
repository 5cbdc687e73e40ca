"""Resolving an unmatched payment by hand (a billing specialist), audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from subscribers.models import Contract

from ..models import Payment
from .allocation import allocate_contract

RESOLVE_PERMISSION = "settlements.change_payment"
ALREADY_MATCHED = "Платеж № {number} уже разнесен"
NO_CONTRACT = "Укажите договор, к которому относится платеж"


@transaction.atomic
def payment_resolve(
    *, payment: Payment, contract: Contract | None, actor: Actor, kind: str | None = None,
    periods: list[date] | None = None, note: str = "",
) -> Payment:
    """Attach an unmatched payment to a contract (and so its consumer), then allocate it.

    ``kind`` may correct the payment's kind (heat / penalty); ``periods`` replace the periods
    read from the purpose (empty list: allocate to the earliest debts).
    """
    require(actor, RESOLVE_PERMISSION)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.UNMATCHED:
        raise ApplicationError(ALREADY_MATCHED.format(number=payment.number), code="already_matched", field="payment")
    if contract is None:
        raise ApplicationError(NO_CONTRACT, code="required", field="contract")
    if kind is not None and kind not in (Payment.Kind.PRINCIPAL, Payment.Kind.PENALTY):
        raise ApplicationError(f"Неизвестный вид платежа «{kind}»", code="invalid_choice", field="kind")
    before = {"consumer": payment.consumer_id, "contract": payment.contract_id, "kind": payment.kind,
              "periods": list(payment.periods), "reason": payment.unmatched_reason}
    payment.contract = contract
    payment.consumer = contract.consumer
    if kind is not None:
        payment.kind = kind
    if periods is not None:
        payment.periods = [p.replace(day=1).isoformat() for p in periods]
    payment.status = Payment.Status.MATCHED
    payment.matched_manually = True
    payment.resolved_by = actor
    payment.unmatched_reason = ""
    validated(payment)
    payment.save()
    allocate_contract(contract_id=contract.pk)
    record_event(
        action="settlements.payment_resolved",
        actor=actor,
        target=payment,
        data={
            "payment": payment.pk, "number": payment.number, "amount": str(payment.amount),
            "before": before, "contract": contract.pk, "contract_number": contract.number,
            "kind": payment.kind, "periods": payment.periods, "note": note,
        },
    )
    return payment
