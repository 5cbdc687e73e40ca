"""Recalculations after an approved interruption act (docs/supply.md, «Перерасчет»).

An interruption is split by calendar month (Moscow time, ``regulations.interruptions.
hours_by_month``): 31.01 22:00 – 01.02 06:00 is 2 h of January and 6 h of February. Every
month it spans must be billed (the reduction is a share of that month's charge); then, per
month and affected object:

- residential: ПП РФ № 354, прил. 1 (``regulations.quality``) over the month's hours of
  approved interruptions of the service (each act's part in that month), minus what earlier
  acts already queued for the month — so the 24 h (8 h) allowance counts once per month and
  a repeat queues nothing;
- non-residential: metered objects keep their metered volume (nothing); a calculated
  volume excludes the undelivered heat, the month's hours × load (``regulations.
  interruptions``), at the month's rate — once per act, object and month.

Each line is queued with ``billing.services.recalculations.recalculation_queue`` (source
``supply``, the corrected period its month) naming the act; the next run bills it once.
Then each consumer with new lines gets «Ведомость перерасчета».
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from billing.models import BillingPeriod, ChargeLine, Component, Method, Recalculation, Resource
from billing.services.recalculations import recalculation_queue
from core.days import day_start
from core.errors import ApplicationError
from core.types import Actor
from documents import formatting
from regulations import quality
from regulations.errors import RuleError
from regulations.interruptions import hours_by_month, undelivered_heat
from subscribers.models import HeatedObject

from ..models import AffectedObject, Interruption

SOURCE = "supply"
RESOURCE: dict[str, str] = {Interruption.Service.HEATING: Resource.HEAT_ENERGY,
                            Interruption.Service.HOT_WATER: Resource.HOT_WATER}
COUNTED = (Interruption.Status.APPROVED, Interruption.Status.RECALCULATED)


def _months(interruption: Interruption) -> list[tuple[date, Decimal]]:
    if interruption.stopped_at is None or interruption.restored_at is None:
        raise ApplicationError("Не записаны прекращение и восстановление подачи", code="invalid_state",
                               field="restored_at")
    return hours_by_month(timezone.localtime(interruption.stopped_at), timezone.localtime(interruption.restored_at))


def _periods(interruption: Interruption) -> list[tuple[BillingPeriod, Decimal]]:
    """Each month the interruption spans with its hours; every one of them must be billed."""
    result = []
    for month, hours in _months(interruption):
        period = BillingPeriod.objects.filter(month=month).first()
        if period is None or not ChargeLine.objects.filter(invoice__period=period).exists():
            raise ApplicationError(f"Месяц перерыва ({month:%m.%Y}) еще не рассчитан: перерасчет ставится после "
                                   "расчета периода", code="not_billed", field="period")
        result.append((period, hours))
    return result


def _hours_in(interruption: Interruption, month: date) -> Decimal | None:
    return next((hours for first, hours in _months(interruption) if first == month), None)


def _act_name(interruption: Interruption) -> str:
    act = interruption.act
    return f"акт № {act.number} от {formatting.date_short(timezone.localtime(act.issued_at).date())}" if act else \
        f"перерыв № {interruption.number}"


def _lines(period: BillingPeriod, obj: HeatedObject, resource: str) -> QuerySet[ChargeLine]:
    return ChargeLine.objects.filter(invoice__period=period, heated_object=obj, resource=resource,
                                     kind=ChargeLine.Kind.CHARGE).select_related("invoice__contract")


def _residential(interruption: Interruption, row: AffectedObject, period: BillingPeriod, hours: Decimal,
                 actor: Actor) -> Recalculation | None:
    resource = RESOURCE[interruption.service]
    lines = _lines(period, row.heated_object, resource)
    first = lines.first()
    if first is None:
        return None
    charge = lines.aggregate(total=Sum("amount"))["total"].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    month = period.month
    following = (month + timedelta(days=32)).replace(day=1)
    acts = Interruption.objects.filter(
        service=interruption.service, status__in=COUNTED, affected__heated_object=row.heated_object,
        affected__included=True, stopped_at__lt=day_start(following),
        restored_at__gt=day_start(month),
    ).exclude(fault_side=Interruption.FaultSide.CONSUMER).distinct()
    spans = [h for h in (_hours_in(a, month) for a in acts) if h is not None]
    rule = quality.heating_reduction if interruption.service == Interruption.Service.HEATING \
        else quality.hot_water_reduction
    result = rule(monthly_charge=charge, interruptions=[quality.Interruption(hours=h) for h in spans])
    queued = Recalculation.objects.filter(
        source=SOURCE, heated_object=row.heated_object, corrected_period=period, resource=resource,
        cancelled_at__isnull=True,
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    # SQLite sums decimals through floats (-7.20000000000000): back to kopecks before adding
    due = result.total + queued.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # queued lines are negative
    if due <= 0:
        return None
    line = result.lines[0]
    return recalculation_queue(
        contract=first.invoice.contract, corrected_period=period, resource=resource, component=Component.ENERGY,
        heated_object=row.heated_object, amount=-due, source=SOURCE, actor=actor,
        reason=(f"Снижение платы ({interruption.get_service_display().lower()}) за {month:%m.%Y}: перерывы "
                f"{formatting.plain_number(line.hours)} ч за месяц, "
                f"сверх допустимых {formatting.plain_number(line.excess_hours)} ч; {_act_name(interruption)}; {line.norm}")[:500],
        basis={"interruption": interruption.pk, "act": _act_name(interruption), "month": f"{month:%m.%Y}",
               "act_hours": str(hours), "hours": str(line.hours),
               "excess_hours": str(line.excess_hours), "percent": str(line.percent), "base_charge": str(charge),
               "reduction_month": str(result.total), "norm": line.norm,
               "service_label": interruption.get_service_display()},
    )


def _non_residential(interruption: Interruption, row: AffectedObject, period: BillingPeriod, hours: Decimal,
                     actor: Actor) -> Recalculation | None:
    resource = RESOURCE[interruption.service]
    # once per act, object and month (the corrected period): a re-run finds its line
    if Recalculation.objects.filter(source=SOURCE, heated_object=row.heated_object, corrected_period=period,
                                    basis__interruption=interruption.pk, cancelled_at__isnull=True).exists():
        return None
    lines = _lines(period, row.heated_object, resource).filter(component=Component.ENERGY)
    first = lines.first()
    if first is None:
        return None
    metered = lines.filter(method=Method.METER).exists()
    try:
        result = undelivered_heat(hours=hours, load_gcal_h=row.load_gcal_h, rate=first.rate or Decimal("0"),
                                  metered=metered)
    except RuleError as exc:
        raise ApplicationError(exc.message, code="invalid_value", field=exc.field or "load_gcal_h") from exc
    if metered or not result.amount:
        return None
    return recalculation_queue(
        contract=first.invoice.contract, corrected_period=period, resource=resource, component=Component.ENERGY,
        heated_object=row.heated_object, amount=-result.amount, quantity=-result.volume_gcal, rate=first.rate,
        source=SOURCE, actor=actor,
        reason=(f"Недоотпуск при перерыве за {period.month:%m.%Y}: {formatting.plain_number(hours)} ч × "
                f"{formatting.plain_number(row.load_gcal_h)} Гкал/ч = {formatting.gcal(result.volume_gcal)} Гкал; "
                f"{_act_name(interruption)}")[:500],
        basis={"interruption": interruption.pk, "act": _act_name(interruption),
               "month": f"{period.month:%m.%Y}", "hours": str(hours), "load_gcal_h": str(row.load_gcal_h),
               "volume_gcal": str(result.volume_gcal),
               "base_charge": str(lines.aggregate(total=Sum("amount"))["total"].quantize(Decimal("0.01"))), "norm": result.norm,
               "service_label": interruption.get_service_display()},
    )


@transaction.atomic
def interruption_recalculate(*, interruption: Interruption, actor: Actor, process: Process | None = None,
                             task: Task | None = None) -> list:
    """Queue the recalculations of an approved act and issue each consumer's statement;
    run again, it queues nothing and issues nothing new."""
    from .statements import recalculation_statement_issue

    interruption = Interruption.objects.select_for_update().get(pk=interruption.pk)
    if interruption.status not in COUNTED:
        raise ApplicationError("Перерасчет ставится по утвержденному акту (не на стороне потребителя)",
                               code="invalid_state", field="status")
    periods = _periods(interruption)
    queued = []
    for row in interruption.affected.filter(included=True).select_related("heated_object__consumer"):
        residential = row.heated_object.purpose == HeatedObject.Purpose.RESIDENTIAL
        for period, hours in periods:
            made = (_residential if residential else _non_residential)(interruption, row, period, hours, actor)
            if made is not None:
                queued.append(made)
    if interruption.status != Interruption.Status.RECALCULATED:
        interruption.status = Interruption.Status.RECALCULATED
        interruption.save(update_fields=["status"])
    by_consumer: dict[int, list[Recalculation]] = {}
    for line in queued:
        by_consumer.setdefault(line.contract.consumer_id, []).append(line)
    for lines in by_consumer.values():
        recalculation_statement_issue(consumer=lines[0].contract.consumer, recalculations=lines,
                                      basis=_act_name(interruption), subject=interruption, actor=actor,
                                      process=process, task=task)
    return queued
