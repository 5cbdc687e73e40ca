"""The register of metering: units (with their devices, seals, status history, readings and
inspections on the unit's page), devices (with new verifications), seals (set and removed),
and the device catalogue. Writes go through ``metering.services``; the server checks every
permission (see ``core.views``)."""

from __future__ import annotations

from django.urls import path, reverse
from viewflow.utils import Icon
from viewflow.views import Action

from core.views import RecordDetailView, Table
from subscribers.viewsets import RegistryViewset

from .forms import (
    DeviceForm,
    DeviceModelForm,
    MeteringUnitForm,
    SealForm,
    SealRemovalForm,
    VerificationForm,
)
from .models import Device, DeviceModel, DeviceReplacement, MeteringUnit, Seal
from .services import units as services
from .views.replacements import PERMISSION as REPLACE_PERMISSION
from .views.replacements import DeviceReplacementView


def _action(name: str, url: str, icon: str) -> Action:
    return Action(name=name, url=url, icon=Icon(icon, class_="material-icons mdc-list-item__graphic"))


def _url(viewset: str, obj) -> str:
    return reverse(f"metering:{viewset}:detail", args=[obj.pk])


def _replacement_cells(r: DeviceReplacement) -> list:
    request = f"{r.request} — {r.request.get_status_display()}" if r.request else "заявки еще нет"
    return [r.removed_on, (str(r.removed_device), _url("devices", r.removed_device)), r.reason_text, r.final_reading,
            ", ".join(r.seals_removed), r.installed_on, (str(r.installed_device), _url("devices", r.installed_device)),
            r.initial_reading, request]


class UnitDetailView(RecordDetailView):
    """A unit's page: devices, seals, commercial status history, readings, inspections."""

    def sections(self):
        unit = self.object
        devices = unit.devices.select_related("device_model").order_by("removed_on", "device_model__kind")
        return [
            Table(
                "Приборы", ["Прибор", "Заводской №", "Поверка", "Действительна до", "Установлен", "Снят"],
                [[(str(d.device_model), _url("devices", d)), d.serial_number, d.verified_on, d.verification_valid_until,
                  d.installed_on, d.removed_on] for d in devices],
                empty="Приборов нет", anchor="devices",
            ),
            Table(
                "Замены приборов",
                ["Снят", "Прибор", "Причина", "Показания при снятии, Гкал", "Снятые пломбы", "Установлен",
                 "Новый прибор", "Показания при установке, Гкал", "Ввод после замены"],
                [_replacement_cells(r) for r in unit.replacements.select_related(
                    "removed_device__device_model", "installed_device__device_model", "request").order_by("-removed_on", "-id")],
                empty="Приборы не заменялись", anchor="replacements",
            ),
            Table(
                "Пломбы", ["Номер", "Место", "Установлена", "Снята", "Причина"],
                [[(s.number, _url("seals", s)), s.place, s.set_on, s.removed_on, s.removal_reason]
                 for s in unit.seals.order_by("removed_on", "number")],
                empty="Пломб нет", anchor="seals",
            ),
            Table(
                "Коммерческий статус", ["С", "Статус", "Причина", "Основание"],
                [[c.effective_from, c.get_status_display(), c.reason, c.basis]
                 for c in unit.status_changes.order_by("-effective_from", "-id")],
                empty="Узел учета не вводился в эксплуатацию", anchor="status",
            ),
            Table(
                "Показания", ["Период", "Q, Гкал", "M1, т", "M2, т", "Время работы, ч", "Статус"],
                [[(f"{r.period:%m.%Y}", reverse("metering:readings:detail", args=[r.pk])), r.q, r.m1, r.m2,
                  r.operating_hours, r.get_status_display()] for r in unit.readings.order_by("-period")[:24]],
                empty="Показаний нет", anchor="readings",
            ),
            Table(
                "Осмотры", ["Вид", "Осмотр №", "Дата", "Результат", "Акт"],
                [[i.get_kind_display(), i.round, i.inspected_on, i.get_result_display(),
                  (i.act.number, reverse("documents:archive:detail", args=[i.act_id])) if i.act_id else ""]
                 for i in unit.inspections.select_related("act").order_by("-id")],
                empty="Осмотров не было", anchor="inspections",
            ),
        ]


class MeteringUnitViewset(RegistryViewset):
    app_name = "units"
    model = MeteringUnit
    title = "Узлы учета"
    icon = "speed"
    detail_view_class = UnitDetailView
    form_class = MeteringUnitForm
    list_columns = ("number", "location", "heated_object", "purpose", "status", "status_since", "admitted_until")
    list_object_link_columns = ("number",)
    list_filter_fields = ("status", "purpose", "heated_object__network_section")
    list_search_fields = ("number", "heated_object__address", "heated_object__code")
    detail_fields = (
        "number", "heated_object", "location", "purpose", "is_open_system", "status", "status_since",
        "commissioned_on", "admitted_until", "design_code", "design_approved_on", "installer",
    )

    def create_object(self, *, form, actor):
        return services.unit_register(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        data = {k: v for k, v in form.service_data().items() if k in services.UNIT_EDITABLE}
        return services.unit_update(unit=obj, actor=actor, **data)

    replace_path = path("<int:pk>/replace/", DeviceReplacementView.as_view(), name="replace")

    def get_detail_page_object_actions(self, request, obj, *actions):
        if request.user.has_perm(REPLACE_PERMISSION) and obj.devices.filter(removed_on__isnull=True).exists():
            actions = (*actions, _action("Заменить прибор", reverse("metering:units:replace", args=[obj.pk]), "swap_horiz"))
        if request.user.has_perm("metering.add_device"):
            actions = (*actions, _action("Установить прибор", f"{reverse('metering:devices:add')}?unit={obj.pk}", "add_circle"))
        if request.user.has_perm("metering.add_seal"):
            actions = (*actions, _action("Установить пломбу", f"{reverse('metering:seals:add')}?unit={obj.pk}", "lock"))
        return super().get_detail_page_object_actions(request, obj, *actions)


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


class DeviceViewset(RegistryViewset):
    """Devices; "change" records a new verification (the only change a device has)."""

    app_name = "devices"
    model = Device
    title = "Приборы учета"
    icon = "memory"
    form_class = DeviceForm
    update_form_class = VerificationForm
    list_columns = ("serial_number", "device_model", "unit", "verified_on", "next_verification_on", "removed_on")
    list_object_link_columns = ("serial_number",)
    list_filter_fields = ("device_model__kind",)
    list_search_fields = ("serial_number", "unit__number")
    detail_fields = (
        "device_model", "serial_number", "unit", "diameter_mm", "measuring_range", "verified_on",
        "next_verification_on", "arshin_record", "installed_on", "removed_on",
    )

    def get_create_initial(self, request):
        unit = _int_param(request, "unit")
        return {"unit": unit} if unit else {}

    def create_object(self, *, form, actor):
        return services.device_register(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return services.device_verification_record(device=obj, actor=actor, **form.service_data())


class SealViewset(RegistryViewset):
    """Seals; "change" removes a seal (with the date and the reason)."""

    app_name = "seals"
    model = Seal
    title = "Пломбы"
    icon = "lock"
    form_class = SealForm
    update_form_class = SealRemovalForm
    list_columns = ("number", "unit", "place", "set_on", "removed_on")
    list_object_link_columns = ("number",)
    list_search_fields = ("number", "unit__number")
    detail_fields = ("number", "unit", "device", "place", "set_on", "set_by", "removed_on", "removal_reason")

    def get_create_initial(self, request):
        unit = _int_param(request, "unit")
        return {"unit": unit} if unit else {}

    def create_object(self, *, form, actor):
        return services.seal_set(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        data = form.service_data()
        return services.seal_remove(seal=obj, removed_on=data["removed_on"], reason=data["removal_reason"], actor=actor)


class DeviceModelViewset(RegistryViewset):
    app_name = "device_models"
    model = DeviceModel
    title = "Модели приборов"
    icon = "category"
    form_class = DeviceModelForm
    list_columns = ("name", "kind", "manufacturer", "register_number", "verification_interval_years")
    list_object_link_columns = ("name",)
    list_filter_fields = ("kind",)
    detail_fields = ("kind", "name", "manufacturer", "register_number", "verification_interval_years")

    def create_object(self, *, form, actor):
        return services.device_model_create(actor=actor, **form.service_data())

    def has_change_permission(self, user, obj=None):
        return False  # an interval is corrected in the admin, with its history
