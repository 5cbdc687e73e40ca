"""Fixtures of the case-file tests: a lawyer, a debtor with overdue debts, the courts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import LEGAL, MANAGER

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


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    """Every test writes into an archive of its own, so it can count files."""
    root = tmp_path / "archive"
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def archive_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
