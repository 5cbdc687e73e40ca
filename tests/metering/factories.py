"""factory_boy factories for metering (rows written directly, bypassing services)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from metering import models
from subscribers import models as subscribers
from tests.subscribers import factories as subscribers_factories
from tests.subscribers.factories import (  # noqa: F401 — the register's factories, reused here
    ConsumerFactory,
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    NetworkSectionFactory,
)

CITY = "Светлоборск"  # the city of the register's factories (NetworkSectionFactory)


class MeteringUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeteringUnit

    number = factory.Sequence(lambda n: f"УУ-{n:05d}")
    heated_object = factory.SubFactory(HeatedObjectFactory)
    location = "ИТП, подвал"
    purpose = models.UnitPurpose.BOTH


class DeviceModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DeviceModel

    kind = models.DeviceKind.HEAT_CALCULATOR
    name = factory.Sequence(lambda n: f"ВКТ-{n}")
    manufacturer = "ЗАО «Теплоком»"
    register_number = factory.Sequence(lambda n: f"{20000 + n}-11")
    verification_interval_years = 4


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Device

    device_model = factory.SubFactory(DeviceModelFactory)
    serial_number = factory.Sequence(lambda n: f"{100000 + n}")
    verified_on = date(2024, 3, 15)


class SealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Seal

    number = factory.Sequence(lambda n: f"П-{n:06d}")
    unit = factory.SubFactory(MeteringUnitFactory)
    place = "корпус тепловычислителя"
    set_on = date(2025, 10, 1)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.UnitStatusChange

    unit = factory.SubFactory(MeteringUnitFactory)
    status = models.UnitStatus.COMMERCIAL
    effective_from = date(2025, 1, 1)


class WeatherStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WeatherStation
        django_get_or_create = ("code",)

    code = "27612"
    name = "Светлоборск, АМСГ"
    city = CITY


class ReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Reading

    unit = factory.SubFactory(MeteringUnitFactory)
    period = date(2026, 1, 1)
    source = models.ReadingSource.CONSUMER
    q = Decimal("50.000")
    m1 = Decimal("1000.000")
    m2 = Decimal("995.000")
    t1 = Decimal("85.00")
    t2 = Decimal("55.00")
    operating_hours = Decimal("744.00")
    status = models.ReadingStatus.ACCEPTED


class OrganizationFactory(subscribers_factories.OrganizationFactory):
    """Our organisation with its head, who signs acts and notices."""

    class Meta:
        model = subscribers.Organization
        skip_postgeneration_save = True

    head = factory.RelatedFactory(
        subscribers_factories.SignatoryFactory, factory_related_name="organization",
        last_name="Волкова", first_name="Марина", middle_name="Сергеевна", position="Начальник абонентского отдела",
    )


class ReadingImportSourceFactory(factory.django.DjangoModelFactory):
    """A meter-data system exporting CSV in windows-1251 with «;» (columns: see ``ReadingColumnFactory``)."""

    class Meta:
        model = models.ReadingImportSource

    name = factory.Sequence(lambda n: f"СКУТ-{n}")
    file_format = models.ReadingImportSource.FileFormat.CSV
    csv_encoding = "cp1251"
    csv_delimiter = ";"
    period_format = "%m.%Y"


class ReadingColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReadingColumn

    source = factory.SubFactory(ReadingImportSourceFactory)
