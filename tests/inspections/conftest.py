"""Fixtures of the calculation tests: a city with its weather station, design temperature −25 °C
and heating seasons, a tariff group with its heat-energy tariff, and daily temperatures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from metering.models import DesignOutdoorTemperature, HeatingSeason, OutdoorTemperature, WeatherStation
from tests.billing.factories import TariffFactory, TariffGroupFactory
from tests.subscribers.factories import SignatoryFactory

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
    """Энск: a station, design temperature −25 °C, a heating season 15.10–30.04 every year 2020–2027."""
    station = WeatherStation.objects.create(code="99998", name="Энск, АМСГ", city=CITY)
    DesignOutdoorTemperature.objects.create(city=CITY, valid_from=date(2000, 1, 1), temperature=T_DESIGN,
                                            basis="СП 131.13330.2020, табл. 3.1")
    for year in range(2020, 2028):
        HeatingSeason.objects.create(city=CITY, starts_on=date(year, 10, 15), ends_on=date(year + 1, 4, 30))
    return Town(station=station)


@pytest.fixture
def tariff(db):
    """Heat energy of the group at 2 500 ₽/Гкал without VAT from 2020 on."""
    group = TariffGroupFactory(code=GROUP, name="Прочие потребители")
    return TariffFactory(tariff_group=group, valid_from=date(2020, 1, 1), valid_to=None, energy_rate=Decimal("2500.00"))


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    """Issued documents go into an archive of the test's own."""
    root = tmp_path / "archive"
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(root), "base_url": None}},
    }
    return root


@pytest.fixture
def organization(db):
    """Our organisation and its head, who signs calculations and demands."""
    signer = SignatoryFactory()
    return signer.organization


@pytest.fixture
def issuer(make_user):
    """Who issues: until the act's app grants the two permissions to a role, a superuser holds them."""
    return make_user(is_superuser=True, last_name="Смирнова", first_name="Ольга")
