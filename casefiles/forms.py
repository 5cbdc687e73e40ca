"""Forms of the case-file pages (thin: they read input, services and selectors do the work)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from core.forms import DateInput
from subscribers.models import Consumer

from .documents import PoliceFacts
from .models import Case


class CaseFilterForm(forms.Form):
    """The case list's filters (GET)."""

    q = forms.CharField(label="Должник, ИНН или номер дела", required=False, max_length=100)
    kind = forms.ChoiceField(label="Вид", required=False, choices=[("", "Все виды"), *Case.Kind.choices])
    stage = forms.ChoiceField(label="Стадия", required=False, choices=[("", "Все стадии"), *Case.Stage.choices])
    open_only = forms.BooleanField(label="Только открытые", required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"query": (data.get("q") or "").strip(), "kind": data.get("kind") or "",
                "stage": data.get("stage") or "", "open_only": bool(data.get("open_only"))}


def _money(label: str, places: int = 2, **extra) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=16, decimal_places=places, min_value=0, localize=True, **extra)


class PoliceStatementForm(forms.Form):
    """A police statement started by hand: who, what was found, the damage by the calculation."""

    consumer = forms.CharField(label="Абонентский номер или ИНН лица", max_length=30)
    police_addressee = forms.CharField(label="Кому (отдел полиции, должность)", max_length=300,
                                       initial="Начальнику отдела МВД России")
    police_head = forms.CharField(label="ФИО начальника отдела", max_length=200, required=False)
    police_address = forms.CharField(label="Адрес отдела полиции", max_length=300)
    found_on = forms.DateField(label="Дата выявления", widget=DateInput())
    incident_address = forms.CharField(label="Адрес объекта", max_length=300)
    incident_kind = forms.CharField(label="Что выявлено", max_length=300,
                                    initial="бездоговорное потребление тепловой энергии")
    method = forms.CharField(label="Способ подключения / потребления", max_length=500)
    act = forms.CharField(label="Акт (вид, номер и дата)", max_length=300,
                          help_text="например: о выявлении бездоговорного потребления № 12 от 03.02.2026")
    owner = forms.CharField(label="Владелец объекта (если известен)", max_length=300, required=False)
    period_from = forms.DateField(label="Период потребления: с", widget=DateInput())
    period_to = forms.DateField(label="по", widget=DateInput())
    damage_method = forms.CharField(label="Как определен объем", max_length=300, initial="по подключенной нагрузке")
    volume = _money("Объем, Гкал", places=3)
    damage = _money("Ущерб с НДС, ₽")
    vat_rate = _money("Ставка НДС, %", initial=22)
    qualification = forms.CharField(
        label="Квалификация", max_length=500,
        initial="административного правонарушения, предусмотренного ст. 7.19 КоАП РФ")
    demands = forms.CharField(label="Требования к виновному лицу (направленные)", max_length=500, required=False)

    def clean_consumer(self) -> Consumer:
        value = self.cleaned_data["consumer"].strip()
        found = list(Consumer.objects.filter(code=value)) or list(Consumer.objects.filter(inn=value)[:2])
        if not found:
            raise forms.ValidationError(f"Абонент «{value}» не найден: укажите абонентский номер или ИНН")
        if len(found) > 1:
            raise forms.ValidationError(f"ИНН {value} у нескольких абонентов: укажите абонентский номер")
        return found[0]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", "Конец периода раньше его начала")
        if data.get("found_on") and end and end > data["found_on"]:
            self.add_error("period_to", "Период потребления не может кончаться позже дня выявления")
        if data.get("found_on") and data["found_on"] > timezone.localdate():
            self.add_error("found_on", "Дата выявления не может быть позже сегодняшней")
        if data.get("damage") is not None and data["damage"] <= 0:
            self.add_error("damage", "Ущерб должен быть больше нуля")
        return data

    def facts(self) -> PoliceFacts:
        data = self.cleaned_data
        return PoliceFacts(**{name: data[name] for name in PoliceFacts.__dataclass_fields__})
