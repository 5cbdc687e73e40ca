"""The technician's act page, laid out for a phone: the forms and their logic, apart from any
view, so the plain page (``views.act_fill``) and the flow's task (``workflows.unmetered``) show
the same thing. ``ActPage(inspection)`` builds the forms (from the act recorded before when it
was returned), ``submit(actor)`` calls ``services.acts.act_fill`` — the one write — and puts a
refusal back on the fields it names. Every field is optional in the form: the service decides
what the act's kind requires and names each missing field.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from django import forms
from django.utils import timezone

from core.errors import ApplicationError
from core.forms import DateInput
from core.permissions import is_refusal
from subscribers.models import Consumer

from .models import ActLoad, ActPerson, FieldInspection, ViolationAct
from .services.act_data import (
    ActData,
    LoadRow,
    MeterRow,
    PersonRow,
    SealRow,
    WitnessRow,
)
from .services.acts import act_fill
from .services.photos import PhotoUpload

ROWS = ("loads", "meters", "seals", "persons", "witnesses")


def _text(label: str, *, area: bool = False, max_length: int = 500) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 2}) if area else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=None if area else max_length, widget=widget)


def _decimal(label: str, places: int) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=12, decimal_places=places, localize=True,
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}))


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *choices])


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ActForm(forms.Form):
    """The act's own fields (the rows are formsets)."""

    kind = _choice("Вид нарушения", ViolationAct.Kind.choices)
    violation = _choice("Нарушение", ViolationAct.Violation.choices)
    found_on = forms.DateField(label="Дата составления", required=False, widget=DateInput())
    found_at = forms.TimeField(label="Время составления", required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = _text("Место составления")
    basis = _text("Основание обследования")
    consumer_code = _text("Абонентский номер (если лицо есть в реестре)", max_length=30)
    person_kind = _choice("Лицо (если его нет в реестре)", ViolationAct.PersonKind.choices)
    person_name = _text("Наименование / ФИО")
    person_inn = _text("ИНН", max_length=12)
    person_ogrn = _text("ОГРН / ОГРНИП", max_length=15)
    person_passport = _text("Паспорт (серия, номер, кем и когда выдан)")
    person_address = _text("Адрес лица")
    title_to_object = _text("Право на объект (собственность, аренда; документ)")
    representative = _text("Представитель и его полномочия")
    object_address = _text("Адрес объекта")
    object_use = _text("Назначение объекта", max_length=300)
    object_volume = _decimal("Строительный объем, м³", 1)
    object_area = _decimal("Площадь, м²", 1)
    intake_place = _text("Место потребления (присоединения)")
    intake_method = _text("Способ потребления, описание нарушения", area=True)
    meters_note = _text("Приборы учета: примечание", area=True)
    failure_at = _text("Время отказа по архиву прибора", max_length=100)
    failed_on = forms.DateField(label="Дата отказа по архиву прибора (с нее узел неисправен)", required=False,
                                widget=DateInput())
    previous_inspection_on = forms.DateField(label="Дата предыдущей проверки", required=False, widget=DateInput())
    explanations = _text("Объяснения потребителя", area=True)
    objections = _text("Возражения к акту", area=True)
    orders = _text("Выданные предписания (требование восстановить учет)", area=True)
    signature = _choice("Подписание", ViolationAct.Signature.choices)
    signed_by = _text("Подписал за потребителя (И.О. Фамилия)", max_length=300)
    refusal_reason = _text("Причина отказа от подписи или неявки", area=True)
    copies = forms.IntegerField(label="Экземпляров", required=False, min_value=1, max_value=10)
    photos = MultiplePhotoField(label="Фото (можно несколько)", required=False)
    photo_caption = _text("Что на снимках (с указанием прибора)", max_length=300)

    def clean_consumer_code(self):
        code = (self.cleaned_data.get("consumer_code") or "").strip()
        if not code:
            return None
        consumer = Consumer.objects.filter(code=code).first()
        if consumer is None:
            raise forms.ValidationError(f"Абонента с номером {code} нет в реестре")
        return consumer


class LoadForm(forms.Form):
    use = _choice("Вид потребления", ActLoad.Use.choices)
    load = forms.DecimalField(label="Нагрузка, Гкал/ч", required=False, max_digits=12, decimal_places=6, localize=True,
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    basis = _choice("Основание", ActLoad.Basis.choices)
    basis_detail = _text("Реквизиты основания или расчет")


class MeterForm(forms.Form):
    device = _text("Прибор (тип, модель)", max_length=300)
    serial_number = _text("Заводской №", max_length=50)
    reading = _text("Показания", max_length=200)
    verification_valid_until = forms.DateField(label="Поверка действует до", required=False, widget=DateInput())
    state = _text("Состояние")


class SealForm(forms.Form):
    number_recorded = _text("№ пломбы по акту допуска", max_length=50)
    place = _text("Место", max_length=300)
    found = _text("Обнаружено при проверке", max_length=300)


class PersonForm(forms.Form):
    side = _choice("Сторона", ActPerson.Side.choices)
    name = _text("ФИО", max_length=300)
    position = _text("Должность", max_length=200)
    authority = _text("Основание полномочий", max_length=300)


class WitnessForm(forms.Form):
    last_name = _text("Фамилия", max_length=100)
    first_name = _text("Имя", max_length=100)
    middle_name = _text("Отчество", max_length=100)
    address = _text("Адрес")
    passport = _text("Документ, удостоверяющий личность", max_length=300)


FORMSETS = {
    "loads": (forms.formset_factory(LoadForm, extra=2), LoadRow),
    "meters": (forms.formset_factory(MeterForm, extra=2), MeterRow),
    "seals": (forms.formset_factory(SealForm, extra=2), SealRow),
    "persons": (forms.formset_factory(PersonForm, extra=2), PersonRow),
    "witnesses": (forms.formset_factory(WitnessForm, extra=2), WitnessRow),
}
GROUPS = [
    ("Нарушение", ["kind", "violation", "found_on", "found_at", "place", "basis"]),
    ("Лицо", ["consumer_code", "person_kind", "person_name", "person_inn", "person_ogrn", "person_passport",
              "person_address", "title_to_object", "representative"]),
    ("Объект", ["object_address", "object_use", "object_volume", "object_area"]),
    ("Где и как потребляется тепло", ["intake_place", "intake_method", "meters_note", "failure_at",
                                      "failed_on", "previous_inspection_on"]),
    ("Объяснения и предписания", ["explanations", "objections", "orders"]),
    ("Фото", ["photos", "photo_caption"]),
    ("Подписание", ["signature", "signed_by", "refusal_reason", "copies"]),
]
ROW_LEGENDS = [
    ("loads", "Подключенные нагрузки (основание обязательно)"), ("meters", "Приборы учета"),
    ("seals", "Пломбы: по акту допуска и при проверке"), ("persons", "Присутствовали"),
    ("witnesses", "Свидетели отказа или неявки (не работники организации)"),
]
FORM_NAMES = {"consumer": "consumer_code"}  # the service's field → the page's
ACT_FIELDS = {f.name for f in dataclass_fields(ActData)} - set(ROWS) - {"consumer"}


def _filled(data: dict) -> bool:
    return any(value not in (None, "") for value in data.values())


class ActPage:
    """The forms of the act page for one inspection and their submission."""

    def __init__(self, inspection: FieldInspection, *, user, data=None, files=None):
        self.inspection = inspection
        self.act = ViolationAct.objects.filter(inspection=inspection).first()
        self.row_errors: dict[str, list[str]] = {}
        bound = data is not None
        initial, rows = self.initial(user) if not bound else ({}, {})
        self.form = ActForm(data, files, initial=initial)
        self.formsets = {
            name: formset(data, prefix=name, initial=None if bound else rows.get(name))
            for name, (formset, _) in FORMSETS.items()
        }

    def initial(self, user) -> tuple[dict, dict[str, list[dict]]]:
        """A new act starts from the inspection and the technician; a returned one from itself."""
        act = self.act
        if act is None:
            inspection = self.inspection
            heated_object = inspection.heated_object
            now = timezone.localtime()
            initial = {
                "found_on": now.date(), "found_at": now.time().replace(second=0, microsecond=0),
                "object_address": inspection.address, "place": inspection.address, "copies": 2,
                "basis": (f"маршрутный лист, обход № {inspection.route_id}" if inspection.planned
                          else f"{inspection.get_source_display().lower()}: {inspection.report_note}")[:500],
            }
            if heated_object is not None:
                initial.update(consumer_code=heated_object.consumer.code, object_use=heated_object.get_purpose_display(),
                               object_volume=heated_object.heated_volume, object_area=heated_object.heated_area)
            full_name = f"{user.last_name} {user.first_name}".strip()
            persons = [{"side": ActPerson.Side.SUPPLIER, "name": full_name}] if full_name else []
            return initial, {"persons": persons}
        initial = {name: getattr(act, name) for name in ACT_FIELDS}
        initial["consumer_code"] = act.consumer.code if act.consumer_id else ""
        rows = {
            name: [{f.name: getattr(row, f.name) for f in dataclass_fields(FORMSETS[name][1])}
                   for row in getattr(act, name).all()]
            for name in ROWS
        }
        return initial, rows

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets.values())])

    def data(self) -> ActData:
        cleaned = self.form.cleaned_data
        values = {name: cleaned.get(name) for name in ACT_FIELDS}
        for name, value in list(values.items()):
            if value is None and isinstance(ActForm.base_fields.get(name), forms.CharField):
                values[name] = ""
        values["copies"] = cleaned.get("copies") or 2
        rows = {}
        for name, (_, row_type) in FORMSETS.items():
            rows[name] = [
                row_type(**{key: (value if value is not None or key in ("load", "verification_valid_until") else "")
                            for key, value in form.cleaned_data.items()})
                for form in self.formsets[name].forms if form.cleaned_data and _filled(form.cleaned_data)
            ]
        return ActData(consumer=cleaned.get("consumer_code"), **values, **rows)

    def photos(self) -> list[PhotoUpload]:
        caption = self.form.cleaned_data.get("photo_caption") or ""
        return [PhotoUpload(name=upload.name, content=upload.read(), caption=caption)
                for upload in self.form.cleaned_data.get("photos") or []]

    def submit(self, *, actor) -> ViolationAct | None:
        """The act written (``act_fill``), or None with the refusal shown on its fields."""
        if not self.is_valid():
            return None
        try:
            return act_fill(inspection=self.inspection, data=self.data(), photos=self.photos(), actor=actor)
        except ApplicationError as exc:
            if is_refusal(exc):
                raise
            errors = exc.extra.get("errors") or {exc.field or "__all__": [exc.message]}
            for name, messages in errors.items():
                name = FORM_NAMES.get(name, name)
                if name in self.form.fields:
                    self.form.add_error(name, messages)
                elif name in ROWS:
                    self.row_errors[name] = messages
                else:
                    self.form.add_error(None, messages)
            return None

    def groups(self) -> list[tuple[str, list]]:
        """The act's fields in the order of the act, one fieldset each on the page."""
        return [(legend, [self.form[name] for name in names]) for legend, names in GROUPS]

    def row_groups(self) -> list[dict]:
        return [{"name": name, "legend": legend, "formset": self.formsets[name], "errors": self.row_errors.get(name, [])}
                for name, legend in ROW_LEGENDS]

    def context(self) -> dict:
        return {"inspection": self.inspection, "act": self.act, "form": self.form, "groups": self.groups(),
                "row_groups": self.row_groups(),
                "row_errors": self.row_errors, "returns": list(self.act.returns.all()) if self.act else []}
