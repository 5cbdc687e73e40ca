"""Follow-up of a verification notice: a technician makes sure the notice reached the
consumer (proof of delivery, for a calculated volume to hold) and records how and when.

Opened by ``open_followup`` (the ``verification_notice`` hook of metering) for every notice
the daily verification job issues; the notice is the process artifact.
"""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from viewflow import this
from viewflow.workflow import flow, lock

from metering.forms import date_input
from metering.models import VerificationNotice
from metering.services.verification import notice_delivered

from .dashboard import dashboard_flow
from .models import VerificationFollowUpProcess
from .taking import TakeView
from .task_views import ServiceTaskView, process_url


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label="Дата вручения", widget=date_input())
    note = forms.CharField(
        label="Как вручено", max_length=300,
        help_text="почтой (№ отправления), через ЭДО (№ сообщения), нарочно (ФИО получателя)",
    )


class DeliveryView(ServiceTaskView):
    form_class = DeliveryForm
    template_name = "workflows/verification_followup/deliver.html"

    def get_initial(self):
        return {"delivered_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        notice = self.request.activation.process.artifact
        return super().get_context_data(notice=notice, lines=notice.lines.select_related("device__unit"), **kwargs)

    def perform(self, form):
        notice_delivered(notice=self.request.activation.process.artifact, actor=self.request.user, **form.cleaned_data)

    def done(self):
        activation = self.request.activation
        return f"Вручение отмечено: {activation.process.artifact}", process_url(activation), "Карточка процесса"


@dashboard_flow("metering_flows")
class VerificationFollowUpFlow(flow.Flow):
    """Уведомление о поверке

    Техник вручает абоненту уведомление о необходимости поверки и отмечает, когда и как
    оно вручено (доказательство вручения).
    """

    process_class = VerificationFollowUpProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = flow.StartHandle(this.start_followup).Annotation(title="Уведомление выпущено").Next(this.deliver)

    deliver = (
        TakeView(DeliveryView.as_view())
        .Annotation(title="Вручить уведомление о поверке", summary_template="Вручить: {{ process.artifact }}")
        .Permission("metering.perform_inspection")
        .Next(this.end)
    )

    end = flow.End().Annotation(title="Уведомление вручено")

    def start_followup(self, activation, notice: VerificationNotice):
        activation.process.artifact = notice
        return activation.process


def open_followup(notice_id: int) -> VerificationFollowUpProcess | None:
    """Open the follow-up of a notice once; None when it is open already."""
    with transaction.atomic():
        notice = VerificationNotice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:
            return None
        exists = VerificationFollowUpProcess.objects.filter(
            flow_class=VerificationFollowUpFlow,
            artifact_content_type=ContentType.objects.get_for_model(VerificationNotice),
            artifact_object_id=notice.pk,
        ).exists()
        if exists:
            return None
        return VerificationFollowUpFlow.start.run(notice=notice)
