"""Readings: the entry form (validated at once); the import from files is in ``imports``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views import generic

from core.errors import ApplicationError
from core.forms import apply_errors
from metering.forms import ReadingEntryForm
from metering.models import ReadingStatus
from metering.services.readings import reading_record


class ReadingEntryView(PermissionRequiredMixin, generic.FormView):
    permission_required = "metering.add_reading"
    raise_exception = True
    form_class = ReadingEntryForm
    template_name = "metering/reading_entry.html"

    def form_valid(self, form):
        try:
            reading = reading_record(
                unit=form.cleaned_data["unit"], period=form.cleaned_data["period"],
                source=form.cleaned_data["source"], values=form.values(), actor=self.request.user,
            )
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        if reading.status == ReadingStatus.ACCEPTED:
            messages.success(self.request, f"Показания {reading} приняты к расчету")
        else:
            flags = "; ".join(flag.message for flag in reading.flags.all())
            messages.warning(self.request, f"Показания {reading} переданы технику на проверку: {flags}")
        return redirect(self.request.path)
