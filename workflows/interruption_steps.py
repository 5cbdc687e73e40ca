"""The task pages of the flow ``workflows.interruption``: each gathers its form and calls the
node's one service (``supply.services.interruptions``), as ``task_views.ServiceTaskView`` does."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core.errors import ApplicationError
from core.forms import DateInput, DecimalField
from subscribers.models import NetworkSection
from subscribers.selectors import our_organization
from supply.models import ActSignature, DispatchEntry, Interruption
from supply.services.interruptions import (
    Readings,
    interruption_act_details,
    interruption_decide,
    interruption_log,
    interruption_notify,
    interruption_register,
    interruption_sign,
)

from .task_views import ApprovalDecisionForm, ServiceTaskView, process_url

MOMENT_FORMATS = ["%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
AFFECTED = "supply_flows:affected:edit"


def moment(label, required=True):
    """Date and time with minutes, Moscow time (as the claim flow's hearing field)."""
    return forms.DateTimeField(label=label, input_formats=MOMENT_FORMATS, required=required,
                               widget=forms.DateTimeInput(attrs={"placeholder": "ДД.ММ.ГГГГ ЧЧ:ММ"}))


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label="Вид перерыва", choices=Interruption.Kind.choices)
    service = forms.ChoiceField(label="Услуга", choices=Interruption.Service.choices)
    section = forms.ModelChoiceField(label="Участок сети", queryset=NetworkSection.objects.all())
    cause = forms.CharField(label="Причина", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    planned_from = moment("Плановое начало (плановый)", required=False)
    planned_to = moment("Плановое окончание (плановый)", required=False)
    stopped_at = moment("Прекращение подачи (аварийный), время по журналу", required=False)
    caller = forms.CharField(label="Кто сообщил (аварийный)", max_length=300, required=False)


class RegisterView(ServiceTaskView):
    form_class = RegisterForm
    template_name = "viewflow/workflow/start.html"

    def perform(self, form):
        self.request.activation.process.artifact = interruption_register(actor=self.request.user,
                                                                         **form.cleaned_data)

    def done(self):
        activation = self.request.activation
        return f"Зарегистрировано: {activation.process.artifact}", process_url(activation), "Карточка процесса"


class InterruptionStepView(ServiceTaskView):
    """A step before the approval: the page shows the affected set and links to its edit page
    (an object included or excluded with a reason, ``supply.views.affected``)."""

    template_name = "workflows/interruption/step.html"

    def get_context_data(self, **kwargs):
        interruption = self.request.activation.process.interruption
        affected_url = f"{reverse(AFFECTED, args=[interruption.pk])}?{urlencode({'back': self.request.get_full_path()})}"
        return super().get_context_data(
            interruption=interruption, affected_url=affected_url,
            affected=interruption.affected.select_related("heated_object").order_by("heated_object__code"), **kwargs)


class NoticeForm(forms.Form):
    sent_on = forms.DateField(label="Дата отправки уведомлений", widget=DateInput())


class NoticeView(InterruptionStepView):
    form_class = NoticeForm

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def perform(self, form):
        activation = self.request.activation
        interruption_notify(interruption=activation.process.interruption, actor=self.request.user,
                            process=activation.process, task=activation.task, **form.cleaned_data)


class LogForm(forms.Form):
    happened_at = moment("Время события по журналу диспетчера")
    text = forms.CharField(label="Запись", max_length=2000, required=False)


def log_view(kind: str):
    class LogView(InterruptionStepView):
        form_class = LogForm

        def perform(self, form):
            try:
                interruption_log(interruption=self.request.activation.process.interruption, kind=kind,
                                 actor=self.request.user, **form.cleaned_data)
            except ApplicationError as exc:  # the service names the interruption's field; the form has one time
                raise ApplicationError(exc.message, code=exc.code, field="happened_at") from exc

    LogView.__name__ = f"Log{kind.title()}View"
    return LogView


StopView = log_view(DispatchEntry.Kind.STOP)
LocaliseView = log_view(DispatchEntry.Kind.LOCALISATION)
RestoreView = log_view(DispatchEntry.Kind.RESTORATION)


class ActForm(forms.Form):
    fault_side = forms.ChoiceField(label="Неисправность на стороне", choices=Interruption.FaultSide.choices)
    faulty_section = forms.CharField(label="Неисправный участок", max_length=300, required=False)
    faulty_section_owner = forms.CharField(label="Владелец участка (акт разграничения)", max_length=300,
                                           required=False)
    outdoor_temperature = DecimalField(label="Температура наружного воздуха, °C", max_digits=4,
                                             decimal_places=1, required=False)

    def __init__(self, *args, interruption=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(interruption.affected.filter(included=True).select_related("heated_object"))
        for row in self.rows:
            name = row.heated_object.code
            self.fields[f"stop_{row.heated_object_id}"] = forms.CharField(
                label=f"{name}: показания при прекращении", max_length=200, required=False)
            self.fields[f"restart_{row.heated_object_id}"] = forms.CharField(
                label=f"{name}: показания при возобновлении", max_length=200, required=False)

    def readings(self) -> dict:
        data = self.cleaned_data
        return {row.heated_object_id: Readings(data.get(f"stop_{row.heated_object_id}", ""),
                                               data.get(f"restart_{row.heated_object_id}", "")) for row in self.rows}


class ActView(InterruptionStepView):
    form_class = ActForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "interruption": self.request.activation.process.interruption}

    def perform(self, form):
        data = dict(form.cleaned_data)
        interruption_act_details(
            interruption=self.request.activation.process.interruption, fault_side=data["fault_side"],
            faulty_section=data["faulty_section"], faulty_section_owner=data["faulty_section_owner"],
            outdoor_temperature=data["outdoor_temperature"], readings=form.readings(), actor=self.request.user,
        )
        process = self.request.activation.process
        process.data = {**(process.data or {}), "returned": "", "act_by": self.request.user.pk}
        process.save(update_fields=["data"])


class SignForm(forms.Form):
    supplier_name = forms.CharField(label="От теплоснабжающей организации: ФИО, должность", max_length=300)
    consumer_organization = forms.CharField(label="Потребитель (организация)", max_length=500)
    consumer_name = forms.CharField(label="Представитель потребителя: ФИО, должность", max_length=300)
    consumer_signed = forms.BooleanField(label="Представитель потребителя подписал", required=False)
    consumer_refusal = forms.CharField(label="Отказ от подписи: причина", max_length=500, required=False)


class SignView(InterruptionStepView):
    form_class = SignForm

    def perform(self, form):
        data = form.cleaned_data
        ours = our_organization(required=True)
        interruption_sign(interruption=self.request.activation.process.interruption, actor=self.request.user,
                          signatures=[
                              {"party": ActSignature.Party.SUPPLIER, "organization": ours.short_name,
                               "name": data["supplier_name"], "signed": True},
                              {"party": ActSignature.Party.CONSUMER, "organization": data["consumer_organization"],
                               "name": data["consumer_name"], "signed": data["consumer_signed"],
                               "refusal": data["consumer_refusal"]},
                          ])


class ApproveView(ServiceTaskView):
    form_class = ApprovalDecisionForm

    def perform(self, form):
        activation, data = self.request.activation, form.cleaned_data
        approve = data["decision"] == form.APPROVE
        interruption_decide(interruption=activation.process.interruption, approve=approve, comment=data["comment"],
                            actor=self.request.user)
        activation.process.data = {**(activation.process.data or {}),
                                   "returned": "" if approve else data["comment"].strip()}
        activation.process.save(update_fields=["data"])
