"""Issuing the case's documents: the pre-trial claim, the court application, the police
statement (with the penalty statement attached), and the police-statement cases."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from subscribers.models import Consumer

from .. import selectors
from ..models import Case, CaseDocument
from ._common import CONDUCT, OPEN, _locked, _no_future, _require_open
from .amounts import amounts_refresh
from .attachments import document_attach
from .opening import case_open

if TYPE_CHECKING:
    from documents.models import ArchivedDocument
    from inspections.models import ViolationAct

    from ..documents import PoliceFacts


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

    from ..documents import claim_context

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

    from ..documents import court_order_application_context, lawsuit_context

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

    from ..documents import police_statement_context

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
