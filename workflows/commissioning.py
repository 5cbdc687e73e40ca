"""Commissioning of a consumer's metering unit (ПП РФ № 1034 пп. 61–73 ❓).

The application — a first commissioning or one «после замены» (after a device replaced on
the unit's page, ``metering.services.replacements``) — is registered with its documents → a
manager assigns a technician and a date → the technician inspects (checklist, commission, seals, readings) → the act is issued
in the background: the commissioning act or the defects act → a manager approves it (or
returns it with a comment: back to the technician's inspection, corrected, issued again) →
commissioned: the unit is commercial from the act's date with its seals (done by the
approval) — or, after a defects act, the flow waits for the consumer's fix and loops to a
repeat inspection.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from viewflow import this
from viewflow.workflow import flow, lock

from accounts.selectors import technicians
from documents.formatting import date_short
from metering.forms import date_input, unit_by_number
from metering.models import CommissioningRequest, RequestDocument
from metering.services.inspections import (
    commissioning_register,
    inspection_fix_reported,
    inspection_issue_act,
    inspection_reopen,
    inspection_schedule,
)

from .act_approval import ActApprovalView
from .dashboard import dashboard_flow
from .inspection_page import InspectionPageView
from .models import CommissioningProcess
from .queued import QueuedHandle
from .taking import TakeView
from .task_views import ServiceTaskView, process_url

DATE = date_input()


# ---------------------------------------------------------------- register


class RegisterForm(forms.Form):
    unit = forms.CharField(label="Номер узла учета", max_length=30)
    kind = forms.ChoiceField(
        label="Вид ввода", choices=CommissioningRequest.Kind.choices, initial=CommissioningRequest.Kind.INITIAL,
        required=False, help_text="«после замены» — после замены прибора, записанной на странице узла учета",
    )
    incoming_number = forms.CharField(label="Входящий № заявки", max_length=50)
    received_on = forms.DateField(label="Дата поступления", widget=DATE)
    contact = forms.CharField(label="Контактное лицо, телефон", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in RequestDocument.Kind.choices:
            self.fields[f"got_{kind}"] = forms.BooleanField(label=f"{label}: {RequestDocument.RECEIVED[kind]}",
                                                                 required=False)
            self.fields[f"file_{kind}"] = forms.FileField(label="файл (если есть)", required=False)

    def clean_unit(self):
        return unit_by_number(self.cleaned_data["unit"])

    def clean_kind(self):
        return self.cleaned_data["kind"] or CommissioningRequest.Kind.INITIAL

    def documents(self) -> dict:
        """Kind → file (or None for paper) of every document received."""
        data = self.cleaned_data
        return {
            kind: data.get(f"file_{kind}")
            for kind in RequestDocument.Kind.values
            if data.get(f"got_{kind}") or data.get(f"file_{kind}")
        }


class RegisterView(ServiceTaskView):
    form_class = RegisterForm
    template_name = "viewflow/workflow/start.html"

    def perform(self, form):
        data = form.cleaned_data
        self.request.activation.process.artifact = commissioning_register(
            unit=data["unit"], kind=data["kind"], incoming_number=data["incoming_number"], received_on=data["received_on"],
            contact=data["contact"], documents=form.documents(), actor=self.request.user,
        )

    def done(self):
        activation = self.request.activation
        return f"Заявка зарегистрирована: {activation.process.artifact}", process_url(activation), "Карточка процесса"


# ---------------------------------------------------------------- schedule


class ScheduleForm(forms.Form):
    technician = forms.ModelChoiceField(label="Техник", queryset=get_user_model().objects.none())
    scheduled_on = forms.DateField(label="Дата осмотра", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()


class ScheduleView(ServiceTaskView):
    form_class = ScheduleForm

    def perform(self, form):
        inspection_schedule(inspection=self.request.activation.process.inspection, actor=self.request.user, **form.cleaned_data)

    def done(self):
        activation = self.request.activation
        inspection = activation.process.inspection
        technician = inspection.technician.get_full_name() or inspection.technician.get_username()
        return (f"Осмотр назначен на {date_short(inspection.scheduled_on)}, техник {technician}", process_url(activation),
                "Карточка процесса")


# ---------------------------------------------------------------- inspect


class InspectView(InspectionPageView):
    def get_inspection(self):
        return self.request.activation.process.inspection


# ---------------------------------------------------------------- await fix


class FixReportedForm(forms.Form):
    reported_on = forms.DateField(label="Абонент сообщил об устранении недостатков", widget=DATE)


class FixReportedView(ServiceTaskView):
    form_class = FixReportedForm
    template_name = "workflows/approve_act.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(inspection=self.request.activation.process.inspection, **kwargs)

    def perform(self, form):
        inspection_fix_reported(
            inspection=self.request.activation.process.inspection, actor=self.request.user, **form.cleaned_data
        )


# ---------------------------------------------------------------- the flow


@dashboard_flow("metering_flows")
class CommissioningFlow(flow.Flow):
    """Ввод узла учета в эксплуатацию

    Заявка абонента с документами, осмотр узла учета комиссией, акт ввода в эксплуатацию
    или акт о выявленных недостатках, утверждение; после недостатков — повторный осмотр.
    """

    process_class = CommissioningProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    register = (
        flow.Start(RegisterView.as_view())
        .Annotation(title="Зарегистрировать заявку на ввод узла учета")
        .Permission("metering.register_commissioning")
        .Next(this.schedule)
    )

    schedule = (
        TakeView(ScheduleView.as_view())
        .Annotation(title="Назначить техника и дату осмотра", summary_template="Назначить осмотр: {{ process.artifact }}")
        .Permission("metering.assign_inspection")
        .Next(this.inspect)
    )

    inspect = (
        TakeView(InspectView.as_view())
        .Annotation(title="Провести осмотр узла учета", summary_template="Осмотр: {{ process.artifact }}")
        .Permission("metering.perform_inspection")
        .Assign(this.scheduled_technician)
        .Next(this.issue_act)
    )

    issue_act = QueuedHandle(this.issue_inspection_act).Annotation(title="Выпустить акт").Next(this.approve)

    approve = (
        TakeView(ActApprovalView.as_view())
        .Annotation(title="Утвердить акт", summary_template="Утвердить акт: {{ process.artifact }}")
        .Permission("metering.approve_inspection_act")
        .Next(this.is_returned)
    )

    is_returned = (
        flow.If(lambda activation: activation.process.inspection.act_id is None)
        .Annotation(title="Акт возвращен на исправление?")
        .Then(this.inspect)
        .Else(this.is_commissioned)
    )

    is_commissioned = (
        flow.If(lambda activation: activation.process.commissioned)
        .Annotation(title="Узел учета введен?")
        .Then(this.commissioned)
        .Else(this.await_fix)
    )

    await_fix = (
        TakeView(FixReportedView.as_view())
        .Annotation(title="Ожидание устранения недостатков", summary_template="Недостатки: {{ process.artifact }}")
        .Permission("metering.register_commissioning")
        .Next(this.reopen)
    )

    reopen = flow.Function(this.open_repeat_inspection).Annotation(title="Повторный осмотр").Next(this.schedule)

    commissioned = flow.End().Annotation(title="Узел учета введен в эксплуатацию")

    def scheduled_technician(self, activation):
        return activation.process.inspection.technician

    def issue_inspection_act(self, activation):
        inspection = activation.process.inspection
        inspection_issue_act(
            inspection=inspection, actor=inspection.technician, process=activation.process, task=activation.task
        )

    def open_repeat_inspection(self, activation):
        inspection_reopen(inspection=activation.process.inspection)
