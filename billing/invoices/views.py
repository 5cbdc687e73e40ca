"""Pages of a period's documents: УПД and счета на оплату, their issue and printing jobs,
the printouts and the export files (thin: forms in, services and selectors do the work).

Every view checks its permission on the server (403 for a logged-in user without it).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from billing.models import BillingPeriod
from core.errors import ApplicationError
from core.forms import apply_errors
from documents.views import file_response

from . import selectors
from .forms import KindsForm
from .models import InvoicePrintout, OutputJob
from .printing import printout_content
from .services import output_job_start

VIEW = "billing.view_invoicedocument"
ISSUE = "billing.issue_invoices"


def _403(perm: str):
    return permission_required(perm, raise_exception=True)


@_403(VIEW)
def index(request):
    return render(request, "billing/outputs/index.html", {
        "periods": selectors.periods_overview()[:36],
        "can_export": request.user.has_perm("billing.export_billing"),
    })


@_403(VIEW)
def period_detail(request, pk: int):
    period = get_object_or_404(BillingPeriod, pk=pk)
    page, rows = selectors.invoice_rows(period, request.GET.get("page"))
    return render(request, "billing/outputs/period.html", {
        "period": period,
        "page": page,
        "rows": rows,
        "issued": selectors.issued_counts(period),
        "pdf_pending": selectors.pdf_pending(period),
        "jobs": selectors.jobs(period)[:10],
        "printouts": selectors.printouts(period)[:10],
        "can_issue": request.user.has_perm(ISSUE),
        "can_export": request.user.has_perm("billing.export_billing"),
    })


def _start(request, pk: int, kind: str, title: str, submit: str):
    period = get_object_or_404(BillingPeriod, pk=pk)
    form = KindsForm(request.POST or None, initial={"kinds": ["upd", "payment"]})
    if request.method == "POST" and form.is_valid():
        try:
            job = output_job_start(period=period, actor=request.user, kind=kind, kinds=form.cleaned_data["kinds"])
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            return redirect("billing:outputs:job", pk=job.pk)
    return render(request, "billing/form.html", {
        "form": form, "title": f"{title} за {period}", "submit": submit,
        "back": reverse("billing:outputs:period", args=[period.pk]),
    })


@_403(ISSUE)
def period_issue(request, pk: int):
    return _start(request, pk, OutputJob.Kind.ISSUE, "Выпуск УПД и счетов на оплату", "Выпустить")


@_403(ISSUE)
def period_print(request, pk: int):
    return _start(request, pk, OutputJob.Kind.PRINT, "Печать документов одним PDF", "Сформировать PDF")


@_403(VIEW)
def job_detail(request, pk: int):
    job = get_object_or_404(OutputJob.objects.select_related("period", "created_by"), pk=pk)
    printout = InvoicePrintout.objects.filter(job=job).first()
    return render(request, "billing/outputs/job.html", {"job": job, "printout": printout, "refresh": job.is_active})


@_403("billing.view_invoiceprintout")
def printout_file(request, pk: int):
    printout = get_object_or_404(InvoicePrintout.objects.select_related("period"), pk=pk)
    try:
        content = printout_content(printout, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("billing:outputs:period", pk=printout.period_id)
    return file_response(content, filename=printout.filename, content_type="application/pdf",
                         inline=request.GET.get("inline") == "1", fallback=f"printout-{printout.pk}.pdf")
