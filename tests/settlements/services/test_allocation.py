from datetime import date
from decimal import Decimal

from settlements.models import Allocation, Payment
from settlements.services import allocate_contract
from settlements.services.allocation import contract_credit

from ..factories import ContractFactory, DebtFactory, PaymentFactory


def _allocations():
    return [(a.debt.period, a.debt.kind, a.amount, a.paid_on) for a in Allocation.objects.order_by("id")]


def test_an_undesignated_payment_goes_to_the_earliest_due_debt_first(db):
    # given two debts, the later one created first
    contract = ContractFactory()
    october = DebtFactory(contract=contract, period=date(2026, 10, 1), due_date=date(2026, 11, 10), amount=Decimal("300.00"))
    august = DebtFactory(contract=contract, period=date(2026, 8, 1), due_date=date(2026, 9, 10), amount=Decimal("200.00"))
    PaymentFactory(contract=contract, amount=Decimal("250.00"), paid_on=date(2026, 11, 20))
    # when
    allocate_contract(contract_id=contract.pk)
    # then ГК ст. 319.1 п. 3: August in full, the rest to October
    assert [(a.debt, a.amount) for a in Allocation.objects.order_by("id")] == [
        (august, Decimal("200.00")), (october, Decimal("50.00"))
    ]
    assert "319.1 п. 3" in Allocation.objects.first().rule


def test_a_named_period_goes_first_and_the_rest_to_the_earliest_debt(db):
    contract = ContractFactory()
    DebtFactory(contract=contract, period=date(2026, 8, 1), due_date=date(2026, 9, 10), amount=Decimal("200.00"))
    DebtFactory(contract=contract, period=date(2026, 10, 1), due_date=date(2026, 11, 10), amount=Decimal("300.00"))
    PaymentFactory(contract=contract, amount=Decimal("400.00"), paid_on=date(2026, 11, 20), periods=["2026-10-01"])
    # when
    allocate_contract(contract_id=contract.pk)
    # then October (named) first, then the oldest
    assert [(a[0], a[2]) for a in _allocations()] == [
        (date(2026, 10, 1), Decimal("300.00")), (date(2026, 8, 1), Decimal("100.00"))
    ]
    assert "период 10.2026 указан" in Allocation.objects.first().rule


def test_an_overpayment_is_credit_carried_to_the_next_debt_with_its_own_date(db):
    # given a payment larger than the only debt
    contract = ContractFactory()
    DebtFactory(contract=contract, period=date(2026, 9, 1), due_date=date(2026, 10, 12), amount=Decimal("100.00"))
    PaymentFactory(contract=contract, amount=Decimal("150.00"), paid_on=date(2026, 10, 5))
    allocate_contract(contract_id=contract.pk)
    assert contract_credit(contract.pk) == Decimal("50.00")
    # when October is billed
    DebtFactory(contract=contract, period=date(2026, 10, 1), due_date=date(2026, 11, 10), amount=Decimal("80.00"))
    allocate_contract(contract_id=contract.pk)
    # then the credit settles it as of the payment's date (before the due date: on time)
    assert _allocations()[-1] == (date(2026, 10, 1), "single", Decimal("50.00"), date(2026, 10, 5))
    assert contract_credit(contract.pk) == Decimal("0.00")


def test_money_for_a_month_not_yet_billed_waits_for_it(db):
    # given an old unpaid debt and a payment "за ноябрь" before November is billed
    contract = ContractFactory()
    DebtFactory(contract=contract, period=date(2026, 10, 1), due_date=date(2026, 11, 10), amount=Decimal("100.00"))
    PaymentFactory(contract=contract, amount=Decimal("70.00"), paid_on=date(2026, 11, 20), periods=["2026-11-01"])
    # when
    allocate_contract(contract_id=contract.pk)
    # then it is not taken for October
    assert not Allocation.objects.exists()
    # when November is billed, the money goes there
    DebtFactory(contract=contract, period=date(2026, 11, 1), due_date=date(2026, 12, 10), amount=Decimal("90.00"))
    allocate_contract(contract_id=contract.pk)
    assert [(a[0], a[2]) for a in _allocations()] == [(date(2026, 11, 1), Decimal("70.00"))]


def test_penalty_and_unmatched_payments_are_not_allocated_to_debts_for_heat(db):
    contract = ContractFactory()
    DebtFactory(contract=contract, amount=Decimal("100.00"))
    PaymentFactory(contract=contract, kind=Payment.Kind.PENALTY, amount=Decimal("10.00"))
    PaymentFactory(contract=contract, status=Payment.Status.UNMATCHED, amount=Decimal("10.00"))
    assert allocate_contract(contract_id=contract.pk) == []


def test_allocating_again_writes_nothing(db):
    contract = ContractFactory()
    DebtFactory(contract=contract, amount=Decimal("100.00"))
    PaymentFactory(contract=contract, amount=Decimal("60.00"))
    first = allocate_contract(contract_id=contract.pk)
    assert len(first) == 1
    assert allocate_contract(contract_id=contract.pk) == []
    assert Allocation.objects.count() == 1
