"""The penalty statement (Расчет пени) of a consumer on a date — its numbers (reads only).

The numbers come from ``regulations.penalties.calculate_penalty`` — the very function
behind ``manage.py calc penalty`` — fed with the consumer's debts and the allocations of
payments received by the date, each allocation naming its debt. ``calc_input`` gives the
same inputs as the ``calc penalty`` JSON, so a lawyer (and a test) can check the statement
with the command.

Row layout (the debt and penalty table courts expect): a new row whenever a payment, the
fraction of the rate or the rate changes — exactly the lines of the calculation.

The wording around the table comes from the same dated rules the calculation used
(docs/law.md, "Penalties"): the basis is the ``document_basis`` of the category's tier
schemes that cover the statement's debts, the rate is ``KEY_RATE_RULE`` followed by the
``statement_text`` of the rate caps in force between the first delay day and ``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from regulations.penalties import (
    KEY_RATE_RULE,
    ExcludedPeriod,
    PenaltyLine,
    PenaltyRules,
    calculate_penalty,
)
from regulations.penalties import Debt as LawDebt
from regulations.penalties import Payment as LawPayment

from .models import Allocation, Debt, Payment

ZERO = Decimal("0.00")


@dataclass
class StatementRow:
    debt: Debt
    line: PenaltyLine
    paid_amount: Decimal | None  # the payment closing this portion (None: still unpaid)


@dataclass
class PenaltyStatement:
    as_of: date
    category: str
    rows: list[StatementRow]
    excluded: list[tuple[Debt, ExcludedPeriod]]
    norms: tuple[str, ...]
    total: Decimal
    principal_outstanding: Decimal
    penalty_paid: Decimal
    debts: list[Debt] = field(default_factory=list)
    basis: str = ""  # the norms of the category's penalty, as documents cite them
    rate_rule: str = ""  # which rate applies, with the caps in force

    @property
    def penalty_due(self) -> Decimal:
        return max(self.total - self.penalty_paid, ZERO)


def _inputs(consumer, as_of: date, contract=None):
    debts = list(Debt.objects.filter(consumer=consumer, due_date__lt=as_of).select_related("contract")
                 .order_by("due_date", "period", "id"))
    if contract is not None:
        debts = [d for d in debts if d.contract_id == contract.pk]
    allocations = list(
        Allocation.objects.filter(debt__in=debts, paid_on__lte=as_of).order_by("paid_on", "id")
    )
    return debts, allocations


def law_inputs(debts, allocations) -> tuple[list[LawDebt], list[LawPayment]]:
    return (
        [LawDebt(id=str(d.pk), amount=d.amount, due_date=d.due_date) for d in debts],
        [LawPayment(date=a.paid_on, amount=a.amount, debt_id=str(a.debt_id)) for a in allocations],
    )


def calc_input(*, consumer, as_of: date, contract=None) -> dict:
    """The ``calc penalty`` JSON input for the same debts and payments as the statement."""
    debts, allocations = _inputs(consumer, as_of, contract)
    return {
        "category": consumer.penalty_category,
        "as_of": as_of.isoformat(),
        "debts": [{"id": str(d.pk), "amount": str(d.amount), "due_date": d.due_date.isoformat()} for d in debts],
        "payments": [
            {"date": a.paid_on.isoformat(), "amount": str(a.amount), "debt_id": str(a.debt_id)} for a in allocations
        ],
    }


def _meets(valid_from: date, valid_to: date | None, first: date, last: date) -> bool:
    return valid_from <= last and (valid_to is None or valid_to >= first)


def _unique(texts) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t))


def statement_basis(rules: PenaltyRules, category: str, debts, as_of: date) -> str:
    """The ``document_basis`` (else ``norm``) of the ``category`` schemes that apply to the
    debts (by their first delay day, as the calculation picks them), or of the scheme in
    force on ``as_of`` when there is no debt; the category code when the data has none."""
    days = sorted({d.due_date + timedelta(days=1) for d in debts}) or [as_of]
    schemes = [s for s in rules.tier_schemes if s.category == category]
    texts = _unique(
        s.document_basis or s.norm for s in schemes if any(_meets(s.valid_from, s.valid_to, d, d) for d in days)
    )
    return "; ".join(texts) or category


def statement_rate_rule(rules: PenaltyRules, category: str, debts, as_of: date) -> str:
    """``KEY_RATE_RULE``; then the ``statement_text`` of every rate cap of ``category`` in
    force on some day from the first delay day to ``as_of`` (the days whose rate counts),
    each distinct text once."""
    first = min((d.due_date + timedelta(days=1) for d in debts), default=as_of)
    caps = _unique(
        c.statement_text for c in rules.rate_caps
        if category in c.categories and _meets(c.valid_from, c.valid_to, first, as_of)
    )
    return "; ".join([KEY_RATE_RULE, *caps])


def penalty_statement(*, consumer, as_of: date, rules: PenaltyRules, contract=None) -> PenaltyStatement:
    debts, allocations = _inputs(consumer, as_of, contract)
    law_debts, law_payments = law_inputs(debts, allocations)
    result = calculate_penalty(category=consumer.penalty_category, as_of=as_of, debts=law_debts,
                               payments=law_payments, rules=rules)
    by_id = {str(d.pk): d for d in debts}
    paid_by_debt_and_date: dict[tuple[str, date], Decimal] = {}
    for allocation in allocations:
        key = (str(allocation.debt_id), allocation.paid_on)
        paid_by_debt_and_date[key] = paid_by_debt_and_date.get(key, ZERO) + allocation.amount
    rows = [
        StatementRow(by_id[line.debt_id], line,
                     paid_by_debt_and_date.get((line.debt_id, line.paid_on)) if line.paid_on else None)
        for line in result.lines
    ]
    outstanding = sum((d.amount for d in debts), ZERO) - sum((a.amount for a in allocations), ZERO)
    penalty_paid = (
        Payment.objects.filter(consumer=consumer, kind=Payment.Kind.PENALTY, status=Payment.Status.MATCHED,
                               paid_on__lte=as_of)
        .values_list("amount", flat=True)
    )
    return PenaltyStatement(
        as_of=as_of, category=consumer.penalty_category, rows=rows,
        excluded=[(by_id[e.debt_id], e) for e in result.excluded], norms=result.norms, total=result.total,
        principal_outstanding=outstanding, penalty_paid=sum(penalty_paid, ZERO), debts=debts,
        basis=statement_basis(rules, consumer.penalty_category, debts, as_of),
        rate_rule=statement_rate_rule(rules, consumer.penalty_category, debts, as_of),
    )
