"""The shape every human task view of the flows shares: a form whose ``perform(form)`` calls
the node's one service; a refusal goes back on the form, success completes the task and says
what the step did and where its result is (``done()``, shown by the base page)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.views import generic
from viewflow.workflow.flow.views import TaskSuccessUrlMixin

from core.errors import ApplicationError
from core.forms import apply_errors
from core.notices import done as notice_done


def process_url(activation) -> str:
    """The process card: where a step's result is when it has no page of its own."""
    process = activation.process
    return process.flow_class.instance.reverse("process_detail", args=[process.pk])


class DoneNoticeMixin:
    """After the task is executed: a message of what it did, with a link (``done()``)."""

    def done(self) -> tuple[str, str | None, str]:
        """(what was done, where to find it, the link's text); a node's view says it in its own words."""
        activation = self.request.activation
        return f"Выполнено: «{activation.flow_task.task_title}»", process_url(activation), "Карточка процесса"

    def notify_done(self) -> None:
        text, url, link_text = self.done()
        notice_done(self.request, text, url, link_text)


class ServiceTaskView(DoneNoticeMixin, TaskSuccessUrlMixin, generic.FormView):
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
        self.notify_done()
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
