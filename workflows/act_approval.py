"""The manager's approval of an inspection act, one step shared by the commissioning and the
periodic check flows: approve — the act is issued again with its «УТВЕРЖДАЮ» block filled
(``inspection_approve``) — or return it for correction with a comment the technician sees on
the inspection page (``inspection_return``). The form is every approval step's
``ApprovalDecisionForm``; the process names its inspection (``process.inspection``).
"""

from __future__ import annotations

from django.urls import reverse

from metering.models import Inspection
from metering.selectors import returns_of
from metering.services.inspections import inspection_approve, inspection_return

from .task_views import ApprovalDecisionForm, ServiceTaskView, process_url


class ActApprovalView(ServiceTaskView):
    """Approve the act, or return it to the technician with what to correct."""

    form_class = ApprovalDecisionForm
    template_name = "workflows/approve_act.html"

    def get_context_data(self, **kwargs):
        inspection = self.request.activation.process.inspection
        return super().get_context_data(inspection=inspection, returns=returns_of(inspection), **kwargs)

    def perform(self, form):
        inspection = self.request.activation.process.inspection
        if form.cleaned_data["decision"] == ApprovalDecisionForm.APPROVE:
            inspection_approve(inspection=inspection, actor=self.request.user)
        else:
            inspection_return(inspection=inspection, comment=form.cleaned_data["comment"], actor=self.request.user)

    def done(self) -> tuple[str, str | None, str]:
        activation = self.request.activation
        inspection = Inspection.objects.select_related("act").get(pk=activation.process.inspection.pk)
        if inspection.act_id:
            return (f"Акт {inspection.act.number} утвержден", reverse("documents:archive:detail", args=[inspection.act_id]),
                    "Открыть акт")
        returned = returns_of(inspection)[0]
        return (f"Акт {returned.act.number} возвращен технику на исправление", process_url(activation),
                "Карточка процесса")
