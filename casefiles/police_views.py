"""A police statement started by hand (``services.police_case_open``): legal staff who may open
cases; the statement of a field inspection's escalation is issued from its flow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views import generic

from core.errors import ApplicationError
from core.forms import apply_errors

from . import services
from .forms import PoliceStatementForm


class PoliceStatementView(PermissionRequiredMixin, generic.FormView):
    permission_required = services.OPEN
    raise_exception = True
    form_class = PoliceStatementForm
    template_name = "casefiles/police_statement.html"

    def form_valid(self, form):
        try:
            case = services.police_case_open(consumer=form.cleaned_data["consumer"], facts=form.facts(),
                                             actor=self.request.user)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Дело № {case.pk} открыто, заявление в полицию выпущено")
        return redirect("casefiles:card", case_id=case.pk)
