"""The metering units section of the register's cards (Абоненты → абонент, объект, договор),
hooked in through ``settings.CONSUMER_CARD_SECTIONS``, ``HEATED_OBJECT_CARD_SECTIONS`` and
``CONTRACT_CARD_SECTIONS`` (``subscribers.card_sections``): each unit of the record's objects
— number linked to the unit's page, status, point of metering, admission and the next
verification due of its installed devices. Shown to whoever may see metering units
(``metering.view_meteringunit``).

Two queries whatever the number of units: the units with their objects, and their installed
devices (prefetched)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from core.permissions import allowed
from core.views import Table

from .models import Device, MeteringUnit

PERMISSION = "metering.view_meteringunit"
TITLE = "Узлы учета"
EMPTY = "Узлов учета нет"


def _units(**lookup) -> QuerySet[MeteringUnit]:
    installed = Device.objects.filter(removed_on__isnull=True).only("unit_id", "next_verification_on")
    return (
        MeteringUnit.objects.filter(**lookup)
        .select_related("heated_object")
        .prefetch_related(Prefetch("devices", queryset=installed, to_attr="installed_devices"))
        .order_by("heated_object__code", "number")
    )


def next_verification(unit: MeteringUnit):
    """The earliest date a verification of the unit's installed devices falls due (None: no device)."""
    return min((d.next_verification_on for d in unit.installed_devices), default=None)


def _link(unit: MeteringUnit) -> tuple[str, str]:
    return unit.number, reverse("metering:units:detail", kwargs={"pk": unit.pk})


def _object_link(unit: MeteringUnit) -> tuple[str, str]:
    return unit.heated_object.code, reverse("subscribers:objects:detail", kwargs={"pk": unit.heated_object_id})


HEADERS = ["Номер", "Статус", "Точка учета", "Допущен до", "Ближайшая поверка"]


def _cells(unit: MeteringUnit) -> list:
    return [_link(unit), unit.get_status_display(), unit.location, unit.admitted_until, next_verification(unit)]


def _with_objects(units) -> Table:
    rows = []
    for unit in units:
        number, *rest = _cells(unit)
        rows.append([number, _object_link(unit), *rest])
    return Table(TITLE, [HEADERS[0], "Объект", *HEADERS[1:]], rows, empty=EMPTY, anchor="metering-units")


def consumer_sections(request, consumer) -> list:
    if not allowed(request.user, PERMISSION):
        return []
    return [_with_objects(_units(heated_object__consumer=consumer))]


def heated_object_sections(request, heated_object) -> list:
    if not allowed(request.user, PERMISSION):
        return []
    rows = [_cells(unit) for unit in _units(heated_object=heated_object)]
    return [Table(TITLE, HEADERS, rows, empty=EMPTY, anchor="metering-units")]


def contract_sections(request, contract) -> list:
    if not allowed(request.user, PERMISSION):
        return []
    return [_with_objects(_units(heated_object__contracts=contract))]
