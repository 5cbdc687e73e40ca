"""Forms of the metering pages; they clean input, services do the rest."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django import forms
from viewflow.forms import FieldSet, Layout, Row

from core.forms import DateInput, DecimalField, ServiceModelForm

from . import selectors
from .imports import mapping
from .models import (
    DesignOutdoorTemperature,
    Device,
    DeviceModel,
    DeviceReplacement,
    HeatingSeason,
    MeteringUnit,
    OutdoorTemperature,
    ReadingColumn,
    ReadingImportSource,
    ReadingSource,
    Seal,
    WeatherStation,
)

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
    """The unit with this number (letter case ignored, Cyrillic too, as the import does), or
    a form error naming it."""
    number = number.strip()
    unit = selectors.units_by_number([number]).get(number.casefold())
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
    """The project's date field (``core.forms.DateInput``): ДД.ММ.ГГГГ shown and accepted, ISO accepted too."""
    return DateInput()


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


# ---------------------------------------------------------------- import of readings from files


class ReadingImportForm(forms.Form):
    """The upload of a meter-data system's file; ``metering.imports`` does the rest."""

    source = forms.ModelChoiceField(
        label="Система сбора данных", queryset=ReadingImportSource.objects.all(), empty_label="— выберите —",
        help_text="столбцы файла читаются по сопоставлению, сохраненному у источника",
    )
    file = forms.FileField(label="Файл показаний (CSV или XLSX)")


class ReadingSourceForm(ServiceModelForm):
    """A source's file settings and its mapping: one row per field — the header of its column
    in the file (empty: not in the file) and the measure the file gives it in."""

    class Meta:
        model = ReadingImportSource
        fields = ["name", "file_format", "unit_key", "csv_delimiter", "csv_encoding", "period_format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = {c.field: c for c in self.instance.columns.all()} if self.instance.pk else {}
        self.source_fields = [self[name] for name in self._meta.fields]
        self.mapping_rows = []
        for value, label in ReadingColumn.Field.choices:
            required = value in mapping.REQUIRED_FIELDS
            ours = mapping.OURS.get(value)
            measures = [("", f"{ours} (как у нас)" if ours else "—")]
            measures += [(m, m) for m in mapping.accepted_measures(value) if m != ours]
            measure = saved[value].measure if value in saved else ""
            self.fields[f"column_{value}"] = forms.CharField(
                label=f"{label}: заголовок столбца", max_length=200, required=required,
                initial=saved[value].column if value in saved else "",
            )
            self.fields[f"measure_{value}"] = forms.ChoiceField(
                label=f"{label}: единица в файле", choices=measures, required=False,
                initial="" if measure == ours else measure,
            )
            self.mapping_rows.append((label, required, self[f"column_{value}"], self[f"measure_{value}"]))

    def source_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def columns(self) -> dict[str, tuple[str, str]]:
        return {
            value: (self.cleaned_data[f"column_{value}"], self.cleaned_data[f"measure_{value}"])
            for value in ReadingColumn.Field.values
            if self.cleaned_data.get(f"column_{value}", "").strip()
        }


# ---------------------------------------------------------------- import of outdoor temperatures

class TemperatureImportForm(forms.Form):
    """The upload of a file of daily mean outdoor temperatures; ``metering.imports.temperatures`` does the rest."""

    station = forms.ModelChoiceField(
        label="Метеостанция", queryset=WeatherStation.objects.all(), required=False,
        empty_label="— из столбца «Станция» файла —",
        help_text="для строк файла без станции; строка с другой станцией не загрузится",
    )
    file = forms.FileField(label="Файл температур (CSV или XLSX)")


# --- outdoor temperatures, design temperatures, heating seasons ------------------------------

DATE_INPUT = date_input()


class WeatherStationForm(ServiceModelForm):
    class Meta:
        model = WeatherStation
        fields = ["code", "name", "city", "is_default"]

    layout = Layout(Row("code", "name"), Row("city", "is_default"))


class OutdoorTemperatureForm(ServiceModelForm):
    class Meta:
        model = OutdoorTemperature
        fields = ["station", "date", "mean_temperature"]
        widgets = {"date": DATE_INPUT}

    layout = Layout("station", Row("date", "mean_temperature"))


class OutdoorTemperatureCorrectionForm(OutdoorTemperatureForm):
    """A recorded day is corrected in its value only: the station and the day stay."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].disabled = True
        self.fields["date"].disabled = True


class DesignTemperatureForm(ServiceModelForm):
    class Meta:
        model = DesignOutdoorTemperature
        fields = ["city", "valid_from", "temperature", "basis"]
        widgets = {"valid_from": DATE_INPUT}

    layout = Layout(Row("city", "valid_from", "temperature"), "basis")


class HeatingSeasonForm(ServiceModelForm):
    class Meta:
        model = HeatingSeason
        fields = ["city", "starts_on", "ends_on", "basis"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    layout = Layout(Row("city", "starts_on", "ends_on"), "basis")


# ---------------------------------------------------------------- replacement of a device


class DeviceReplacementForm(forms.Form):
    """The removal of one of the unit's devices and the installation of the new one
    (``services.replacements.device_replace`` checks the rest)."""

    device = forms.ModelChoiceField(label="Снимаемый прибор", queryset=Device.objects.none())
    removed_on = forms.DateField(label="Дата снятия", widget=DATE)
    reason = forms.ChoiceField(label="Причина замены", choices=DeviceReplacement.Reason.choices)
    reason_note = forms.CharField(label="Пояснение причины", max_length=300, required=False)
    final_reading = DecimalField(label="Показания при снятии (Q нарастающим итогом), Гкал", max_digits=16, decimal_places=3)
    seals = forms.ModelMultipleChoiceField(
        label="Снятые пломбы узла учета", queryset=Seal.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="пломбы снимаемого прибора снимаются вместе с ним",
    )
    device_model = forms.ModelChoiceField(label="Модель устанавливаемого прибора", queryset=DeviceModel.objects.all())
    serial_number = forms.CharField(label="Заводской №", max_length=50)
    verified_on = forms.DateField(label="Дата поверки", widget=DATE)
    next_verification_on = forms.DateField(label="Дата следующей поверки", widget=DATE)
    arshin_record = forms.CharField(label="№ записи во ФГИС «Аршин»", max_length=50, required=False)
    installed_on = forms.DateField(label="Дата установки", widget=DATE)
    initial_reading = DecimalField(
        label="Показания при установке (Q нарастающим итогом), Гкал", max_digits=16, decimal_places=3
    )

    layout = Layout(
        FieldSet("Снятие", "device", Row("removed_on", "reason"), "reason_note", "final_reading", "seals"),
        FieldSet(
            "Установка", Row("device_model", "serial_number"), Row("verified_on", "next_verification_on"),
            "arshin_record", Row("installed_on", "initial_reading"),
        ),
    )

    def __init__(self, *args, unit: MeteringUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = unit.devices.filter(removed_on__isnull=True).select_related("device_model")
        self.fields["seals"].queryset = unit.seals.filter(removed_on__isnull=True, device__isnull=True)
