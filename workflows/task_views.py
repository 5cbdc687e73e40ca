"""The shape every human task view of the flows shares: a form whose ``perform(form)`` calls
the node's one service; a refusal goes back on the form, success completes the task."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.views import generic
from viewflow.workflow.flow.views import TaskSuccessUrlMixin

from core.errors import ApplicationError
from core.forms import apply_errors


class ServiceTaskView(TaskSuccessUrlMixin, generic.FormView):
    template_name = "viewflow/workflow/task.html"

    def perform(self, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        self.request.activation.execute()
        return HttpResponseRedirect(self.get_success_url())


class ApprovalDecisionForm(forms.Form):
    """Every approval step: approve, or return for correction with a comment the performer
    sees (the service refuses a return without one: code ``required``, field ``comment``)."""

    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        label="Решение", choices=[(APPROVE, "Утвердить"), (RETURN, "Вернуть на исправление")],
        widget=forms.RadioSelect, initial=APPROVE,
    )
    comment = forms.CharField(
        label="Комментарий (при возврате — что исправить)", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
