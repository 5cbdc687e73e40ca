"""The replacement of a unit's device, from the unit's page: the removal of the old device and
the installation of the new one in one form (``services.replacements.device_replace``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import generic

from core.errors import ApplicationError
from core.forms import apply_errors
from documents.formatting import date_short
from metering.forms import DeviceReplacementForm
from metering.models import MeteringUnit
from metering.services.replacements import device_replace

PERMISSION = "metering.replace_device"


class DeviceReplacementView(PermissionRequiredMixin, generic.FormView):
    permission_required = PERMISSION
    raise_exception = True
    form_class = DeviceReplacementForm
    template_name = "metering/device_replacement.html"

    def dispatch(self, request, *args, **kwargs):
        self.unit = get_object_or_404(MeteringUnit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit}

    def get_context_data(self, **kwargs):
        devices = self.unit.devices.filter(removed_on__isnull=True).select_related("device_model")
        return super().get_context_data(unit=self.unit, devices=devices, **kwargs)

    def form_valid(self, form):
        try:
            replacement = device_replace(unit=self.unit, actor=self.request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Прибор № {replacement.removed_device.serial_number} снят {date_short(replacement.removed_on)}, "
            f"установлен № {replacement.installed_device.serial_number}. До ввода узла учета после замены "
            "объем определяется расчетным способом.",
        )
        return redirect(reverse("metering:units:detail", args=[self.unit.pk]))
