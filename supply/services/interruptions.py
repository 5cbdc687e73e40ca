"""Interruptions of heat supply, from the registration to the approved act (docs/supply.md).

Every write a user or the flow ``workflows.interruption`` causes: register (planned or
emergency), the affected set (computed from the section and below, edited with a reason),
the notice of a planned interruption, the dispatch log's stop / localisation / restoration
(the only way the interruption's times are written), the act's details and issue, the
signatures and the manager's decision. All or nothing; the audit event in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from documents.models import ArchivedDocument
from subscribers.models import HeatedObject, NetworkSection

from ..models import ActSignature, AffectedObject, DispatchEntry, Interruption, InterruptionNoticeTerm
from .network import object_load, objects_fed_by

REGISTER = "supply.register_interruption"
ISSUE = "supply.issue_interruption_act"
APPROVE = "supply.approve_interruption_act"
Status = Interruption.Status


def _local(value: datetime) -> str:
    return f"{timezone.localtime(value):%d.%m.%Y %H:%M}"


def _locked(interruption: Interruption) -> Interruption:
    return Interruption.objects.select_for_update().get(pk=interruption.pk)


def _check_overlap(interruption: Interruption, start: datetime, end: datetime | None, field: str) -> None:
    """Two interruptions of one section cannot overlap in time (one is a continuation of the other)."""
    others = Interruption.objects.filter(section=interruption.section).exclude(pk=interruption.pk)
    for other in others.exclude(stopped_at=None):
        other_start, other_end = other.stopped_at, other.restored_at
        assert other_start is not None  # excluded above
        if (end is None or other_start < end) and (other_end is None or start < other_end):
            till = _local(other_end) if other_end else "не восстановлена"
            raise ApplicationError(
                f"Перерыв пересекается с перерывом № {other.number} того же участка "
                f"({_local(other_start)} — {till})", code="overlap", field=field,
            )


@transaction.atomic
def interruption_register(
    *, kind: str, service: str, section: NetworkSection, cause: str, actor: Actor,
    planned_from: datetime | None = None, planned_to: datetime | None = None,
    stopped_at: datetime | None = None, caller: str = "",
) -> Interruption:
    """Register an interruption: a planned one with its planned window, an emergency one with
    the dispatcher's call and the stop (written to the dispatch log). The affected objects are
    computed from the section and the sections below it."""
    require(actor, REGISTER)
    if not cause.strip():
        raise ApplicationError("Укажите причину перерыва", code="required", field="cause")
    interruption = Interruption(kind=kind, service=service, section=section, cause=cause.strip(),
                                planned_from=planned_from, planned_to=planned_to, created_by=actor)
    if kind == Interruption.Kind.PLANNED:
        if planned_from is None:
            raise ApplicationError("Укажите плановое начало перерыва", code="required", field="planned_from")
        if planned_to is None or planned_to <= planned_from:
            raise ApplicationError("Плановое окончание должно быть позже планового начала", code="invalid_value",
                                   field="planned_to")
    elif stopped_at is None:
        raise ApplicationError("Укажите время прекращения подачи из сообщения диспетчеру", code="required",
                               field="stopped_at")
    validated(interruption)
    interruption.save()
    _log_entry(interruption, DispatchEntry.Kind.CALL, timezone.now() if stopped_at is None else stopped_at, actor,
               caller=caller, text=f"{interruption.get_kind_display()} перерыв: {interruption.cause}")
    affected_compute(interruption=interruption)
    record_event(action="supply.interruption.registered", actor=actor, target=interruption,
                 data={"kind": kind, "service": service, "section": section.code})
    if stopped_at is not None:
        interruption_log(interruption=interruption, kind=DispatchEntry.Kind.STOP, happened_at=stopped_at, actor=actor)
        interruption.refresh_from_db()
    return interruption


def affected_compute(*, interruption: Interruption) -> list[AffectedObject]:
    """The objects of the section and every section below it, with their load of the service."""
    day = timezone.localdate(interruption.stopped_at or interruption.planned_from or timezone.now())
    rows = []
    for obj in objects_fed_by(interruption.section):
        row, _ = AffectedObject.objects.get_or_create(
            interruption=interruption, heated_object=obj,
            defaults={"load_gcal_h": object_load(obj, service=interruption.service, day=day)},
        )
        rows.append(row)
    return rows


@transaction.atomic
def affected_edit(*, interruption: Interruption, heated_object: HeatedObject, included: bool, reason: str,
                  actor: Actor) -> AffectedObject:
    """Add an object the section does not reach, or exclude one it does — always with a reason."""
    require(actor, REGISTER)
    interruption = _locked(interruption)
    if interruption.status in (Status.APPROVED, Status.RECALCULATED, Status.NO_RECALCULATION):
        raise ApplicationError("Акт утвержден: состав затронутых объектов не меняется", code="closed",
                               field="heated_object")
    if not reason.strip():
        raise ApplicationError("Укажите основание изменения состава затронутых объектов", code="required",
                               field="reason")
    day = timezone.localdate(interruption.stopped_at or interruption.planned_from or timezone.now())
    row, created = AffectedObject.objects.get_or_create(
        interruption=interruption, heated_object=heated_object,
        defaults={"load_gcal_h": object_load(heated_object, service=interruption.service, day=day),
                  "included": included, "reason": reason.strip()},
    )
    if not created:
        row.included, row.reason = included, reason.strip()
        row.save(update_fields=["included", "reason"])
    record_event(action="supply.interruption.affected_edited", actor=actor, target=interruption,
                 data={"object": heated_object.code, "included": included, "reason": reason.strip()})
    return row


def notice_term(day: date) -> InterruptionNoticeTerm:
    term = (InterruptionNoticeTerm.objects.filter(valid_from__lte=day).order_by("-valid_from")
            .exclude(valid_to__lt=day).first())
    if term is None:
        raise ApplicationError(f"Нет срока уведомления о плановом перерыве на {day:%d.%m.%Y}", code="reference_missing",
                               field="sent_on")
    return term


@transaction.atomic
def interruption_notify(*, interruption: Interruption, sent_on: date, actor: Actor, process: Process | None = None,
                        task: Task | None = None) -> list:
    """Issue the notice of a planned interruption to each affected consumer and register it as
    sent on ``sent_on``, no later than the legal lead time before the planned start."""
    from .notices import notice_issue

    require(actor, REGISTER)
    interruption = _locked(interruption)
    if not interruption.is_planned:
        raise ApplicationError("Уведомление направляется только о плановом перерыве", code="invalid_state",
                               field="sent_on")
    start = timezone.localdate(interruption.planned_from)
    term = notice_term(start)
    if (start - sent_on).days < term.days:
        raise ApplicationError(
            f"Уведомление нужно направить не позднее чем за {term.days} дн. до начала перерыва "
            f"({start:%d.%m.%Y}; {term.norm})", code="too_late", field="sent_on")
    rows = list(interruption.affected.filter(included=True).select_related("heated_object__consumer"))
    if not rows:
        raise ApplicationError("Нет затронутых объектов: уведомлять некого", code="required", field="sent_on")
    documents = notice_issue(interruption=interruption, rows=rows, actor=actor, process=process, task=task)
    sent_at = timezone.make_aware(datetime.combine(sent_on, datetime.min.time()).replace(hour=9))
    for row in rows:
        row.notified_at = sent_at
        row.notice = documents[row.heated_object.consumer_id]
        row.save(update_fields=["notified_at", "notice"])
    interruption.notice_sent_on, interruption.status = sent_on, Status.NOTIFIED
    interruption.save(update_fields=["notice_sent_on", "status"])
    _log_entry(interruption, DispatchEntry.Kind.NOTICE, sent_at, actor,
               text=f"Уведомления направлены: {len(documents)} потребителям")
    record_event(action="supply.interruption.notified", actor=actor, target=interruption,
                 data={"sent_on": sent_on.isoformat(), "documents": [d.number for d in documents.values()]})
    return list(documents.values())


def _log_entry(interruption: Interruption, kind: str, happened_at: datetime, actor: Actor, *, caller: str = "",
               text: str = "") -> DispatchEntry:
    entry = DispatchEntry(kind=kind, happened_at=happened_at, section=interruption.section,
                          interruption=interruption, caller=caller, text=text, recorded_by=actor)
    validated(entry)
    entry.save()
    return entry


FIELD_OF: dict[str, str] = {
    DispatchEntry.Kind.STOP: "stopped_at",
    DispatchEntry.Kind.LOCALISATION: "localised_at",
    DispatchEntry.Kind.RESTORATION: "restored_at",
}


@transaction.atomic
def interruption_log(*, interruption: Interruption, kind: str, happened_at: datetime, actor: Actor,
                     text: str = "") -> DispatchEntry:
    """Record the stop, the localisation or the restoration in the dispatch log; the
    interruption takes its time from the entry. Refused: a restoration before the stop, a
    localisation after the restoration (or before the stop), a time overlapping another
    interruption of the section."""
    require(actor, REGISTER)
    interruption = _locked(interruption)
    field = FIELD_OF.get(kind)
    if field is None:
        raise ApplicationError("Вид записи: прекращение, локализация или восстановление", code="invalid_choice",
                               field="kind")
    if happened_at is None:
        raise ApplicationError("Укажите время события", code="required", field=field)
    if happened_at > timezone.now():
        raise ApplicationError("Время события еще не наступило", code="future", field=field)
    times = {name: getattr(interruption, name) for name in FIELD_OF.values()}
    times[field] = happened_at
    stop, local, restore = times["stopped_at"], times["localised_at"], times["restored_at"]
    if kind != DispatchEntry.Kind.STOP and stop is None:
        raise ApplicationError("Сначала запишите прекращение подачи", code="invalid_state", field=field)
    if restore is not None and stop is not None and restore <= stop:
        raise ApplicationError(f"Восстановление ({_local(restore)}) не может быть раньше прекращения подачи "
                               f"({_local(stop)})", code="invalid_value", field="restored_at")
    if local is not None and stop is not None and local < stop:
        raise ApplicationError(f"Локализация ({_local(local)}) не может быть раньше прекращения подачи "
                               f"({_local(stop)})", code="invalid_value", field="localised_at")
    if local is not None and restore is not None and local > restore:
        raise ApplicationError(f"Локализация ({_local(local)}) не может быть позже восстановления подачи "
                               f"({_local(restore)})", code="invalid_value", field="localised_at")
    _check_overlap(interruption, stop, restore, field)
    entry = _log_entry(interruption, kind, happened_at, actor, text=text)
    setattr(interruption, field, happened_at)
    interruption.status = {"stopped_at": Status.STOPPED, "localised_at": Status.LOCALISED,
                           "restored_at": Status.RESTORED}[field]
    interruption.save(update_fields=[field, "status"])
    record_event(action="supply.dispatch.recorded", actor=actor, target=interruption,
                 data={"kind": kind, "at": happened_at.isoformat(), "entry": entry.pk})
    return entry


@dataclass(frozen=True)
class Readings:
    at_stop: str = ""
    at_restart: str = ""


@transaction.atomic
def interruption_act_details(
    *, interruption: Interruption, fault_side: str, faulty_section: str, faulty_section_owner: str,
    outdoor_temperature: Decimal | None, readings: dict[int, Readings], actor: Actor,
) -> Interruption:
    """The act's own facts: where the fault was and whose it is (the balance-boundary annex),
    the outdoor temperature, the meter readings at the stop and at the restart per object."""
    require(actor, ISSUE)
    interruption = _locked(interruption)
    if interruption.restored_at is None:
        raise ApplicationError("Акт составляется после восстановления подачи", code="invalid_state",
                               field="restored_at")
    if outdoor_temperature is not None and not Decimal("-60") <= outdoor_temperature <= Decimal("45"):
        raise ApplicationError("Температура наружного воздуха вне физического смысла (−60…+45 °C)",
                               code="invalid_value", field="outdoor_temperature")
    interruption.fault_side = fault_side
    interruption.faulty_section = faulty_section.strip()
    interruption.faulty_section_owner = faulty_section_owner.strip()
    interruption.outdoor_temperature = outdoor_temperature
    validated(interruption)
    interruption.save(update_fields=["fault_side", "faulty_section", "faulty_section_owner", "outdoor_temperature"])
    for row in interruption.affected.filter(heated_object_id__in=list(readings)):
        given = readings[row.heated_object_id]
        row.reading_at_stop, row.reading_at_restart = given.at_stop.strip(), given.at_restart.strip()
        row.save(update_fields=["reading_at_stop", "reading_at_restart"])
    record_event(action="supply.interruption.act_details", actor=actor, target=interruption,
                 data={"fault_side": fault_side, "owner": interruption.faulty_section_owner})
    return interruption


@transaction.atomic
def interruption_act_issue(*, interruption: Interruption, actor: Actor, process: Process | None = None,
                           task: Task | None = None) -> ArchivedDocument:
    """Issue «Акт о времени прекращения подачи тепловой энергии и времени локализации неисправности»."""
    from documents.services import issue_document

    from ..documents import interruption_act_context

    interruption = _locked(interruption)
    document = issue_document(template="supply.interruption_act", context=interruption_act_context(interruption),
                              subject=interruption, actor=actor, process=process, task=task, replaces=interruption.act)
    interruption.act, interruption.status = document, Status.ACT_ISSUED
    interruption.save(update_fields=["act", "status"])
    return document


@transaction.atomic
def interruption_sign(*, interruption: Interruption, signatures: list[dict], actor: Actor) -> list[ActSignature]:
    """Record who signed the act and who refused (a refusal with its reason)."""
    require(actor, ISSUE)
    interruption = _locked(interruption)
    if interruption.act_id is None:
        raise ApplicationError("Акт еще не выпущен", code="invalid_state", field="signatures")
    if not signatures:
        raise ApplicationError("Укажите хотя бы одну подпись или отказ", code="required", field="signatures")
    interruption.signatures.all().delete()
    rows = []
    for n, item in enumerate(signatures):
        row = ActSignature(interruption=interruption, recorded_by=actor, **item)
        if not row.signed and not row.refusal.strip():
            raise ApplicationError(f"Строка {n + 1}: при отказе от подписи укажите причину", code="required",
                                   field="refusal")
        validated(row)
        row.save()
        rows.append(row)
    interruption.status = Status.SIGNED
    interruption.save(update_fields=["status"])
    record_event(action="supply.interruption.signed", actor=actor, target=interruption,
                 data={"signed": [r.name for r in rows if r.signed], "refused": [r.name for r in rows if not r.signed]})
    return rows


@transaction.atomic
def interruption_decide(*, interruption: Interruption, approve: bool, comment: str, actor: Actor) -> Interruption:
    """A manager approves the act (a fault on the consumer's side: recorded, no recalculation)
    or returns it for correction with a comment."""
    require(actor, APPROVE)
    interruption = _locked(interruption)
    if interruption.status != Status.SIGNED:
        raise ApplicationError("Утверждается подписанный акт", code="invalid_state", field="decision")
    if not approve:
        if not comment.strip():
            raise ApplicationError("Укажите, что исправить", code="required", field="comment")
        interruption.status = Status.RESTORED
        interruption.save(update_fields=["status"])
        record_event(action="supply.interruption.returned", actor=actor, target=interruption,
                     data={"comment": comment.strip()})
        return interruption
    interruption.status = Status.NO_RECALCULATION if interruption.on_consumer_side else Status.APPROVED
    interruption.approved_by, interruption.approved_at = actor, timezone.now()
    interruption.save(update_fields=["status", "approved_by", "approved_at"])
    record_event(action="supply.interruption.approved", actor=actor, target=interruption,
                 data={"fault_side": interruption.fault_side, "comment": comment.strip()})
    return interruption
