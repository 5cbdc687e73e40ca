"""The task pages of the reconciliation flows (``workflows.reconciliation``): each gathers
its form and calls the node's one service (``reconciliation.services``)."""

from __future__ import annotations

from django import forms

from core.errors import ApplicationError
from core.forms import DateInput
from reconciliation.models import SettlementsReconciliation
from reconciliation.services import (
    act_resolve,
    act_send,
    readings_act_return,
    readings_reconciliation_create,
    settlements_act_return,
    settlements_reconciliation_create,
)
from subscribers.models import Consumer, Contract

from .task_views import ServiceTaskView, process_url

SIGNED, DISPUTED = "signed", "disputed"
RETURN_CHOICES = [(SIGNED, "Подписан без разногласий"), (DISPUTED, "Возвращен с разногласиями (данные абонента)")]


class _Running:
    """A second process over the same act is refused."""

    def refuse_duplicate(self, model_field: str, obj) -> None:
        flow_class = self.request.activation.flow_class
        process_class = flow_class.process_class
        open_acts = process_class.objects.filter(flow_class=flow_class, finished__isnull=True)
        for process in open_acts:
            act = process.act
            if act is not None and getattr(act, model_field) == obj and act.status != "signed":
                raise ApplicationError(f"По «{obj}» уже идет сверка (процесс № {process.pk})", code="duplicate",
                                       field=model_field)


class ReadingsStartForm(forms.Form):
    consumer = forms.ModelChoiceField(label="Абонент", queryset=Consumer.objects.order_by("name"))
    date_from = forms.DateField(label="С месяца", widget=DateInput(), help_text="любой день месяца")
    date_to = forms.DateField(label="По месяц", widget=DateInput(), help_text="расчетный период должен быть закрыт")


class ReadingsStartView(_Running, ServiceTaskView):
    form_class = ReadingsStartForm
    template_name = "viewflow/workflow/start.html"

    def perform(self, form):
        data = form.cleaned_data
        self.refuse_duplicate("consumer", data["consumer"])
        act = readings_reconciliation_create(actor=self.request.user, **data)
        self.request.activation.process.artifact = act

    def done(self):
        activation = self.request.activation
        return "Сверка начата: акт выпускается и появится в карточке процесса", process_url(activation), "Карточка процесса"


class SettlementsStartForm(forms.Form):
    contract = forms.ModelChoiceField(label="Договор", queryset=Contract.objects.select_related("consumer").order_by("number"))
    date_from = forms.DateField(label="Период с", widget=DateInput())
    date_to = forms.DateField(label="Период по", widget=DateInput(), help_text="расчетные периоды должны быть закрыты")


class SettlementsStartView(_Running, ServiceTaskView):
    form_class = SettlementsStartForm
    template_name = "viewflow/workflow/start.html"

    def perform(self, form):
        data = form.cleaned_data
        self.refuse_duplicate("contract", data["contract"])
        act = settlements_reconciliation_create(actor=self.request.user, **data)
        self.request.activation.process.artifact = act

    done = ReadingsStartView.done


class SendForm(forms.Form):
    sent_on = forms.DateField(label="Дата отправки", widget=DateInput())
    note = forms.CharField(label="Способ отправки (почта, трек-номер, ЭДО, нарочно)", max_length=300, required=False)


class SendView(ServiceTaskView):
    form_class = SendForm

    def perform(self, form):
        act_send(act=self.request.activation.process.act, actor=self.request.user, **form.cleaned_data)


class ReadingsReturnForm(forms.Form):
    outcome = forms.ChoiceField(label="Результат", choices=RETURN_CHOICES, widget=forms.RadioSelect, initial=SIGNED)
    returned_on = forms.DateField(label="Дата возврата", widget=DateInput())
    consumer_gcal = forms.DecimalField(label="Гкал по данным абонента", max_digits=14, decimal_places=3, required=False)
    note = forms.CharField(label="С чем не согласен абонент", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReadingsReturnView(ServiceTaskView):
    form_class = ReadingsReturnForm

    def perform(self, form):
        data = form.cleaned_data
        readings_act_return(act=self.request.activation.process.act, returned_on=data["returned_on"],
                            signed=data["outcome"] == SIGNED, consumer_gcal=data["consumer_gcal"], note=data["note"],
                            actor=self.request.user)


class SettlementsReturnForm(forms.Form):
    outcome = forms.ChoiceField(label="Результат", choices=RETURN_CHOICES, widget=forms.RadioSelect, initial=SIGNED)
    returned_on = forms.DateField(label="Дата подписания (возврата)", widget=DateInput())
    signer_name = forms.CharField(label="Подписал со стороны абонента (ФИО)", max_length=300, required=False)
    signer_position = forms.CharField(label="Должность подписавшего", max_length=300, required=False)
    authority_basis = forms.ChoiceField(label="Основание полномочий", required=False,
                                        choices=[("", "—")] + list(SettlementsReconciliation.AuthorityBasis.choices))
    poa_number = forms.CharField(label="Доверенность №", max_length=50, required=False)
    poa_date = forms.DateField(label="Доверенность от", widget=DateInput(), required=False)
    poa_valid_until = forms.DateField(label="Доверенность действует по", widget=DateInput(), required=False)
    consumer_closing = forms.DecimalField(label="Сальдо по данным абонента, руб.", max_digits=16, decimal_places=2,
                                          required=False)
    note = forms.CharField(label="С чем не согласен абонент", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SettlementsReturnView(ServiceTaskView):
    form_class = SettlementsReturnForm

    def perform(self, form):
        data = dict(form.cleaned_data)
        signed = data.pop("outcome") == SIGNED
        settlements_act_return(act=self.request.activation.process.act, signed=signed, actor=self.request.user, **data)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label="Решение по разногласиям (что проверено и исправлено)",
                                 widget=forms.Textarea(attrs={"rows": 4}))


class ResolveView(ServiceTaskView):
    form_class = ResolveForm

    def perform(self, form):
        act_resolve(act=self.request.activation.process.act, actor=self.request.user, **form.cleaned_data)

    def done(self):
        activation = self.request.activation
        return "Решение записано: акт переоформляется", process_url(activation), "Карточка процесса"
