"""Allocation of payments to debts (ГК РФ ст. 319.1).

- п. 1: a payment that names an obligation goes to it;
- п. 3: a payment that names none goes to the obligations whose due date came first (and,
  when none is due yet, to the one falling due first).

What exceeds a named debt then goes on as an undesignated payment; money left when every
debt is paid is returned as ``unallocated`` (an overpayment, credited forward by the
caller). Payments are taken in date order, input order within a day; debts with the same
due date in input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, TypeAlias

from .errors import RuleError
from .rounding import ZERO

# A debt's identifier: its name in a calculator's input (the API), its primary key in the
# database (the accrual); the rules only compare them.
DebtId: TypeAlias = str | int

ALLOCATION_NORM = "ГК РФ ст. 319.1 п. 3"
NAMED_ALLOCATION_NORM = "ГК РФ ст. 319.1 п. 1"


@dataclass(frozen=True, slots=True)
class Debt:
    """An amount due on ``due_date``; ``arose_on`` defaults to the day after ``due_date``."""

    id: DebtId
    amount: Decimal
    due_date: date
    arose_on: date | None = None


@dataclass(frozen=True, slots=True)
class Payment:
    """Money received on ``date``; ``debt_id`` when the payer named the debt."""

    date: date
    amount: Decimal
    debt_id: DebtId | None = None


class Allocation(NamedTuple):
    """The part of payment number ``payment_index`` (input order) that went to ``debt_id``."""

    payment_index: int
    debt_id: DebtId
    amount: Decimal
    date: date
    norm: str


def allocate_payments(
    debts: Sequence[Debt], payments: Sequence[Payment], *, as_of: date | None = None
) -> tuple[list[Allocation], dict[DebtId, Decimal], Decimal]:
    """Allocate payments to debts (ГК РФ ст. 319.1 п. 3).

    Payments are taken in date order (input order within a day). A payment naming a debt
    goes to it first; the rest of it, and every undesignated payment, goes to the debts
    with the earliest due date first (input order within a due date). Returns the
    allocations, what remains unpaid per debt id, and the money left unallocated.
    """
    remaining: dict[DebtId, Decimal] = {}
    for n, debt in enumerate(debts):
        if debt.id in remaining:
            raise RuleError(f"debts[{n}].id: долг «{debt.id}» указан дважды", field=f"debts[{n}].id")
        if debt.amount < 0:
            raise RuleError(f"debts[{n}].amount: сумма долга не может быть отрицательной", field=f"debts[{n}].amount")
        remaining[debt.id] = debt.amount
    order = [d.id for d in sorted(debts, key=lambda d: d.due_date)]  # stable: input order within a day
    allocations: list[Allocation] = []
    unallocated = ZERO
    first_open = 0
    for index, payment in sorted(enumerate(payments), key=lambda item: item[1].date):
        if payment.amount < 0:
            raise RuleError(
                f"payments[{index}].amount: сумма платежа не может быть отрицательной",
                field=f"payments[{index}].amount",
            )
        if as_of is not None and payment.date > as_of:
            raise RuleError(
                f"payments[{index}].date: платеж {payment.date:%d.%m.%Y} позже даты расчета "
                f"{as_of:%d.%m.%Y}",
                field=f"payments[{index}].date",
            )
        left = payment.amount
        if payment.debt_id is not None:
            if payment.debt_id not in remaining:
                raise RuleError(
                    f"payments[{index}].debt_id: нет долга «{payment.debt_id}»",
                    field=f"payments[{index}].debt_id",
                )
            take = min(left, remaining[payment.debt_id])
            if take:
                remaining[payment.debt_id] -= take
                left -= take
                allocations.append(Allocation(index, payment.debt_id, take, payment.date, NAMED_ALLOCATION_NORM))
        while left and first_open < len(order):
            debt_id = order[first_open]
            if not remaining[debt_id]:
                first_open += 1
                continue
            take = min(left, remaining[debt_id])
            remaining[debt_id] -= take
            left -= take
            allocations.append(Allocation(index, debt_id, take, payment.date, ALLOCATION_NORM))
        unallocated += left
    return allocations, remaining, unallocated
