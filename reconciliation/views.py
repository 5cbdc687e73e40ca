"""The bulk reconciliation pages: start a quarter's statements, follow the job's progress,
download its ZIP and PDF. Thin: the services do the work."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render

from core.errors import ApplicationError
from core.forms import DateInput, apply_errors
from documents.views import file_response
from subscribers.models import Consumer, Contract

from .bulk import bulk_job_start, job_file
from .models import BulkJob

VIEW = "reconciliation.view_bulkjob"
RUN = "reconciliation.run_bulk_reconciliation"


class BulkForm(forms.Form):
    date_to = forms.DateField(label="Конец квартала", widget=DateInput(), help_text="31.03, 30.06, 30.09 или 31.12")
    contract_status = forms.ChoiceField(label="Договоры в статусе", required=False,
                                        choices=[("", "любом")] + list(Contract.Status.choices))
    category = forms.ChoiceField(label="Категория абонентов", required=False,
                                 choices=[("", "все")] + list(Consumer._meta.get_field("penalty_category").choices))
    with_pdf = forms.BooleanField(label="Собрать PDF для печати", required=False, initial=True)


@permission_required(VIEW, raise_exception=True)
def index(request):
    form = BulkForm(request.POST or None)
    if request.method == "POST" and request.user.has_perm(RUN) and form.is_valid():
        try:
            job = bulk_job_start(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Задание № {job.pk} поставлено в очередь")
            return redirect("reconciliation_flows:bulk:job", pk=job.pk)
    jobs = BulkJob.objects.select_related("created_by")[:30]
    return render(request, "reconciliation/bulk.html", {"form": form, "jobs": jobs, "can_run": request.user.has_perm(RUN)})


@permission_required(VIEW, raise_exception=True)
def job_detail(request, pk: int):
    job = get_object_or_404(BulkJob.objects.select_related("created_by"), pk=pk)
    return render(request, "reconciliation/job.html", {"job": job, "refresh": job.is_active})


@permission_required(VIEW, raise_exception=True)
def job_download(request, pk: int, kind: str):
    job = get_object_or_404(BulkJob, pk=pk)
    try:
        content, filename = job_file(job=job, kind=kind, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("reconciliation_flows:bulk:job", pk=pk)
    content_type = "application/zip" if kind == "zip" else "application/pdf"
    return file_response(content, filename=filename, content_type=content_type, inline=False,
                         fallback=f"reconciliation-{job.pk}.{kind}")
