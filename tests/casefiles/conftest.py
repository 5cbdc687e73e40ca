"""Fixtures of the case-file tests: a lawyer, a debtor with overdue debts, the courts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import LEGAL, MANAGER
from tests.documents.conftest import archive_dir, archive_files  # noqa: F401 — every test its own archive

from .factories import ContractFactory, CourtFactory, DebtFactory, OrganizationFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def lawyer(make_user):
    return make_user(LEGAL)


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER)


@pytest.fixture
def contract(db):
    OrganizationFactory()
    return ContractFactory()


@pytest.fixture
def debts(contract, today):
    """Two overdue months of one contract: 120 and 90 days overdue."""
    first = (today - timedelta(days=160)).replace(day=1)
    second = (today - timedelta(days=125)).replace(day=1)
    return [
        DebtFactory(contract=contract, period=first, amount=Decimal("150000.00"), due_date=today - timedelta(days=120)),
        DebtFactory(contract=contract, period=second, amount=Decimal("100000.00"), due_date=today - timedelta(days=90)),
    ]


@pytest.fixture
def arbitration_court(db):
    return CourtFactory(name="Арбитражный суд города Москвы")

