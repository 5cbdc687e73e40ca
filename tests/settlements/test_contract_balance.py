"""``ContractBalance``: the database keeps each contract's open debts summed (migration 0006),
whatever writes debts and allocations, and the debtors list read from it equals the sum over
debts and allocations — as of today and as of a date before a payment."""

import random
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.db.models import Min, Sum

from settlements import selectors
from settlements.models import Allocation, ContractBalance, Debt
from settlements.services import allocate_contract

from .factories import AllocationFactory, ContractFactory, DebtFactory, PaymentFactory

D = Decimal


def _balance(contract):
    row = ContractBalance.objects.filter(contract=contract).first()
    return row and (row.balance_due, row.earliest_due, row.open_debts)


def test_debts_and_allocations_keep_the_balance_of_their_contract(db):
    contract = ContractFactory()
    # a debt written by a factory (no service) is counted
    september = DebtFactory(contract=contract, amount=D("1000.10"), due_date=date(2026, 10, 12))
    assert _balance(contract) == (D("1000.10"), date(2026, 10, 12), 1)
    october = DebtFactory(contract=contract, period=date(2026, 10, 1), amount=D("500.20"), due_date=date(2026, 11, 10))
    assert _balance(contract) == (D("1500.30"), date(2026, 10, 12), 2)
    # a part paid lowers it; the earliest due date stays while something of that debt is owed
    PaymentFactory(contract=contract, amount=D("1000.00"), paid_on=date(2026, 10, 20))
    allocate_contract(contract_id=contract.pk)
    assert _balance(contract) == (D("500.30"), date(2026, 10, 12), 2)
    # the rest of September paid: the debt is settled and leaves the balance
    PaymentFactory(contract=contract, amount=D("0.10"), paid_on=date(2026, 10, 21))
    allocate_contract(contract_id=contract.pk)
    september.refresh_from_db()
    assert september.settled_on == date(2026, 10, 21)
    assert _balance(contract) == (D("500.20"), date(2026, 11, 10), 1)
    # everything paid: no row is left
    PaymentFactory(contract=contract, amount=D("500.20"), paid_on=date(2026, 11, 5))
    allocate_contract(contract_id=contract.pk)
    october.refresh_from_db()
    assert october.settled_on == date(2026, 11, 5)
    assert _balance(contract) is None


def test_updates_and_deletes_move_the_balance(db):
    a, b = ContractFactory(), ContractFactory()
    debt = DebtFactory(contract=a, amount=D("100.00"))
    allocation = AllocationFactory(debt=debt, payment__contract=a, amount=D("30.00"))
    assert _balance(a)[0] == D("70.00")
    Allocation.objects.filter(pk=allocation.pk).update(amount=D("40.00"))
    assert _balance(a)[0] == D("60.00")
    Allocation.objects.filter(pk=allocation.pk).delete()
    assert _balance(a)[0] == D("100.00")
    # a debt moved to another contract (an admin's correction) leaves one balance for the other
    Debt.objects.filter(pk=debt.pk).update(contract=b, consumer=b.consumer)
    assert _balance(a) is None
    assert _balance(b)[0] == D("100.00")


def _expected(as_of):
    """The debtors list by its definition: open debts less what was allocated by ``as_of``."""
    rows = {}
    for debt in Debt.objects.filter(settled_on__isnull=True):
        paid = debt.allocations.filter(paid_on__lte=as_of).aggregate(s=Sum("amount"))["s"] or D("0")
        row = rows.setdefault(debt.contract_id, [D("0"), None])
        row[0] += debt.amount - paid
        if debt.amount > paid:
            row[1] = min(filter(None, (row[1], debt.due_date)))
    return {k: (v[0], v[1]) for k, v in rows.items() if v[0] > 0}


def test_the_list_equals_debts_less_allocations_on_any_date(db):
    # given random contracts with debts and payments spread over a year, allocated by the service
    rng = random.Random(20261207)
    for _ in range(12):
        contract = ContractFactory()
        for month in range(1, rng.randint(1, 6) + 1):
            DebtFactory(contract=contract, period=date(2026, month, 1), amount=D(rng.randint(1, 500_000)) / 100,
                        due_date=date(2026, month + 1, 10))
        for _ in range(rng.randint(0, 4)):
            PaymentFactory(contract=contract, amount=D(rng.randint(1, 300_000)) / 100,
                           paid_on=date(2026, 2, 1) + timedelta(days=rng.randint(0, 200)))
        allocate_contract(contract_id=contract.pk)
    assert Allocation.objects.exists()
    # when the list is read as of dates before, between and after the payments
    for as_of in (date(2026, 1, 31), date(2026, 4, 15), date(2026, 6, 30), date(2026, 12, 31)):
        listed = {r["contract_id"]: (r["outstanding"], r["oldest_due"]) for r in selectors.debtors(as_of=as_of)}
        # then it is the definition's, to the kopeck
        assert listed == _expected(as_of), as_of
    # and the balance rows hold today's (everything allocated) sums
    latest = Allocation.objects.aggregate(d=Min("paid_on"))["d"] + timedelta(days=400)
    assert {c.contract_id: (c.balance_due, c.earliest_due) for c in ContractBalance.objects.filter(balance_due__gt=0)} \
        == _expected(latest)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers exist on PostgreSQL only")
def test_two_transactions_writing_one_contract_leave_its_true_balance(reference_data):
    contract = ContractFactory()
    DebtFactory(contract=contract, amount=D("1000.00"))
    debts = [DebtFactory.build(contract=contract, period=date(2026, m, 1), amount=D("100.00")) for m in (10, 11)]
    barrier = threading.Barrier(2)

    def write(debt):
        try:
            barrier.wait(timeout=10)
            Debt.objects.bulk_create([debt])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(debt,)) for debt in debts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert _balance(contract)[0] == D("1200.00")
