"""The losses report page (потери) and its XLSX download: managers, technicians and billing
(``inspections.view_losses``); everyone else gets 403 even by a direct URL
(tests/inspections/role_matrix.py). The figures are ``inspections.losses``'; the chart is an
SVG drawn here on the server (no script, no CDN), as the metering coverage page draws its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from metering.exports import XLSX
from metering.forms import date_input
from metering.services.exports import export_record
from subscribers.models import NetworkSection

from .calculation_documents import month_name
from .losses import LossReport, LossRow, losses_report, month_start
from .losses_export import filename, losses_xlsx

PERMISSION = "inspections.view_losses"
BAR_WIDTH = 360  # px of the largest sum
ROW_HEIGHT = 44
MONTHS_SHOWN = 12


class LossesFilter(forms.Form):
    date_from = forms.DateField(label="С", required=False, widget=date_input())
    date_to = forms.DateField(label="По", required=False, widget=date_input())
    section = forms.ModelChoiceField(label="Участок сети", queryset=NetworkSection.objects.all(), required=False,
                                     empty_label="все участки")


def default_start(today: date) -> date:
    """The first day of the month eleven months before ``today``'s: the last twelve months."""
    months = today.year * 12 + today.month - 1 - (MONTHS_SHOWN - 1)
    return date(months // 12, months % 12 + 1, 1)


def _report(request) -> tuple[LossesFilter, LossReport]:
    form = LossesFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    date_to = data.get("date_to") or today
    date_from = data.get("date_from") or default_start(date_to)
    if date_from > date_to:
        date_from = month_start(date_to)
    section = data.get("section")
    return form, losses_report(date_from=date_from, date_to=date_to, section_code=section.code if section else "")


def month_totals(report: LossReport) -> list[tuple[date, Decimal, Decimal]]:
    """Found and recovered money by month, every section together."""
    found: dict[date, list[Decimal]] = {}
    for row in report.rows:
        sums = found.setdefault(row.month, [Decimal("0"), Decimal("0")])
        sums[0] += row.found_rub
        sums[1] += row.recovered_rub
    return [(month, sums[0], sums[1]) for month, sums in sorted(found.items())]


def chart_bars(report: LossReport) -> list[dict]:
    months = month_totals(report)
    top = max([found for _, found, _ in months] + [recovered for _, _, recovered in months] + [Decimal("0")])

    def px(value: Decimal) -> int:
        return int(value * BAR_WIDTH / top) if top > 0 else 0

    return [{"label": month_name(month), "found": found, "recovered": recovered, "found_px": px(found),
             "recovered_px": px(recovered), "y": 30 + i * ROW_HEIGHT}
            for i, (month, found, recovered) in enumerate(months)]


def _row_view(row: LossRow) -> dict:
    return {"row": row, "month": month_name(row.month)}


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def losses(request):
    form, report = _report(request)
    bars = chart_bars(report)
    return render(request, "inspections/losses.html", {
        "form": form, "report": report, "rows": [_row_view(row) for row in report.rows], "bars": bars,
        "chart_height": 40 + ROW_HEIGHT * len(bars), "query": request.GET.urlencode(),
    })


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def losses_export(request):
    form, report = _report(request)
    response = HttpResponse(losses_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(report)}"'
    section = form.cleaned_data.get("section") if form.is_bound and form.is_valid() else None
    export_record(export="losses", actor=request.user, rows=len(report.rows),
                  filters={"date_from": report.date_from, "date_to": report.date_to,
                           "section": str(section) if section else None})
    return response
