"""The inbox and the appeals journal make a fixed number of SQL queries whatever the number of
tasks and appeals (issue 20): each process's artifact is read for all rows at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import BILLING, MANAGER
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from tests.page_queries import assert_no_more_queries, queries_of
from tests.subscribers.factories import ContractFactory
from workflows.appeal import start_appeal

pytestmark = pytest.mark.django_db


def appeals(user, count: int, *, contract=None) -> None:
    for n in range(count):
        start_appeal(actor=user, received_at=timezone.now() - timedelta(days=n % 5, hours=1), channel="phone",
                     applicant_kind="resident", applicant_name=f"Иванов И.И. {n}", category="debt", summary="долг",
                     questions=["Сколько я должен?"],
                     consumer=contract.consumer if contract else None, contract=contract)


def test_the_inbox(client, make_user, django_assert_max_num_queries):
    manager = make_user(MANAGER)
    client.force_login(manager)
    appeals(manager, 1)
    url = reverse("inbox:index")
    before = queries_of(client, url)

    appeals(manager, 6, contract=ContractFactory())

    assert "Назначить исполнителя" in client.get(url).content.decode()
    assert_no_more_queries(client, url, before, django_assert_max_num_queries)


@pytest.mark.parametrize("role", [MANAGER, BILLING])
def test_the_appeals_journal(client, make_user, role, django_assert_max_num_queries):
    manager = make_user(MANAGER)
    client.force_login(make_user(role) if role != MANAGER else manager)
    appeals(manager, 1)
    url = reverse("reception:journal:index")
    filtered = url + "?category=debt&overdue=&search=Иванов"
    before, before_filtered = queries_of(client, url), queries_of(client, filtered)

    appeals(manager, 6, contract=ContractFactory())

    assert_no_more_queries(client, url, before, django_assert_max_num_queries)
    assert_no_more_queries(client, filtered, before_filtered, django_assert_max_num_queries)
