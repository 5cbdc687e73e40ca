"""The supply area's rows of the billing-centre export (``billing.export.supply``, named in
``settings.BILLING_EXPORT_SUPPLY_ROWS``): the interruptions and restrictions of supply (the
regime sheet) and the approved breaches of quality (the quality sheet) of the objects,
overlapping the period.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from billing.export.supply import QUALITY, SUPPLY_MODE, SupplyRow
from billing.models import Recalculation
from core.days import day_after, day_start

from .models import AffectedObject, Interruption, QualityCase, SupplyRestriction
from .quality_documents import case_hours, deviation_value, norm_of
from .services.quality import SOURCE

CENT = Decimal("0.01")


def _bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    return day_start(first_day), day_after(last_day)


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else None


def interruption_rows(*, first_day: date, last_day: date, object_ids: set[int]) -> Iterator[SupplyRow]:
    """The interruptions of supply of the objects in the period (those that stopped, the
    object among the affected): rows of section ``supply_mode`` with ``kind = "interruption"``."""
    start, end = _bounds(first_day, last_day)
    affected = (AffectedObject.objects.filter(heated_object_id__in=object_ids, included=True,
                                              interruption__stopped_at__lt=end)
                .filter(Q(interruption__restored_at__isnull=True) | Q(interruption__restored_at__gte=start))
                .select_related("interruption").order_by("interruption__stopped_at", "interruption_id", "pk"))
    for item in affected:
        stop: Interruption = item.interruption
        since = timezone.localtime(stop.stopped_at)
        until = stop.restored_at and timezone.localtime(stop.restored_at)
        text = (f"{stop.get_kind_display().lower()} перерыв ({stop.get_service_display().lower()}) "
                f"с {since:%d.%m.%Y %H:%M}" + (f" по {until:%d.%m.%Y %H:%M}" if until else " (не восстановлено)")
                + f", перерыв № {stop.number}")
        yield SupplyRow(item.heated_object_id, SUPPLY_MODE, {
            "kind": "interruption", "level": stop.kind, "from": _iso(stop.stopped_at), "to": _iso(stop.restored_at),
            "document": stop.number, "lifting_document": None,
            "basis": "акт о прекращении подачи тепловой энергии", "text": text,
        })


def restriction_rows(*, first_day: date, last_day: date, object_ids: set[int]) -> Iterator[SupplyRow]:
    start, end = _bounds(first_day, last_day)
    restrictions = (SupplyRestriction.objects.filter(heated_object_id__in=object_ids, restricted_at__lt=end)
                    .filter(Q(lifted_at__isnull=True) | Q(lifted_at__gte=start))
                    .select_related("restriction_act", "lifting_act").order_by("restricted_at", "pk"))
    for item in restrictions:
        since, until = timezone.localtime(item.restricted_at), item.lifted_at and timezone.localtime(item.lifted_at)
        text = (f"{item.get_level_display().lower()} с {since:%d.%m.%Y %H:%M}"
                + (f" по {until:%d.%m.%Y %H:%M}" if until else " (не снято)")
                + f", акт № {item.restriction_act.number}")
        yield SupplyRow(item.heated_object_id, SUPPLY_MODE, {
            "kind": "restriction", "level": item.level, "from": _iso(item.restricted_at), "to": _iso(item.lifted_at),
            "document": item.restriction_act.number, "lifting_document": item.lifting_act.number if item.lifting_act else None,
            "basis": "ПП РФ № 808, п. 92–93", "text": text,
        })


def quality_rows(*, first_day: date, last_day: date, object_ids: set[int]) -> Iterator[SupplyRow]:
    start, end = _bounds(first_day, last_day)
    cases = list(QualityCase.objects.filter(heated_object_id__in=object_ids, status=QualityCase.Status.APPROVED,
                                            complaint_at__lt=end, restored_at__gte=start)
                 .select_related("act", "heated_object").prefetch_related("measurements").order_by("complaint_at", "pk"))
    reductions = dict(
        Recalculation.objects.filter(source=SOURCE, cancelled_at__isnull=True,
                                     basis__quality_case__in=[case.pk for case in cases])
        .values_list("basis__quality_case").annotate(total=Sum("amount")).order_by()
    )
    for case in cases:
        yield SupplyRow(case.heated_object_id, QUALITY, {
            "object": case.heated_object.code,
            "indicator": f"{case.get_service_display()}: температура",
            "deviation": f"{deviation_value(case)} °C при нормативе {norm_of(case)} °C",
            "from": _iso(case.complaint_at), "to": _iso(case.restored_at), "hours": str(case_hours(case)),
            "act": case.act.number if case.act else None,
            "reduction": format(-Decimal(reductions.get(case.pk, 0)).quantize(CENT), "f"),
        })
