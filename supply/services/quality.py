"""Quality of supply (ПП РФ № 354, прил. 1; docs/supply.md «Качество теплоснабжения»): the
complaint registered → the measurement on site (a verified thermometer, the points and their
values, the outdoor temperature, T1/T2 and pressures at the inlet) → «Акт о нарушении качества»
→ the manager's decision → the recalculation queued for the next billing run.

Residential objects: the month's charge is reduced by the pure rules of ``regulations.quality``
(ПП 354 прил. 1 п. 15 for heating, п. 5 for hot water). Non-residential: by the contract, the
undelivered heat (hours × load, ``regulations.quality.undelivered_heat``) is excluded from a
calculated volume; a metered volume stays as metered (no line). Every line names the act in
its reason and carries the case in ``basis``; a case is recalculated once: re-approving or
re-running queues nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import record_event
from billing.models import BillingPeriod, ChargeLine, Method, Recalculation
from billing.services.recalculations import recalculation_queue
from core import formatting
from core.days import day_start
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from documents.models import ArchivedDocument
from documents.services import issue_document
from regulations import quality as rules
from regulations.rounding import money
from subscribers.models import HeatedObject, HeatLoad

from ..models import QualityCase, QualityMeasurement
from ..quality_documents import case_hours, deviation_value, norm_of, quality_act_context

REGISTER = "supply.add_qualitycase"
MEASURE = "supply.measure_quality"
APPROVE = "supply.approve_quality_act"
SOURCE = "quality"
ACT_TEMPLATE = "supply.quality_act"

# physical sense of the values typed on site (°C, МПа): a value outside is a typing error
ROOM_C = (Decimal("-30"), Decimal("45"))
WATER_C = (Decimal("0"), Decimal("100"))
OUTDOOR_C = (Decimal("-60"), Decimal("50"))
INLET_C = (Decimal("0"), Decimal("200"))
PRESSURE_MPA = (Decimal("0"), Decimal("2.5"))
# the billed resource and component a service's reduction corrects
RESOURCE: dict[str, str] = {QualityCase.Service.HEATING: "heat_energy", QualityCase.Service.HOT_WATER: "hot_water"}


@dataclass(frozen=True)
class Point:
    point: str
    value_c: Decimal


@dataclass(frozen=True)
class Measurement:
    checked_at: datetime
    participants: str
    thermometer_model: str
    thermometer_number: str
    thermometer_verified_on: date
    thermometer_valid_until: date
    points: Sequence[Point]
    outdoor_c: Decimal
    supply_c: Decimal | None
    return_c: Decimal | None
    supply_pressure_mpa: Decimal | None
    return_pressure_mpa: Decimal | None
    period: str
    restored_at: datetime
    conclusion: str
    norm_c: Decimal | None = None


def _within(value: Decimal | None, bounds: tuple[Decimal, Decimal], *, field: str, label: str, unit: str = "°C") -> None:
    if value is None:
        return
    low, high = bounds
    if not low <= value <= high:
        raise ApplicationError(f"{label}: {value} {unit} — вне физически возможных значений ({low}…{high} {unit})",
                               code="out_of_range", field=field)


@transaction.atomic
def quality_case_register(*, heated_object: HeatedObject, source: str, service: str, complaint_number: str,
                          complaint_at: datetime, complaint_text: str, reporter: str = "", actor: Actor) -> QualityCase:
    """A complaint (or a dispatcher's note, or a temperature below the source's schedule) as
    the dispatch service registered it: its number and time are the act's, never typed again."""
    require(actor, REGISTER, message="Регистрировать нарушения качества могут техники и руководители")
    if complaint_at > timezone.now():
        raise ApplicationError("Время обращения: еще не наступило", code="in_future", field="complaint_at")
    case = validated(QualityCase(
        heated_object=heated_object, source=source, service=service, complaint_number=complaint_number.strip(),
        complaint_at=complaint_at, complaint_text=complaint_text.strip(), reporter=reporter.strip(), registered_by=actor,
    ))
    case.save()
    record_event(action="supply.quality.registered", actor=actor, target=case,
                 data={"object": heated_object.code, "service": service, "complaint": case.complaint_number})
    return case


def _check_measurement(case: QualityCase, data: Measurement) -> None:
    now = timezone.now()
    if data.checked_at > now:
        raise ApplicationError("Дата и время проверки: еще не наступили", code="in_future", field="checked_at")
    if data.checked_at < case.complaint_at:
        raise ApplicationError("Дата и время проверки: раньше обращения", code="before_complaint", field="checked_at")
    checked_on = timezone.localtime(data.checked_at).date()
    if data.thermometer_verified_on > checked_on:
        raise ApplicationError("Термометр: дата поверки позже проверки", code="invalid", field="thermometer_verified_on")
    if data.thermometer_valid_until < checked_on:
        raise ApplicationError(
            f"Термометр: срок поверки истек {data.thermometer_valid_until:%d.%m.%Y} — замер поверенным средством "
            "измерения обязателен", code="expired", field="thermometer_valid_until")
    if data.restored_at <= case.complaint_at:
        raise ApplicationError("Время восстановления качества: не позже обращения", code="before_complaint",
                               field="restored_at")
    if data.restored_at > now:
        raise ApplicationError("Время восстановления качества: еще не наступило", code="in_future", field="restored_at")
    if not data.points:
        raise ApplicationError("Точки измерения: нужен хотя бы один замер", code="required", field="points")
    bounds = ROOM_C if case.service == QualityCase.Service.HEATING else WATER_C
    for n, point in enumerate(data.points):
        if not point.point.strip():
            raise ApplicationError(f"Точка измерения {n + 1}: не названа", code="required", field=f"point_{n + 1}")
        _within(point.value_c, bounds, field=f"value_{n + 1}", label=f"Измерено в точке {n + 1}")
    _within(data.outdoor_c, OUTDOOR_C, field="outdoor_c", label="Температура наружного воздуха")
    _within(data.supply_c, INLET_C, field="supply_c", label="T1 на вводе")
    _within(data.return_c, INLET_C, field="return_c", label="T2 на вводе")
    _within(data.supply_pressure_mpa, PRESSURE_MPA, field="supply_pressure_mpa", label="P1 на вводе", unit="МПа")
    _within(data.return_pressure_mpa, PRESSURE_MPA, field="return_pressure_mpa", label="P2 на вводе", unit="МПа")
    _within(data.norm_c, bounds, field="norm_c", label="Норматив")


@transaction.atomic
def quality_case_measure(*, case: QualityCase, data: Measurement, actor: Actor) -> QualityCase:
    """Record the on-site measurement (all or nothing); a returned act is measured again."""
    require(actor, MEASURE, message="Замеры качества проводят техники")
    case = QualityCase.objects.select_for_update().get(pk=case.pk)
    if case.status not in (QualityCase.Status.REGISTERED, QualityCase.Status.MEASURED, QualityCase.Status.RETURNED):
        raise ApplicationError(f"Замер уже учтен в акте ({case.get_status_display().lower()})", code="wrong_status",
                               field="case")
    _check_measurement(case, data)
    for name in ("checked_at", "participants", "thermometer_model", "thermometer_number", "thermometer_verified_on",
                 "thermometer_valid_until", "outdoor_c", "supply_c", "return_c", "supply_pressure_mpa",
                 "return_pressure_mpa", "period", "restored_at", "conclusion", "norm_c"):
        setattr(case, name, getattr(data, name))
    case.measured_by = actor
    case.status = QualityCase.Status.MEASURED
    validated(case).save()
    case.measurements.all().delete()
    QualityMeasurement.objects.bulk_create(
        validated(QualityMeasurement(case=case, position=n, point=p.point.strip(), value_c=p.value_c), exclude=["case"])
        for n, p in enumerate(data.points, start=1)
    )
    record_event(action="supply.quality.measured", actor=actor, target=case,
                 data={"points": len(data.points), "thermometer": data.thermometer_number,
                       "mean_c": deviation_value(case), "hours": case_hours(case)})
    return case


@transaction.atomic
def quality_act_issue(*, case: QualityCase, actor: Actor, process: Any = None, task: Any = None) -> QualityCase:
    """Issue «Акт о нарушении качества» from the recorded measurement (a re-issue after a return
    replaces the earlier act)."""
    case = QualityCase.objects.select_for_update().get(pk=case.pk)
    if case.status != QualityCase.Status.MEASURED:
        raise ApplicationError("Акт выпускается по записанному замеру", code="wrong_status", field="case")
    document = issue_document(template=ACT_TEMPLATE, context=quality_act_context(case), subject=case, actor=actor,
                              process=process, task=task, replaces=case.act)
    case.act = document
    case.status = QualityCase.Status.ISSUED
    case.save(update_fields=["act", "status"])
    record_event(action="supply.quality.act_issued", actor=actor, target=case, data={"act": document.number})
    return case


@transaction.atomic
def quality_act_decide(*, case: QualityCase, approve: bool, comment: str, actor: Actor) -> QualityCase:
    """The manager approves the act (the recalculation follows) or returns it with a comment."""
    require(actor, APPROVE, message="Акты о нарушении качества утверждает руководитель")
    case = QualityCase.objects.select_for_update().get(pk=case.pk)
    if case.status != QualityCase.Status.ISSUED:
        raise ApplicationError("Решение принимается по выпущенному акту", code="wrong_status", field="case")
    if not approve and not comment.strip():
        raise ApplicationError("Комментарий: укажите, что исправить", code="required", field="comment")
    case.status = QualityCase.Status.APPROVED if approve else QualityCase.Status.RETURNED
    case.decided_by, case.decided_at, case.decision_comment = actor, timezone.now(), comment.strip()
    case.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    record_event(action="supply.quality.approved" if approve else "supply.quality.returned", actor=actor, target=case,
                 data={"act": case.act.number if case.act else None, "comment": case.decision_comment})
    return case


# ---------------------------------------------------------------- the recalculation


def _months(start: datetime, end: datetime) -> list[tuple[date, Decimal]]:
    """(first day of month, hours in it) of the local interval ``start``–``end``."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    result = []
    cursor = start
    while cursor < end:
        first = cursor.date().replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        boundary = min(end, day_start(following))
        hours = (Decimal((boundary - cursor).total_seconds()) / 3600).quantize(Decimal("0.01"))
        result.append((first, hours))
        cursor = boundary
    return result


def _billed_lines(case: QualityCase, period: BillingPeriod) -> QuerySet[ChargeLine]:
    return ChargeLine.objects.filter(
        invoice__period=period, heated_object=case.heated_object, resource=RESOURCE[case.service],
        kind=ChargeLine.Kind.CHARGE,
    ).select_related("invoice__contract").order_by("position")


def _period(month: date) -> BillingPeriod:
    period = BillingPeriod.objects.filter(month=month).first()
    if period is None:
        raise ApplicationError(f"Период {month:%m.%Y} не начислялся: перерасчет невозможен", code="not_billed",
                               field="period")
    return period


def _load(case: QualityCase, on: date) -> Decimal:
    load = HeatLoad.objects.filter(heated_object=case.heated_object, valid_from__lte=on).exclude(
        valid_to__lt=on).order_by("-valid_from").first()
    if load is None:
        raise ApplicationError(f"У объекта {case.heated_object.code} нет договорной нагрузки на {on:%d.%m.%Y}",
                               code="no_load", field="heated_object")
    return load.heating if case.service == QualityCase.Service.HEATING else load.hot_water_avg


def _corrected(line: ChargeLine, period: BillingPeriod) -> ChargeLine | None:
    """The line a correction names: only of a closed period (an open one is billed again whole)."""
    return line if period.is_closed else None


def _act(case: QualityCase) -> ArchivedDocument:
    if case.act is None:
        raise ApplicationError("Акт о нарушении качества не выпущен", code="wrong_status", field="case")
    return case.act


def _reason(case: QualityCase, text: str) -> str:
    act = _act(case)
    return f"Акт о нарушении качества № {act.number} от {timezone.localdate(act.issued_at):%d.%m.%Y}: {text}"[:500]


def _residential(case: QualityCase, period: BillingPeriod, hours: Decimal, actor: Actor) -> list[Recalculation]:
    lines = list(_billed_lines(case, period))
    if not lines:
        raise ApplicationError(f"За {period.month:%m.%Y} объекту {case.heated_object.code} не начислено "
                               f"{case.get_service_display().lower()}", code="not_billed", field="period")
    charge = sum((line.amount for line in lines), Decimal("0"))
    deviation = rules.TemperatureDeviation(hours=hours, measured_c=deviation_value(case), period=case.period,
                                           norm_c=case.norm_c)
    result = rules.quality_reduction(service=case.service, monthly_charge=charge, deviations=[deviation])
    if not result.total:
        return []
    largest = max(lines, key=lambda line: line.amount)
    line = result.lines[0]
    text = (f"снижение платы за {case.get_service_display().lower()}: {formatting.plain_number(hours)} ч × "
            f"{formatting.plain_number(line.degrees)} "
            f"{'°C' if case.service == QualityCase.Service.HEATING else 'ступ. по 3 °C'} ({', '.join(result.norms)})")
    return [recalculation_queue(
        contract=largest.invoice.contract, corrected_period=period, heated_object=case.heated_object,
        resource=RESOURCE[case.service], component=largest.component, corrected_line=_corrected(largest, period),
        amount=-result.total,
        reason=_reason(case, text), source=SOURCE, actor=actor,
        basis={"quality_case": case.pk, "act": _act(case).number, "rule": "ПП 354", "monthly_charge": str(charge),
               "hours": str(hours), "measured_c": str(deviation.measured_c), "norm_c": str(norm_of(case)),
               "degrees": str(line.degrees), "percent": str(line.percent), "norms": list(result.norms)},
    )]


def _non_residential(case: QualityCase, period: BillingPeriod, hours: Decimal, actor: Actor) -> list[Recalculation]:
    lines = [line for line in _billed_lines(case, period) if line.component == "energy"]
    if not lines:
        raise ApplicationError(f"За {period.month:%m.%Y} объекту {case.heated_object.code} не начислена тепловая энергия",
                               code="not_billed", field="period")
    if any(line.method == Method.METER for line in lines):
        return []  # metered: the meter's volume already holds the undelivered heat
    line = max(lines, key=lambda x: x.quantity or Decimal("0"))
    load = _load(case, timezone.localtime(case.complaint_at).date())
    volume = rules.undelivered_heat(hours=hours, load_gcal_h=load)
    if not volume or line.rate is None:
        return []
    text = (f"исключена недопоставка {formatting.gcal(volume)} Гкал ({formatting.plain_number(hours)} ч × "
            f"{formatting.plain_number(load)} Гкал/ч; {rules.CONTRACT_NORM})")
    return [recalculation_queue(
        contract=line.invoice.contract, corrected_period=period, heated_object=case.heated_object,
        resource=RESOURCE[case.service], component="energy", corrected_line=_corrected(line, period), quantity=-volume,
        rate=line.rate,
        amount=-money(volume * line.rate), reason=_reason(case, text), source=SOURCE, actor=actor,
        basis={"quality_case": case.pk, "act": _act(case).number, "rule": "contract", "hours": str(hours),
               "load_gcal_h": str(load), "volume": str(volume)},
    )]


def queued_for(case: QualityCase) -> QuerySet[Recalculation]:
    """The recalculations a case queued (not cancelled)."""
    return Recalculation.objects.filter(source=SOURCE, basis__quality_case=case.pk, cancelled_at__isnull=True)


@transaction.atomic
def quality_recalculate(*, case: QualityCase, actor: Actor) -> list[Recalculation]:
    """Queue the recalculations of an approved act, one per month the breach spans; nothing
    again for a case already recalculated (re-approval, a second run of the step)."""
    case = QualityCase.objects.select_for_update().get(pk=case.pk)
    if case.status != QualityCase.Status.APPROVED:
        raise ApplicationError("Перерасчет выполняется по утвержденному акту", code="wrong_status", field="case")
    existing = list(queued_for(case))
    if existing:
        return existing
    residential = case.heated_object.purpose == HeatedObject.Purpose.RESIDENTIAL
    queued: list[Recalculation] = []
    if case.restored_at is None:
        raise ApplicationError("Время восстановления качества не записано", code="required", field="restored_at")
    for month, hours in _months(case.complaint_at, case.restored_at):
        period = _period(month)
        queued += (_residential if residential else _non_residential)(case, period, hours, actor)
    record_event(action="supply.quality.recalculated", actor=actor, target=case,
                 data={"recalculations": [r.pk for r in queued], "amount": sum((r.amount for r in queued), Decimal("0"))})
    return queued
