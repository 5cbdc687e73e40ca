"""The metering units section of the consumer card (Абоненты → абонент), hooked in through
``settings.CONSUMER_CARD_SECTIONS``: each unit of the consumer's objects, linked to its page.
Shown to whoever may see metering units (``metering.view_meteringunit``)."""

from __future__ import annotations

from django.urls import reverse

from core.views import Table

from .models import MeteringUnit

PERMISSION = "metering.view_meteringunit"


def consumer_sections(request, consumer) -> list:
    if not request.user.has_perm(PERMISSION):
        return []
    units = (
        MeteringUnit.objects.filter(heated_object__consumer=consumer)
        .select_related("heated_object").order_by("heated_object__code", "number")
    )
    rows = [
        [(unit.number, reverse("metering:units:detail", kwargs={"pk": unit.pk})), unit.heated_object.code,
         unit.location, unit.get_status_display(), unit.admitted_until]
        for unit in units
    ]
    return [Table("Узлы учета", ["Номер", "Объект", "Точка учета", "Статус", "Допущен до"], rows,
                  empty="Узлов учета нет", anchor="metering-units")]
