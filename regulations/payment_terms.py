"""When payments for heat are due (ПП РФ № 808, ЖК РФ ст. 155 ч. 1, ГК РФ ст. 193).

- Heat-supply contracts, ПП РФ № 808 (Правила организации теплоснабжения, п. 35; one
  consultation cites п. 33), unless the contract says otherwise: a first advance share of
  the planned monthly cost by a day of the current month, a second share by the last day
  of the current month, the balance for the actual consumption by a day of the next
  month; an overpayment is credited to the next month. The shares and days are dated
  ``HeatSupplyTerms`` data (docs/law.md, "Payment terms"), or the contract's own terms.
- Citizens, ЖК РФ ст. 155 ч. 1, and managing organisations (ПП РФ № 124 ❓): by a day of
  the next month — dated ``DueDayRule`` data.
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
from typing import TypeVar

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
    first_share_percent: Decimal,
    first_day: int,
    second_share_percent: Decimal,
    final_day: int,
    calendar: ProductionCalendar | None = None,
) -> HeatSupplySchedule:
    """Instalments for ``month`` under the given shares and days — the contract's terms,
    which by default are those of ПП РФ № 808 п. 35 (``HeatSupplyTerms``).

    Example (35 % by the 18th, 50 % by the month's end, the balance by the 10th): planned
    1 200 000, actual 1 100 000 → 420 000.00 by the 18th, 600 000.00 by the last day of
    the month, 80 000.00 by the 10th of the next month.
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


@dataclass(frozen=True, slots=True)
class HeatSupplyTerms:
    """From ``valid_from`` on, the ПП РФ № 808 п. 35 schedule a heat-supply contract follows
    unless it says otherwise: ``first_share_percent`` of the planned monthly cost by day
    ``first_day`` of the month, ``second_share_percent`` by its last day, the balance by day
    ``final_day`` of the next month."""

    valid_from: date
    first_share_percent: Decimal
    first_day: int
    second_share_percent: Decimal
    final_day: int
    norm: str


@dataclass(frozen=True, slots=True)
class ContractTerms:
    """The payment terms a new contract gets unless it says otherwise (the names are those
    of the contract's fields); ``advance2_day=None`` is the last day of the month."""

    payment_scheme: str  # "pp808" | "citizen" | "managing_org"
    advance1_percent: Decimal
    advance1_day: int
    advance2_percent: Decimal
    advance2_day: int | None
    final_payment_day: int
    norm: str


_Rule = TypeVar("_Rule", HeatSupplyTerms, DueDayRule)


def _in_force(rows: Sequence[_Rule], on: date, what: str) -> _Rule:
    candidates = sorted((r for r in rows if r.valid_from <= on), key=lambda r: r.valid_from)
    if not candidates:
        raise RuleError(f"нет правила о сроках оплаты ({what}) на {on:%d.%m.%Y}", field="date")
    return candidates[-1]


def default_contract_terms(
    *,
    category: str,
    on: date,
    heat_supply: Sequence[HeatSupplyTerms],
    due_days: Sequence[DueDayRule],
) -> ContractTerms:
    """The payment terms in force on ``on`` for a consumer of penalty ``category``:

    - ``citizen`` — ЖК РФ ст. 155 ч. 1: no advances, by the citizens' due day;
    - ``managing_org`` — ПП РФ № 124: no advances, by the managing organisations' due day;
    - any other — ПП РФ № 808 п. 35: the dated heat-supply schedule.

    Without advances the first-advance day is the schedule's (a contract field that
    cannot be empty; with 0 % it decides nothing).
    """
    schedule = _in_force(heat_supply, on, "ПП № 808")
    if category in PAYERS:
        rule = _in_force([r for r in due_days if r.payer == category], on, category)
        return ContractTerms(
            payment_scheme=category, advance1_percent=Decimal("0"), advance1_day=schedule.first_day,
            advance2_percent=Decimal("0"), advance2_day=None, final_payment_day=rule.day, norm=rule.norm,
        )
    return ContractTerms(
        payment_scheme="pp808", advance1_percent=schedule.first_share_percent, advance1_day=schedule.first_day,
        advance2_percent=schedule.second_share_percent, advance2_day=None, final_payment_day=schedule.final_day,
        norm=schedule.norm,
    )
