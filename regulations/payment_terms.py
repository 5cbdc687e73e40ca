"""When payments for heat are due (ПП РФ № 808, ЖК РФ ст. 155 ч. 1, ГК РФ ст. 193).

- Heat-supply contracts, ПП РФ № 808 (Правила организации теплоснабжения, п. 35; one
  consultation cites п. 33), unless the contract says otherwise: 35 % of the planned
  monthly cost by the 18th of the current month, 50 % by the last day of the current
  month, the balance for the actual consumption by the 10th of the next month; an
  overpayment is credited to the next month.
- Citizens, ЖК РФ ст. 155 ч. 1: by the 10th of the next month, by the 15th from
  01.03.2026; managing organisations (ПП РФ № 124 ❓): by the 15th of the next month —
  both as dated ``DueDayRule`` data.
- A due date on a non-working day moves to the next working day (ГК РФ ст. 193) by the
  production calendar passed in.

Rounding: each advance is rounded half-up to the kopeck; the balance is the actual cost
minus the rounded advances, so the instalments always add up to the actual cost.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import RuleError
from .production_calendar import ProductionCalendar, shift_to_working_day
from .rounding import HUNDRED, ZERO, money

HEAT_SUPPLY_NORM = "ПП РФ от 08.08.2012 № 808, п. 35 (порядок оплаты по договору теплоснабжения)"
PAYERS = ("citizen", "managing_org")


@dataclass(frozen=True, slots=True)
class Instalment:
    """One payment of a schedule: what, how much, when (after ГК ст. 193) and by which norm."""

    kind: str  # "advance_1" | "advance_2" | "balance"
    amount: Decimal
    due_date: date
    nominal_due_date: date
    norm: str


@dataclass(frozen=True, slots=True)
class HeatSupplySchedule:
    instalments: tuple[Instalment, ...]
    overpayment: Decimal  # credited to the next month
    norm: str


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def heat_supply_schedule(
    *,
    year: int,
    month: int,
    planned_cost: Decimal,
    actual_cost: Decimal,
    calendar: ProductionCalendar | None = None,
    first_share_percent: Decimal = Decimal("35"),
    first_day: int = 18,
    second_share_percent: Decimal = Decimal("50"),
    final_day: int = 10,
) -> HeatSupplySchedule:
    """Instalments for ``month`` under ПП РФ № 808 п. 35 (defaults) or the contract's terms.

    Example: planned 1 200 000, actual 1 100 000 → 420 000.00 by the 18th, 600 000.00 by
    the last day of the month, 80 000.00 by the 10th of the next month.
    """
    if planned_cost < 0:
        raise RuleError("planned_cost: плановая стоимость не может быть отрицательной", field="planned_cost")
    if actual_cost < 0:
        raise RuleError("actual_cost: фактическая стоимость не может быть отрицательной", field="actual_cost")
    first = money(planned_cost * first_share_percent / HUNDRED)
    second = money(planned_cost * second_share_percent / HUNDRED)
    balance = actual_cost - first - second
    overpayment = -balance if balance < 0 else ZERO
    last_day = _calendar.monthrange(year, month)[1]
    next_year, next_month = _next_month(year, month)
    nominal = (
        ("advance_1", first, date(year, month, first_day)),
        ("advance_2", second, date(year, month, last_day)),
        ("balance", max(balance, ZERO), date(next_year, next_month, final_day)),
    )
    instalments = tuple(
        Instalment(
            kind=kind,
            amount=amount,
            due_date=shift_to_working_day(due, calendar).date,
            nominal_due_date=due,
            norm=HEAT_SUPPLY_NORM,
        )
        for kind, amount, due in nominal
    )
    return HeatSupplySchedule(instalments=instalments, overpayment=overpayment, norm=HEAT_SUPPLY_NORM)


@dataclass(frozen=True, slots=True)
class DueDayRule:
    """From ``valid_from`` on, ``payer`` pays for a month by day ``day`` of the next month."""

    payer: str  # "citizen" | "managing_org"
    valid_from: date
    day: int
    norm: str


@dataclass(frozen=True, slots=True)
class MonthlyDueDate:
    due_date: date
    nominal_due_date: date
    day: int
    norm: str


def monthly_due_date(
    *,
    payer: str,
    year: int,
    month: int,
    rules: Sequence[DueDayRule],
    calendar: ProductionCalendar | None = None,
) -> MonthlyDueDate:
    """Due date of the payment for ``month`` (ЖК РФ ст. 155 ч. 1 for citizens; ПП № 124 /
    the contract for managing organisations), shifted past non-working days (ГК ст. 193).

    The rule in force on the first day of the next month (the month the payment falls in)
    decides: February 2026 is due 15.03.2026 (the 15th from 01.03.2026), January 2026 is
    due 10.02.2026.
    """
    if payer not in PAYERS:
        raise RuleError(f"payer: неизвестный плательщик «{payer}»; допустимо: {', '.join(PAYERS)}", field="payer")
    next_year, next_month = _next_month(year, month)
    payment_month = date(next_year, next_month, 1)
    candidates = sorted((r for r in rules if r.payer == payer and r.valid_from <= payment_month),
                        key=lambda r: r.valid_from)
    if not candidates:
        raise RuleError(f"нет правила о сроке оплаты для «{payer}» на {payment_month:%m.%Y}", field="payer")
    rule = candidates[-1]
    day = min(rule.day, _calendar.monthrange(next_year, next_month)[1])
    nominal = date(next_year, next_month, day)
    shifted = shift_to_working_day(nominal, calendar)
    norm = rule.norm if not shifted.shifted else f"{rule.norm}; {shifted.norm}"
    return MonthlyDueDate(due_date=shifted.date, nominal_due_date=nominal, day=rule.day, norm=norm)
