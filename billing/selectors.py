"""Reads of billing that more than one caller needs (pages, invoices, export, settlements).

- ``period_invoices(period)``: the invoices of a period with contract and consumer;
- ``invoice_lines(invoice)``: its charge lines in order, with object and tariff;
- ``period_lines(period)``: every charge line of a period (export: volumes by resource and
  method, charges);
- ``run_problems(run)``: the bad input a run found, per contract;
- ``current_period()``: the open period the next run bills;
- ``basis_text(line)``: the Russian wording of a line's basis (``billing.basis``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from .basis import basis_text  # noqa: F401 — part of the read interface
from .models import BillingPeriod, BillingProblem, BillingRun, ChargeLine, Invoice, RefusedRecalculation
from .services.recalculations import current_period  # noqa: F401 — part of the read interface


def period_invoices(period: BillingPeriod) -> QuerySet[Invoice]:
    return Invoice.objects.filter(period=period).select_related("contract", "consumer").order_by("contract__number")


def invoice_lines(invoice: Invoice) -> QuerySet[ChargeLine]:
    return invoice.lines.select_related("heated_object", "tariff", "recalculation").order_by("position")


def period_lines(period: BillingPeriod) -> QuerySet[ChargeLine]:
    return (
        ChargeLine.objects.filter(invoice__period=period)
        .select_related("invoice", "invoice__contract", "invoice__consumer", "heated_object")
        .order_by("invoice__consumer_id", "invoice_id", "position")
    )


def last_run(period: BillingPeriod) -> BillingRun | None:
    return period.runs.order_by("-created_at", "-id").first()


def run_problems(run: BillingRun) -> QuerySet[BillingProblem]:
    return (
        BillingProblem.objects.filter(run=run)
        .select_related("contract", "contract__consumer", "heated_object")
        .order_by("contract__number", "id")
    )


def refused_recalculations(period: BillingPeriod) -> QuerySet[RefusedRecalculation]:
    """Automatic recalculations not made and not made since: those of a closed period on its
    page; on an open period's page all of them (their differences would land there)."""
    rows = RefusedRecalculation.objects.filter(resolved_at__isnull=True).select_related(
        "contract__consumer", "corrected_period"
    )
    return rows.filter(corrected_period=period) if period.is_closed else rows

