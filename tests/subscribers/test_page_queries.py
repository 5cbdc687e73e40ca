"""The register's cards and list make a fixed number of SQL queries whatever the number of
objects, loads, contracts, metering units, readings and invoices behind them (issue 20)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import BILLING, MANAGER
from billing.models import BillingPeriod, Invoice
from subscribers.models import Contract
from tests.metering.factories import DeviceFactory, MeteringUnitFactory, ReadingFactory, StatusChangeFactory
from tests.page_queries import assert_no_more_queries, queries_of
from tests.subscribers.factories import ConsumerFactory, ContractFactory, HeatedObjectFactory, HeatLoadFactory

pytestmark = pytest.mark.django_db
FIRST_MONTH = date(2026, 1, 1)  # the contracts of the factories are in force from then


def _month(n: int) -> date:
    index = FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def grow(consumer, *, objects: int, months: int) -> list:
    """``objects`` heated objects of ``consumer`` with two loads, a metering unit (a device,
    a status, a reading a month) each, a contract covering them and an invoice a month."""
    made = []
    for _ in range(objects):
        obj = HeatedObjectFactory(consumer=consumer)
        HeatLoadFactory(heated_object=obj, valid_from=date(2025, 1, 1))
        HeatLoadFactory(heated_object=obj, valid_from=date(2026, 1, 1))
        unit = MeteringUnitFactory(heated_object=obj)
        DeviceFactory(unit=unit, installed_on=date(2024, 3, 20))
        StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
        for m in range(months):
            ReadingFactory(unit=unit, period=_month(m))
        made.append(obj)
    contract = ContractFactory(consumer=consumer, objects_covered=made)
    for m in range(months):
        period, _ = BillingPeriod.objects.get_or_create(month=_month(m))
        amount = Decimal("1000.00") * (m + 1)
        Invoice.objects.create(
            period=period, contract=contract, consumer=consumer, shipment_date=_month(m).replace(day=28),
            vat_rate=Decimal("22.00"), amount=amount, vat_amount=Decimal("0.00"), amount_with_vat=amount,
            lines_digest=f"{contract.pk}-{m}".rjust(32, "0"),
        )
    return made


@pytest.mark.parametrize("role", [BILLING, MANAGER])
def test_the_consumer_card(client, make_user, role, django_assert_max_num_queries):
    client.force_login(make_user(role))
    consumer = ConsumerFactory()
    grow(consumer, objects=1, months=1)
    url = reverse("subscribers:consumers:detail", args=[consumer.pk])
    before = queries_of(client, url)

    grow(consumer, objects=4, months=6)

    assert_no_more_queries(client, url, before, django_assert_max_num_queries)


def test_the_contract_card(client, make_user, django_assert_max_num_queries):
    client.force_login(make_user(BILLING))
    consumer = ConsumerFactory()
    grow(consumer, objects=1, months=1)
    contract = consumer.contracts.get()
    url = reverse("subscribers:contracts:detail", args=[contract.pk])
    before = queries_of(client, url)

    # the objects join the contract without a new version of it: each version on the page
    # costs its own diff (core.history.record_history, at most 100 versions), which is not
    # what this test counts
    through = Contract.objects_covered.through
    through.objects.bulk_create(through(contract=contract, heatedobject=obj)
                                for obj in grow(consumer, objects=4, months=3))

    assert_no_more_queries(client, url, before, django_assert_max_num_queries)


def test_the_consumers_list(client, make_user, django_assert_max_num_queries):
    client.force_login(make_user(BILLING))
    grow(ConsumerFactory(), objects=1, months=1)
    url = reverse("subscribers:consumers:list")
    before = queries_of(client, url)
    searched = queries_of(client, url + "?_search=Абонент&contract_status=active")

    for _ in range(8):
        grow(ConsumerFactory(), objects=2, months=1)

    assert_no_more_queries(client, url, before, django_assert_max_num_queries)
    assert_no_more_queries(client, url + "?_search=Абонент&contract_status=active", searched,
                           django_assert_max_num_queries)
