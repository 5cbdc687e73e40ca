"""Inspections: an unplanned one reported by anyone, a planned route with its route sheet, and
the result «нарушений не выявлено» with its photos (docs/inspections.md). An act is the other
result (``services.acts``)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import allowed, require
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from documents.models import ArchivedDocument
from documents.services import issue_document
from metering.models import MeteringUnit, Team
from subscribers.models import HeatedObject

from ..models import FieldInspection, InspectionPhoto, InspectionRoute
from .photos import PhotoUpload, check_photos, store_photos

REPORT = "inspections.add_fieldinspection"
PLAN = "inspections.add_inspectionroute"
RECORD = "inspections.change_fieldinspection"
FILL = "inspections.fill_act"
ROUTE_SHEET = "inspections.route_sheet"
UNPLANNED = (FieldInspection.Source.DISPATCHER, FieldInspection.Source.METER_READER,
             FieldInspection.Source.READING_ANOMALY)


@dataclass(frozen=True)
class RouteStop:
    """An object of a route: from the register (``heated_object``, optionally its ``unit``) or
    an address outside it (a building suspected of contract-less use)."""

    heated_object: HeatedObject | None = None
    address: str = ""
    unit: MeteringUnit | None = None
    note: str = ""


def _place(heated_object: HeatedObject | None, address: str, unit: MeteringUnit | None, field: str) -> str:
    if unit is not None and heated_object is not None and unit.heated_object_id != heated_object.pk:
        raise ApplicationError(f"Узел учета {unit.number} не относится к объекту «{heated_object.name}»",
                               code="foreign_object", field=field)
    if heated_object is None and unit is not None:
        heated_object = unit.heated_object
    address = address.strip() or (heated_object.address if heated_object is not None else "")
    if not address:
        raise ApplicationError("Укажите объект из реестра или адрес", code="required", field=field)
    return address


def inspection_report(*, source: str, note: str, actor: Actor, heated_object: HeatedObject | None = None,
                      unit: MeteringUnit | None = None, address: str = "", reporter: str = "",
                      reported_at: datetime | None = None) -> FieldInspection:
    """An unplanned inspection: anyone reports a suspected violation — a dispatcher's call (who
    called: ``reporter``), a meter reader's note, a reading the rules flagged (the system:
    ``actor=None``) — with what was seen and when."""
    require(actor, REPORT, system=source == FieldInspection.Source.READING_ANOMALY)
    if source not in UNPLANNED:
        raise ApplicationError("Укажите, откуда поступило сообщение: звонок, записка контролера или отметка "
                               "проверки показаний", code="invalid_choice", field="source")
    if not note.strip():
        raise ApplicationError("Опишите, что сообщено", code="required", field="report_note")
    place = _place(heated_object, address, unit, "address")
    moment = reported_at or timezone.now()
    if moment > timezone.now():
        raise ApplicationError("Время сообщения не может быть в будущем", code="in_future", field="reported_at")
    with transaction.atomic():
        inspection = validated(FieldInspection(
            source=source, heated_object=heated_object or (unit.heated_object if unit else None), unit=unit,
            address=place, report_note=note.strip(), reporter=reporter.strip(), reported_by=actor, reported_at=moment,
        ))
        inspection.save()
        record_event(action="inspection.reported", actor=actor, target=inspection, data={
            "source": source, "address": place, "reporter": inspection.reporter,
            "reported_at": moment.isoformat()})
    return inspection


def route_create(*, route_date: date, stops: Sequence[RouteStop], actor: Actor, technician: Actor = None,
                 team: Team | None = None, note: str = "") -> InspectionRoute:
    """A planned route: the objects for ``route_date`` in the order given, for a technician or a team."""
    require(actor, PLAN)
    if technician is None and team is None:
        raise ApplicationError("Укажите техника или бригаду", code="required", field="technician")
    if technician is not None and not allowed(technician, FILL):
        raise ApplicationError(f"{technician.get_full_name() or technician.get_username()} не техник: маршрут "
                               "поручается техникам", code="not_technician", field="technician")
    if not stops:
        raise ApplicationError("В маршруте нет ни одного объекта", code="required", field="stops")
    places = [_place(stop.heated_object, stop.address, stop.unit, "stops") for stop in stops]
    with transaction.atomic():
        route = validated(InspectionRoute(route_date=route_date, technician=technician, team=team, note=note.strip(),
                                          created_by=actor))
        route.save()
        for order, (stop, place) in enumerate(zip(stops, places, strict=True), start=1):
            FieldInspection.objects.create(
                source=FieldInspection.Source.ROUTE, route=route, stop_order=order,
                heated_object=stop.heated_object or (stop.unit.heated_object if stop.unit else None), unit=stop.unit,
                address=place, report_note=stop.note.strip(), reported_by=actor, technician=technician,
            )
        record_event(action="inspection.route_created", actor=actor, target=route, data={
            "route_date": route_date.isoformat(), "technician": technician.pk if technician else None,
            "team": team.pk if team else None, "stops": places})
    return route


def route_sheet_issue(*, route: InspectionRoute, actor: Actor) -> ArchivedDocument:
    """«Маршрутный лист» of a route: its objects in order, with a column for the result; a new
    sheet of a route replaces the one issued before."""
    from ..documents import route_sheet_context

    require(actor, PLAN)
    with transaction.atomic():
        route = InspectionRoute.objects.select_for_update().get(pk=route.pk)
        document = issue_document(template=ROUTE_SHEET, context=route_sheet_context(route), subject=route, actor=actor,
                                  replaces=route.sheet)
        model_update(route, {"sheet": document}, actor=actor, fields=("sheet",))
    return document


def inspection_no_violation(*, inspection: FieldInspection, inspected_on: date, note: str,
                            photos: Sequence[PhotoUpload], actor: Actor) -> FieldInspection:
    """The result «нарушений не выявлено»: the day, what was seen, and at least one photo."""
    require(actor, RECORD)
    if inspected_on > timezone.localdate():
        raise ApplicationError("Дата обследования не может быть в будущем", code="in_future", field="inspected_on")
    if not note.strip():
        raise ApplicationError("Опишите, что осмотрено", code="required", field="result_note")
    if not photos:
        raise ApplicationError("Фото: приложите хотя бы один снимок осмотренного места", code="required",
                               field="photos")
    checked = check_photos(photos)
    with transaction.atomic(), ExitStack() as files:
        inspection = FieldInspection.objects.select_for_update().get(pk=inspection.pk)
        _require_pending(inspection)
        model_update(inspection, {
            "result": FieldInspection.Result.NO_VIOLATION, "inspected_on": inspected_on, "result_note": note.strip(),
            "technician": inspection.technician or actor, "closed_by": actor, "closed_at": timezone.now(),
        }, actor=actor)
        stored = store_photos(inspection=inspection, photos=photos, checked=checked, actor=actor, files=files)
        record_event(action="inspection.no_violation", actor=actor, target=inspection, data={
            "inspected_on": inspected_on.isoformat(), "photos": [p.pk for p in stored]})
    return inspection


def _require_pending(inspection: FieldInspection) -> None:
    if inspection.result != FieldInspection.Result.PENDING:
        raise ApplicationError(f"Результат обследования уже записан: {inspection.get_result_display().lower()}",
                               code="invalid_state", field="inspection")


def photos_of(inspection: FieldInspection) -> list[InspectionPhoto]:
    return list(inspection.photos.all())
