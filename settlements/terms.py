"""A contract's payment terms → the obligations of a billing period (reads only).

The law is ``regulations.payment_terms`` (ПП 808 п. 35 schedule; ЖК ст. 155 ч. 1 and
ПП 124 due days; ГК ст. 193 shift past non-working days); the dated reference data — the
production calendar and the citizens'/УК due days — come from ``reference.selectors``.
This module only maps a ``Contract`` onto those functions:

* ``pp808`` and ``custom``: the instalment schedule with the contract's shares and days
  (a second-advance day other than the month's end is the contract's own date, shifted by
  the same ГК ст. 193 rule);
* ``citizen`` / ``managing_org``: one payment by the due day of the next month.

The planned monthly cost behind the advances (``planned_monthly_cost``): the billing
forecast when billing provides one for the contract and month; otherwise the actual cost
of the month. Our register keeps no contractual monthly volumes, and loads × tariff at the
design outdoor temperature overstates a month's consumption several times, so the actual
cost is the closest figure we have; the choice is recorded in each debt's ``basis``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from regulations.payment_terms import heat_supply_schedule, monthly_due_date
from regulations.production_calendar import ProductionCalendar, shift_to_working_day
from subscribers.models import Contract

from .models import Debt

KIND_BY_INSTALMENT = {"advance_1": Debt.Kind.ADVANCE_1, "advance_2": Debt.Kind.ADVANCE_2, "balance": Debt.Kind.FINAL}
PLAN_FORECAST = "плановая стоимость по прогнозу потребления"
PLAN_ACTUAL = "плановая стоимость принята равной фактической (нет прогноза)"


@dataclass(frozen=True)
class Obligation:
    kind: str
    amount: Decimal
    due_date: date
    nominal_due_date: date
    norm: str


@dataclass(frozen=True)
class PeriodObligations:
    obligations: tuple[Obligation, ...]
    overpayment: Decimal  # advances above the actual cost, credited to the next month
    planned_cost: Decimal
    plan_basis: str


@dataclass(frozen=True)
class TermsReference:
    calendar: ProductionCalendar | None
    due_day_rules: tuple


def load_terms_reference() -> TermsReference:
    """The production calendar and due-day rules from the dated reference data."""
    from reference import selectors

    return TermsReference(calendar=selectors.production_calendar(), due_day_rules=tuple(selectors.due_day_rules()))


def planned_monthly_cost(contract: Contract, period: date, actual_cost: Decimal) -> tuple[Decimal, str]:
    """The planned monthly cost for the ПП 808 advances and where it comes from."""
    from billing.forecast.selectors import planned_monthly_cost as forecast_cost

    forecast = forecast_cost(contract, period)
    if forecast is not None:
        return forecast, PLAN_FORECAST
    return actual_cost, PLAN_ACTUAL


def period_obligations(
    *, contract: Contract, period: date, actual_cost: Decimal, reference: TermsReference,
    planned_cost: Decimal | None = None,
) -> PeriodObligations:
    """What the contract must pay for ``period`` and by when (see the module docstring)."""
    scheme = contract.payment_scheme
    if scheme in (Contract.PaymentScheme.CITIZEN, Contract.PaymentScheme.MANAGING_ORG):
        due = monthly_due_date(
            payer="citizen" if scheme == Contract.PaymentScheme.CITIZEN else "managing_org",
            year=period.year, month=period.month, rules=reference.due_day_rules, calendar=reference.calendar,
        )
        single = Obligation(Debt.Kind.SINGLE, actual_cost, due.due_date, due.nominal_due_date, due.norm)
        return PeriodObligations((single,), Decimal("0.00"), actual_cost, "")

    if planned_cost is None:
        planned_cost, basis = planned_monthly_cost(contract, period, actual_cost)
    else:
        basis = PLAN_FORECAST
    schedule = heat_supply_schedule(
        year=period.year, month=period.month, planned_cost=planned_cost, actual_cost=actual_cost,
        calendar=reference.calendar,
        first_share_percent=contract.advance1_percent, first_day=contract.advance1_day,
        second_share_percent=contract.advance2_percent, final_day=contract.final_payment_day,
    )
    items = []
    for instalment in schedule.instalments:
        due, nominal, norm = instalment.due_date, instalment.nominal_due_date, instalment.norm
        if instalment.kind == "advance_2" and contract.advance2_day:
            nominal = _day_of(period, contract.advance2_day)
            shifted = shift_to_working_day(nominal, reference.calendar)
            due, norm = shifted.date, f"{norm}; срок по договору"
        items.append(Obligation(KIND_BY_INSTALMENT[instalment.kind], instalment.amount, due, nominal, norm))
    return PeriodObligations(tuple(items), schedule.overpayment, planned_cost, basis)


def _day_of(period: date, day: int) -> date:
    import calendar

    return period.replace(day=min(day, calendar.monthrange(period.year, period.month)[1]))
