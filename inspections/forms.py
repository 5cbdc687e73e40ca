"""Forms of the inspection pages other than the act (``act_page``): thin, the services decide."""

from __future__ import annotations

from django import forms

from accounts.selectors import technicians
from core.forms import DateInput
from metering.models import Team
from subscribers.models import HeatedObject

from .models import FieldInspection
from .services.inspections import UNPLANNED, RouteStop

MAX_STOPS = 50


class ReportForm(forms.Form):
    """An unplanned inspection reported by anyone."""

    source = forms.ChoiceField(label="Откуда сообщение", choices=[
        (value, label) for value, label in FieldInspection.Source.choices if value in UNPLANNED])
    address = forms.CharField(label="Адрес объекта", max_length=500, required=False)
    reporter = forms.CharField(label="Кто сообщил (ФИО, телефон)", max_length=300, required=False)
    report_note = forms.CharField(label="Что сообщено", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NoViolationForm(forms.Form):
    inspected_on = forms.DateField(label="Дата обследования", widget=DateInput())
    result_note = forms.CharField(label="Что осмотрено", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photos = forms.FileField(label="Фото", required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    photo_caption = forms.CharField(label="Что на снимке", max_length=300, required=False)


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(label="Решение", widget=forms.RadioSelect,
                                 choices=[(ACCEPT, "Принять акт"), (RETURN, "Вернуть технику на исправление")])
    comment = forms.CharField(label="Комментарий (что исправить)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class TechnicianChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class RouteForm(forms.Form):
    """A planned route: the date, a technician or a team, the objects in order — one a line:
    the code of an object of the register, or an address outside it."""

    route_date = forms.DateField(label="Дата обхода", widget=DateInput())
    technician = TechnicianChoice(label="Техник", queryset=technicians(), required=False)
    team = forms.ModelChoiceField(label="или бригада", queryset=Team.objects.order_by("name"), required=False)
    stops = forms.CharField(
        label="Объекты по порядку", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="по одному в строке: код объекта из реестра или адрес вне реестра (город, улица, дом)",
    )
    note = forms.CharField(label="Задание", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()

    def clean_stops(self) -> list[RouteStop]:
        lines = [line.strip() for line in self.cleaned_data["stops"].splitlines() if line.strip()]
        if len(lines) > MAX_STOPS:
            raise forms.ValidationError(f"В маршруте не больше {MAX_STOPS} объектов, указано {len(lines)}")
        known = {o.code: o for o in HeatedObject.objects.filter(code__in=lines)}
        stops, errors = [], []
        for number, line in enumerate(lines, start=1):
            found = known.get(line)
            if found is not None:
                stops.append(RouteStop(heated_object=found))
            elif " " not in line and "," not in line:  # looks like a code, not an address
                errors.append(f"Строка {number}: объекта с кодом «{line}» нет в реестре; адрес вне реестра "
                              "пишите с улицей и домом")
            else:
                stops.append(RouteStop(address=line))
        if errors:
            raise forms.ValidationError(errors)
        return stops
