"""Acknowledgements of debts (limitation, ГК РФ ст. 203): recorded by hand or from a signed
settlements reconciliation act."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from settlements.models import Debt, Payment

from ..models import DebtAcknowledgement
from ._common import _no_future

if TYPE_CHECKING:
    from reconciliation.models import SettlementsReconciliation


@transaction.atomic
def acknowledgement_record(*, debt: Debt, kind: str, acknowledged_on: date, basis: str, actor: Actor,
                           payment: Payment | None = None) -> DebtAcknowledgement:
    """The debtor acknowledged ``debt`` (ГК РФ ст. 203): the limitation runs anew from ``acknowledged_on``."""
    require(actor, "casefiles.add_debtacknowledgement")
    if kind not in DebtAcknowledgement.Kind.values:
        raise ApplicationError(f"Неизвестный вид признания долга «{kind}»", code="invalid_choice", field="kind")
    _no_future(acknowledged_on, "acknowledged_on", "Дата признания долга")
    if payment is not None and payment.paid_on != acknowledged_on:
        raise ApplicationError("Дата признания — дата платежа", code="date_order", field="acknowledged_on")
    item = validated(DebtAcknowledgement(debt=debt, kind=kind, acknowledged_on=acknowledged_on, payment=payment,
                                         basis=basis.strip(), recorded_by=actor))
    item.save()
    record_event(action="debt.acknowledged", actor=actor, target=debt, data={
        "acknowledgement": item.pk, "kind": kind, "acknowledged_on": acknowledged_on, "basis": item.basis,
        "payment": payment.pk if payment else None})
    return item


def reconciliation_acknowledge(*, act: SettlementsReconciliation, actor: Actor) -> list[DebtAcknowledgement]:
    """A settlements reconciliation act signed by an authorised person acknowledges the
    contract's debts outstanding at the act's end (ГК РФ ст. 203): one acknowledgement per debt,
    dated the day of signing, so the case files count the limitation from it. An act signed
    without proven authority acknowledges nothing. Idempotent (one per debt and act)."""
    from reconciliation.models import Status
    from settlements.selectors import debts_with_balance

    require(actor, "reconciliation.conduct_settlements_reconciliation")
    signed_on, document = act.returned_on, act.document
    if act.status != Status.SIGNED or not act.interrupts_limitation or signed_on is None or document is None:
        return []
    basis = (f"Акт сверки взаимных расчетов № {document.number} за {act.date_from:%d.%m.%Y}–{act.date_to:%d.%m.%Y}, "
             f"подписан {act.signer_position} {act.signer_name} {signed_on:%d.%m.%Y}")[:300]
    if act.authority_basis == "poa":
        basis = f"{basis} по доверенности № {act.poa_number}"[:300]
    made = []
    with transaction.atomic():
        for debt in debts_with_balance(as_of=act.date_to, contract=act.contract).filter(due_date__lte=act.date_to):
            if debt.outstanding <= 0 or DebtAcknowledgement.objects.filter(
                    debt=debt, kind=DebtAcknowledgement.Kind.RECONCILIATION, acknowledged_on=signed_on).exists():
                continue
            item = validated(DebtAcknowledgement(debt=debt, kind=DebtAcknowledgement.Kind.RECONCILIATION,
                                                 acknowledged_on=signed_on, basis=basis, recorded_by=actor))
            item.save()
            record_event(action="debt.acknowledged", actor=actor, target=debt, data={
                "acknowledgement": item.pk, "kind": item.kind, "acknowledged_on": signed_on, "basis": basis,
                "reconciliation": act.pk})
            made.append(item)
    return made
