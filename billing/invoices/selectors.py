"""Reads of the period documents pages: what is issued for each invoice of a period."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet

from billing.models import BillingPeriod, Invoice
from documents.models import PdfRendition

from .models import InvoiceDocument, InvoicePrintout, OutputJob


@dataclass
class InvoiceRow:
    invoice: Invoice
    upd: InvoiceDocument | None
    payment: InvoiceDocument | None

    @property
    def changed_after_issue(self) -> bool:
        """The run rewrote the invoice after its current УПД was issued."""
        issued = [d.issued_at for d in (self.upd, self.payment) if d is not None]
        return bool(issued) and self.invoice.updated_at > min(issued)


def periods_overview() -> QuerySet[BillingPeriod]:
    return BillingPeriod.objects.annotate(
        invoices_count=Count("invoices", distinct=True),
        documents_count=Count("invoice_documents", distinct=True),
    ).order_by("-month")


def _current_links(period: BillingPeriod, contract_ids: list[int]) -> dict[tuple[int, str], InvoiceDocument]:
    latest: dict[tuple[int, str], InvoiceDocument] = {}
    rows = (
        InvoiceDocument.objects.filter(period=period, contract_id__in=contract_ids)
        .select_related("document").order_by("id")
    )
    for link in rows:
        latest[(link.contract_id, link.kind)] = link
    return latest


def invoice_rows(period: BillingPeriod, page_number: int | str | None) -> tuple[Page, list[InvoiceRow]]:
    invoices = Invoice.objects.filter(period=period).select_related("contract", "consumer").order_by("contract__number")
    page = Paginator(invoices, 100).get_page(page_number)
    links = _current_links(period, [inv.contract_id for inv in page])
    rows = [
        InvoiceRow(inv, links.get((inv.contract_id, InvoiceDocument.Kind.UPD)),
                   links.get((inv.contract_id, InvoiceDocument.Kind.PAYMENT)))
        for inv in page
    ]
    return page, rows


def issued_counts(period: BillingPeriod) -> dict[str, int]:
    """Documents issued for the period by kind (every version, corrections included)."""
    counts = dict(
        InvoiceDocument.objects.filter(period=period).values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    return {kind: counts.get(kind, 0) for kind in InvoiceDocument.Kind.values}


def pdf_pending(period: BillingPeriod) -> int:
    """Issued documents of the period still without an archived PDF."""
    return (
        InvoiceDocument.objects.filter(period=period)
        .exclude(document__pdf_renditions__status=PdfRendition.Status.DONE).count()
    )


def jobs(period: BillingPeriod) -> QuerySet[OutputJob]:
    return period.output_jobs.select_related("created_by").order_by("-created_at", "-id")


def printouts(period: BillingPeriod) -> QuerySet[InvoicePrintout]:
    return period.printouts.select_related("created_by").order_by("-created_at", "-id")
