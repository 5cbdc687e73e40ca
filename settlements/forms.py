"""Forms of the settlements pages (thin: they read input, services do the work)."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils import timezone

from core.forms import DateField
from subscribers.models import Consumer, Contract

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
    as_of = DateField(label="Расчет пени на дату")

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


class DebtorsFilterForm(forms.Form):
    """The debtors list's search, filters and sort (GET)."""

    q = forms.CharField(label="Наименование или ИНН", required=False, max_length=200)
    category = forms.ChoiceField(label="Категория", required=False,
                                 choices=[("", "Все категории"), *Consumer.PenaltyCategory.choices])
    contract = forms.CharField(label="Договор", required=False, max_length=50)
    min_days = forms.IntegerField(label="Дней просрочки не меньше", required=False, min_value=0, max_value=36500)
    max_days = forms.IntegerField(label="не больше", required=False, min_value=0, max_value=36500)
    order = forms.ChoiceField(label="Сортировка", required=False, choices=[
        (f"{sign}{key}", f"{title} {'по убыванию' if sign else 'по возрастанию'}")
        for key, title in (("outstanding", "Задолженность"), ("days", "Дней просрочки"), ("penalty", "Пени"),
                           ("category", "Категория"), ("contract", "Договор"), ("name", "Абонент"))
        for sign in ("-", "")
    ])

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"query": (data.get("q") or "").strip(), "category": data.get("category") or "",
                "contract": (data.get("contract") or "").strip(), "min_days": data.get("min_days") or 0,
                "max_days": data.get("max_days")}

    def ordering(self) -> str:
        return (self.cleaned_data.get("order") if self.is_valid() else "") or "-outstanding"
