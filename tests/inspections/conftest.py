"""Fixtures of the inspection tests: our organisation, a technician, a lawyer, an archive of its own."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive

from .factories import FieldInspectionFactory, OrganizationFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def technician(make_user):
    return make_user(TECHNICIAN, last_name="Петров", first_name="Сергей")


@pytest.fixture
def lawyer(make_user):
    return make_user(LEGAL, last_name="Крылова", first_name="Анна")


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER, last_name="Волкова", first_name="Мария")


@pytest.fixture
def billing(make_user):
    return make_user(BILLING, last_name="Смирнова", first_name="Ольга")


@pytest.fixture
def inspection(organization):
    return FieldInspectionFactory()
