"""Forms of the settlements pages (thin: they read input, services do the work)."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils import timezone

from subscribers.models import Contract

from .models import Payment
from .purpose import normalize_number

MAX_STATEMENT_BYTES = 20 * 1024 * 1024


class StatementUploadForm(forms.Form):
    file = forms.FileField(label="Файл выписки (1CClientBankExchange .txt или CSV)")
    accept_unknown_payers = forms.BooleanField(
        label="Принять платежи неизвестных плательщиков в очередь невыясненных", required=False,
        help_text="Без отметки выписка с неизвестным ИНН плательщика не загружается — в отчете будут все такие строки",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_STATEMENT_BYTES:
            raise forms.ValidationError("Файл больше 20 МБ — это не выписка за день")
        return upload


class PaymentResolveForm(forms.Form):
    contract_number = forms.CharField(label="Номер договора", max_length=50)
    kind = forms.ChoiceField(
        label="Вид платежа",
        choices=[(Payment.Kind.PRINCIPAL, Payment.Kind.PRINCIPAL.label), (Payment.Kind.PENALTY, Payment.Kind.PENALTY.label)],
    )
    periods = forms.CharField(
        label="Периоды (ММ.ГГГГ через запятую)", required=False,
        help_text="Пусто — в счет обязательств с наиболее ранним сроком (ГК РФ ст. 319.1 п. 3)",
    )
    note = forms.CharField(label="Комментарий", required=False, max_length=500)

    def clean_contract_number(self):
        wanted = normalize_number(self.cleaned_data["contract_number"])
        digits = re.sub(r"\D", "", wanted)
        for contract in Contract.objects.filter(number__contains=digits).select_related("consumer"):
            if normalize_number(contract.number) == wanted:
                return contract
        raise forms.ValidationError(f"Договор № {self.cleaned_data['contract_number']} не найден")

    def clean_periods(self):
        periods = []
        for part in re.split(r"[,;\s]+", self.cleaned_data["periods"].strip()):
            if not part:
                continue
            match = re.fullmatch(r"(\d{1,2})\.(\d{4})", part)
            if not match or not 1 <= int(match.group(1)) <= 12:
                raise forms.ValidationError(f"«{part}»: период пишется как ММ.ГГГГ, например 10.2026")
            periods.append(date(int(match.group(2)), int(match.group(1)), 1))
        return periods


class AsOfForm(forms.Form):
    as_of = forms.DateField(label="Расчет пени на дату", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_as_of(self):
        value = self.cleaned_data["as_of"]
        if value > timezone.localdate():
            raise forms.ValidationError("Дата расчета не может быть в будущем")
        return value


class PeriodForm(forms.Form):
    period = forms.DateField(label="Месяц", input_formats=["%Y-%m", "%m.%Y", "%Y-%m-%d"],
                             widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))

    def clean_period(self):
        return self.cleaned_data["period"].replace(day=1)
