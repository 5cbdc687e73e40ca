"""Metering coverage report: shares by category and section, a chart, unmetered points, XLSX."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone
from django.views import generic

from metering.coverage import CoverageReport, coverage_report
from metering.exports import Sheet, xlsx_response
from metering.forms import date_input
from metering.services.exports import export_record
from subscribers.models import NetworkSection

PERMISSION = "metering.view_meteringunit"
BAR_WIDTH = 300  # px for 100 %


class CoverageFilter(forms.Form):
    on = forms.DateField(label="На дату", required=False, widget=date_input())
    section = forms.ModelChoiceField(
        label="Участок сети", queryset=NetworkSection.objects.all(), required=False
    )


def _filters(request) -> dict:
    """The filters in effect: the form's valid values, today and every section otherwise."""
    form = CoverageFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return {"on": data.get("on") or timezone.localdate(), "section": data.get("section")}


def _report(request) -> CoverageReport:
    filters = _filters(request)
    return coverage_report(filters["on"], network_section=filters["section"])


class CoverageView(PermissionRequiredMixin, generic.TemplateView):
    permission_required = PERMISSION
    raise_exception = True
    template_name = "metering/coverage.html"

    def get_context_data(self, **kwargs):
        report = _report(self.request)
        bars = [
            {"name": g.name, "objects": g.objects_share, "load": g.load_share,
             "objects_px": int(g.objects_share * BAR_WIDTH / 100), "load_px": int(g.load_share * BAR_WIDTH / 100),
             "y": 30 + i * 44}
            for i, g in enumerate(report.by_section)
        ]
        return super().get_context_data(
            report=report, form=CoverageFilter(self.request.GET or None), bars=bars,
            chart_height=40 + 44 * len(bars), query=self.request.GET.urlencode(), **kwargs
        )


GROUP_HEADERS = ["Группа", "Объектов", "С учетом", "Доля объектов, %", "Нагрузка, Гкал/ч", "Учтено, Гкал/ч", "Доля нагрузки, %"]


def _group_rows(groups):
    return [
        [g.name, g.objects, g.metered_objects, g.objects_share, g.load, g.covered_load, g.load_share]
        for g in groups
    ]


class CoverageExportView(PermissionRequiredMixin, generic.View):
    permission_required = PERMISSION
    raise_exception = True

    def get(self, request):
        filters = _filters(request)
        report = coverage_report(filters["on"], network_section=filters["section"])
        points = [
            [p.heated_object.code, p.heated_object.name, p.heated_object.address, str(p.heated_object.consumer),
             str(p.heated_object.network_section or ""), p.load, p.covered_load, p.problem]
            for p in report.unmetered
        ]
        response = xlsx_response(
            f"coverage-{report.on:%Y-%m-%d}.xlsx",
            [
                Sheet("По категориям", GROUP_HEADERS, _group_rows([*report.by_category, report.total])),
                Sheet("По участкам", GROUP_HEADERS, _group_rows([*report.by_section, report.total])),
                Sheet(
                    "Без учета или неисправны",
                    ["Код", "Объект", "Адрес", "Абонент", "Участок", "Нагрузка, Гкал/ч", "Учтено, Гкал/ч", "Причина"],
                    points,
                ),
            ],
        )
        section = filters["section"]
        export_record(
            export="coverage", actor=request.user, rows=len(points),
            filters={"on": report.on, "section": str(section) if section else None},
        )
        return response
