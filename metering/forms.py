"""Forms of the metering pages; they clean input, services do the rest."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import forms

from .models import MeteringUnit, ReadingSource

MONTH_RE = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})\.(\d{4}))\s*$")


def parse_month(value: str) -> date:
    """``2026-03`` or ``03.2026`` → 1 March 2026."""
    match = MONTH_RE.match(value or "")
    if not match:
        raise forms.ValidationError("Период: укажите месяц как ММ.ГГГГ")
    year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    if not 1 <= int(month) <= 12:
        raise forms.ValidationError("Период: месяц от 01 до 12")
    return date(int(year), int(month), 1)


def unit_by_number(number: str) -> MeteringUnit:
    """The unit with this number (case ignored), or a form error naming it."""
    number = number.strip()
    unit = MeteringUnit.objects.filter(number__iexact=number).first()
    if unit is None:
        raise forms.ValidationError(f"Узел учета {number}: не найден")
    return unit


def _number(label: str, *, required: bool = True, places: int = 3) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=16, decimal_places=places, localize=True,
        min_value=Decimal("0"), widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class ReadingEntryForm(forms.Form):
    """A month's readings of one unit, in the units the labels name."""

    unit = forms.CharField(label="Номер узла учета", max_length=30)
    period = forms.CharField(label="Период (ММ.ГГГГ)", max_length=7, widget=forms.TextInput(attrs={"placeholder": "03.2026"}))
    source = forms.ChoiceField(label="Источник", choices=[c for c in ReadingSource.choices if c[0] != ReadingSource.IMPORT])
    q = _number("Q за месяц, Гкал")
    m1 = _number("M1 за месяц, т")
    m2 = _number("M2 за месяц, т")
    v1 = _number("V1 за месяц, м³", required=False)
    v2 = _number("V2 за месяц, м³", required=False)
    t1 = forms.DecimalField(label="T1 средняя, °C", required=False, max_digits=5, decimal_places=2, localize=True,
                            min_value=Decimal("-50"), max_value=Decimal("200"))
    t2 = forms.DecimalField(label="T2 средняя, °C", required=False, max_digits=5, decimal_places=2, localize=True,
                            min_value=Decimal("-50"), max_value=Decimal("200"))
    operating_hours = _number("Время работы, ч", places=2)
    error_hours = _number("Время ошибок, ч", required=False, places=2)
    q_total = _number("Q нарастающим итогом, Гкал", required=False)
    m1_total = _number("M1 нарастающим итогом, т", required=False)
    m2_total = _number("M2 нарастающим итогом, т", required=False)

    def clean_unit(self):
        return unit_by_number(self.cleaned_data["unit"])

    def clean_period(self):
        return parse_month(self.cleaned_data["period"])

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data.get(name) for name in (
            "q", "m1", "m2", "v1", "v2", "t1", "t2", "operating_hours", "q_total", "m1_total", "m2_total",
        )}
        values["error_hours"] = data.get("error_hours") or Decimal("0")
        return values
