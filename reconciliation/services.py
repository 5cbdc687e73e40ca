"""Every write of the reconciliations (docs/reconciliation.md): create an act, issue it
(a reissue replaces the act in force; the replaced one stays archived), register it as
sent, record its return — signed, or with the consumer's figures — and the resolution of
the differences. Each is one transaction with its audit event.

A reconciliation covers closed billing months only: a month whose billing is still open
may still change, so an act over it is refused (nothing is written).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from billing.models import BillingPeriod
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from documents import formatting
from documents.documents import executor_block
from documents.services import issue_document
from regulations.limitation import reconciliation_signer_authority
from subscribers.models import Consumer, Contract, Signatory
from subscribers.selectors import our_organization

from .documents import readings_act_context, settlements_act_context
from .ledger import Ledger, contract_ledger
from .models import BulkJob, ReadingsReconciliation, SettlementsReconciliation, Status
from .readings import unit_rows

if TYPE_CHECKING:
    from viewflow.workflow.models import Process, Task

    from documents.models import ArchivedDocument
    from subscribers.models import Organization

Act = TypeVar("Act", ReadingsReconciliation, SettlementsReconciliation)

READINGS = "reconciliation.conduct_readings_reconciliation"
SETTLEMENTS = "reconciliation.conduct_settlements_reconciliation"
READINGS_TEMPLATE = "reconciliation.readings_act"
SETTLEMENTS_TEMPLATE = "reconciliation.settlements_act"

BILLING_OPEN = ("Расчетный период {month:%m.%Y} еще не закрыт: сверка за него не составляется, "
                "пока его начисления могут измениться")
NO_READINGS = "У абонента нет показаний узлов учета за {period}: сверять нечего"
WRONG_STATE = "Акт в состоянии «{state}»: {action} нельзя"
FUTURE = "{what} не может быть позже сегодняшнего дня"
NEED_FIGURES = "Укажите данные абонента, с которыми он не согласен"
NEED_SIGNER = "Укажите, кто подписал акт со стороны абонента"


def months_between(date_from: date, date_to: date) -> list[date]:
    month, months = date_from.replace(day=1), []
    while month <= date_to:
        months.append(month)
        month = month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
    return months


def check_billing_closed(*, date_from: date, date_to: date, field: str = "date_to") -> None:
    """Refuse a range with a month whose billing is open (or not started yet)."""
    if date_from > date_to:
        raise ApplicationError("Конец периода сверки раньше его начала", code="date_order", field=field)
    months = months_between(date_from, date_to)
    closed = set(BillingPeriod.objects.filter(month__in=months, status=BillingPeriod.Status.CLOSED)
                 .values_list("month", flat=True))
    for month in months:
        if month not in closed:
            raise ApplicationError(BILLING_OPEN.format(month=month), code="billing_open", field=field)


def _not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(FUTURE.format(what=what), code="future_date", field=field)


def _our_signers(organization: Organization) -> list[Signatory]:
    """The head and the chief accountant, or whoever signs reconciliation acts by a power of attorney."""
    active = Signatory.objects.filter(organization=organization, active=True)
    chosen = list(active.filter(signs_for__icontains="сверк").order_by("-is_head", "pk")[:2])
    if not chosen:
        chosen = list(active.filter(is_head=True)[:1]) + list(active.filter(is_chief_accountant=True)[:1])
    return chosen or list(active.order_by("pk")[:1])


def _issue(*, act: Act, template: str, context: dict, subject: Act, actor: Actor, process: Process | None = None,
           task: Task | None = None) -> ArchivedDocument:
    document = issue_document(template=template, context=context, subject=subject, actor=actor, process=process,
                              task=task, replaces=act.document)
    act.document, act.status, act.issues = document, Status.ISSUED, act.issues + 1
    act.save(update_fields=["document", "status", "issues"])
    return document


def _expect(act: Act, *states: str, action: str) -> None:
    if act.status not in states:
        raise ApplicationError(WRONG_STATE.format(state=act.get_status_display(), action=action), code="state_conflict",
                               field="status")


# ------------------------------------------------------------------ readings


@transaction.atomic
def readings_reconciliation_create(*, consumer: Consumer, date_from: date, date_to: date, actor: Actor
                                   ) -> ReadingsReconciliation:
    require(actor, READINGS)
    date_from, date_to = date_from.replace(day=1), date_to.replace(day=1)
    check_billing_closed(date_from=date_from, date_to=date_to)
    if not unit_rows(consumer=consumer, date_from=date_from, date_to=date_to):
        raise ApplicationError(NO_READINGS.format(period=f"{date_from:%m.%Y}–{date_to:%m.%Y}"), code="no_readings",
                               field="consumer")
    act = validated(ReadingsReconciliation(consumer=consumer, date_from=date_from, date_to=date_to, created_by=actor))
    act.save()
    record_event(action="reconciliation.readings.created", actor=actor, target=act,
                 data={"consumer": consumer.pk, "from": date_from, "to": date_to})
    return act


def readings_act_issue(*, act: ReadingsReconciliation, actor: Actor, process: Process | None = None,
                       task: Task | None = None) -> ArchivedDocument:
    """Issue (or reissue after a resolution) the act from the readings as they are now."""
    require(actor, READINGS)
    with transaction.atomic():
        act = ReadingsReconciliation.objects.select_for_update().get(pk=act.pk)
        _expect(act, Status.DRAFT, Status.DISPUTED, action="выпустить акт")
        organization = our_organization(required=True)
        rows = unit_rows(consumer=act.consumer, date_from=act.date_from, date_to=act.date_to)
        note = f"Акт переоформлен по разногласиям абонента: {act.resolution}" if act.resolution else ""
        context = readings_act_context(
            organization=organization, consumer=act.consumer, date_from=act.date_from, date_to=act.date_to, rows=rows,
            note=note, signer=None, executor=executor_block(actor, phone=organization.phone),
        )
        context["signer"] = {"position": "Техник абонентского отдела", "name": formatting.user_full_name(actor),
                             "authority": ""}
        return _issue(act=act, template=READINGS_TEMPLATE, context=context, subject=act, actor=actor,
                      process=process, task=task)


# ------------------------------------------------------------------ both kinds


def act_send(*, act: Act, sent_on: date, note: str, actor: Actor) -> Act:
    """Register the issued act as sent to the consumer."""
    require(actor, READINGS if isinstance(act, ReadingsReconciliation) else SETTLEMENTS)
    _not_future(sent_on, "sent_on", "Дата отправки")
    with transaction.atomic():
        act = type(act).objects.select_for_update().get(pk=act.pk)
        _expect(act, Status.ISSUED, action="отметить отправку")
        if act.document and sent_on < timezone.localdate(act.document.issued_at):
            raise ApplicationError("Акт не может быть отправлен раньше, чем выпущен", code="date_order", field="sent_on")
        changes = model_update(act, {"sent_on": sent_on, "send_note": note.strip(), "status": Status.SENT}, actor=actor)
        record_event(action="reconciliation.sent", actor=actor, target=act, data=changes)
    return act


def _returned(act: Act, *, returned_on: date, signed: bool, figures: dict, note: str, extra: dict[str, Any],
              actor: Actor) -> Act:
    _not_future(returned_on, "returned_on", "Дата возврата")
    _expect(act, Status.SENT, action="отметить возврат")
    if act.sent_on and returned_on < act.sent_on:
        raise ApplicationError("Акт не может вернуться раньше, чем отправлен", code="date_order", field="returned_on")
    if not signed and not (figures or note.strip()):
        raise ApplicationError(NEED_FIGURES, code="required", field="dispute_note")
    data = {"returned_on": returned_on, "status": Status.SIGNED if signed else Status.DISPUTED,
            "consumer_figures": figures, "dispute_note": note.strip(), **extra}
    changes = model_update(act, data, actor=actor)
    record_event(action="reconciliation.returned", actor=actor, target=act, data={**changes, "signed": signed})
    return act


def readings_act_return(*, act: ReadingsReconciliation, returned_on: date, signed: bool, actor: Actor,
                        consumer_gcal: Decimal | None = None, note: str = "") -> ReadingsReconciliation:
    """The consumer returned the act: signed, or with its own figures (Гкал and what it disputes)."""
    require(actor, READINGS)
    figures = {} if signed or consumer_gcal is None else {"q": str(consumer_gcal)}
    with transaction.atomic():
        act = ReadingsReconciliation.objects.select_for_update().get(pk=act.pk)
        return _returned(act, returned_on=returned_on, signed=signed, figures=figures, note=note, extra={}, actor=actor)


def act_resolve(*, act: Act, resolution: str, actor: Actor) -> Act:
    """The technician (readings) or billing specialist (settlements) answers the differences;
    the act is reissued next."""
    require(actor, READINGS if isinstance(act, ReadingsReconciliation) else SETTLEMENTS)
    if not resolution.strip():
        raise ApplicationError("Опишите, как разрешены разногласия", code="required", field="resolution")
    with transaction.atomic():
        act = type(act).objects.select_for_update().get(pk=act.pk)
        _expect(act, Status.DISPUTED, action="записать решение")
        changes = model_update(act, {"resolution": resolution.strip()}, actor=actor)
        record_event(action="reconciliation.resolved", actor=actor, target=act, data=changes)
    return act


# ------------------------------------------------------------------ settlements


@transaction.atomic
def settlements_reconciliation_create(*, contract: Contract, date_from: date, date_to: date, actor: Actor,
                                      job: BulkJob | None = None) -> SettlementsReconciliation:
    require(actor, SETTLEMENTS)
    check_billing_closed(date_from=date_from, date_to=date_to)
    act = validated(SettlementsReconciliation(contract=contract, consumer_id=contract.consumer_id, date_from=date_from,
                                              date_to=date_to, created_by=actor, job=job))
    act.save()
    record_event(action="reconciliation.settlements.created", actor=actor, target=act,
                 data={"contract": contract.pk, "from": date_from, "to": date_to})
    return act


def settlements_context(act: SettlementsReconciliation, *, actor: Actor, organization: Organization | None = None
                        ) -> tuple[dict, Ledger]:
    """The act's context and its totals from the ledger as it is now."""
    organization = organization or our_organization(required=True)
    ledger = contract_ledger(contract=act.contract, date_from=act.date_from, date_to=act.date_to)
    note = f"Акт переоформлен по разногласиям абонента: {act.resolution}" if act.resolution else ""
    context = settlements_act_context(
        organization=organization, consumer=act.consumer, contract=act.contract, ledger=ledger,
        signers=_our_signers(organization), executor=executor_block(actor, phone=organization.phone), note=note,
    )
    return context, ledger


def substance_of(context: dict) -> str:
    """The fingerprint of what the act says (its figures and parties), to know an unchanged act."""
    return hashlib.sha256(json.dumps(context, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def settlements_act_issue(*, act: SettlementsReconciliation, actor: Actor, process: Process | None = None,
                          task: Task | None = None, organization: Organization | None = None,
                          force: bool = True) -> ArchivedDocument | None:
    """Issue the act from the ledger. ``force=False`` (the bulk job): an act already issued
    with the same content is left as it is (returns None)."""
    require(actor, SETTLEMENTS)
    with transaction.atomic():
        act = SettlementsReconciliation.objects.select_for_update().select_related("contract", "consumer").get(pk=act.pk)
        context, ledger = settlements_context(act, actor=actor, organization=organization)
        substance = substance_of({k: v for k, v in context.items() if k != "executor"})
        if not force and act.document_id and act.substance == substance:
            return None
        if force:
            _expect(act, Status.DRAFT, Status.DISPUTED, action="выпустить акт")
        act.opening, act.debit, act.credit, act.closing = ledger.opening, ledger.debit, ledger.credit, ledger.closing
        act.substance = substance
        act.save(update_fields=["opening", "debit", "credit", "closing", "substance"])
        return _issue(act=act, template=SETTLEMENTS_TEMPLATE, context=context, subject=act, actor=actor,
                      process=process, task=task)


def settlements_act_return(*, act: SettlementsReconciliation, returned_on: date, signed: bool, actor: Actor,
                           signer_name: str = "", signer_position: str = "", authority_basis: str = "",
                           poa_number: str = "", poa_date: date | None = None, poa_valid_until: date | None = None,
                           consumer_closing: Decimal | None = None, note: str = "") -> SettlementsReconciliation:
    """The consumer returned the act: signed (who signed, on what authority: only an
    authorised signer's act interrupts the limitation, ГК РФ ст. 203) or with its figures."""
    require(actor, SETTLEMENTS)
    extra: dict = {}
    if signed:
        if not signer_name.strip() or not signer_position.strip():
            raise ApplicationError(NEED_SIGNER, code="required", field="signer_name")
        basis = authority_basis or SettlementsReconciliation.AuthorityBasis.NONE
        if basis == SettlementsReconciliation.AuthorityBasis.POA and (not poa_number.strip() or poa_valid_until is None):
            raise ApplicationError("Укажите номер доверенности и срок ее действия", code="required",
                                   field="poa_valid_until")
        authority = reconciliation_signer_authority(basis=basis, signed_on=returned_on, poa_valid_until=poa_valid_until)
        extra = {"signer_name": signer_name.strip(), "signer_position": signer_position.strip(),
                 "authority_basis": basis, "poa_number": poa_number.strip(), "poa_date": poa_date,
                 "poa_valid_until": poa_valid_until, "interrupts_limitation": authority.acknowledges}
    elif consumer_closing is not None:
        extra = {"consumer_closing": consumer_closing}
    figures = {} if signed or consumer_closing is None else {"closing": str(consumer_closing)}
    with transaction.atomic():
        act = SettlementsReconciliation.objects.select_for_update().get(pk=act.pk)
        return _returned(act, returned_on=returned_on, signed=signed, figures=figures, note="" if signed else note,
                         extra=extra, actor=actor)
