"""Forms of the lawyers' calculator page: each turns what a person types into the JSON
payload of ``billing.calc.service.run_calculation`` — the forms compute nothing.

Lists (debts, payments, periods…) are typed one item a line, values separated by ``;``;
dates as ДД.ММ.ГГГГ; decimals with a point or a comma, spaces between digit groups allowed
(``core.forms.DecimalField``).
"""

from __future__ import annotations

import re
from datetime import datetime

from django import forms

from core.forms import DateField, DecimalField
from reference.models import PenaltyCategory

DATE_HELP = "ДД.ММ.ГГГГ"


def _split_lines(text: str, *, columns: tuple[int, int], what: str) -> list[list[str]]:
    """Non-empty lines of ``text`` split by ``;`` into ``columns`` (min, max) values."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        values = [value.strip() for value in line.split(";")]
        low, high = columns
        if not low <= len(values) <= high:
            expected = str(low) if low == high else f"{low}–{high}"
            raise forms.ValidationError(f"Строка {number}: ожидается {expected} значения через «;» ({what})")
        rows.append(values + [""] * (high - len(values)))
    return rows


def _iso(value: str, number: int) -> str:
    try:
        return datetime.strptime(value, "%d.%m.%Y").date().isoformat()  # noqa: DTZ007 — a calendar date
    except ValueError:
        raise forms.ValidationError(f"Строка {number}: дата «{value}» не в формате {DATE_HELP}") from None


class CalculatorForm(forms.Form):
    """``payload()`` is the JSON object the service takes; ``field_for(path)`` maps a
    service error's field (``debts[1].amount``) back to a form field."""

    list_fields: dict[str, str] = {}  # payload list key → form field

    def payload(self) -> dict:
        raise NotImplementedError

    def field_for(self, path: str | None) -> tuple[str | None, str | None]:
        """(form field, line number) for a service error path; (None, None) if unknown."""
        if not path:
            return None, None
        match = re.match(r"^(\w+)(?:\[(\d+)\])?", path)
        key, index = match.group(1), match.group(2)
        name = self.list_fields.get(key, key)
        line = str(int(index) + 1) if index is not None else None
        return (name if name in self.fields else None), line

    @staticmethod
    def text(value) -> str | None:
        return None if value is None else str(value)


class PenaltyForm(CalculatorForm):
    category = forms.ChoiceField(label="Категория потребителя", choices=PenaltyCategory.choices, initial="other")
    as_of = DateField(label="Дата расчета", help_text=DATE_HELP)
    debts = forms.CharField(
        label="Долги", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По строке на долг: номер; сумма; срок оплаты (ДД.ММ.ГГГГ)",
    )
    payments = forms.CharField(
        label="Платежи", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="По строке на платеж: дата (ДД.ММ.ГГГГ); сумма; номер долга, если он указан в платеже",
    )
    rate_percent = DecimalField(
        label="Ставка, % годовых", required=False, min_value=0,
        help_text="Оставьте пустым, чтобы взять ключевую ставку на день оплаты (с ограничением ПП № 474)",
    )

    def clean_debts(self):
        return [
            {"id": debt_id, "amount": amount, "due_date": _iso(due, n)}
            for n, (debt_id, amount, due) in enumerate(
                _split_lines(self.cleaned_data["debts"], columns=(3, 3), what="номер; сумма; срок"), start=1)
        ]

    def clean_payments(self):
        rows = _split_lines(self.cleaned_data["payments"], columns=(2, 3), what="дата; сумма; номер долга")
        return [
            {"date": _iso(paid, n), "amount": amount, **({"debt_id": debt} if debt else {})}
            for n, (paid, amount, debt) in enumerate(rows, start=1)
        ]

    def payload(self) -> dict:
        data = self.cleaned_data
        payload = {"category": data["category"], "as_of": data["as_of"].isoformat(), "debts": data["debts"],
                   "payments": data["payments"]}
        if data.get("rate_percent") is not None:
            payload["rate_percent"] = self.text(data["rate_percent"])
        return payload


class HeatingFieldsMixin(forms.Form):
    load_gcal_h = DecimalField(label="Тепловая нагрузка, Гкал/ч", min_value=0)
    t_inside = DecimalField(label="Температура внутреннего воздуха, °C", initial=20)
    t_outside_design = DecimalField(label="Расчетная температура наружного воздуха, °C")
    periods = forms.CharField(
        label="Периоды", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="По строке на период: число дней; средняя температура наружного воздуха, °C",
    )

    def clean_periods(self):
        return [
            {"days": days, "t_out": t_out}
            for days, t_out in _split_lines(self.cleaned_data["periods"], columns=(2, 2), what="дней; температура")
        ]

    def heating_payload(self) -> dict:
        data = self.cleaned_data
        return {"load_gcal_h": self.text(data["load_gcal_h"]), "t_inside": self.text(data["t_inside"]),
                "t_outside_design": self.text(data["t_outside_design"]), "periods": data["periods"]}


class HeatingVolumeForm(HeatingFieldsMixin, CalculatorForm):
    def payload(self) -> dict:
        return self.heating_payload()


class HotWaterVolumeForm(CalculatorForm):
    load_avg_gcal_h = DecimalField(label="Средняя нагрузка ГВС, Гкал/ч", min_value=0)
    days = forms.IntegerField(label="Число дней", min_value=0)

    def payload(self) -> dict:
        return {"load_avg_gcal_h": self.text(self.cleaned_data["load_avg_gcal_h"]), "days": self.cleaned_data["days"]}


class ContractlessForm(HeatingFieldsMixin, CalculatorForm):
    tariff_per_gcal = DecimalField(label="Тариф, ₽/Гкал без НДС", min_value=0)
    vat_percent = DecimalField(label="НДС, %", required=False, min_value=0,
                                     help_text="Пусто — ставка на дату окончания периода")
    period_end = DateField(label="Последний день периода", required=False, help_text=DATE_HELP)

    def payload(self) -> dict:
        data = self.cleaned_data
        payload = self.heating_payload() | {"tariff_per_gcal": self.text(data["tariff_per_gcal"])}
        if data.get("vat_percent") is not None:
            payload["vat_percent"] = self.text(data["vat_percent"])
        if data.get("period_end"):
            payload["period_end"] = data["period_end"].isoformat()
        return payload


class QualityRecalcForm(CalculatorForm):
    list_fields = {"temperature_deviations": "deviations"}

    service = forms.ChoiceField(label="Услуга", choices=[("heating", "Отопление"), ("hot_water", "Горячее водоснабжение")])
    monthly_charge = DecimalField(label="Плата за месяц, ₽", min_value=0, decimal_places=2)
    interruptions = forms.CharField(
        label="Перерывы", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="По строке на перерыв: продолжительность, часов",
    )
    deviations = forms.CharField(
        label="Отклонения температуры", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="По строке: часов; измеренная температура, °C; норматив, °C (для отопления); день или ночь",
    )

    def clean_interruptions(self):
        return [{"hours": hours} for (hours,) in _split_lines(self.cleaned_data["interruptions"], columns=(1, 1),
                                                               what="часов")]

    def clean_deviations(self):
        rows = _split_lines(self.cleaned_data["deviations"], columns=(2, 4), what="часов; °C; норматив; день/ночь")
        periods = {"": "day", "день": "day", "day": "day", "ночь": "night", "night": "night"}
        result = []
        for n, (hours, measured, norm, period) in enumerate(rows, start=1):
            if period.lower() not in periods:
                raise forms.ValidationError(f"Строка {n}: укажите «день» или «ночь»")
            item = {"hours": hours, "measured_c": measured, "period": periods[period.lower()]}
            if norm:
                item["norm_c"] = norm
            result.append(item)
        return result

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"service": data["service"], "monthly_charge": self.text(data["monthly_charge"]),
                "interruptions": data["interruptions"], "temperature_deviations": data["deviations"]}


class StateDutyForm(CalculatorForm):
    court = forms.ChoiceField(label="Суд", choices=[("arbitration", "Арбитражный суд"),
                                                   ("general", "Суд общей юрисдикции")])
    procedure = forms.ChoiceField(label="Порядок", choices=[("claim", "Исковое заявление"),
                                                            ("court_order", "Заявление о выдаче судебного приказа")])
    claim_amount = DecimalField(label="Цена иска, ₽", min_value=0, decimal_places=2)
    date = DateField(label="Дата подачи", required=False, help_text=f"{DATE_HELP}; пусто — сегодня")

    def payload(self) -> dict:
        data = self.cleaned_data
        payload = {"court": data["court"], "procedure": data["procedure"],
                   "claim_amount": self.text(data["claim_amount"])}
        if data.get("date"):
            payload["date"] = data["date"].isoformat()
        return payload
