"""Every write of case files (docs/casefiles.md).

Services take keyword arguments only, check the actor's right with
``core.permissions.require``, validate everything before writing, write inside
``transaction.atomic`` (the case row locked) and record the audit event in the same
transaction. A refusal is an ``ApplicationError`` with a ``code`` and the field to blame;
nothing partial is written.

The law comes from ``regulations``: the route (``court_route``), the pre-trial term (АПК РФ
ст. 4 ч. 5), the penalty (``regulations.penalties`` through the settlements statement's
inputs), the state duty (``state_duty``); the dated values from ``reference``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from documents import storage
from documents.services import DocumentFile, open_document_file
from reference import selectors as reference
from regulations import court_route
from regulations.errors import RuleError
from regulations.penalties import calculate_penalty
from regulations.state_duty import state_duty
from settlements.models import Allocation, Debt, Payment
from settlements.penalty_statement import law_inputs
from settlements.services.accrual import load_penalty_rules
from subscribers.models import Consumer, Contract

from . import selectors
from .models import (
    Case,
    CaseDebt,
    CaseDocument,
    CasePackage,
    Court,
    DebtAcknowledgement,
    EnforcementPayment,
    Hearing,
    Judgment,
    Writ,
)
from .uploads import check_upload

if TYPE_CHECKING:
    from documents.models import ArchivedDocument
    from inspections.models import ViolationAct
    from reconciliation.models import SettlementsReconciliation

    from .documents import PoliceFacts

VIEW = "casefiles.view_case"
OPEN = "casefiles.add_case"
CONDUCT = "casefiles.change_case"
CLOSE = "casefiles.close_case"
ATTACH = "casefiles.add_casedocument"
UPLOAD_FOLDER = "casefiles"
ZERO = Decimal("0.00")

DEBT_IN_CASE = "Задолженность «{debt}» уже включена в открытое дело № {case} ({kind}): сначала закройте его"


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("consumer", "court").get(pk=case.pk)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ApplicationError(f"Дело № {case.pk} закрыто {case.closed_on:%d.%m.%Y}: изменения не вносятся",
                               code="already_closed", field="case")


def _no_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(f"{what}: дата {day:%d.%m.%Y} еще не наступила", code="future_date", field=field)


# --- opening -------------------------------------------------------------------------------

@transaction.atomic
def case_open(*, consumer: Consumer, debts: Sequence[Debt], kind: str, actor: Actor, contract: Contract | None = None,
              claim_term_days: int = court_route.DEFAULT_CLAIM_TERM_DAYS, note: str = "") -> Case:
    """Open a case about ``debts`` of ``consumer`` (all of one contract when ``contract`` is
    named). A debt already in another open case is refused, naming that case."""
    require(actor, OPEN)
    if kind not in Case.Kind.values:
        raise ApplicationError(f"Неизвестный вид дела «{kind}»", code="invalid_choice", field="kind")
    debts = list(Debt.objects.select_for_update().filter(pk__in=[d.pk for d in debts]).order_by("due_date", "pk"))
    if not debts and kind != Case.Kind.POLICE:
        raise ApplicationError("Выберите хотя бы одну задолженность", code="required", field="debts")
    for debt in debts:
        if debt.consumer_id != consumer.pk:
            raise ApplicationError(f"Задолженность «{debt}» — другого абонента", code="foreign_object", field="debts")
        if contract is not None and debt.contract_id != contract.pk:
            raise ApplicationError(f"Задолженность «{debt}» — по другому договору", code="foreign_object", field="debts")
    busy = CaseDebt.objects.filter(debt__in=debts, active=True).select_related("case", "debt").first()
    if busy is not None:
        raise ApplicationError(
            DEBT_IN_CASE.format(debt=busy.debt, case=busy.case_id, kind=busy.case.get_kind_display()),
            code="debt_in_case", field="debts", extra={"case": busy.case_id},
        )
    case = validated(Case(kind=kind, consumer=consumer, contract=contract, claim_term_days=claim_term_days,
                          note=note, opened_by=actor))
    case.save()
    try:
        with transaction.atomic():
            CaseDebt.objects.bulk_create([CaseDebt(case=case, debt=debt) for debt in debts])
    except IntegrityError as exc:  # a concurrent case took one of the debts first
        raise ApplicationError("Одна из задолженностей только что включена в другое открытое дело: повторите выбор",
                               code="debt_in_case", field="debts") from exc
    record_event(action="case.opened", actor=actor, target=case, data={
        "kind": kind, "consumer": consumer.pk, "contract": contract.pk if contract else None,
        "debts": [d.pk for d in debts], "claim_term_days": claim_term_days,
    })
    return case


@transaction.atomic
def claim_cases_open(*, debts: Sequence[Debt], actor: Actor,
                     claim_term_days: int = court_route.DEFAULT_CLAIM_TERM_DAYS) -> list[Case]:
    """One pre-trial claim case per debtor of the chosen ``debts`` (with the contract when all
    its debts are of one): all or nothing — a debt already in an open case refuses the whole
    choice, naming that case."""
    if not debts:
        raise ApplicationError("Выберите хотя бы одну задолженность", code="required", field="debts")
    by_consumer: dict[int, list[Debt]] = {}
    for debt in sorted(debts, key=lambda d: (d.consumer_id, d.due_date, d.pk)):
        by_consumer.setdefault(debt.consumer_id, []).append(debt)
    cases = []
    for group in by_consumer.values():
        contracts = {d.contract_id for d in group}
        cases.append(case_open(consumer=group[0].consumer, debts=group, kind=Case.Kind.CLAIM, actor=actor,
                               contract=group[0].contract if len(contracts) == 1 else None,
                               claim_term_days=claim_term_days))
    return cases


# --- amounts and route ---------------------------------------------------------------------

def _duty(case: Case, claim_amount: Decimal, on: date) -> tuple[Decimal, str]:
    if not case.goes_to_court or claim_amount <= 0:
        return ZERO, ""
    facts = court_route.ROUTES[case.kind]
    try:
        result = state_duty(court=facts.duty_court, procedure=facts.duty_procedure, claim_amount=claim_amount, on=on,
                            scales=reference.duty_scales())
    except RuleError as exc:
        raise ApplicationError(exc.message, code="rule_refused", field="as_of") from exc
    return result.amount, result.norm


def _amounts(case: Case, as_of: date) -> dict[str, object]:
    """The principal still unpaid by the ledger, the penalty of the case's debts by the law's
    calculation (``regulations.penalties``, as the penalty statement computes it) and the
    state duty of the case's route (``regulations.state_duty``), as of ``as_of``."""
    consumer = selectors.case_consumer(case, "as_of")
    debts = selectors.case_debts(case)
    principal = selectors.principal_outstanding(debts=debts, as_of=as_of)
    overdue = [d for d in debts if d.due_date < as_of]
    allocations = list(Allocation.objects.filter(debt__in=overdue, paid_on__lte=as_of).order_by("paid_on", "id"))
    law_debts, law_payments = law_inputs(overdue, allocations)
    try:
        penalty = calculate_penalty(category=consumer.penalty_category, as_of=as_of, debts=law_debts,
                                    payments=law_payments, rules=load_penalty_rules())
    except RuleError as exc:
        raise ApplicationError(exc.message, code="rule_refused", field="as_of") from exc
    duty, duty_norm = _duty(case, principal + penalty.total, as_of)
    norms = "; ".join(n for n in (", ".join(penalty.norms), duty_norm) if n)
    return {"principal": principal, "penalty": penalty.total, "state_duty": duty, "amounts_as_of": as_of,
            "amounts_norm": norms[:500]}


@transaction.atomic
def amounts_refresh(*, case: Case, as_of: date, actor: Actor) -> Case:
    """The case's amounts as of ``as_of`` (principal, penalty, state duty — see ``_amounts``).
    Penalties keep accruing until payment: refresh them on the day a document is issued."""
    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    amounts = _amounts(case, as_of)
    changes = model_update(case, amounts, actor=actor)
    record_event(action="case.amounts_refreshed", actor=actor, target=case, data={
        "as_of": as_of, "principal": amounts["principal"], "penalty": amounts["penalty"],
        "state_duty": amounts["state_duty"], "changes": changes,
    })
    return case


@transaction.atomic
def case_route_set(*, case: Case, kind: str, actor: Actor, reason: str = "", court: Court | None = None,
                   on: date | None = None) -> Case:
    """The lawyer confirms the proposed route or changes it (a reason required); a route the
    claim does not allow — a court order over the limit, a disputed claim, the wrong court for
    the debtor — is refused with the rule's reason."""
    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    debtor_kind = selectors.case_consumer(case, "kind").kind
    if case.filed_on is not None:
        raise ApplicationError(f"Дело № {case.pk} уже подано в суд {case.filed_on:%d.%m.%Y}: порядок не меняется",
                               code="already_filed", field="kind")
    if kind not in court_route.COURT_KINDS:
        raise ApplicationError(f"«{kind}» — не порядок обращения в суд", code="invalid_choice", field="kind")
    if case.amounts_as_of is None:
        raise ApplicationError("Сначала рассчитайте суммы дела на дату", code="amounts_missing", field="kind")
    on = on or timezone.localdate()
    limit = selectors.court_order_limit(kind=court_route.ORDER_MAGISTRATE if debtor_kind == court_route.CITIZEN
                                        else court_route.ORDER_ARBITRATION, on=on)
    try:
        refusal = court_route.route_allowed(kind=kind, debtor_kind=debtor_kind, claim_amount=case.claim_amount,
                                            disputed=case.disputed, court_order_limit=limit)
        proposal = court_route.court_route_propose(debtor_kind=debtor_kind, claim_amount=case.claim_amount,
                                           disputed=case.disputed, court_order_limit=limit)
    except RuleError as exc:
        raise ApplicationError(exc.message, code="rule_refused", field=exc.field or "kind") from exc
    if refusal:
        raise ApplicationError(f"Порядок «{Case.Kind(kind).label}» невозможен: {refusal}", code="route_not_allowed",
                               field="kind")
    reason = reason.strip()
    if kind != proposal.kind and not reason:
        raise ApplicationError(
            f"Система предлагает «{Case.Kind(proposal.kind).label}» ({proposal.reason}): укажите причину другого выбора",
            code="required", field="reason",
        )
    data: dict[str, object] = {"kind": kind, "route_reason": (reason or f"{proposal.reason} ({proposal.norm})")[:500]}
    if court is not None:
        data["court"] = court
    changes = model_update(case, data, actor=actor)
    # the duty follows the route: recomputed on the amounts' own date
    changes |= model_update(case, _amounts(case, case.amounts_as_of), actor=actor)
    record_event(action="case.route_set", actor=actor, target=case, data={
        "kind": kind, "proposed": proposal.kind, "reason": reason, "court": court.pk if court else None,
        "changes": changes,
    })
    return case


# --- the claim and the filing --------------------------------------------------------------

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


# --- documents -----------------------------------------------------------------------------

def _document_kind(kind: str) -> None:
    if kind not in CaseDocument.Kind.values:
        raise ApplicationError(f"Неизвестный вид документа «{kind}»", code="invalid_choice", field="kind")


@transaction.atomic
def document_attach(*, case: Case, document: ArchivedDocument, kind: str, actor: Actor, title: str = "",
                    is_original: bool = False, copies: int = 1) -> CaseDocument:
    """Link an archived document (a claim, a penalty statement, a contract, an act…) to the case."""
    require(actor, ATTACH)
    case = _locked(case)
    _require_open(case)
    _document_kind(kind)
    if CaseDocument.objects.filter(case=case, archived=document).exists():
        raise ApplicationError(f"Документ {document.number} уже в деле", code="duplicate", field="document")
    item = validated(CaseDocument(case=case, kind=kind, title=(title.strip() or f"{document.title} № {document.number}"),
                                  archived=document, is_original=is_original, copies=copies, added_by=actor),
                     validate_constraints=False)
    item.save()
    record_event(action="case.document_attached", actor=actor, target=case, data={
        "case_document": item.pk, "document": document.number, "kind": kind, "sha256": document.sha256})
    return item


def document_upload(*, case: Case, content: bytes, filename: str, kind: str, title: str, actor: Actor,
                    is_original: bool = False, copies: int = 1) -> CaseDocument:
    """Store an uploaded file (a ЕГРЮЛ extract, a power of attorney, the duty's payment order,
    postal receipts, the court's rulings) in the archive with its SHA-256 and add it to the
    case. Only PDF, DOCX, JPEG and PNG by their content, not encrypted, within the size limit."""
    require(actor, ATTACH)
    _document_kind(kind)
    if not title.strip():
        raise ApplicationError("Укажите наименование документа", code="required", field="title")
    checked = check_upload(content)
    digest = storage.sha256(content)
    name = storage.new_name(f"{UPLOAD_FOLDER}/{timezone.localdate():%Y}", checked.extension)
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        with storage.stored(name, content):
            item = validated(CaseDocument(
                case=case, kind=kind, title=title.strip(), storage_name=name, sha256=digest, size=len(content),
                content_type=checked.content_type, original_name=filename[:255], is_original=is_original,
                copies=copies, added_by=actor,
            ), validate_constraints=False)
            item.save()
            record_event(action="case.document_uploaded", actor=actor, target=case, data={
                "case_document": item.pk, "kind": kind, "title": item.title, "storage_name": name, "sha256": digest,
                "size": len(content), "content_type": checked.content_type})
    return item


def case_document_file(*, item: CaseDocument, actor: Actor) -> DocumentFile:
    """The file of a case document for a user allowed to see the case, checked against its
    SHA-256, the download audited: an archived one through the archive's own delivery
    (``document.downloaded``), an uploaded one as ``case.document_downloaded``."""
    require(actor, VIEW)
    if item.archived_id is not None:
        return open_document_file(document=item.archived, actor=actor, kind="docx")  # type: ignore[arg-type]
    name = item.storage_name or ""
    try:
        content = storage.read(name)
    except FileNotFoundError as exc:
        raise ApplicationError(f"Файл «{item.title}» отсутствует в архиве", code="file_missing", field="document") from exc
    if storage.sha256(content) != item.sha256:
        raise ApplicationError(f"Файл «{item.title}» в архиве изменен (SHA-256 не совпадает): выдача запрещена",
                               code="file_tampered", field="document")
    with transaction.atomic():
        record_event(action="case.document_downloaded", actor=actor, target=item.case, data={
            "case_document": item.pk, "title": item.title, "sha256": item.sha256})
    extension = name.rpartition(".")[2]
    return DocumentFile(content=content, filename=f"{item.title}.{extension}", content_type=item.content_type)


def package_file(*, package: CasePackage, actor: Actor) -> DocumentFile:
    """The PDF of a built package (the manager looks at it before approving), checked against
    its SHA-256, the download audited (``case.package_downloaded``)."""
    require(actor, VIEW)
    try:
        content = storage.read(package.pdf_name)
    except FileNotFoundError as exc:
        raise ApplicationError(f"Файл пакета версии {package.version} отсутствует в архиве", code="file_missing",
                               field="package") from exc
    if storage.sha256(content) != package.pdf_sha256:
        raise ApplicationError(f"Файл пакета версии {package.version} в архиве изменен (SHA-256 не совпадает): "
                               "выдача запрещена", code="file_tampered", field="package")
    with transaction.atomic():
        record_event(action="case.package_downloaded", actor=actor, target=package.case, data={
            "package": package.pk, "version": package.version, "sha256": package.pdf_sha256})
    return DocumentFile(content=content, filename=f"Пакет документов по делу № {package.case_id}, версия "
                                                  f"{package.version}.pdf", content_type="application/pdf")


@transaction.atomic
def case_viewed(*, case: Case, actor: Actor, page: str = "card") -> None:
    """Every opening of a case's page is audited (the case holds personal data)."""
    require(actor, VIEW)
    record_event(action="case.viewed", actor=actor, target=case, data={"page": page})


# --- acknowledgements (limitation) ---------------------------------------------------------

@transaction.atomic
def acknowledgement_record(*, debt: Debt, kind: str, acknowledged_on: date, basis: str, actor: Actor,
                           payment: Payment | None = None) -> DebtAcknowledgement:
    """The debtor acknowledged ``debt`` (ГК РФ ст. 203): the limitation runs anew from ``acknowledged_on``."""
    require(actor, "casefiles.add_debtacknowledgement")
    if kind not in DebtAcknowledgement.Kind.values:
        raise ApplicationError(f"Неизвестный вид признания долга «{kind}»", code="invalid_choice", field="kind")
    _no_future(acknowledged_on, "acknowledged_on", "Дата признания долга")
    if payment is not None and payment.paid_on != acknowledged_on:
        raise ApplicationError("Дата признания — дата платежа", code="date_order", field="acknowledged_on")
    item = validated(DebtAcknowledgement(debt=debt, kind=kind, acknowledged_on=acknowledged_on, payment=payment,
                                         basis=basis.strip(), recorded_by=actor))
    item.save()
    record_event(action="debt.acknowledged", actor=actor, target=debt, data={
        "acknowledgement": item.pk, "kind": kind, "acknowledged_on": acknowledged_on, "basis": item.basis,
        "payment": payment.pk if payment else None})
    return item


def reconciliation_acknowledge(*, act: SettlementsReconciliation, actor: Actor) -> list[DebtAcknowledgement]:
    """A settlements reconciliation act signed by an authorised person acknowledges the
    contract's debts outstanding at the act's end (ГК РФ ст. 203): one acknowledgement per debt,
    dated the day of signing, so the case files count the limitation from it. An act signed
    without proven authority acknowledges nothing. Idempotent (one per debt and act)."""
    from reconciliation.models import Status
    from settlements.selectors import debts_with_balance

    require(actor, "reconciliation.conduct_settlements_reconciliation")
    signed_on, document = act.returned_on, act.document
    if act.status != Status.SIGNED or not act.interrupts_limitation or signed_on is None or document is None:
        return []
    basis = (f"Акт сверки взаимных расчетов № {document.number} за {act.date_from:%d.%m.%Y}–{act.date_to:%d.%m.%Y}, "
             f"подписан {act.signer_position} {act.signer_name} {signed_on:%d.%m.%Y}")[:300]
    if act.authority_basis == "poa":
        basis = f"{basis} по доверенности № {act.poa_number}"[:300]
    made = []
    with transaction.atomic():
        for debt in debts_with_balance(as_of=act.date_to, contract=act.contract).filter(due_date__lte=act.date_to):
            if debt.outstanding <= 0 or DebtAcknowledgement.objects.filter(
                    debt=debt, kind=DebtAcknowledgement.Kind.RECONCILIATION, acknowledged_on=signed_on).exists():
                continue
            item = validated(DebtAcknowledgement(debt=debt, kind=DebtAcknowledgement.Kind.RECONCILIATION,
                                                 acknowledged_on=signed_on, basis=basis, recorded_by=actor))
            item.save()
            record_event(action="debt.acknowledged", actor=actor, target=debt, data={
                "acknowledgement": item.pk, "kind": item.kind, "acknowledged_on": signed_on, "basis": basis,
                "reconciliation": act.pk})
            made.append(item)
    return made


# --- issuing the case's documents ------------------------------------------------------------

CLAIM_TEMPLATE = "casefiles.claim"
APPLICATION_TEMPLATES = {
    Case.Kind.ORDER_ARBITRATION: ("casefiles.court_order_application", CaseDocument.Kind.COURT_APPLICATION),
    Case.Kind.ORDER_MAGISTRATE: ("casefiles.court_order_application", CaseDocument.Kind.COURT_APPLICATION),
    Case.Kind.LAWSUIT_ARBITRATION: ("casefiles.lawsuit", CaseDocument.Kind.STATEMENT_OF_CLAIM),
    Case.Kind.LAWSUIT_GENERAL: ("casefiles.lawsuit", CaseDocument.Kind.STATEMENT_OF_CLAIM),
}
POLICE_TEMPLATE = "casefiles.police_statement"


def _issued_title(document: ArchivedDocument, title: str) -> str:
    return f"{title} № {document.number} от {timezone.localdate(document.issued_at):%d.%m.%Y}"


def _statement_attach(*, case: Case, actor: Actor) -> CaseDocument:
    """The penalty statement («Расчет пени», settlements) as of the case's amounts date, issued
    and added to the case as an original."""
    from settlements.services.statement_document import penalty_statement_issue

    as_of = case.amounts_as_of
    if as_of is None:
        raise ApplicationError("Сначала рассчитайте суммы дела на дату", code="amounts_missing", field="as_of")
    consumer = selectors.case_consumer(case, "as_of")
    if actor is None:
        raise ApplicationError("Документ выпускает пользователь: не указан выпускающий", code="required", field="actor")
    statement = penalty_statement_issue(consumer=consumer, as_of=as_of, actor=actor, contract=case.contract)
    return document_attach(case=case, document=statement, kind=CaseDocument.Kind.PENALTY_STATEMENT, actor=actor,
                           title=f"Расчет пени на {as_of:%d.%m.%Y}", is_original=True)


def _issue_into_case(*, case: Case, template: str, context: dict, kind: str, title: str, actor: Actor,
                     is_original: bool = True) -> CaseDocument:
    from documents.services import issue_document

    document = issue_document(template=template, context=context, subject=case, actor=actor)
    item = document_attach(case=case, document=document, kind=kind, actor=actor,
                           title=_issued_title(document, title), is_original=is_original)
    record_event(action="case.document_issued", actor=actor, target=case, data={
        "template": template, "document": document.number, "case_document": item.pk, "sha256": document.sha256})
    return item


@transaction.atomic
def claim_issue(*, case: Case, actor: Actor, as_of: date | None = None) -> CaseDocument:
    """The pre-trial claim («Претензия») on the case's amounts as of their date (refreshed as
    of ``as_of`` when given), with the penalty statement of that date issued and attached
    first among its annexes."""
    from subscribers.selectors import our_organization

    from .documents import claim_context

    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    if case.kind != Case.Kind.CLAIM and case.filed_on is not None:
        raise ApplicationError(f"Дело № {case.pk} уже подано в суд: претензия не направляется", code="already_filed",
                               field="case")
    if as_of is not None:
        _no_future(as_of, "as_of", "Дата расчета")
        case = amounts_refresh(case=case, as_of=as_of, actor=actor)
    statement = _statement_attach(case=case, actor=actor)
    context = claim_context(case, organization=our_organization(required=True), actor=actor, statement=statement)
    # the original goes to the debtor: the case keeps a copy, an annex of a court application as such
    return _issue_into_case(case=case, template=CLAIM_TEMPLATE, context=context, kind=CaseDocument.Kind.CLAIM,
                            title="Претензия", actor=actor, is_original=False)


@transaction.atomic
def application_issue(*, case: Case, actor: Actor, as_of: date | None = None,
                      copy_sent: dict | None = None) -> CaseDocument:
    """The court application of the case's route — «Заявление о выдаче судебного приказа» or
    «Исковое заявление» — on the amounts as of ``as_of`` (today by default: penalties keep
    accruing), with the penalty statement of that date issued and attached."""
    from subscribers.selectors import our_organization

    from .documents import court_order_application_context, lawsuit_context

    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    if case.kind not in APPLICATION_TEMPLATES:
        raise ApplicationError(f"Дело вида «{case.get_kind_display()}» в суд не подается: выберите порядок",
                               code="state_conflict", field="kind")
    if case.court is None:
        raise ApplicationError("Выберите суд, в который подается дело", code="required", field="court")
    as_of = as_of or timezone.localdate()
    _no_future(as_of, "as_of", "Дата расчета")
    case = amounts_refresh(case=case, as_of=as_of, actor=actor)
    _statement_attach(case=case, actor=actor)
    template, kind = APPLICATION_TEMPLATES[Case.Kind(case.kind)]
    organization = our_organization(required=True)
    if kind == CaseDocument.Kind.COURT_APPLICATION:
        context = court_order_application_context(case, organization=organization, actor=actor)
        title = "Заявление о выдаче судебного приказа"
    else:
        context = lawsuit_context(case, organization=organization, actor=actor, copy_sent=copy_sent)
        title = "Исковое заявление"
    return _issue_into_case(case=case, template=template, context=context, kind=kind, title=title, actor=actor)


@transaction.atomic
def police_statement_issue(*, case: Case, facts: PoliceFacts, actor: Actor) -> CaseDocument:
    """«Заявление в полицию» of a police-statement case, with the case's documents (the act,
    the calculation, photos, demands) as its annexes; ``facts`` is ``documents.PoliceFacts``."""
    from subscribers.selectors import our_organization

    from .documents import police_statement_context

    require(actor, CONDUCT)
    case = _locked(case)
    _require_open(case)
    if case.kind != Case.Kind.POLICE:
        raise ApplicationError("Заявление в полицию составляется только по делу вида «Заявление в полицию»",
                               code="state_conflict", field="kind")
    context = police_statement_context(case, organization=our_organization(required=True), actor=actor, facts=facts)
    return _issue_into_case(case=case, template=POLICE_TEMPLATE, context=context,
                            kind=CaseDocument.Kind.POLICE_STATEMENT, title="Заявление в полицию", actor=actor)



@transaction.atomic
def police_party_case_open(*, name: str, details: str, address: str, actor: Actor, act: ViolationAct | None = None,
                           note: str = "") -> Case:
    """A police-statement case about someone not in the register — a person without a contract
    known only from a field inspection's act (``act``): their name or organisation, ИНН/ОГРН or
    passport (``details``) and address as the act records them. The name and an identifier are
    required: the police cannot act on an unnamed offender."""
    require(actor, OPEN)
    name, details, address = name.strip(), details.strip(), address.strip()
    if not name:
        raise ApplicationError("Укажите наименование или ФИО лица", code="required", field="party_name")
    if not details:
        raise ApplicationError("Укажите ИНН, ОГРН или паспортные данные лица", code="required", field="party_details")
    case = validated(Case(kind=Case.Kind.POLICE, party_name=name, party_details=details, party_address=address,
                          act=act, note=note, opened_by=actor))
    case.save()
    record_event(action="case.opened", actor=actor, target=case, data={
        "kind": Case.Kind.POLICE, "consumer": None, "party": name, "act": act.pk if act else None,
        "contract": None, "debts": [], "claim_term_days": case.claim_term_days,
    })
    return case


@transaction.atomic
def police_case_open(*, consumer: Consumer, facts: PoliceFacts, actor: Actor, note: str = "") -> Case:
    """A police-statement case started by hand (not from a field inspection's escalation): the
    case and its «Заявление в полицию» in one transaction, or nothing."""
    case = case_open(consumer=consumer, debts=[], kind=Case.Kind.POLICE, actor=actor, note=note)
    police_statement_issue(case=case, facts=facts, actor=actor)
    return case

# --- the package -------------------------------------------------------------------------------

APPROVE = "casefiles.approve_package"
BUILD = "casefiles.add_casepackage"


def _package_incomplete(case: Case, missing: list[str]) -> ApplicationError:
    return ApplicationError(
        f"Пакет документов по делу № {case.pk} неполон: не хватает — {'; '.join(missing)}",
        code="package_incomplete", field="documents", extra={"missing": missing},
    )


@transaction.atomic
def package_build(*, case: Case, actor: Actor) -> CasePackage:
    """Assemble the case's package by its route's checklist (``casefiles.package.assemble``:
    one PDF with the inventory, page numbers and bookmarks, the ZIP of the originals, parts for
    e-filing), store it in the archive and record it as the case's next package version. An
    incomplete package is refused naming what is missing; nothing is written."""
    from .case_package import case_package_missing, package_documents, package_items, package_route
    from .package import assemble, stored_package

    require(actor, BUILD)
    case = _locked(case)
    _require_open(case)
    missing = case_package_missing(case)
    if missing:
        raise _package_incomplete(case, missing)
    documents = package_documents(case)
    route = package_route(case)
    package = assemble(route, package_items(case, documents),
                       title=f"к делу № {case.pk} ({case.get_kind_display().lower()}), {case.debtor_name}"[:300])
    version = (CasePackage.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0) + 1
    with stored_package(package) as stored:
        row = validated(CasePackage(
            case=case, version=version, route=route, title=package.title[:300],
            pdf_name=stored.pdf.name, pdf_sha256=stored.pdf.sha256, pdf_size=stored.pdf.size,
            zip_name=stored.zip.name, zip_sha256=stored.zip.sha256, zip_size=stored.zip.size,
            parts=[{"name": f.name, "sha256": f.sha256, "size": f.size, "first_page": p.first_page,
                    "last_page": p.last_page, "documents": list(p.documents)}
                   for f, p in zip(stored.parts, package.parts, strict=True)],
            page_count=package.page_count,
            entries=[{"number": e.number, "title": e.title, "kind": e.kind, "first_page": e.first_page,
                      "last_page": e.last_page, "copies": e.copies, "original": e.original} for e in package.entries],
            built_by=actor,
        ), exclude=["case", "built_by"], validate_constraints=False)
        row.save()
        row.documents.set(documents)
        record_event(action="case.package_built", actor=actor, target=case, data={
            "package": row.pk, "version": version, "route": route, "pdf": stored.pdf.name, "sha256": stored.pdf.sha256,
            "zip_sha256": stored.zip.sha256, "pages": package.page_count, "parts": len(stored.parts),
            "documents": [d.pk for d in documents],
        })
    return row


@transaction.atomic
def package_approve(*, case: Case, actor: Actor) -> CasePackage:
    """A manager approves the case's newest package. Refused while the checklist of the route
    is incomplete (naming what is missing), when no package was built, or when the case's
    documents changed since the newest package was built (rebuild it first)."""
    from .case_package import case_package_missing, package_documents

    require(actor, APPROVE)
    case = _locked(case)
    _require_open(case)
    missing = case_package_missing(case)
    if missing:
        raise _package_incomplete(case, missing)
    package = CasePackage.objects.filter(case=case).order_by("-version").first()
    if package is None:
        raise ApplicationError(f"Пакет документов по делу № {case.pk} не сформирован", code="package_missing",
                               field="package")
    if {d.pk for d in package_documents(case)} != set(package.documents.values_list("pk", flat=True)):
        raise ApplicationError(
            f"Документы дела изменились после формирования пакета (версия {package.version}): сформируйте его заново",
            code="package_outdated", field="package")
    if package.approved_at is not None:
        raise ApplicationError(f"Пакет версии {package.version} уже утвержден", code="already_approved",
                               field="package")
    if package.returned_at is not None:
        raise ApplicationError(f"Пакет версии {package.version} возвращен на доработку: сформируйте его заново",
                               code="package_outdated", field="package")
    model_update(package, {"approved_by": actor, "approved_at": timezone.now()}, actor=actor)
    record_event(action="case.package_approved", actor=actor, target=case, data={
        "package": package.pk, "version": package.version, "sha256": package.pdf_sha256})
    return package


@transaction.atomic
def package_return(*, case: Case, comment: str, actor: Actor) -> CasePackage:
    """A manager returns the case's newest package to the lawyer with what to correct."""
    require(actor, APPROVE)
    case = _locked(case)
    _require_open(case)
    if not comment.strip():
        raise ApplicationError("При возврате укажите, что исправить", code="required", field="comment")
    package = CasePackage.objects.filter(case=case).order_by("-version").first()
    if package is None or package.approved_at is not None or package.returned_at is not None:
        raise ApplicationError(f"По делу № {case.pk} нет пакета, ожидающего утверждения", code="package_missing",
                               field="package")
    model_update(package, {"returned_by": actor, "returned_at": timezone.now(), "return_comment": comment.strip()},
                 actor=actor)
    record_event(action="case.package_returned", actor=actor, target=case, data={
        "package": package.pk, "version": package.version, "comment": package.return_comment})
    return package
