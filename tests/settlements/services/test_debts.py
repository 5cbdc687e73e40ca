from datetime import date
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from settlements.models import Debt, Payment
from settlements.services import debts_for_period
from subscribers.models import Contract

from ..factories import ContractFactory


def _debts(contract):
    return [(d.kind, d.amount, d.due_date) for d in Debt.objects.filter(contract=contract).order_by("due_date")]


def test_pp808_worked_example_with_due_dates_shifted_past_days_off(db, terms_reference):
    # given the ПП 808 example of docs/law.md: planned 1 200 000, actual 1 100 000, October 2026
    contract = ContractFactory()
    # when
    debts_for_period(contract=contract, period=date(2026, 10, 1), amount=Decimal("1100000.00"),
                     planned_cost=Decimal("1200000.00"), reference=terms_reference)
    # then 18.10.2026 is a Sunday and 31.10.2026 a Saturday: ГК ст. 193 moves them
    assert _debts(contract) == [
        ("advance_1", Decimal("420000.00"), date(2026, 10, 19)),
        ("advance_2", Decimal("600000.00"), date(2026, 11, 2)),
        ("final", Decimal("80000.00"), date(2026, 11, 10)),
    ]


def test_advances_above_the_actual_cost_become_credit_for_the_next_month(db, terms_reference):
    contract = ContractFactory()
    debts_for_period(contract=contract, period=date(2026, 10, 1), amount=Decimal("900000.00"),
                     planned_cost=Decimal("1200000.00"), reference=terms_reference)
    # then no final payment, and 120 000 credited on the final payment day
    assert [d[0] for d in _debts(contract)] == ["advance_1", "advance_2"]
    credit = Payment.objects.get(kind=Payment.Kind.ADJUSTMENT)
    assert credit.amount == Decimal("120000.00") and credit.paid_on == date(2026, 11, 10)
    # and it settles the unpaid advance as of that day
    assert credit.allocations.get().debt.kind == "advance_1"


@pytest.mark.parametrize(
    ("scheme", "period", "due"),
    [
        (Contract.PaymentScheme.CITIZEN, date(2026, 1, 1), date(2026, 2, 10)),
        # from 01.03.2026 by the 15th; 15.03.2026 is a Sunday
        (Contract.PaymentScheme.CITIZEN, date(2026, 2, 1), date(2026, 3, 16)),
        (Contract.PaymentScheme.MANAGING_ORG, date(2026, 9, 1), date(2026, 10, 15)),
    ],
)
def test_citizens_and_managing_organisations_pay_once_by_their_day(db, terms_reference, scheme, period, due):
    contract = ContractFactory(payment_scheme=scheme)
    debts_for_period(contract=contract, period=period, amount=Decimal("5000.00"), reference=terms_reference)
    assert _debts(contract) == [("single", Decimal("5000.00"), due)]


def test_the_same_invoice_again_writes_nothing_and_another_amount_is_refused(db, terms_reference):
    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    debts_for_period(contract=contract, period=date(2026, 9, 1), amount=Decimal("5000.00"), reference=terms_reference)
    debts_for_period(contract=contract, period=date(2026, 9, 1), amount=Decimal("5000.00"), reference=terms_reference)
    assert Debt.objects.count() == 1
    with pytest.raises(ApplicationError) as exc:
        debts_for_period(contract=contract, period=date(2026, 9, 1), amount=Decimal("5100.00"),
                         reference=terms_reference)
    assert (exc.value.code, exc.value.field) == ("period_closed", "amount")


def test_a_negative_invoice_is_credit_once(db, terms_reference):
    # given a month whose recalculation exceeds its charges
    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    # when it is turned into debts twice
    debts_for_period(contract=contract, period=date(2026, 9, 1), amount=Decimal("-300.00"), reference=terms_reference)
    debts_for_period(contract=contract, period=date(2026, 9, 1), amount=Decimal("-300.00"), reference=terms_reference)
    # then there is no debt and one credit of 300
    assert not Debt.objects.exists()
    assert list(Payment.objects.values_list("kind", "amount")) == [("adjustment", Decimal("300.00"))]
