"""Reads of the network tree: the sections below a section, the objects they feed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q

from subscribers.models import HeatedObject, HeatLoad, NetworkSection

from ..models import SectionPlacement


def sections_below(section: NetworkSection) -> list[int]:
    """``section`` and every section downstream of it (by ``SectionPlacement.parent``)."""
    children: dict[int, list[int]] = {}
    for child, parent in SectionPlacement.objects.exclude(parent=None).values_list("section_id", "parent_id"):
        children.setdefault(parent, []).append(child)
    found, todo = [], [section.pk]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def objects_fed_by(section: NetworkSection) -> list[HeatedObject]:
    return list(HeatedObject.objects.filter(network_section_id__in=sections_below(section))
                .select_related("consumer").order_by("code"))


def object_load(heated_object: HeatedObject, *, service: str, day: date) -> Decimal:
    """The object's contractual hourly load of ``service`` on ``day``, Гкал/ч (0 without one)."""
    load = (HeatLoad.objects.filter(heated_object=heated_object, valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("-valid_from").first())
    if load is None:
        return Decimal("0")
    if service == "hot_water":
        return load.hot_water_avg
    return load.heating + load.ventilation
