"""The debtor card and the debtors list make a fixed number of SQL queries whatever the number
of debts, payments, penalty lines and debtors (issue 20)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import BILLING, LEGAL
from settlements.services.accrual import accrue_penalties
from settlements.services.allocation import allocate_contract
from tests.page_queries import assert_no_more_queries, queries_of

from .factories import ConsumerFactory, ContractFactory, DebtFactory, PaymentFactory

MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 12, 5, 12, 0, tzinfo=MOSCOW), tick=False):
        yield date(2026, 12, 5)


def owe(contract, months: int, *, paid: bool = True) -> None:
    """``months`` monthly debts of 2026 (from January), half of each paid late when ``paid``."""
    for m in range(1, months + 1):
        DebtFactory(contract=contract, period=date(2026, m, 1), due_date=date(2026, m + 1, 10),
                    amount=Decimal("10000.00"))
        if paid:
            PaymentFactory(contract=contract, amount=Decimal("5000.00"), doc_date=date(2026, m + 1, 20))
    allocate_contract(contract_id=contract.pk)


@pytest.mark.parametrize("role", [BILLING, LEGAL])
def test_the_debtor_card(client, make_user, role, penalty_rules, django_assert_max_num_queries):
    client.force_login(make_user(role))
    contract = ContractFactory(consumer=ConsumerFactory(penalty_category="managing_org"))
    owe(contract, 1)
    accrue_penalties(as_of=date(2026, 11, 30), rules=penalty_rules)
    url = reverse("settlements:card", args=[contract.consumer_id])
    before = queries_of(client, url)

    owe(ContractFactory(consumer=contract.consumer, number="2-Т"), 8)
    accrue_penalties(as_of=date(2026, 11, 30), rules=penalty_rules)

    assert_no_more_queries(client, url, before, django_assert_max_num_queries)


def test_the_debtors_list(client, make_user, penalty_rules, django_assert_max_num_queries):
    client.force_login(make_user(BILLING))
    owe(ContractFactory(), 2, paid=False)
    accrue_penalties(as_of=date(2026, 11, 30), rules=penalty_rules)
    url = reverse("settlements:debtors")
    filtered = url + "?category=other&min_days=10&order=-days"
    before, before_filtered = queries_of(client, url), queries_of(client, filtered)

    for _ in range(6):
        owe(ContractFactory(), 3, paid=False)
    accrue_penalties(as_of=date(2026, 11, 30), rules=penalty_rules)

    assert_no_more_queries(client, url, before, django_assert_max_num_queries)
    assert_no_more_queries(client, filtered, before_filtered, django_assert_max_num_queries)
