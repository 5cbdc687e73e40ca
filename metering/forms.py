"""Forms of the metering pages; they clean input, services do the rest."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import forms
from viewflow.forms import FieldSet, Layout, Row

from core.forms import ServiceModelForm

from .models import Device, DeviceModel, MeteringUnit, ReadingSource, Seal

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


# ---------------------------------------------------------------- register of units, devices, seals

def date_input() -> forms.DateInput:
    """A date picker; its value is written ISO (ГГГГ-ММ-ДД) as the browser's picker expects."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


DATE = date_input()


class MeteringUnitForm(ServiceModelForm):
    class Meta:
        model = MeteringUnit
        fields = ["number", "heated_object", "location", "purpose", "is_open_system", "design_code",
                  "design_approved_on", "installer"]
        widgets = {"design_approved_on": DATE}

    layout = Layout(
        Row("number", "heated_object"), "location", Row("purpose", "is_open_system"),
        FieldSet("Проект и монтаж", Row("design_code", "design_approved_on"), "installer"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["number"].disabled = True
            self.fields["heated_object"].disabled = True


class DeviceForm(ServiceModelForm):
    """A new device: its model, serial and last verification; optionally installed at once."""

    class Meta:
        model = Device
        fields = ["device_model", "serial_number", "verified_on", "arshin_record", "diameter_mm", "measuring_range",
                  "unit", "installed_on"]
        widgets = {"verified_on": DATE, "installed_on": DATE}

    layout = Layout(
        Row("device_model", "serial_number"), Row("verified_on", "arshin_record"),
        Row("diameter_mm", "measuring_range"), FieldSet("Установка", Row("unit", "installed_on")),
    )


class VerificationForm(ServiceModelForm):
    """A new verification of a device (the record in ФГИС «Аршин»)."""

    class Meta:
        model = Device
        fields = ["verified_on", "arshin_record"]
        widgets = {"verified_on": DATE}


class SealForm(ServiceModelForm):
    class Meta:
        model = Seal
        fields = ["unit", "number", "place", "device", "set_on"]
        widgets = {"set_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = Device.objects.filter(unit__isnull=False, removed_on__isnull=True)


class SealRemovalForm(ServiceModelForm):
    class Meta:
        model = Seal
        fields = ["removed_on", "removal_reason"]
        widgets = {"removed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["removed_on"].required = True
        self.fields["removal_reason"].required = True


class DeviceModelForm(ServiceModelForm):
    class Meta:
        model = DeviceModel
        fields = ["kind", "name", "manufacturer", "register_number", "verification_interval_years"]
