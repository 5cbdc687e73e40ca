"""The technician's inspection page shared by the commissioning and periodic check flows:
the checklist (each item conforms, or a defect with the rule and a deadline, with a photo),
the commission members, the seals, the readings. Laid out for a phone.

The view gathers the forms and calls ``metering.services.inspections.inspection_record``
— the node's one service — then completes the task.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import generic
from viewflow.workflow.flow.views import TaskSuccessUrlMixin

from core.errors import ApplicationError
from core.forms import apply_errors
from metering.forms import date_input
from metering.models import CommissionMember, Device, Inspection, InspectionKind, Seal
from metering.selectors import returns_of
from metering.services.inspections import ItemAnswer, inspection_record
from subscribers.selectors import our_organization
from workflows.task_views import DoneNoticeMixin, process_url

CONFORMS, DEFECT = "yes", "no"


def _decimal(label: str, places: int = 3) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, max_digits=16, decimal_places=places, localize=True, min_value=Decimal("0"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class InspectionForm(forms.Form):
    """Date, place, readings and settings, and one group of fields per checklist item."""

    inspected_on = forms.DateField(label="Дата осмотра", widget=date_input())
    place = forms.CharField(label="Место составления акта", max_length=300, required=False)
    q_total = _decimal("Q, Гкал (нарастающим итогом)")
    m1_total = _decimal("M1, т")
    m2_total = _decimal("M2, т")
    v1_total = _decimal("V1, м³")
    operating_hours = _decimal("Время работы, ч", places=2)
    cold_water_temperature = forms.DecimalField(
        label="Температура холодной воды в настройках, °C", required=False, max_digits=4, decimal_places=1,
        localize=True, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    settings_note = forms.CharField(label="Прочие настройки (отсечки, часы)", max_length=300, required=False)

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(inspection.items.all())
        for item in self.items:
            self.fields[f"{item.code}__result"] = forms.ChoiceField(
                label=item.title, choices=[(CONFORMS, "Соответствует"), (DEFECT, "Недостаток")],
                widget=forms.RadioSelect, required=False,
            )
            self.fields[f"{item.code}__defect"] = forms.CharField(
                label="Недостаток", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"{item.code}__deadline"] = forms.DateField(
                label="Срок устранения", required=False, widget=date_input()
            )
            self.fields[f"{item.code}__photo"] = forms.FileField(
                label="Фото",
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
            )

    def item_rows(self):
        """Per checklist item: the item and its bound fields, for the template."""
        return [
            {
                "item": item,
                "result": self[f"{item.code}__result"],
                "defect": self[f"{item.code}__defect"],
                "deadline": self[f"{item.code}__deadline"],
                "photo": self[f"{item.code}__photo"],
            }
            for item in self.items
        ]

    def answers(self) -> dict[str, ItemAnswer]:
        data = self.cleaned_data
        answers = {}
        for item in self.items:
            result = data.get(f"{item.code}__result")
            answers[item.code] = ItemAnswer(
                conforms=None if not result else result == CONFORMS,
                defect=data.get(f"{item.code}__defect") or "",
                fix_deadline=data.get(f"{item.code}__deadline"),
            )
        return answers

    def photos(self) -> dict[str, list]:
        return {
            item.code: [self.cleaned_data[f"{item.code}__photo"]]
            for item in self.items if self.cleaned_data.get(f"{item.code}__photo")
        }

    def readings(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("q_total", "m1_total", "m2_total", "v1_total", "operating_hours")}


class MemberForm(forms.Form):
    side = forms.ChoiceField(label="Сторона", choices=CommissionMember.Side.choices)
    last_name = forms.CharField(label="Фамилия", max_length=100)
    first_name = forms.CharField(label="Имя", max_length=100)
    middle_name = forms.CharField(label="Отчество", max_length=100, required=False)
    position = forms.CharField(label="Должность", max_length=200)
    organization = forms.CharField(label="Организация", max_length=300)
    authority = forms.CharField(label="Основание полномочий", max_length=200, required=False)


class SealForm(forms.Form):
    number = forms.CharField(label="Номер пломбы", max_length=50)
    place = forms.CharField(label="Место", max_length=300)
    device = forms.ModelChoiceField(label="Прибор", queryset=Device.objects.none(), required=False)
    intact = forms.BooleanField(label="Цела", required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["device"].queryset = Device.objects.filter(unit=unit, removed_on__isnull=True)


MemberFormSet = forms.formset_factory(MemberForm, extra=0, min_num=2)
SealFormSet = forms.formset_factory(SealForm, extra=3)


class InspectionPageView(DoneNoticeMixin, TaskSuccessUrlMixin, generic.TemplateView):
    """Subclasses say where the inspection is: ``get_inspection()``."""

    template_name = "workflows/inspection.html"

    def done(self) -> tuple[str, str | None, str]:
        inspection = Inspection.objects.select_related("act").get(pk=self.get_inspection().pk)
        if inspection.act_id:
            return (f"Акт {inspection.act.number} выпущен", reverse("documents:archive:detail", args=[inspection.act_id]),
                    "Открыть акт")
        return ("Осмотр записан, акт выпускается: он появится в карточке процесса", process_url(self.request.activation),
                "Карточка процесса")

    def get_inspection(self) -> Inspection:
        raise NotImplementedError

    def initial_members(self, inspection: Inspection) -> list[dict]:
        user = self.request.user
        consumer = inspection.unit.heated_object.consumer
        organization = our_organization()
        ours = organization.short_name if organization else ""
        members = [
            {"side": CommissionMember.Side.SUPPLIER, "last_name": user.last_name, "first_name": user.first_name,
             "organization": ours},
            {"side": CommissionMember.Side.CONSUMER, "organization": consumer.short_name or consumer.name},
        ]
        if inspection.kind == InspectionKind.COMMISSIONING and inspection.unit.installer:
            members.append({"side": CommissionMember.Side.INSTALLER, "organization": inspection.unit.installer})
        return members

    def initial_seals(self, inspection: Inspection) -> list[dict]:
        if inspection.kind != InspectionKind.PERIODIC:
            return []
        return [
            {"number": s.number, "place": s.place, "device": s.device_id, "intact": True}
            for s in Seal.objects.filter(unit=inspection.unit, removed_on__isnull=True)
        ]

    @staticmethod
    def recorded(inspection: Inspection) -> dict:
        """What was recorded already (an act returned for correction): the form starts from it."""
        initial = {
            "inspected_on": inspection.inspected_on, "place": inspection.place,
            "cold_water_temperature": inspection.cold_water_temperature, "settings_note": inspection.settings_note,
        }
        for name in ("q_total", "m1_total", "m2_total", "v1_total", "operating_hours"):
            initial[name] = getattr(inspection, name)
        for item in inspection.items.all():
            if item.conforms is not None:
                initial[f"{item.code}__result"] = CONFORMS if item.conforms else DEFECT
                initial[f"{item.code}__defect"], initial[f"{item.code}__deadline"] = item.defect, item.fix_deadline
        return initial

    def build_forms(self, data=None, files=None):
        inspection = self.get_inspection()
        again = inspection.result != Inspection.Result.PENDING  # returned for correction: start from the record
        initial = self.recorded(inspection) if again else {"inspected_on": timezone.localdate(), "place": inspection.place}
        form = InspectionForm(data, files, inspection=inspection, initial=initial)
        if data:
            members_initial = seals_initial = None
        elif again:
            members_initial = list(inspection.members.values(
                "side", "last_name", "first_name", "middle_name", "position", "organization", "authority"
            ))
            seals_initial = list(inspection.seals.values("number", "place", "device", "intact"))
            if inspection.kind != InspectionKind.PERIODIC:
                for seal in seals_initial:
                    seal.pop("intact")
        else:
            members_initial, seals_initial = self.initial_members(inspection), self.initial_seals(inspection)
        members = MemberFormSet(data, prefix="members", initial=members_initial)
        seals = SealFormSet(data, prefix="seals", initial=seals_initial, form_kwargs={"unit": inspection.unit})
        return inspection, form, members, seals

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            inspection, form, members, seals = self.build_forms()
            kwargs.update(inspection=inspection, form=form, members=members, seals=seals)
        kwargs["returns"] = returns_of(kwargs["inspection"])
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        inspection, form, members, seals = self.build_forms(request.POST, request.FILES)
        context = {"inspection": inspection, "form": form, "members": members, "seals": seals}
        if not (form.is_valid() and members.is_valid() and seals.is_valid()):
            return self.render_to_response(self.get_context_data(**context))
        try:
            inspection_record(
                inspection=inspection,
                inspected_on=form.cleaned_data["inspected_on"],
                place=form.cleaned_data["place"],
                answers=form.answers(),
                members=[f.cleaned_data for f in members.forms if f.cleaned_data],
                seals=[self._seal(f.cleaned_data, inspection) for f in seals.forms if f.cleaned_data],
                readings=form.readings(),
                cold_water_temperature=form.cleaned_data["cold_water_temperature"],
                settings_note=form.cleaned_data["settings_note"],
                photos=form.photos(),
                actor=request.user,
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
            return self.render_to_response(self.get_context_data(**context))
        request.activation.execute()
        self.notify_done()
        return HttpResponseRedirect(self.get_success_url())

    @staticmethod
    def _seal(data: dict, inspection: Inspection) -> dict:
        seal = {"number": data["number"], "place": data["place"], "device": data.get("device")}
        if inspection.kind == InspectionKind.PERIODIC:
            seal["intact"] = bool(data.get("intact"))
        return seal
