"""The claim and the filing: the pre-trial claim sent, the case filed, its hearings, judgment,
writ and enforcement payments, the police's registration, the case closed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from regulations import court_route

from ..models import Case, CaseDebt, CaseDocument, Court, EnforcementPayment, Hearing, Judgment, Writ
from ._common import CLOSE, CONDUCT, ZERO, _locked, _no_future, _require_open
from .attachments import document_upload


@transaction.atomic
def claim_sent_record(*, case: Case, sent_on: date, tracking: str, actor: Actor, proof: bytes | None = None,
                      proof_filename: str = "") -> Case:
    """The pre-trial claim was sent on ``sent_on`` (its postal tracking number is the proof);
    ``proof`` — the postal receipt or the form 107 list, if scanned — goes into the case."""
    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    _no_future(sent_on, "sent_on", "Дата отправки претензии")
    if not tracking.strip():
        raise ApplicationError("Укажите почтовый идентификатор (трек-номер) претензии", code="required", field="tracking")
    if proof:
        document_upload(case=case, content=proof, filename=proof_filename or "квитанция", actor=actor,
                        kind=CaseDocument.Kind.POSTAL_RECEIPT, is_original=True,
                        title=f"Почтовая квитанция об отправке претензии № {tracking.strip()}")
    changes = model_update(case, {"claim_sent_on": sent_on, "claim_tracking": tracking.strip(),
                                  "stage": Case.Stage.CLAIM_SENT if case.stage == Case.Stage.PREPARATION else case.stage},
                           actor=actor)
    record_event(action="case.claim_sent", actor=actor, target=case, data={"sent_on": sent_on, "changes": changes})
    return case


@transaction.atomic
def case_file(*, case: Case, court: Court, court_case_number: str, filed_on: date, actor: Actor) -> Case:
    """The case was filed in ``court`` on ``filed_on``: not before the claim's term has passed
    (АПК РФ ст. 4 ч. 5, or the contract's term), and the pre-trial claim is required for the
    arbitration court."""
    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    if not case.goes_to_court:
        raise ApplicationError(f"Дело вида «{case.get_kind_display()}» в суд не подается: выберите порядок",
                               code="state_conflict", field="kind")
    if case.filed_on is not None:
        raise ApplicationError(f"Дело уже подано {case.filed_on:%d.%m.%Y}", code="already_filed", field="filed_on")
    _no_future(filed_on, "filed_on", "Дата подачи")
    arbitration = court_route.ROUTES[case.kind].duty_court == "arbitration"
    if case.claim_sent_on is None and arbitration:
        raise ApplicationError("В арбитражный суд обращаются после претензии (АПК РФ ст. 4 ч. 5): "
                               "внесите дату ее отправки", code="claim_missing", field="filed_on")
    if case.claim_sent_on is not None:
        allowed_from = court_route.filing_allowed_from(claim_sent_on=case.claim_sent_on, term_days=case.claim_term_days)
        if filed_on < allowed_from:
            raise ApplicationError(
                f"Подать можно не раньше {allowed_from:%d.%m.%Y}: претензия направлена {case.claim_sent_on:%d.%m.%Y}, "
                f"срок ответа — {case.claim_term_days} дней ({court_route.PRETRIAL_NORM})",
                code="date_order", field="filed_on",
            )
    changes = model_update(case, {"court": court, "court_case_number": court_case_number.strip(), "filed_on": filed_on,
                                  "stage": Case.Stage.FILED}, actor=actor)
    record_event(action="case.filed", actor=actor, target=case, data={
        "court": court.pk, "court_case_number": court_case_number, "filed_on": filed_on, "changes": changes,
    })
    return case


def _require_filed(case: Case, what: str) -> None:
    if case.filed_on is None:
        raise ApplicationError(f"{what}: дело еще не подано", code="not_filed", field="case")


@transaction.atomic
def hearing_add(*, case: Case, starts_at: datetime, actor: Actor, place: str = "", result: str = "") -> Hearing:
    require(actor, "casefiles.add_hearing")
    case = _locked(case)
    _require_open(case)
    _require_filed(case, "Судебное заседание")
    if timezone.localdate(starts_at) < case.filed_on:  # type: ignore[operator]
        raise ApplicationError("Заседание раньше даты подачи", code="date_order", field="starts_at")
    hearing = validated(Hearing(case=case, starts_at=starts_at, place=place.strip(), result=result.strip(),
                                created_by=actor))
    hearing.save()
    if case.stage == Case.Stage.FILED:
        model_update(case, {"stage": Case.Stage.HEARING}, actor=actor)
    record_event(action="case.hearing_added", actor=actor, target=case, data={
        "hearing": hearing.pk, "starts_at": starts_at, "place": place, "result": result})
    return hearing


@transaction.atomic
def judgment_record(*, case: Case, kind: str, decided_on: date, actor: Actor, principal_awarded: Decimal = ZERO,
                    penalty_awarded: Decimal = ZERO, duty_awarded: Decimal = ZERO,
                    enters_into_force: date | None = None, note: str = "") -> Judgment:
    """The judgment (or court order) with the amounts awarded: kept beside the ledger's."""
    require(actor, "casefiles.add_judgment")
    case = _locked(case)
    _require_open(case)
    _require_filed(case, "Решение суда")
    if Judgment.objects.filter(case=case).exists():
        raise ApplicationError("Решение по делу уже внесено", code="already_recorded", field="case")
    _no_future(decided_on, "decided_on", "Дата решения")
    if decided_on < case.filed_on:  # type: ignore[operator]
        raise ApplicationError("Решение раньше даты подачи", code="date_order", field="decided_on")
    judgment = validated(Judgment(case=case, kind=kind, decided_on=decided_on, principal_awarded=principal_awarded,
                                  penalty_awarded=penalty_awarded, duty_awarded=duty_awarded,
                                  enters_into_force=enters_into_force, note=note))
    judgment.save()
    model_update(case, {"stage": Case.Stage.JUDGMENT}, actor=actor)
    record_event(action="case.judgment_recorded", actor=actor, target=case, data={
        "judgment": judgment.pk, "kind": kind, "decided_on": decided_on, "principal": principal_awarded,
        "penalty": penalty_awarded, "duty": duty_awarded, "enters_into_force": enters_into_force,
        "ledger": {"principal": case.principal, "penalty": case.penalty, "as_of": case.amounts_as_of},
    })
    return judgment


@transaction.atomic
def writ_record(*, case: Case, number: str, issued_on: date, issued_by: str, actor: Actor) -> Writ:
    require(actor, "casefiles.add_writ")
    case = _locked(case)
    _require_open(case)
    judgment = Judgment.objects.filter(case=case).first()
    if judgment is None:
        raise ApplicationError("Исполнительный лист выдается на решение: сначала внесите решение", code="judgment_missing",
                               field="case")
    _no_future(issued_on, "issued_on", "Дата выдачи листа")
    if issued_on < judgment.decided_on:
        raise ApplicationError("Лист выдан раньше решения", code="date_order", field="issued_on")
    if Writ.objects.filter(case=case, number=number.strip()).exists():
        raise ApplicationError(f"Лист {number} уже внесен", code="duplicate", field="number")
    writ = validated(Writ(case=case, number=number.strip(), issued_on=issued_on, issued_by=issued_by.strip()))
    writ.save()
    model_update(case, {"stage": Case.Stage.ENFORCEMENT}, actor=actor)
    record_event(action="case.writ_recorded", actor=actor, target=case, data={
        "writ": writ.pk, "number": writ.number, "issued_on": issued_on, "issued_by": writ.issued_by})
    return writ


@transaction.atomic
def enforcement_payment_record(*, case: Case, paid_on: date, amount: Decimal, document: str,
                               actor: Actor) -> EnforcementPayment:
    require(actor, "casefiles.add_enforcementpayment")
    case = _locked(case)
    _require_open(case)
    if not Judgment.objects.filter(case=case).exists():
        raise ApplicationError("Поступления по исполнению вносятся после решения", code="judgment_missing", field="case")
    _no_future(paid_on, "paid_on", "Дата поступления")
    payment = validated(EnforcementPayment(case=case, paid_on=paid_on, amount=amount, document=document.strip(),
                                           recorded_by=actor))
    payment.save()
    record_event(action="case.enforcement_payment_recorded", actor=actor, target=case, data={
        "payment": payment.pk, "paid_on": paid_on, "amount": amount, "document": payment.document})
    return payment


@transaction.atomic
def police_registration_record(*, case: Case, kusp_number: str, actor: Actor, answer: str = "") -> Case:
    """The police registered the statement in its log (КУСП, УПК РФ ст. 144) and, later, answered."""
    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    if case.kind != Case.Kind.POLICE:
        raise ApplicationError("Номер КУСП вносится только в заявление в полицию", code="state_conflict", field="kusp_number")
    if not kusp_number.strip():
        raise ApplicationError("Укажите номер КУСП", code="required", field="kusp_number")
    changes = model_update(case, {"kusp_number": kusp_number.strip(), "police_answer": answer.strip(),
                                  "stage": Case.Stage.FILED if case.stage == Case.Stage.PREPARATION else case.stage},
                           actor=actor)
    record_event(action="case.police_registered", actor=actor, target=case, data={"changes": changes})
    return case


@transaction.atomic
def case_close(*, case: Case, closed_on: date, outcome: str, actor: Actor, note: str = "") -> Case:
    """Close the case with its outcome and the money recovered under it; its debts are
    released (they may go into another case)."""
    require(actor, CLOSE)
    case = _locked(case)
    _require_open(case)
    if outcome not in Case.Outcome.values:
        raise ApplicationError(f"Неизвестный итог «{outcome}»", code="invalid_choice", field="outcome")
    _no_future(closed_on, "closed_on", "Дата закрытия")
    recovered = sum(case.enforcement_payments.values_list("amount", flat=True), ZERO)
    data: dict[str, object] = {"stage": Case.Stage.CLOSED, "closed_on": closed_on, "outcome": outcome,
                               "recovered": recovered}
    if note.strip():
        data["note"] = f"{case.note}\n{note.strip()}".strip()
    changes = model_update(case, data, actor=actor)
    released = CaseDebt.objects.filter(case=case, active=True).update(active=False)
    record_event(action="case.closed", actor=actor, target=case, data={
        "outcome": outcome, "closed_on": closed_on, "recovered": recovered, "debts_released": released,
        "changes": changes})
    return case
