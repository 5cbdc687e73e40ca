"""The interruptions report page and its XLSX download (``supply.view_interruption_report``:
managers, technicians, billing); the figures are ``supply.report``'s. The affected set of an
interruption: an object included or excluded with a reason (``supply.register_interruption``:
technicians on the dispatcher's duty, managers), linked from the interruption's task pages."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from core.forms import apply_errors
from metering.exports import XLSX
from metering.forms import date_input
from subscribers.models import HeatedObject

from .models import Interruption
from .report import interruption_report, month_label, report_svg, report_xlsx
from .services.interruptions import affected_edit

PERMISSION = "supply.view_interruption_report"
REGISTER = "supply.register_interruption"


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


class AffectedForm(forms.Form):
    INCLUDE, EXCLUDE = "include", "exclude"

    heated_object = forms.CharField(label="Код объекта", max_length=50)
    action = forms.ChoiceField(label="Изменение", widget=forms.RadioSelect, initial=INCLUDE,
                               choices=[(INCLUDE, "Включить в состав затронутых"), (EXCLUDE, "Исключить из состава")])
    reason = forms.CharField(label="Основание изменения", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean_heated_object(self) -> HeatedObject:
        heated_object = HeatedObject.objects.filter(code=self.cleaned_data["heated_object"].strip()).first()
        if heated_object is None:
            raise forms.ValidationError("Такого объекта нет в реестре")
        return heated_object


@permission_required(REGISTER, raise_exception=True)
@require_http_methods(["GET", "POST"])
def affected(request, pk: int):
    """The interruption's affected set; a POST includes or excludes one object with its reason."""
    interruption = get_object_or_404(Interruption.objects.select_related("section"), pk=pk)
    form = AffectedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        heated_object = data["heated_object"]
        try:
            row = affected_edit(interruption=interruption, heated_object=heated_object, reason=data["reason"],
                                included=data["action"] == form.INCLUDE, actor=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            done = "включен в состав" if row.included else "исключен из состава"
            messages.success(request, f"Объект {heated_object.code}: {done}")
            return redirect(request.get_full_path())
    rows = interruption.affected.select_related("heated_object__consumer").order_by("heated_object__code")
    return render(request, "supply/affected.html", {"interruption": interruption, "rows": rows, "form": form,
                                                    "back": _back(request)})


def _back(request) -> str:
    """The task page the user came from (a local address only)."""
    back = request.GET.get("back", "")
    return back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else ""
