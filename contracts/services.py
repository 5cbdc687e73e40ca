"""Every write of the contract preparation (docs/contracts.md): one service per step of
``workflows/contract.py``. Each checks the actor's permission (``core.permissions.require``),
validates, writes all or nothing (``transaction.atomic``) and records its audit event in the
same transaction. Refusals are ``ApplicationError`` naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import record_event
from billing.forecast.climate import ClimateCache
from billing.forecast.compute import load_month_volumes
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from documents.documents import letter_context
from documents.formatting import date_short
from documents.models import ArchivedDocument
from documents.services import issue_document
from metering.selectors import design_outdoor_temperature, object_city
from regulations.rounding import gcal
from subscribers import services as register
from subscribers.models import AuthorityBasis, Consumer, Contract, HeatedObject, Signatory, TariffGroup
from subscribers.selectors import our_organization

from . import documents as contract_documents
from .models import (
    ChecklistItem,
    ContractApplication,
    ContractVersion,
    DisagreementPoint,
    DisagreementProtocol,
    DraftLoad,
)

REGISTER = "contracts.register_application"
PREPARE = "contracts.prepare_draft"
REVIEW = "contracts.review_draft"
APPROVE = "contracts.approve_contract"
S = ContractApplication.Status
K = ChecklistItem.Kind
IN_FORCE = (Contract.Status.ACTIVE, Contract.Status.SUSPENDED)
CHECKLISTS: dict[str, tuple[str, ...]] = {
    Consumer.Kind.LEGAL: (K.CONSTITUENT, K.REGISTER_EXTRACT, K.TITLE, K.CONNECTION, K.LOAD_CALCULATION),
    Consumer.Kind.ENTREPRENEUR: (K.IDENTITY, K.REGISTER_EXTRACT, K.TITLE, K.CONNECTION, K.LOAD_CALCULATION),
    Consumer.Kind.CITIZEN: (K.IDENTITY, K.TITLE, K.CONNECTION, K.LOAD_CALCULATION),
}
AMENDMENT_CHECKLIST = (K.TITLE, K.LOAD_CALCULATION)
LOAD_FIELDS = ("heating", "ventilation", "hot_water_avg", "hot_water_max")
SIGNER_FIELDS = ("signer_position", "signer_last_name", "signer_first_name", "signer_middle_name", "signer_basis",
                 "signer_poa_number", "signer_poa_date", "signer_poa_valid_until")


def _state(application: ContractApplication, *allowed: str) -> None:
    if application.status not in allowed:
        raise ApplicationError(
            f"Заявка № {application.pk} в состоянии «{application.get_status_display()}»: этот шаг сейчас не выполняется",
            code="state_conflict", field="status")


def _set(application: ContractApplication, actor: Actor, **fields: Any) -> None:
    model_update(application, fields, actor=actor)


def checklist_for(consumer: Consumer, *, kind: str, representative: bool) -> tuple[str, ...]:
    """The documents an application needs: by the consumer's kind (a change: the title and the
    load calculation), and the representative's power of attorney when one applies."""
    kinds = AMENDMENT_CHECKLIST if kind == ContractApplication.Kind.AMENDMENT else CHECKLISTS[str(consumer.kind)]
    return (*kinds, K.POWER_OF_ATTORNEY) if representative else kinds


def missing_documents(application: ContractApplication) -> list[ChecklistItem]:
    return list(application.checklist.filter(received_on__isnull=True))


# ---------------------------------------------------------------- the application and its documents


@transaction.atomic
def application_register(*, consumer: Consumer, objects: Iterable[HeatedObject], received_on: date,
                         documents_received: Iterable[str] = (), representative: bool = False,
                         kind: str = ContractApplication.Kind.NEW, base_contract: Contract | None = None,
                         changes: str = "", actor: Actor) -> ContractApplication:
    """Register a consumer's application with its checklist: the documents brought are marked
    received on ``received_on``; a change of an active contract names the contract and what changes."""
    require(actor, REGISTER)
    objects = list(objects)
    if not objects:
        raise ApplicationError("Укажите хотя бы один объект теплопотребления", code="required", field="objects")
    for heated_object in objects:
        if heated_object.consumer_id != consumer.pk:
            raise ApplicationError(f"Объект {heated_object.code} принадлежит другому абоненту", code="foreign_object",
                                   field="objects")
    if base_contract is not None:
        if base_contract.consumer_id != consumer.pk:
            raise ApplicationError("Изменяемый договор заключен с другим абонентом", code="foreign_object",
                                   field="base_contract")
        if base_contract.status not in IN_FORCE:
            raise ApplicationError(f"Договор № {base_contract.number} не действует: изменить его нельзя",
                                   code="state_conflict", field="base_contract")
    application = validated(ContractApplication(
        kind=kind, consumer=consumer, base_contract=base_contract, changes=changes.strip(), received_on=received_on,
        registered_by=actor))
    application.save()
    application.objects_requested.set(objects)
    brought = set(documents_received)
    for item in checklist_for(consumer, kind=kind, representative=representative):
        ChecklistItem.objects.create(application=application, kind=item,
                                     received_on=received_on if item in brought else None)
    record_event(action="contract_application.registered", actor=actor, target=application,
                 data={"consumer": consumer.code, "kind": kind, "objects": [o.code for o in objects],
                       "missing": [i.kind for i in missing_documents(application)]})
    return application


@transaction.atomic
def documents_request(*, application: ContractApplication, term_days: int, actor: Actor) -> ArchivedDocument:
    """The letter asking for the missing documents within ``term_days`` (the timer waits it out)."""
    require(actor, REGISTER)
    _state(application, S.REGISTERED)
    missing = missing_documents(application)
    if not missing:
        raise ApplicationError("Все документы получены: запрос не нужен", code="state_conflict", field="checklist")
    if not 1 <= term_days <= 90:
        raise ApplicationError("Срок представления документов — от 1 до 90 дней", code="invalid", field="term_days")
    due = timezone.localdate() + timedelta(days=term_days)
    organization = our_organization(required=True)
    paragraphs = [
        f"Для заключения договора теплоснабжения по Вашей заявке от {date_short(application.received_on)} "
        f"просим в срок до {date_short(due)} представить следующие документы:",
        *(f"{n}. {item.get_kind_display()}." for n, item in enumerate(missing, 1)),
        "До представления документов проект договора не может быть подготовлен (ПП РФ № 808, раздел III).",
    ]
    context = letter_context(organization=organization, consumer=application.consumer,
                             heading="О представлении документов для заключения договора теплоснабжения",
                             paragraphs=paragraphs, signer=contract_documents.head_signatory(organization),
                             executor=actor)
    letter = issue_document(template="common.letter", context=context, subject=application, actor=actor)
    _set(application, actor, status=S.AWAITING_DOCUMENTS, documents_due=due)
    record_event(action="contract_application.documents_requested", actor=actor, target=application,
                 data={"letter": letter.number, "due": due.isoformat(), "missing": [i.kind for i in missing]})
    return letter


@transaction.atomic
def documents_receive(*, application: ContractApplication, kinds: Iterable[str], received_on: date,
                      actor: Actor) -> list[ChecklistItem]:
    """Mark documents of the checklist received."""
    require(actor, REGISTER)
    _state(application, S.REGISTERED, S.AWAITING_DOCUMENTS)
    kinds = set(kinds)
    items = [item for item in missing_documents(application) if item.kind in kinds]
    for item in items:
        item.received_on = received_on
        item.save(update_fields=["received_on"])
    if not missing_documents(application):
        _set(application, actor, status=S.REGISTERED)
    record_event(action="contract_application.documents_received", actor=actor, target=application,
                 data={"kinds": sorted(i.kind for i in items), "on": received_on.isoformat()})
    return items


@transaction.atomic
def documents_overdue_decide(*, application: ContractApplication, extend: bool, comment: str, actor: Actor) -> None:
    """The manager's decision when the term of the request is over and documents are missing:
    request them again, or refuse the application (the comment is the reason)."""
    require(actor, APPROVE)
    _state(application, S.AWAITING_DOCUMENTS)
    if not extend and not comment.strip():
        raise ApplicationError("Укажите причину отказа", code="required", field="comment")
    if extend:
        _set(application, actor, status=S.REGISTERED)
    else:
        _set(application, actor, status=S.REFUSED, documents_refused=True, refusal=comment.strip())
    record_event(action="contract_application.documents_overdue", actor=actor, target=application,
                 data={"extend": extend, "comment": comment})


# ---------------------------------------------------------------- the draft


@dataclass(frozen=True)
class LoadInput:
    heated_object: HeatedObject
    supply_point: str
    heating: Decimal = Decimal("0")
    ventilation: Decimal = Decimal("0")
    hot_water_avg: Decimal = Decimal("0")
    hot_water_max: Decimal = Decimal("0")
    metering_unit: Any = None


def contract_months(valid_from: date) -> list[date]:
    """The twelve months of Annex 1: January to December of the contract's first year."""
    return [date(valid_from.year, month, 1) for month in range(1, 13)]


def _check_signers(application: ContractApplication, *, on: date) -> None:
    """Both parties' signers must hold authority on ``on``: a power of attorney with its number,
    date and a term not over."""
    if application.signer_basis == AuthorityBasis.POWER_OF_ATTORNEY:
        if not (application.signer_poa_number and application.signer_poa_date):
            raise ApplicationError("Укажите номер и дату доверенности подписанта абонента", code="required",
                                   field="signer_poa_number")
        until = application.signer_poa_valid_until
        if until is None or until < on:
            raise ApplicationError(
                f"Доверенность подписанта абонента № {application.signer_poa_number} "
                + (f"действовала до {date_short(until)}" if until else "без срока действия")
                + f": на {date_short(on)} полномочий нет", code="authority_expired", field="signer_poa_valid_until")
    ours = application.our_signatory
    if ours is not None and ours.authority_basis == AuthorityBasis.POWER_OF_ATTORNEY and (
            ours.poa_valid_until is None or ours.poa_valid_until < on or not ours.active):
        raise ApplicationError(f"Доверенность подписанта ТСО {ours.short_name} № {ours.poa_number} не действует на "
                               f"{date_short(on)}", code="authority_expired", field="our_signatory")


def _check_overlap(application: ContractApplication, objects: list[HeatedObject], valid_from: date,
                   valid_to: date | None) -> None:
    """An object may be in one contract at a time: refused naming the contract in the way."""
    others = Contract.objects.filter(objects_covered__in=objects).exclude(status=Contract.Status.TERMINATED)
    if application.base_contract_id:
        others = others.exclude(pk=application.base_contract_id)
    others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to:
        others = others.filter(valid_from__lte=valid_to)
    clash = others.distinct().first()
    if clash is not None:
        objects_in = ", ".join(sorted(o.code for o in clash.objects_covered.all() if o in objects))
        raise ApplicationError(f"Объект {objects_in} уже в договоре № {clash.number} на этот период",
                               code="overlap", field="valid_from")


@transaction.atomic
def draft_prepare(*, application: ContractApplication, valid_from: date, valid_to: date | None, tariff_group: TariffGroup,
                  balance_boundary: str, operational_boundary: str, loads: list[LoadInput],
                  our_signatory: Signatory, signer: dict[str, Any], actor: Actor) -> ContractApplication:
    """The technician's technical part: loads per object and use, points of supply and metering
    units, the boundaries, the term and the signers; the monthly contract volumes are computed
    from the loads with the planning climate (``billing.forecast``). Refused, nothing written:
    an object without a load, an object already in a contract for the period, a signer
    without authority."""
    require(actor, PREPARE)
    _state(application, S.REGISTERED, S.DRAFTING)
    if missing_documents(application):
        raise ApplicationError("Не все документы заявки получены", code="state_conflict", field="checklist")
    requested = list(application.objects_requested.order_by("code"))
    given = {item.heated_object.pk: item for item in loads}
    for heated_object in requested:
        item = given.get(heated_object.pk)
        if item is None or item.heating + item.ventilation + item.hot_water_avg <= 0:
            raise ApplicationError(f"Объект {heated_object.code}: не указана тепловая нагрузка", code="load_missing",
                                   field="loads")
        if not item.supply_point.strip():
            raise ApplicationError(f"Объект {heated_object.code}: не указана точка поставки", code="required",
                                   field="loads")
        unit = item.metering_unit
        if unit is not None and unit.heated_object_id != heated_object.pk:
            raise ApplicationError(f"Узел учета {unit.number} установлен не на объекте {heated_object.code}",
                                   code="foreign_object", field="loads")
    if set(given) - {o.pk for o in requested}:
        raise ApplicationError("Нагрузка указана для объекта не из заявки", code="foreign_object", field="loads")
    if not balance_boundary.strip():
        raise ApplicationError("Опишите границу балансовой принадлежности", code="required", field="balance_boundary")
    unknown = set(signer) - set(SIGNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown signer fields: {sorted(unknown)}")
    _check_overlap(application, requested, valid_from, valid_to)
    _set(application, actor, valid_from=valid_from, valid_to=valid_to, tariff_group=tariff_group,
         balance_boundary=balance_boundary.strip(), operational_boundary=operational_boundary.strip(),
         our_signatory=our_signatory, status=S.DRAFTING, **signer)
    _check_signers(application, on=timezone.localdate())
    application.loads.all().delete()
    cache = ClimateCache()
    for heated_object in requested:
        item = given[heated_object.pk]
        volumes = {}
        for month in contract_months(valid_from):
            month_volumes = load_month_volumes(heated_object, item, month, cache=cache)
            volumes[str(month.month)] = {name: str(gcal(value)) for name, value in month_volumes.items()}
        DraftLoad.objects.create(
            application=application, heated_object=heated_object, supply_point=item.supply_point.strip(),
            metering_unit=item.metering_unit, volumes=volumes,
            design_outdoor_temperature=design_outdoor_temperature(object_city(heated_object), valid_from),
            **{name: getattr(item, name) for name in LOAD_FIELDS})
    _set(application, actor, status=S.REVIEW, draft_returned=False)
    record_event(action="contract_application.draft_prepared", actor=actor, target=application,
                 data={"valid_from": valid_from.isoformat(), "objects": [o.code for o in requested]})
    return application


@transaction.atomic
def draft_review(*, application: ContractApplication, accept: bool, comment: str, actor: Actor) -> None:
    """The lawyer accepts the draft or returns it to the technician with comments."""
    require(actor, REVIEW)
    _state(application, S.REVIEW)
    if not accept and not comment.strip():
        raise ApplicationError("Укажите замечания к проекту", code="required", field="comment")
    _set(application, actor, status=S.APPROVAL if accept else S.DRAFTING, draft_returned=not accept,
         review_comment=comment.strip())
    record_event(action="contract_application.draft_reviewed", actor=actor, target=application,
                 data={"accepted": accept, "comment": comment})


@transaction.atomic
def draft_approve(*, application: ContractApplication, approve: bool, comment: str, actor: Actor) -> None:
    """The manager approves the draft (the package is issued next) or returns it to the technician."""
    require(actor, APPROVE)
    _state(application, S.APPROVAL)
    if not approve and not comment.strip():
        raise ApplicationError("Укажите, что исправить", code="required", field="comment")
    _set(application, actor, status=S.ISSUED if approve else S.DRAFTING, approved=approve,
         draft_returned=not approve, review_comment=comment.strip() if not approve else application.review_comment)
    record_event(action="contract_application.approved" if approve else "contract_application.returned",
                 actor=actor, target=application, data={"comment": comment})


@transaction.atomic
def package_issue(*, application: ContractApplication, actor: Actor) -> ArchivedDocument:
    """Issue «Договор теплоснабжения» with its five annexes (or «Дополнительное соглашение»)."""
    _state(application, S.ISSUED)
    if not application.approved:
        raise ApplicationError("Проект не утвержден руководителем", code="state_conflict", field="approved")
    if application.is_amendment:
        template, context = "contracts.supplementary_agreement", contract_documents.amendment_context(application)
    else:
        template, context = "contracts.contract", contract_documents.contract_context(application)
    document = issue_document(template=template, context=context, subject=application, actor=actor)
    _set(application, actor, package=document)
    record_event(action="contract_application.package_issued", actor=actor, target=application,
                 data={"document": document.number, "template": template})
    return document


@transaction.atomic
def package_sent_record(*, application: ContractApplication, sent_on: date, actor: Actor) -> None:
    """The package (or the answer to a disagreement protocol) registered as sent to the consumer."""
    require(actor, REGISTER)
    _state(application, S.ISSUED)
    if application.package is not None and sent_on < timezone.localdate(application.package.issued_at):
        raise ApplicationError("Дата отправки раньше выпуска договора", code="invalid", field="sent_on")
    _set(application, actor, status=S.SENT, sent_on=sent_on)
    record_event(action="contract_application.sent", actor=actor, target=application, data={"sent_on": sent_on.isoformat()})


# ---------------------------------------------------------------- the consumer's answer


def _version_terms(application: ContractApplication) -> dict[str, Any]:
    return {
        "valid_from": application.valid_from.isoformat() if application.valid_from else None,
        "valid_to": application.valid_to.isoformat() if application.valid_to else None,
        "tariff_group": application.tariff_group.code if application.tariff_group else None,
        "balance_boundary": application.balance_boundary,
        "loads": {load.heated_object.code: {name: str(getattr(load, name)) for name in LOAD_FIELDS}
                  for load in application.loads.select_related("heated_object")},
    }


@transaction.atomic
def response_signed(*, application: ContractApplication, signed_on: date, actor: Actor) -> Contract:
    """The consumer returned the contract signed: it is active from its date in the register
    (``subscribers.services``); a supplementary agreement changes the contract's terms. Either
    leaves a ``ContractVersion``."""
    require(actor, REGISTER)
    _state(application, S.SENT)
    package = application.package
    assert package is not None and application.sent_on is not None  # issued and sent before the answer
    if signed_on < application.sent_on or signed_on > timezone.localdate():
        raise ApplicationError("Дата подписания — между отправкой и сегодняшним днем", code="invalid",
                               field="signed_on")
    _check_signers(application, on=signed_on)
    objects = [load.heated_object for load in application.loads.select_related("heated_object")]
    if application.is_amendment:
        contract = Contract.objects.select_for_update().get(pk=application.base_contract_id or 0)
        fields: dict[str, Any] = {"balance_boundary": application.balance_boundary, "objects_covered": objects,
                                  "valid_to": application.valid_to}
        if application.tariff_group_id:
            fields["tariff_group"] = application.tariff_group
        register.contract_update(contract=contract, actor=None, **fields)
        editions = ContractVersion.objects.filter(contract=contract).count()
        version = editions + 1 if editions else 2
    else:
        contract = register.contract_create(
            consumer=application.consumer, actor=None, number=package.number, signed_on=signed_on,
            valid_from=application.valid_from, valid_to=application.valid_to, status=Contract.Status.ACTIVE,
            tariff_group=application.tariff_group, balance_boundary=application.balance_boundary,
            objects_covered=objects)
        version = 1
    ContractVersion.objects.create(
        contract=contract, version=version, application=application, document=package,
        signed_on=signed_on, effective_from=application.valid_from or signed_on, changes=application.changes,
        terms=_version_terms(application))
    _set(application, actor, status=S.SIGNED, signed_on=signed_on, contract=contract)
    record_event(action="contract_application.signed", actor=actor, target=application,
                 data={"contract": contract.number, "version": version, "signed_on": signed_on.isoformat()})
    return contract


@dataclass(frozen=True)
class PointInput:
    clause: str
    our_wording: str
    their_wording: str


@transaction.atomic
def response_disagreement(*, application: ContractApplication, received_on: date, points: list[PointInput],
                          actor: Actor) -> DisagreementProtocol:
    """The consumer returned a «протокол разногласий»: recorded point by point and archived."""
    require(actor, REGISTER)
    _state(application, S.SENT)
    points = [p for p in points if p.clause.strip() or p.their_wording.strip()]
    if not points:
        raise ApplicationError("Внесите хотя бы один пункт разногласий", code="required", field="points")
    for point in points:
        if not (point.clause.strip() and point.our_wording.strip() and point.their_wording.strip()):
            raise ApplicationError("В каждом пункте укажите пункт договора, редакцию ТСО и редакцию абонента",
                                   code="required", field="points")
    protocol = DisagreementProtocol.objects.create(
        application=application, round=application.protocols.count() + 1, received_on=received_on)
    for point in points:
        DisagreementPoint.objects.create(protocol=protocol, clause=point.clause.strip(),
                                         our_wording=point.our_wording.strip(), their_wording=point.their_wording.strip())
    protocol.recorded = issue_document(template="contracts.disagreement_protocol",
                                       context=contract_documents.disagreement_context(protocol),
                                       subject=application, actor=actor)
    protocol.save(update_fields=["recorded"])
    _set(application, actor, status=S.DISAGREEMENT)
    record_event(action="contract_application.disagreement", actor=actor, target=application,
                 data={"round": protocol.round, "points": len(points)})
    return protocol


@transaction.atomic
def response_refused(*, application: ContractApplication, reason: str, actor: Actor) -> None:
    """The consumer refused to conclude the contract (or the agreement)."""
    require(actor, REGISTER)
    _state(application, S.SENT)
    if not reason.strip():
        raise ApplicationError("Укажите причину отказа", code="required", field="reason")
    _set(application, actor, status=S.REFUSED, refusal=reason.strip())
    record_event(action="contract_application.refused", actor=actor, target=application, data={"reason": reason})


@transaction.atomic
def response_overdue_escalate(*, application: ContractApplication) -> bool:
    """The consumer's term to answer a sent contract is over with no answer: the application is
    passed to the manager (the system's act, fired by the flow's timer; once per sending).
    False when there is nothing to escalate (already answered)."""
    application = ContractApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != S.SENT:
        return False
    record_event(action="contract_application.response_overdue", actor=None, target=application,
                 data={"sent_on": application.sent_on.isoformat() if application.sent_on else None})
    return True


@transaction.atomic
def protocol_answer(*, protocol: DisagreementProtocol, decisions: list[tuple[str, str]], actor: Actor) -> ArchivedDocument:
    """The lawyer's «протокол согласования разногласий»: per point accept the consumer's
    wording, keep ours, or an agreed wording; issued, and the package goes to be sent again."""
    require(actor, REVIEW)
    application = protocol.application
    _state(application, S.DISAGREEMENT)
    points = list(protocol.points.all())
    if len(decisions) != len(points):
        raise ApplicationError("Решение нужно по каждому пункту протокола", code="required", field="decisions")
    for point, (decision, agreed) in zip(points, decisions, strict=True):
        if decision not in DisagreementPoint.Decision.values:
            raise ApplicationError(f"П. {point.clause}: выберите решение", code="required", field="decisions")
        if decision == DisagreementPoint.Decision.AGREED and not agreed.strip():
            raise ApplicationError(f"П. {point.clause}: укажите согласованную редакцию", code="required",
                                   field="decisions")
        point.decision, point.agreed_wording = decision, agreed.strip()
        point.save(update_fields=["decision", "agreed_wording"])
    protocol.answer = issue_document(template="contracts.agreement_protocol",
                                     context=contract_documents.agreement_context(protocol),
                                     subject=application, actor=actor)
    protocol.answered_by = actor
    protocol.save(update_fields=["answer", "answered_by"])
    _set(application, actor, status=S.ISSUED)
    record_event(action="contract_application.protocol_answered", actor=actor, target=application,
                 data={"round": protocol.round, "document": protocol.answer.number})
    return protocol.answer
