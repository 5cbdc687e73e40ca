"""Devices whose verification is due or expired: a filtered list and its XLSX export."""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone
from django.views import generic

from metering.exports import Sheet, xlsx_response
from metering.models import DeviceKind
from metering.selectors import devices_due
from metering.services.exports import export_record
from subscribers.models import NetworkSection

PERMISSION = "metering.view_device"
WITHIN_CHOICES = [("60", "истекла или истекает в 60 дней"), ("30", "истекла или истекает в 30 дней"),
                  ("90", "истекла или истекает в 90 дней"), ("expired", "только истекшие")]


class VerificationFilter(forms.Form):
    within = forms.ChoiceField(label="Срок поверки", choices=WITHIN_CHOICES, required=False)
    section = forms.ModelChoiceField(label="Участок сети", queryset=NetworkSection.objects.all(), required=False)
    kind = forms.ChoiceField(label="Вид прибора", choices=[("", "все"), *DeviceKind.choices], required=False)


def _filters(form: VerificationFilter) -> dict:
    """The filters in effect: the form's valid values, the defaults otherwise."""
    data = form.cleaned_data if form.is_valid() else {}
    return {"within": data.get("within") or "60", "section": data.get("section"), "kind": data.get("kind") or ""}


def _devices(request) -> tuple[VerificationFilter, dict, list[dict]]:
    form = VerificationFilter(request.GET or None)
    filters = _filters(form)
    within = filters["within"]
    today = timezone.localdate()
    devices = devices_due(
        on=today,
        within_days=None if within == "expired" else int(within),
        expired_only=within == "expired",
        network_section=filters["section"],
        kind=filters["kind"],
    )
    rows = [
        {"device": d, "days_left": (d.next_verification_on - today).days, "expired": d.is_expired_on(today)}
        for d in devices
    ]
    return form, filters, rows


class VerificationListView(PermissionRequiredMixin, generic.TemplateView):
    permission_required = PERMISSION
    raise_exception = True
    template_name = "metering/verification.html"

    def get_context_data(self, **kwargs):
        form, _, rows = _devices(self.request)
        return super().get_context_data(form=form, rows=rows, query=self.request.GET.urlencode(), **kwargs)


class VerificationExportView(PermissionRequiredMixin, generic.View):
    permission_required = PERMISSION
    raise_exception = True

    def get(self, request):
        _, filters, rows = _devices(request)
        headers = [
            "Узел учета", "Объект", "Адрес", "Абонент", "Участок", "Вид", "Модель", "Заводской №",
            "Дата поверки", "Действительна до", "Дней осталось", "Состояние",
        ]
        table = [
            [
                r["device"].unit.number, r["device"].unit.heated_object.name, r["device"].unit.heated_object.address,
                str(r["device"].unit.heated_object.consumer), str(r["device"].unit.heated_object.network_section or ""),
                r["device"].device_model.get_kind_display(), r["device"].device_model.name, r["device"].serial_number,
                r["device"].verified_on, r["device"].verification_valid_until, r["days_left"],
                "истекла" if r["expired"] else "истекает",
            ]
            for r in rows
        ]
        today = timezone.localdate()
        response = xlsx_response(f"verification-{today:%Y-%m-%d}.xlsx", [Sheet("Поверка", headers, table)])
        section = filters["section"]
        export_record(
            export="verification_due", actor=request.user, rows=len(table),
            filters={**filters, "on": today, "section": str(section) if section else None},
        )
        return response
