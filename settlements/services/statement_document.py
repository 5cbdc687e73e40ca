"""Issuing the penalty statement (Расчет пени) of a consumer on a date as an archived DOCX."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from core.errors import ApplicationError
from core.permissions import require
from documents import formatting
from documents.services import issue_document
from subscribers.models import Consumer, Contract, Signatory
from subscribers.selectors import our_organization

from ..documents import penalty_statement_context
from ..penalty_statement import penalty_statement
from .accrual import load_penalty_rules

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from documents.models import ArchivedDocument

ISSUE_PERMISSION = "settlements.issue_penalty_statement"
TEMPLATE = "settlements.penalty_statement"
NOTHING_OVERDUE = "На {as_of:%d.%m.%Y} у абонента нет просрочек, по которым начисляются пени: расчет не составляется"


def penalty_statement_issue(*, consumer: Consumer, as_of: date, actor: User, contract: Contract | None = None
                            ) -> ArchivedDocument:
    """Compute the statement with the law's function and issue it through the documents
    engine (numbered, archived, audited as ``document.issued``)."""
    require(actor, ISSUE_PERMISSION)
    organization = our_organization(required=True)
    statement = penalty_statement(consumer=consumer, as_of=as_of, rules=load_penalty_rules(), contract=contract)
    if not statement.rows and not statement.excluded:
        raise ApplicationError(NOTHING_OVERDUE.format(as_of=as_of), code="nothing_overdue", field="as_of")
    signer = (
        Signatory.objects.filter(organization=organization, active=True, signs_for__icontains="пени").first()
        or Signatory.objects.filter(organization=organization, active=True).order_by("-is_head", "pk").first()
    )
    context = penalty_statement_context(
        statement=statement, consumer=consumer, organization=organization, signer=signer,
        executor_name=formatting.user_full_name(actor), executor_phone=organization.phone,
    )
    return issue_document(template=TEMPLATE, context=context, subject=consumer, actor=actor)
