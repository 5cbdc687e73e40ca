"""The task pages of the flow ``workflows.unmetered``: each gathers its form and calls the
node's one service (``inspections.services``), as ``task_views.ServiceTaskView`` does.

The act page is the technician's phone page of the inspections app (``inspections.act_page``)
embedded in the task; the calculation's inputs are kept in the process's ``data`` between the
calculation and the demand (the demand recalculates from them: the same figures).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import generic
from viewflow.workflow.flow.views import TaskSuccessUrlMixin

from core.forms import DateInput
from documents.models import ArchivedDocument
from inspections.act_page import ActPage
from inspections.calculation import START_BASES, CalculationInput, Load
from inspections.models import FieldInspection, ViolationAct
from inspections.services.acts import act_accept, act_return
from inspections.services.charges import (
    act_calculation_decide,
    act_calculation_input,
    act_calculation_issue,
    act_demand_issue,
)
from subscribers.models import TariffGroup
from subscribers.selectors import our_organization

from .task_views import ApprovalDecisionForm, DoneNoticeMixin, ServiceTaskView, process_url
from .unmetered_start import unmetered_inspection_claim


def _save_data(activation, **values) -> None:
    process = activation.process
    process.data = {**(process.data or {}), **values}
    process.save(update_fields=["data"])


def calculation_input(process) -> CalculationInput:
    """The calculation's inputs kept by the calculation step."""
    data = process.data["calculation"]
    loads = tuple(Load(use=row["use"], load_gcal_h=Decimal(row["load"]), basis_kind=row["basis_kind"],
                       basis=row["basis"]) for row in data["loads"])
    return CalculationInput(kind=data["kind"], period_start=date.fromisoformat(data["period_start"]),
                            period_end=date.fromisoformat(data["period_end"]), start_basis=data["start_basis"],
                            loads=loads, tariff_group=data["tariff_group"], city=data["city"])


def _kept(data: CalculationInput) -> dict:
    return {"kind": data.kind, "period_start": data.period_start.isoformat(), "period_end": data.period_end.isoformat(),
            "start_basis": data.start_basis, "tariff_group": data.tariff_group, "city": data.city,
            "loads": [{"use": x.use, "load": str(x.load_gcal_h), "basis_kind": x.basis_kind, "basis": x.basis}
                      for x in data.loads]}


# ---------------------------------------------------------------- the steps' one service call each
# (the task pages below and the demo, ``workflows.demo_unmetered``, call them)


def calculation_step(activation, *, actor, period_start: date | None, start_basis: str, tariff_group: str,
                     city: str) -> ArchivedDocument:
    """The calculation's inputs from the act, «Расчет объема и стоимости» issued, the inputs kept."""
    act = activation.process.act
    inputs = act_calculation_input(act=act, period_start=period_start, start_basis=start_basis,
                                   tariff_group=tariff_group, city=city)
    _, document = act_calculation_issue(act=act, data=inputs, actor=actor, process=activation.process,
                                        task=activation.task)
    _save_data(activation, calculation={**_kept(inputs), "document": document.pk}, approved=False)
    return document


def approval_step(activation, *, actor, approve: bool, comment: str) -> bool:
    """The manager's decision on the calculation, kept for the gateway (and the comment of a return)."""
    approved = act_calculation_decide(act=activation.process.act, approve=approve, comment=comment, actor=actor)
    _save_data(activation, approved=approved, returned="" if approved else comment.strip())
    return approved


def demand_step(activation, *, actor, invoice_number: str, invoice_date: date, sent_on: date) -> None:
    """«Требование об оплате» issued from the kept inputs and registered as sent; its term kept for the timer."""
    process = activation.process
    calculation = ArchivedDocument.objects.get(pk=process.data["calculation"]["document"])
    demanded = act_demand_issue(act=process.act, data=calculation_input(process), calculation=calculation,
                                actor=actor, process=process, task=activation.task, invoice_number=invoice_number,
                                invoice_date=invoice_date, sent_on=sent_on)
    _save_data(activation, demand={"document": demanded.document.pk, "date": demanded.dated.isoformat(),
                                   "due": demanded.due.isoformat(), "amount": str(demanded.amount),
                                   "volume": str(demanded.volume), "vat_rate": str(demanded.vat_rate),
                                   "total": str(demanded.total)})


# ---------------------------------------------------------------- start


class StartForm(forms.Form):
    inspection = forms.ModelChoiceField(
        label="Обследование", queryset=FieldInspection.objects.none(),
        help_text="обследование по маршруту или по сообщению, результат которого еще не записан",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = FieldInspection.objects.filter(
            result=FieldInspection.Result.PENDING).order_by("-reported_at", "-pk")


class StartView(ServiceTaskView):
    form_class = StartForm
    template_name = "viewflow/workflow/start.html"

    def perform(self, form):
        unmetered_inspection_claim(process=self.request.activation.process, inspection=form.cleaned_data["inspection"])

    def done(self):
        activation = self.request.activation
        return (f"Процесс начат: обследование № {activation.process.artifact_object_id}", process_url(activation),
                "Карточка процесса")


# ---------------------------------------------------------------- the act


class ActView(DoneNoticeMixin, TaskSuccessUrlMixin, generic.TemplateView):
    """The technician's act page in the task: written by ``act_fill``; the act is issued next."""

    template_name = "workflows/unmetered/act.html"

    def page(self, data=None, files=None) -> ActPage:
        inspection = self.request.activation.process.inspection
        return ActPage(inspection, user=self.request.user, data=data, files=files)

    def get_context_data(self, **kwargs):
        page = kwargs.pop("page", None) or self.page()
        return super().get_context_data(**page.context(), **kwargs)

    def post(self, request, *args, **kwargs):
        page = self.page(request.POST, request.FILES)
        if page.submit(actor=request.user) is None:
            return self.render_to_response(self.get_context_data(page=page))
        request.activation.execute()
        self.notify_done()
        return HttpResponseRedirect(self.get_success_url())

    def done(self):
        return ("Акт записан и выпускается: он появится в карточке процесса", process_url(self.request.activation),
                "Карточка процесса")


# ---------------------------------------------------------------- the lawyer's check


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"

    decision = forms.ChoiceField(label="Решение", choices=[(ACCEPT, "Принять акт"), (RETURN, "Вернуть технику")],
                                 widget=forms.RadioSelect, initial=ACCEPT)
    comment = ApprovalDecisionForm.base_fields["comment"]


class ReviewView(ServiceTaskView):
    form_class = ReviewForm
    template_name = "workflows/unmetered/review.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(act=self.request.activation.process.act, **kwargs)

    def perform(self, form):
        act, data = self.request.activation.process.act, form.cleaned_data
        if data["decision"] == ReviewForm.ACCEPT:
            act_accept(act=act, comment=data["comment"], actor=self.request.user)
        else:
            act_return(act=act, comment=data["comment"], actor=self.request.user)

    def done(self):
        activation = self.request.activation
        act = activation.process.act
        if act.status == ViolationAct.Status.RETURNED:
            return "Акт возвращен технику на исправление", process_url(activation), "Карточка процесса"
        return "Акт принят: следует расчет объема и стоимости", process_url(activation), "Карточка процесса"


# ---------------------------------------------------------------- the calculation


class CalculationForm(forms.Form):
    period_start = forms.DateField(label="Начало периода", widget=DateInput(), required=False,
                                   help_text="по умолчанию — дата предыдущей проверки из акта")
    start_basis = forms.ChoiceField(label="Основание начала периода", choices=list(START_BASES.items()))
    tariff_group = forms.ModelChoiceField(label="Тарифная группа", queryset=TariffGroup.objects.all(),
                                          to_field_name="code")
    city = forms.CharField(label="Населенный пункт (метеоданные, отопительный период)", max_length=100)


class CalculationView(ServiceTaskView):
    form_class = CalculationForm
    template_name = "workflows/unmetered/calculation.html"

    def get_initial(self):
        act = self.request.activation.process.act
        kept = (self.request.activation.process.data or {}).get("calculation")
        if kept:
            return {"period_start": kept["period_start"], "start_basis": kept["start_basis"],
                    "tariff_group": kept["tariff_group"], "city": kept["city"]}
        contract = act.consumer.contracts.order_by("-pk").first() if act.consumer_id else None
        organization = our_organization()
        return {"period_start": act.previous_inspection_on, "start_basis": "previous_inspection",
                "tariff_group": contract.tariff_group.code if contract and contract.tariff_group_id else None,
                "city": organization.city if organization else ""}

    def get_context_data(self, **kwargs):
        process = self.request.activation.process
        return super().get_context_data(act=process.act, returned=(process.data or {}).get("returned", ""), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        calculation_step(self.request.activation, actor=self.request.user, period_start=data["period_start"],
                         start_basis=data["start_basis"], tariff_group=data["tariff_group"].code, city=data["city"])

    def done(self):
        document = ArchivedDocument.objects.get(pk=self.request.activation.process.data["calculation"]["document"])
        return (f"Расчет № {document.number} выпущен и передан на утверждение",
                reverse("documents:archive:detail", args=[document.pk]), "Открыть расчет")


class CalculationApprovalView(ServiceTaskView):
    form_class = ApprovalDecisionForm
    template_name = "workflows/unmetered/approve.html"

    def get_context_data(self, **kwargs):
        process = self.request.activation.process
        document = ArchivedDocument.objects.get(pk=process.data["calculation"]["document"])
        return super().get_context_data(act=process.act, calculation=document, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        approval_step(self.request.activation, actor=self.request.user, approve=data["decision"] == form.APPROVE,
                      comment=data["comment"])

    def done(self):
        activation = self.request.activation
        if activation.process.data.get("approved"):
            return "Расчет утвержден: следует требование об оплате", process_url(activation), "Карточка процесса"
        return "Расчет возвращен на исправление", process_url(activation), "Карточка процесса"


# ---------------------------------------------------------------- the demand


class DemandForm(forms.Form):
    invoice_number = forms.CharField(label="Номер счета на оплату", max_length=50)
    invoice_date = forms.DateField(label="Дата счета", widget=DateInput())
    sent_on = forms.DateField(label="Дата отправки требования", widget=DateInput())


class DemandView(ServiceTaskView):
    form_class = DemandForm
    template_name = "workflows/unmetered/calculation.html"

    def get_initial(self):
        today = timezone.localdate()
        return {"invoice_date": today, "sent_on": today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(act=self.request.activation.process.act, **kwargs)

    def perform(self, form):
        demand_step(self.request.activation, actor=self.request.user, **form.cleaned_data)

    def done(self):
        demand = self.request.activation.process.data["demand"]
        document = ArchivedDocument.objects.get(pk=demand["document"])
        due = date.fromisoformat(demand["due"]).strftime("%d.%m.%Y")
        return (f"Требование № {document.number} выпущено, оплата до {due}",
                reverse("documents:archive:detail", args=[document.pk]), "Открыть требование")
