"""Commissioning applications, inspections of units (commissioning and periodic), their
acts and approval, and periodic check campaigns (ПП РФ № 1034 пп. 61–73 ❓; docs/law.md).

The flows call these; each node calls exactly one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.permissions import allowed, require
from core.types import Actor
from core.validation import validated
from core.wording import without_confidence_marks
from documents import formatting
from documents.services import issue_document
from metering import documents as contexts
from metering.models import (
    ChecklistItemDefinition,
    CommissioningRequest,
    CommissionMember,
    Device,
    Inspection,
    InspectionItem,
    InspectionKind,
    InspectionPhoto,
    InspectionReturn,
    InspectionSeal,
    MeteringUnit,
    PeriodicCheckCampaign,
    RequestDocument,
    Seal,
    UnitStatus,
)
from metering.models.units import add_years
from metering.selectors import installed_devices
from subscribers.models import Signatory

from .replacements import pending_replacements
from .units import seal_set, unit_status_change

if TYPE_CHECKING:
    from decimal import Decimal

    from django.contrib.auth.models import User
    from viewflow.workflow.models import Process, Task

    from documents.models import ArchivedDocument
    from subscribers.models import NetworkSection

Result = Inspection.Result


def expired_devices(unit: MeteringUnit, day: date) -> list[Device]:
    return [device for device in installed_devices(unit, day, day) if device.is_expired_on(day)]


def _expired_text(devices: list[Device]) -> str:
    return ", ".join(f"{d} (поверка действительна до {d.verification_valid_until:%d.%m.%Y})" for d in devices)


# ---------------------------------------------------------------- commissioning application


def commissioning_register(
    *, unit: MeteringUnit, incoming_number: str, received_on: date, documents: dict, actor: Actor, contact: str = "",
    kind: str = CommissioningRequest.Kind.INITIAL,
) -> CommissioningRequest:
    """Register a consumer's application to commission ``unit`` and open its first inspection.

    ``documents`` maps every kind of ``RequestDocument.Kind`` to its file (or None when the
    paper was received); a missing kind, a unit already commercial, a unit without devices or
    with a device past its verification are refused, naming the problem.

    ``kind`` «после замены» (``CommissioningRequest.Kind.AFTER_REPLACEMENT``) re-admits a unit
    whose device was replaced (``services.replacements.device_replace``): it takes up the
    unit's replacements not yet commissioned, and the devices are checked as installed by the
    replacement — a removed (expired) device no longer blocks it. A unit with such a
    replacement is re-admitted only so.
    """
    require(actor, "metering.register_commissioning")
    with transaction.atomic(), history_actor(actor):
        unit = MeteringUnit.objects.select_for_update().get(pk=unit.pk)
        if kind not in CommissioningRequest.Kind.values:
            raise ApplicationError(f"Вид ввода «{kind}» неизвестен", code="invalid_choice", field="kind")
        replacements = list(pending_replacements(unit))
        if kind == CommissioningRequest.Kind.AFTER_REPLACEMENT and not replacements:
            raise ApplicationError(
                f"На узле учета {unit.number} нет замены прибора, ожидающей ввода", code="no_replacement", field="kind"
            )
        if kind == CommissioningRequest.Kind.INITIAL and replacements:
            raise ApplicationError(
                f"На узле учета {unit.number} заменен прибор: выберите вид ввода «после замены»",
                code="replacement_pending", field="kind",
            )
        # the devices as they are when the unit may be inspected: after the last replacement
        checked_on = max([received_on, *(r.installed_on for r in replacements)])
        missing = [label for kind, label in RequestDocument.Kind.choices if kind not in documents]
        if missing:
            raise ApplicationError(f"Не приложены документы: {'; '.join(missing)}", code="documents_missing", field="documents")
        if unit.status == UnitStatus.COMMERCIAL:
            raise ApplicationError(
                f"Узел учета {unit.number} уже введен в эксплуатацию", code="already_commissioned", field="unit"
            )
        if unit.commissioning_requests.filter(status=CommissioningRequest.Status.OPEN).exists():
            raise ApplicationError(f"По узлу учета {unit.number} уже есть заявка в работе", code="already_open", field="unit")
        if not installed_devices(unit, checked_on, checked_on):
            raise ApplicationError(
                f"На узле учета {unit.number} нет установленных приборов", code="devices_missing", field="unit"
            )
        expired = expired_devices(unit, checked_on)
        if expired:
            raise ApplicationError(
                f"Ввод в эксплуатацию невозможен: истекла поверка — {_expired_text(expired)}",
                code="verification_expired", field="devices"
            )
        request = validated(
            CommissioningRequest(
                unit=unit, kind=kind, incoming_number=incoming_number, received_on=received_on, contact=contact,
                registered_by=actor,
            )
        )
        request.save()
        unit.replacements.filter(pk__in=[r.pk for r in replacements]).update(request=request)
        for kind, file in documents.items():
            RequestDocument.objects.create(request=request, kind=kind, file=file or "")
        inspection_open(unit=unit, kind=InspectionKind.COMMISSIONING, request=request)
        record_event(
            action="commissioning.registered", actor=actor, target=request,
            data={"unit": unit.number, "kind": kind, "incoming_number": incoming_number, "received_on": received_on},
        )
    return request


# ---------------------------------------------------------------- inspections


def inspection_open(
    *, unit: MeteringUnit, kind: str, request: CommissioningRequest | None = None,
    campaign: PeriodicCheckCampaign | None = None,
) -> Inspection:
    """A new inspection of the unit with the checklist in force for its kind."""
    with transaction.atomic():
        round_ = request.inspections.count() + 1 if request else 1
        inspection = validated(Inspection(kind=kind, unit=unit, request=request, campaign=campaign, round=round_))
        inspection.save()
        InspectionItem.objects.bulk_create(
            InspectionItem(
                inspection=inspection, code=d.code, title=d.title, rule=without_confidence_marks(d.rule), order=d.order
            )
            for d in ChecklistItemDefinition.objects.filter(kind=kind, is_active=True)
        )
        record_event(action="inspection.opened", target=inspection, data={"unit": unit.number, "kind": kind})
    return inspection


def inspection_schedule(*, inspection: Inspection, technician: User, scheduled_on: date, actor: Actor) -> Inspection:
    """A manager assigns the technician and the date of the inspection."""
    require(actor, "metering.assign_inspection")
    if not allowed(technician, "metering.perform_inspection"):
        raise ApplicationError(
            f"{technician} не может проводить осмотры",
            code="not_qualified", field="technician"
        )
    with transaction.atomic(), history_actor(actor):
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.result != Result.PENDING:
            raise ApplicationError("Осмотр уже проведен", code="already_done", field="scheduled_on")
        inspection.technician, inspection.scheduled_on = technician, scheduled_on
        inspection.save(update_fields=["technician", "scheduled_on"])
        record_event(
            action="inspection.scheduled", actor=actor, target=inspection,
            data={"technician": technician.get_username(), "scheduled_on": scheduled_on},
        )
    return inspection


@dataclass(frozen=True)
class ItemAnswer:
    conforms: bool | None
    defect: str = ""
    fix_deadline: date | None = None


def admission_end(unit: MeteringUnit, day: date, kind: str) -> date | None:
    """Last day of commercial admission: never past a device's verification (admitting
    past it is a known defect); after a periodic check, at most until the day before the next
    year's check ❓."""
    devices = installed_devices(unit, day, day)
    if not devices:
        return None
    end = min(d.verification_valid_until for d in devices)
    if kind == InspectionKind.PERIODIC:
        end = min(end, add_years(day, 1) - timedelta(days=1))
    return end


def inspection_record(
    *,
    inspection: Inspection,
    inspected_on: date,
    answers: dict[str, ItemAnswer],
    members: list[dict],
    seals: list[dict],
    actor: Actor,
    place: str = "",
    readings: dict | None = None,
    cold_water_temperature: Decimal | None = None,
    settings_note: str = "",
    photos: dict[str, list] | None = None,
) -> Inspection:
    """The technician's findings: every checklist item conforms or is a defect with the rule
    and a deadline; the commission members; the seals set (commissioning) or found (periodic);
    the readings at the moment; photos per checklist item (``{code: [file, …]}``). Checked as
    a whole, written at once; may be recorded again until the act is issued."""
    require(actor, "metering.perform_inspection")
    with transaction.atomic(), history_actor(actor):
        inspection = Inspection.objects.select_for_update().select_related("unit").get(pk=inspection.pk)
        if inspection.act_id:
            raise ApplicationError("Акт по этому осмотру уже выпущен", code="already_issued", field="inspection")
        if inspected_on > timezone.localdate():
            raise ApplicationError(f"Дата осмотра {inspected_on:%d.%m.%Y} в будущем", code="future_date", field="inspected_on")
        items = list(inspection.items.all())
        for item in items:
            answer = answers.get(item.code)
            if answer is None or answer.conforms is None:
                raise ApplicationError(f"Пункт «{item.title}»: не отмечен результат", code="required", field="items")
            item.conforms = answer.conforms
            item.defect = "" if answer.conforms else answer.defect.strip()
            item.fix_deadline = None if answer.conforms else answer.fix_deadline
            validated(item)
            if item.fix_deadline and item.fix_deadline <= inspected_on:
                raise ApplicationError(
                    f"«{item.title}»: срок устранения должен быть позже даты осмотра", code="date_order", field="items"
                )
        _check_members(members)
        _check_verification(inspection, inspected_on, items)
        _check_seals(inspection, seals, items)
        passed = all(item.conforms for item in items)
        if passed and inspection.kind == InspectionKind.COMMISSIONING and not seals:
            raise ApplicationError("Укажите пломбы, установленные при вводе узла учета", code="required", field="seals")

        for item in items:
            item.save()
            for image in (photos or {}).get(item.code, []):
                InspectionPhoto.objects.create(item=item, image=image, uploaded_by=actor)  # type: ignore[misc]  # _require refused a None actor
        inspection.members.all().delete()
        CommissionMember.objects.bulk_create(
            validated(CommissionMember(inspection=inspection, **member)) for member in members
        )
        inspection.seals.all().delete()
        InspectionSeal.objects.bulk_create(InspectionSeal(inspection=inspection, **seal) for seal in seals)
        readings = readings or {}
        for name in ("q_total", "m1_total", "m2_total", "v1_total", "operating_hours"):
            setattr(inspection, name, readings.get(name))
        inspection.inspected_on, inspection.place, inspection.technician = inspected_on, place, actor
        inspection.cold_water_temperature, inspection.settings_note = cold_water_temperature, settings_note
        inspection.result = Result.PASSED if passed else Result.DEFECTS
        inspection.admitted_until = admission_end(inspection.unit, inspected_on, inspection.kind) if passed else None
        validated(inspection)
        inspection.save()
        record_event(
            action="inspection.recorded", actor=actor, target=inspection,
            data={"result": inspection.result, "inspected_on": inspected_on,
                  "defects": [item.code for item in items if not item.conforms]},
        )
    return inspection


def _check_members(members: list[dict]) -> None:
    sides = {member.get("side") for member in members}
    if CommissionMember.Side.SUPPLIER not in sides or CommissionMember.Side.CONSUMER not in sides:
        raise ApplicationError(
            "В комиссию входят представители теплоснабжающей организации и потребителя",
            code="commission_incomplete", field="members"
        )
    for member in members:
        if not all(member.get(name, "").strip() for name in ("last_name", "first_name", "position")):
            raise ApplicationError("Член комиссии: укажите фамилию, имя и должность", code="required", field="members")


def _check_verification(inspection: Inspection, day: date, items: list[InspectionItem]) -> None:
    expired = expired_devices(inspection.unit, day)
    verification = next((item for item in items if item.code == "verification"), None)
    if expired and (verification is None or verification.conforms):
        raise ApplicationError(
            f"Истекла поверка: {_expired_text(expired)} — отметьте недостаток по пункту о поверке",
            code="defect_not_marked", field="items"
        )


def _check_seals(inspection: Inspection, seals: list[dict], items: list[InspectionItem]) -> None:
    numbers = [seal.get("number", "").strip() for seal in seals]
    if any(not number for number in numbers):
        raise ApplicationError("Пломба: укажите номер", code="required", field="seals")
    repeated = {n for n in numbers if numbers.count(n) > 1}
    if repeated:
        raise ApplicationError(f"Пломба № {', '.join(sorted(repeated))} указана дважды", code="duplicate", field="seals")
    if inspection.kind == InspectionKind.COMMISSIONING:
        taken = Seal.objects.filter(number__in=numbers, removed_on__isnull=True).select_related("unit")
        for seal in taken:
            raise ApplicationError(
                f"Пломба № {seal.number} уже установлена на узле учета {seal.unit.number}", code="seal_in_use", field="seals"
            )
    else:
        broken = [seal["number"] for seal in seals if seal.get("intact") is False]
        seals_item = next((item for item in items if item.code == "seals"), None)
        if broken and (seals_item is None or seals_item.conforms):
            raise ApplicationError(
                f"Пломба № {', '.join(broken)} нарушена — отметьте недостаток по пункту о пломбах",
                code="defect_not_marked", field="items"
            )
    for seal in seals:
        device = seal.get("device")
        if device is not None and device.unit_id != inspection.unit_id:
            raise ApplicationError(
                f"Пломба № {seal['number']}: прибор {device} не на этом узле учета", code="foreign_object", field="seals"
            )


TEMPLATES = {
    (InspectionKind.COMMISSIONING, Result.PASSED): ("metering.commissioning_act", contexts.commissioning_act_context),
    (InspectionKind.COMMISSIONING, Result.DEFECTS): ("metering.defects_act", contexts.defects_act_context),
    (InspectionKind.PERIODIC, Result.PASSED): ("metering.periodic_check_act", contexts.periodic_check_act_context),
    (InspectionKind.PERIODIC, Result.DEFECTS): ("metering.periodic_check_act", contexts.periodic_check_act_context),
}


def inspection_issue_act(*, inspection: Inspection, actor: Actor, process: Process | None = None,
                         task: Task | None = None) -> ArchivedDocument:
    """Issue the inspection's act through the documents engine: the commissioning act or the
    defects act, or the periodic check act. Issued once: a second call returns the act."""
    with transaction.atomic(), history_actor(actor):
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.act_id:
            return inspection.act  # type: ignore[return-value]  # act_id checked
        if inspection.result == Result.PENDING:
            raise ApplicationError("Осмотр не проведен: акт составить нельзя", code="not_performed", field="inspection")
        template, build = TEMPLATES[(inspection.kind, inspection.result)]  # type: ignore[index]  # kind and result are the model's choices
        returned = inspection.returns.select_related("act").first()  # the corrected act replaces the returned one
        act = issue_document(
            template=template, context=build(inspection), subject=inspection, actor=actor, process=process, task=task,
            replaces=returned.act if returned else None,
        )
        inspection.act = act
        inspection.save(update_fields=["act"])
    return act


def inspection_approve(*, inspection: Inspection, actor: Actor) -> Inspection:
    """A manager approves the act. The act was issued for approval with a blank «УТВЕРЖДАЮ»
    block; documents are immutable, so the approved act is issued again as a new archived
    document that replaces the one approved, its block filled (who, when) — the inspection
    then points to it. An approved commissioning act makes the unit commercial from the
    act's date, with its seals; a defects act leaves it waiting for the fix."""
    require(actor, "metering.approve_inspection_act")
    with transaction.atomic(), history_actor(actor):
        inspection = Inspection.objects.select_for_update(of=("self",)).select_related("unit", "act").get(pk=inspection.pk)
        if inspection.act_id is None:
            raise ApplicationError("Акт еще не выпущен", code="act_missing", field="inspection")
        if inspection.approved_at:
            raise ApplicationError("Акт уже утвержден", code="already_approved", field="inspection")
        inspection.approved_by, inspection.approved_at = actor, timezone.now()
        submitted: ArchivedDocument = inspection.act  # type: ignore[assignment]  # act_id checked above
        template, build = TEMPLATES[(inspection.kind, inspection.result)]  # type: ignore[index]  # kind and result are the model's choices
        inspection.act = issue_document(
            template=template, context=build(inspection, approval=approval_block(actor, inspection.approved_at)),
            subject=inspection, actor=actor, process=submitted.process, replaces=submitted,
        )
        inspection.save(update_fields=["approved_by", "approved_at", "act"])
        if inspection.kind == InspectionKind.COMMISSIONING and inspection.result == Result.PASSED:
            _commission(inspection, actor)
        record_event(
            action="inspection.approved", actor=actor, target=inspection,
            data={"act": inspection.act.number, "submitted": submitted.number, "result": inspection.result},
        )
    return inspection


def approval_block(actor: Actor, at: datetime) -> dict:
    """The «УТВЕРЖДАЮ» block of an approved act: the approver's position (as a signatory of
    our organisation; blank when the approver is none), initials and surname, the date."""
    user: User = actor  # type: ignore[assignment]  # an approval has its approver
    signatory = (
        Signatory.objects.filter(active=True, last_name=user.last_name, first_name=user.first_name).order_by("-is_head").first()
        if user.last_name else None
    )
    if signatory is not None:
        name = formatting.person_short(signatory.last_name, signatory.first_name, signatory.middle_name)
    else:
        name = formatting.person_short(user.last_name, user.first_name) or user.get_username()
    return {
        "position": signatory.position if signatory else "",
        "name": name,
        "date": formatting.date_short(timezone.localdate(at)),
    }


def inspection_return(*, inspection: Inspection, comment: str, actor: Actor) -> InspectionReturn:
    """A manager returns the act for correction with a comment the technician sees. The
    returned act stays in the archive (documents are immutable); the inspection may be
    recorded again, and the corrected act it issues replaces the returned one."""
    require(actor, "metering.approve_inspection_act")
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError("Напишите, что исправить: техник увидит комментарий", code="required", field="comment")
    with transaction.atomic(), history_actor(actor):
        inspection = Inspection.objects.select_for_update(of=("self",)).select_related("act").get(pk=inspection.pk)
        if inspection.act_id is None:
            raise ApplicationError("Акт еще не выпущен", code="act_missing", field="inspection")
        if inspection.approved_at:
            raise ApplicationError("Акт уже утвержден", code="already_approved", field="inspection")
        returned = validated(InspectionReturn(inspection=inspection, act=inspection.act, comment=comment, returned_by=actor))
        returned.save()
        act_number = inspection.act.number  # type: ignore[union-attr]  # act_id checked above
        inspection.act = None
        inspection.save(update_fields=["act"])
        record_event(
            action="inspection.returned", actor=actor, target=inspection, data={"act": act_number, "comment": comment}
        )
    return returned


def _commission(inspection: Inspection, actor: Actor) -> None:
    unit, day = inspection.unit, inspection.inspected_on
    unit_status_change(
        unit=unit, status=UnitStatus.COMMERCIAL, effective_from=day, actor=actor,  # type: ignore[arg-type]  # an approved act has its inspection date
        basis=f"акт ввода в эксплуатацию № {inspection.act.number}",  # type: ignore[union-attr]  # an approved act exists
    )
    for seal in inspection.seals.all():
        seal_set(unit=unit, number=seal.number, place=seal.place, set_on=day, device=seal.device, actor=actor)  # type: ignore[arg-type]  # an approved act has its inspection date
    unit.refresh_from_db()
    unit.commissioned_on, unit.admitted_until = day, inspection.admitted_until
    unit.save(update_fields=["commissioned_on", "admitted_until"])
    request = inspection.request
    request.status = CommissioningRequest.Status.COMMISSIONED  # type: ignore[union-attr]  # a commissioning inspection has its request
    request.save(update_fields=["status"])  # type: ignore[union-attr]  # as above


def inspection_fix_reported(*, inspection: Inspection, reported_on: date, actor: Actor) -> Inspection:
    """The consumer reports the defects fixed: the unit may be inspected again."""
    require(actor, "metering.register_commissioning")
    with transaction.atomic(), history_actor(actor):
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.result != Result.DEFECTS or not inspection.approved_at:
            raise ApplicationError(
                "Сообщить об устранении можно только по утвержденному акту о недостатках",
                code="state_conflict", field="inspection"
            )
        if reported_on < inspection.inspected_on or reported_on > timezone.localdate():  # type: ignore[operator]  # an approved act has its inspection date
            raise ApplicationError(f"Дата сообщения {reported_on:%d.%m.%Y} вне срока", code="out_of_range", field="reported_on")
        inspection.fix_reported_on = reported_on
        inspection.save(update_fields=["fix_reported_on"])
        record_event(action="inspection.fix_reported", actor=actor, target=inspection, data={"reported_on": reported_on})
    return inspection


def inspection_reopen(*, inspection: Inspection) -> Inspection:
    """The repeat inspection after a defects act: the next round of the same application."""
    return inspection_open(unit=inspection.unit, kind=inspection.kind, request=inspection.request)


# ---------------------------------------------------------------- periodic checks


def periodic_campaign_start(
    *, season: int, deadline: date, actor: Actor, network_section: NetworkSection | None = None
) -> tuple[PeriodicCheckCampaign, list[Inspection]]:
    """Open a periodic check of every unit in use (commercial or faulty) of the section — or
    of all — that has none in this season yet (so a repeated start adds nothing)."""
    require(actor, "metering.plan_periodic_checks")
    with transaction.atomic(), history_actor(actor):
        campaign = validated(
            PeriodicCheckCampaign(season=season, network_section=network_section, deadline=deadline, started_by=actor)
        )
        campaign.save()
        units = MeteringUnit.objects.filter(status__in=(UnitStatus.COMMERCIAL, UnitStatus.FAULTY)).exclude(
            inspections__campaign__season=season
        )
        if network_section is not None:
            units = units.filter(heated_object__network_section=network_section)
        inspections = [
            inspection_open(unit=unit, kind=InspectionKind.PERIODIC, campaign=campaign)
            for unit in units.order_by("number")
        ]
        record_event(
            action="periodic_check.campaign_started", actor=actor, target=campaign,
            data={"season": season, "section": str(network_section or ""), "units": len(inspections)},
        )
    return campaign, inspections


def periodic_result_apply(*, inspection: Inspection, actor: Actor) -> Inspection:
    """The approved check's result: a passed check admits the unit (commercial again if it was
    faulty) until the admission end; a failed check makes it faulty from the check's date.
    Only an approved act counts (``inspection_approve``): a returned one is corrected first."""
    with transaction.atomic(), history_actor(actor):
        inspection = Inspection.objects.select_for_update(of=("self",)).select_related("unit", "act").get(pk=inspection.pk)
        if inspection.act_id is None:
            raise ApplicationError("Акт периодической проверки еще не выпущен", code="act_missing", field="inspection")
        if not inspection.approved_at:
            raise ApplicationError("Акт периодической проверки еще не утвержден", code="not_approved", field="inspection")
        unit, day, basis = inspection.unit, inspection.inspected_on, f"акт периодической проверки № {inspection.act.number}"  # type: ignore[union-attr]  # act_id checked above
        if inspection.result == Result.PASSED:
            unit_status_change(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=day, basis=basis, actor=actor)  # type: ignore[arg-type]  # an issued act has its inspection date
            unit.refresh_from_db()
            unit.admitted_until = inspection.admitted_until
            unit.save(update_fields=["admitted_until"])
        else:
            defects = "; ".join(f"{i.title}: {i.defect}" for i in inspection.items.filter(conforms=False))
            unit_status_change(
                unit=unit, status=UnitStatus.FAULTY, effective_from=day, actor=actor, basis=basis,  # type: ignore[arg-type]  # as above
                reason=f"периодическая проверка: {defects}",
            )
        record_event(action="periodic_check.applied", actor=actor, target=inspection, data={"result": inspection.result})
    return inspection
