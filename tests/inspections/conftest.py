"""Fixtures of the inspection tests: our organisation, a technician, a lawyer, an archive of its own; for the
calculations a city with its weather station, design temperature −25 °C and heating seasons, a tariff group with its
heat-energy tariff, and daily temperatures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from metering.models import DesignOutdoorTemperature, HeatingSeason, OutdoorTemperature, WeatherStation
from tests.billing.factories import TariffFactory, TariffGroupFactory
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from tests.subscribers.factories import SignatoryFactory

from .factories import FieldInspectionFactory, OrganizationFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def organization(db):
    """Our organisation and its head, who signs calculations and demands."""
    return SignatoryFactory(organization=OrganizationFactory()).organization


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


CITY = "Энск"
GROUP = "НАРУШ"
T_DESIGN = Decimal("-25.0")


@dataclass
class Town:
    station: WeatherStation

    def temperatures(self, first: date, last: date, value: Decimal = Decimal("-10.0")) -> None:
        days = (last - first).days + 1
        OutdoorTemperature.objects.bulk_create(
            OutdoorTemperature(station=self.station, date=first + timedelta(days=i), mean_temperature=value)
            for i in range(days)
        )


@pytest.fixture
def town(db) -> Town:
    """Энск: a station, design temperature −25 °C, a heating season 15.10–30.04 every year from 2020 to
    the one after today's (the worked example is of 2025–2026; today may be any date)."""
    station = WeatherStation.objects.create(code="99998", name="Энск, АМСГ", city=CITY)
    DesignOutdoorTemperature.objects.create(city=CITY, valid_from=date(2000, 1, 1), temperature=T_DESIGN,
                                            basis="СП 131.13330.2020, табл. 3.1")
    for year in range(2020, timezone.localdate().year + 2):
        HeatingSeason.objects.create(city=CITY, starts_on=date(year, 10, 15), ends_on=date(year + 1, 4, 30))
    return Town(station=station)


@pytest.fixture
def tariff(db):
    """Heat energy of the group at 2 500 ₽/Гкал without VAT from 2020 on."""
    group = TariffGroupFactory(code=GROUP, name="Прочие потребители")
    return TariffFactory(tariff_group=group, valid_from=date(2020, 1, 1), valid_to=None, energy_rate=Decimal("2500.00"))


@pytest.fixture
def issuer(make_user):
    """Who issues calculations and demands: a superuser, the permissions' role test is in test_demand."""
    return make_user(is_superuser=True, last_name="Смирнова", first_name="Ольга")
