"""Forms of the «Расчеты» pages: they convert input; services validate and write."""

from __future__ import annotations

from django import forms
from viewflow.forms import FieldSet, Layout, Row

from core.forms import DateInput, ServiceModelForm
from subscribers.models import Contract

from .models import BillingPeriod, Tariff
from .services.tariffs import EDITABLE


class PeriodOpenForm(forms.Form):
    month = forms.DateField(label="Месяц (любой день месяца)", widget=DateInput())


class RunForm(forms.Form):
    confirm = forms.BooleanField(
        label="Запустить расчет периода", required=True,
        help_text="начисления открытого периода пересчитываются; неизменившиеся счета не трогаются",
    )


class ResumeRunForm(forms.Form):
    confirm = forms.BooleanField(
        label="Возобновить расчет", required=True,
        help_text="невыполненные части расчета снова ставятся в очередь; выполненные не повторяются",
    )


class CancelRunForm(forms.Form):
    confirm = forms.BooleanField(
        label="Отменить расчет", required=True,
        help_text="расчет останавливается; чтобы закрыть период, запустите расчет заново",
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label="Закрыть период", required=True,
        help_text="после закрытия начисления и счета периода не изменяются; исправления — перерасчетом",
    )
    accept_problems = forms.BooleanField(
        label="Закрыть, оставив договоры с ошибками данных неначисленными", required=False,
    )


class RecomputeForm(forms.Form):
    contract = forms.CharField(label="Номер договора", max_length=50)
    period = forms.ModelChoiceField(
        label="Закрытый месяц", empty_label=None,
        queryset=BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED).order_by("-month"),
        help_text="закрытый период не меняется: разница по каждому объекту, ресурсу и составляющей встает "
                  "в очередь и попадет в счет текущего периода строкой перерасчета",
    )
    reason = forms.CharField(
        label="Основание перерасчета", max_length=500,
        help_text="попадет в счет: например, «исправлена нагрузка отопления по акту от 12.01.2026»",
    )

    def clean_contract(self):
        number = self.cleaned_data["contract"].strip()
        contract = Contract.objects.filter(number=number).first()
        if contract is None:
            raise forms.ValidationError(f"Договор № {number} не найден")
        return contract


class CancelRecalculationForm(forms.Form):
    confirm = forms.BooleanField(
        label="Отменить перерасчет", required=True,
        help_text="следующий расчет текущего периода не включит его строку в счет",
    )


class TariffForm(ServiceModelForm):
    class Meta:
        model = Tariff
        fields = list(EDITABLE)
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "decision_date": DateInput(),
        }

    layout = Layout(
        Row("tariff_group", "resource", "structure"),
        Row("valid_from", "valid_to"),
        FieldSet("Ставки без НДС", Row("energy_rate", "capacity_rate"), Row("water_rate", "heat_per_m3")),
        FieldSet("Решение органа регулирования", "regulator", Row("decision_number", "decision_date")),
        "note",
    )
