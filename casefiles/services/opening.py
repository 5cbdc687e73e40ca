"""Opening cases: one about chosen debts of a consumer, or a pre-trial claim case per debtor."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from regulations import court_route
from settlements.models import Debt
from subscribers.models import Consumer, Contract

from ..models import Case, CaseDebt
from ._common import OPEN

DEBT_IN_CASE = "Задолженность «{debt}» уже включена в открытое дело № {case} ({kind}): сначала закройте его"


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
