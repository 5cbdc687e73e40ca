"""Forms of the inspection pages other than the act (``act_page``): thin, the services decide."""

from __future__ import annotations

from django import forms

from core.forms import DateInput

from .models import FieldInspection
from .services.inspections import UNPLANNED


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
