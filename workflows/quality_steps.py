"""The task pages of the flow ``workflows.quality``: each gathers its form and calls the node's
one service (``supply.services.quality``), as ``task_views.ServiceTaskView`` does. The
measurement page is filled on the phone on site: plain text boxes, dates as ДД.ММ.ГГГГ ЧЧ:ММ."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from core.errors import ApplicationError
from core.forms import DateInput, DecimalField
from subscribers.models import HeatedObject
from supply.models import QualityCase
from supply.services.quality import Measurement, Point, quality_act_decide, quality_case_measure, quality_case_register

from .task_views import ApprovalDecisionForm, ServiceTaskView, process_url

MOMENT_FORMATS = ["%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
POINTS = 3


def _moment(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=MOMENT_FORMATS, help_text="ДД.ММ.ГГГГ ЧЧ:ММ, московское время",
                               widget=forms.TextInput(attrs={"placeholder": "10.01.2026 08:00", "inputmode": "numeric"}),
                               **kwargs)


def _temperature(label: str, required: bool = True) -> DecimalField:
    return DecimalField(label=label, max_digits=5, decimal_places=1, required=required)


# ---------------------------------------------------------------- start: the complaint


class ComplaintForm(forms.Form):
    object_code = forms.CharField(label="Код объекта", max_length=50)
    source = forms.ChoiceField(label="Источник", choices=QualityCase.Source.choices)
    service = forms.ChoiceField(label="Услуга", choices=QualityCase.Service.choices)
    complaint_number = forms.CharField(label="№ обращения в диспетчерской службе", max_length=50)
    complaint_at = _moment("Время обращения")
    complaint_text = forms.CharField(label="Суть обращения", widget=forms.Textarea(attrs={"rows": 3}))
    reporter = forms.CharField(label="Кто обратился", max_length=300, required=False)


class StartView(ServiceTaskView):
    form_class = ComplaintForm
    template_name = "viewflow/workflow/start.html"

    def perform(self, form):
        data = dict(form.cleaned_data)
        heated_object = HeatedObject.objects.filter(code=data.pop("object_code").strip()).first()
        if heated_object is None:
            raise ApplicationError("Код объекта: такого объекта нет в реестре", code="not_found", field="object_code")
        case = quality_case_register(heated_object=heated_object, actor=self.request.user, **data)
        self.request.activation.process.artifact = case

    def done(self):
        activation = self.request.activation
        return (f"Нарушение качества зарегистрировано: обращение № {activation.process.case.complaint_number}",
                process_url(activation), "Карточка процесса")


# ---------------------------------------------------------------- the measurement on site


class MeasurementForm(forms.Form):
    checked_at = _moment("Дата и время проверки")
    participants = forms.CharField(label="Участники проверки (по одному в строке: ФИО, должность)",
                                   widget=forms.Textarea(attrs={"rows": 3}))
    thermometer_model = forms.CharField(label="Термометр: модель", max_length=200)
    thermometer_number = forms.CharField(label="Термометр: заводской №", max_length=100)
    thermometer_verified_on = forms.DateField(label="Термометр: дата поверки", widget=DateInput())
    thermometer_valid_until = forms.DateField(label="Термометр: поверка действует до", widget=DateInput())
    point_1 = forms.CharField(label="Точка измерения 1", max_length=300)
    value_1 = _temperature("Измерено в точке 1, °C")
    point_2 = forms.CharField(label="Точка измерения 2", max_length=300, required=False)
    value_2 = _temperature("Измерено в точке 2, °C", required=False)
    point_3 = forms.CharField(label="Точка измерения 3", max_length=300, required=False)
    value_3 = _temperature("Измерено в точке 3, °C", required=False)
    outdoor_c = _temperature("Температура наружного воздуха, °C")
    supply_c = _temperature("T1 на вводе, °C", required=False)
    return_c = _temperature("T2 на вводе, °C", required=False)
    supply_pressure_mpa = DecimalField(label="P1 на вводе, МПа", max_digits=6, decimal_places=3, required=False)
    return_pressure_mpa = DecimalField(label="P2 на вводе, МПа", max_digits=6, decimal_places=3, required=False)
    norm_c = _temperature("Норматив, °C (пусто — обычный: отопление +18, ГВС +60)", required=False)
    period = forms.ChoiceField(label="Время суток отклонения", choices=QualityCase.Period.choices)
    restored_at = _moment("Время восстановления качества")
    conclusion = forms.CharField(label="Заключение", widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        for n in range(2, POINTS + 1):
            if bool(data.get(f"point_{n}")) != (data.get(f"value_{n}") is not None):
                self.add_error(f"value_{n}", f"Точка {n}: укажите и точку, и измеренное значение")
        return data

    def measurement(self) -> Measurement:
        data = self.cleaned_data
        points = [Point(point=data[f"point_{n}"], value_c=data[f"value_{n}"]) for n in range(1, POINTS + 1)
                  if data.get(f"point_{n}")]
        values = {name: data[name] for name in ("checked_at", "participants", "thermometer_model", "thermometer_number",
                                                 "thermometer_verified_on", "thermometer_valid_until", "outdoor_c",
                                                 "supply_c", "return_c", "supply_pressure_mpa", "return_pressure_mpa",
                                                 "period", "restored_at", "conclusion", "norm_c")}
        return Measurement(points=points, **values)


class MeasurementView(ServiceTaskView):
    form_class = MeasurementForm
    template_name = "workflows/quality/case.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.request.activation.process.case, **kwargs)

    def perform(self, form):
        quality_case_measure(case=self.request.activation.process.case, data=form.measurement(), actor=self.request.user)

    def done(self):
        return ("Замер записан: акт о нарушении качества выпускается", process_url(self.request.activation),
                "Карточка процесса")


# ---------------------------------------------------------------- the manager's approval


class ApprovalView(ServiceTaskView):
    form_class = ApprovalDecisionForm
    template_name = "workflows/quality/case.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.request.activation.process.case, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        quality_act_decide(case=self.request.activation.process.case, approve=data["decision"] == form.APPROVE,
                           comment=data["comment"], actor=self.request.user)

    def done(self):
        case = self.request.activation.process.case
        if case.status == QualityCase.Status.APPROVED:
            return (f"Акт № {case.act.number} утвержден: перерасчет поставлен в очередь",
                    reverse("documents:archive:detail", args=[case.act.pk]), "Открыть акт")
        return "Акт возвращен на повторный замер", process_url(self.request.activation), "Карточка процесса"
