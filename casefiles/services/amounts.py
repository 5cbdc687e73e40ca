"""The case's amounts and route: the principal, penalty and state duty as of a date; the route
to court the lawyer confirms or changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from reference import selectors as reference
from regulations import court_route
from regulations.errors import RuleError
from regulations.penalties import calculate_penalty
from regulations.state_duty import state_duty
from settlements.models import Allocation
from settlements.penalty_statement import law_inputs
from settlements.services.accrual import load_penalty_rules

from .. import selectors
from ..models import Case, Court
from ._common import CONDUCT, ZERO, _locked, _require_open


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
