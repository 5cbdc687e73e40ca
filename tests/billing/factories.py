"""factory_boy factories for billing (rows written directly, bypassing services).

Registry and metering rows come from the metering factories: one definition each.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from billing import models
from tests.metering.factories import (  # noqa: F401 — metering rows for billing tests
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
    WeatherStationFactory,
)
from tests.subscribers.factories import (  # noqa: F401 — the register's own factories
    ConsumerFactory,
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    NetworkSectionFactory,
    TariffGroupFactory,
)


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tariff

    tariff_group = factory.SubFactory(TariffGroupFactory)
    resource = models.Resource.HEAT_ENERGY
    structure = models.Tariff.Structure.ONE_PART
    valid_from = date(2025, 1, 1)
    valid_to = date(2025, 12, 31)
    energy_rate = Decimal("2500.00")
    regulator = "Департамент экономической политики и развития г. Энска"
    decision_number = "123-ТЭ"
    decision_date = date(2024, 12, 15)


class HotWaterTariffFactory(TariffFactory):
    resource = models.Resource.HOT_WATER
    structure = models.Tariff.Structure.TWO_COMPONENT
    energy_rate = Decimal("2500.00")
    water_rate = Decimal("40.00")
    heat_per_m3 = Decimal("0.060000")


class HeatCarrierTariffFactory(TariffFactory):
    resource = models.Resource.HEAT_CARRIER
    energy_rate = None
    water_rate = Decimal("55.00")


class BillingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BillingPeriod
        django_get_or_create = ("month",)

    month = date(2025, 11, 1)
