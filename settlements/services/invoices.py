"""Debts from billing's invoices: once a billing period is closed its invoices are final,
and each becomes the debts of its contract for that month (``debts_for_period``).

Run by the beat job ``settlements-debts-from-invoices`` (hourly) and after nothing else:
billing does not know settlements (dependencies point one way), so settlements looks for
closed periods' invoices that have no debts yet. Idempotent: an invoice with debts (or
with its credit, for a negative month) is not taken again.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from billing.models import BillingPeriod, Invoice
from core.types import Actor

from ..models import Debt
from ..terms import load_terms_reference
from .debts import debts_for_period

BATCH = 2000


def pending_invoices() -> QuerySet[Invoice]:
    """Invoices of closed periods whose contract has no debts for that month yet."""
    has_debts = Debt.objects.filter(contract_id=OuterRef("contract_id"), period=OuterRef("period__month"))
    return (
        Invoice.objects.filter(period__status=BillingPeriod.Status.CLOSED)
        .exclude(Exists(has_debts))
        .select_related("period", "contract")
        .order_by("period__month", "pk")
    )


def debts_from_invoices(*, actor: Actor = None, limit: int = BATCH) -> int:
    """Create the debts of up to ``limit`` pending invoices; returns how many were taken.

    Each invoice is its own transaction (``debts_for_period``), so one refused invoice
    (say, a changed amount) does not hold back the others; it stays pending and visible.
    """
    reference = load_terms_reference()
    taken = 0
    for invoice in pending_invoices()[:limit]:
        debts_for_period(
            contract=invoice.contract, period=invoice.period.month, amount=invoice.amount_with_vat,
            invoice_id=invoice.pk, reference=reference, actor=actor,
        )
        taken += 1
    return taken
