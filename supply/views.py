"""The interruptions report page and its XLSX download (``supply.view_interruption_report``:
managers, technicians, billing); the figures are ``supply.report``'s."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from metering.exports import XLSX
from metering.forms import date_input

from .report import interruption_report, month_label, report_svg, report_xlsx

PERMISSION = "supply.view_interruption_report"


class ReportFilter(forms.Form):
    date_from = forms.DateField(label="С", required=False, widget=date_input())
    date_to = forms.DateField(label="По", required=False, widget=date_input())


def _period(request) -> tuple[ReportFilter, date, date]:
    form = ReportFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    date_to = data.get("date_to") or timezone.localdate()
    date_from = data.get("date_from") or date(date_to.year - 1, date_to.month, 1)
    return form, min(date_from, date_to), date_to


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def report(request):
    form, date_from, date_to = _period(request)
    rows = interruption_report(date_from=date_from, date_to=date_to)
    return render(request, "supply/report.html", {
        "form": form, "date_from": date_from, "date_to": date_to, "query": request.GET.urlencode(),
        "rows": [{"row": row, "month": month_label(row.month)} for row in rows],
        "chart": mark_safe(report_svg(rows)) if rows else "",  # noqa: S308 — built from escaped values
    })


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def report_export(request):
    _, date_from, date_to = _period(request)
    response = HttpResponse(report_xlsx(interruption_report(date_from=date_from, date_to=date_to)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="interruptions-{date_from:%Y-%m-%d}-{date_to:%Y-%m-%d}.xlsx"'
    return response
