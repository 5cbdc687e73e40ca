"""What follows an accepted act (the flow ``workflows.unmetered``, one service per node):
the calculation's inputs taken from the act (``act_calculation_input``) and «Расчет объема и
стоимости» issued (``act_calculation_issue``), the manager's decision on it
(``act_calculation_decide``), «Требование об оплате» issued with the invoice and registered as
sent (``act_demand_issue``).

The act gives the kind, the day found (the period's end), the person and the object, the loads
with their bases; the billing specialist states the period's start and its basis (the previous
inspection by default), the tariff group (the consumer's contract's, or a chosen one for
someone without a contract) and the city of the weather data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from documents.models import ArchivedDocument
from reference.selectors import police_damage_threshold
from regulations.police import police_statement_due

from ..calculation import Calculation, CalculationInput, Load, calculate
from ..calculation_documents import Party, calculation_issue, party_from_consumer
from ..demand import demand_issue, payment_days
from ..models import ActLoad, ViolationAct

APPROVE = "inspections.approve_calculation"
LOAD_BASIS = {  # the act's basis → the calculation's
    ActLoad.Basis.CONTRACT: "contract",
    ActLoad.Basis.CONDITIONS: "technical_conditions",
    ActLoad.Basis.BUILDING_VOLUME: "building_volume",
}


@dataclass(frozen=True, slots=True)
class Demanded:
    """The issued demand: the document, the day its term runs from, the day it is due, the sum with VAT."""

    document: ArchivedDocument
    dated: date
    due: date
    volume: Decimal  # Гкал
    amount: Decimal  # before VAT: compared with the police threshold
    vat_rate: Decimal  # %
    total: Decimal  # with VAT: the damage a police statement names


def _accepted(act: ViolationAct) -> ViolationAct:
    act = ViolationAct.objects.select_related("consumer", "document", "inspection").get(pk=act.pk)
    if act.status != ViolationAct.Status.ACCEPTED:
        raise ApplicationError(f"Акт {act.get_status_display().lower()}: расчет ведется по принятому юристом акту",
                               code="invalid_state", field="act")
    return act


def act_party(act: ViolationAct) -> Party:
    """Who consumed, as the act names them."""
    if act.consumer is not None:
        return party_from_consumer(act.consumer)
    details = ", ".join(p for p in (act.person_inn and f"ИНН {act.person_inn}", act.person_ogrn and f"ОГРН {act.person_ogrn}",
                                    act.person_passport and f"паспорт {act.person_passport}") if p)
    return Party(name=act.person_name, details=details, address=act.person_address)


def act_calculation_input(*, act: ViolationAct, period_start: date | None, start_basis: str, tariff_group: str,
                          city: str) -> CalculationInput:
    """The calculation's inputs: the act's kind, day and loads; the period's start (the
    previous inspection's date by default), the tariff group and the city as stated."""
    start = period_start or act.previous_inspection_on
    if start is None:
        raise ApplicationError("Укажите начало периода: в акте нет даты предыдущей проверки", code="required",
                               field="period_start")
    loads = []
    for row in act.loads.all():
        if row.use not in (ActLoad.Use.HEATING, ActLoad.Use.VENTILATION, ActLoad.Use.HOT_WATER):
            raise ApplicationError(f"Нагрузка «{row.get_use_display()}» расчетом не предусмотрена: исправьте акт",
                                   code="invalid", field="loads")
        loads.append(Load(use=row.use, load_gcal_h=row.load, basis_kind=LOAD_BASIS[ActLoad.Basis(row.basis)],
                          basis=row.basis_detail))
    return CalculationInput(kind=act.kind, period_start=start, period_end=act.found_on, start_basis=start_basis,
                            loads=tuple(loads), tariff_group=tariff_group, city=city)


def act_calculation_issue(*, act: ViolationAct, data: CalculationInput, actor: Actor, process: Process | None = None,
                          task: Task | None = None) -> tuple[Calculation, ArchivedDocument]:
    """Calculate (refusals name their field) and issue «Расчет объема и стоимости» about the act."""
    with transaction.atomic():
        act = _accepted(act)
        result = calculate(data)
        document = calculation_issue(result=result, party=act_party(act), object_address=act.object_address,
                                     act_number=act.document.number if act.document else "", act_date=act.found_on,
                                     subject=act, actor=actor, process=process, task=task)
        record_event(action="inspection.calculation_issued", actor=actor, target=act, data={
            "document": document.number, "volume": str(result.volume_gcal),
            "amount": str(result.amount_without_vat), "total": str(result.total)})
    return result, document


def act_calculation_decide(*, act: ViolationAct, approve: bool, comment: str, actor: Actor) -> bool:
    """The manager approves the issued calculation, or returns it with what to correct."""
    require(actor, APPROVE)
    if not approve and not comment.strip():
        raise ApplicationError("Укажите, что исправить в расчете", code="required", field="comment")
    with transaction.atomic():
        act = _accepted(act)
        record_event(action="inspection.calculation_approved" if approve else "inspection.calculation_returned",
                     actor=actor, target=act, data={"comment": comment.strip()})
    return approve


def act_demand_issue(*, act: ViolationAct, data: CalculationInput, calculation: ArchivedDocument,
                     invoice_number: str, invoice_date: date, sent_on: date, actor: Actor, process: Process | None = None,
                     task: Task | None = None) -> Demanded:
    """Issue «Требование об оплате» with the approved calculation and the invoice, registered as
    sent on ``sent_on``: the term runs from the demand's date."""
    with transaction.atomic():
        act = _accepted(act)
        result = calculate(data)
        document = demand_issue(result=result, party=act_party(act), object_address=act.object_address,
                                act_number=act.document.number if act.document else "", act_date=act.found_on,
                                calculation=calculation, invoice_number=invoice_number, invoice_date=invoice_date,
                                subject=act, actor=actor, process=process, task=task)
        dated = timezone.localdate(document.issued_at)
        if sent_on < dated:
            raise ApplicationError("Требование не может быть отправлено раньше, чем выпущено", code="invalid",
                                   field="sent_on")
        days, _ = payment_days(result)
        demanded = Demanded(document=document, dated=dated, due=dated + timedelta(days=days),
                            volume=result.volume_gcal, amount=result.amount_without_vat,
                            vat_rate=result.vat_percent, total=result.total)
        record_event(action="inspection.demand_sent", actor=actor, target=act, data={
            "document": document.number, "invoice": invoice_number, "sent_on": sent_on.isoformat(),
            "due": demanded.due.isoformat(), "total": str(result.total)})
    return demanded


def police_statement_due_for(*, act: ViolationAct, damage: Decimal) -> bool:
    """A statement to the police follows an unpaid demand (``regulations.police``): the
    connection was unauthorised (the act's violation), or the damage is of a large scale — over
    the threshold of the reference data in force on the day found (``reference.PoliceDamageThreshold``)."""
    return police_statement_due(unauthorised=act.violation == ViolationAct.Violation.UNLAWFUL_CONNECTION,
                                damage=damage, threshold=police_damage_threshold(act.found_on))
