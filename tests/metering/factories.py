"""factory_boy factories for metering (rows written directly, bypassing services)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from metering import models
from subscribers import models as subscribers


class NetworkSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = subscribers.NetworkSection

    @classmethod
    def _get_manager(cls, model_class):
        # HeatedObject.network_section's related_name "objects" hides NetworkSection.objects
        return model_class._default_manager

    code = factory.Sequence(lambda n: f"S{n:03d}")
    name = factory.Sequence(lambda n: f"Участок {n}")
    heat_source = "Котельная № 1"
    city = "Москва"


class ConsumerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = subscribers.Consumer

    code = factory.Sequence(lambda n: f"A{n:05d}")
    kind = subscribers.Consumer.Kind.LEGAL
    penalty_category = subscribers.Consumer.PenaltyCategory.OTHER
    name = factory.Sequence(lambda n: f"ООО «Абонент {n}»")


class HeatedObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = subscribers.HeatedObject

    code = factory.Sequence(lambda n: f"OBJ-{n:05d}")
    consumer = factory.SubFactory(ConsumerFactory)
    name = "Административное здание"
    address = factory.Sequence(lambda n: f"г. Москва, ул. Тепловая, д. {n}")
    purpose = subscribers.HeatedObject.Purpose.NON_RESIDENTIAL
    network_section = factory.SubFactory(NetworkSectionFactory)


class HeatLoadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = subscribers.HeatLoad

    heated_object = factory.SubFactory(HeatedObjectFactory)
    valid_from = date(2020, 1, 1)
    heating = Decimal("0.200000")
    ventilation = Decimal("0")
    hot_water_avg = Decimal("0.020000")
    hot_water_max = Decimal("0.050000")


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
    name = "Москва, ВДНХ"
    city = "Москва"


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


class OrganizationFactory(factory.django.DjangoModelFactory):
    """Our organisation, with its head as the signatory of acts and notices."""

    class Meta:
        model = subscribers.Organization
        skip_postgeneration_save = True

    full_name = "Акционерное общество «Энская теплосетевая компания»"
    short_name = "АО «ЭТСК»"
    inn = "7707083893"
    kpp = "773601001"
    ogrn = "1027700132195"
    legal_address = "ул. Заводская, д. 1, г. Энск, 123456"
    postal_address = "ул. Заводская, д. 1, г. Энск, 123456"
    phone = "+7 (8512) 44-55-00"
    email = "abonent@etsk.example"
    bank_name = "ПАО Сбербанк"
    bik = "044525225"
    settlement_account = "40702810900000000001"
    correspondent_account = "30101810400000000225"
    city = "г. Энск"
    head = factory.RelatedFactory(
        "tests.metering.factories.SignatoryFactory", factory_related_name="organization"
    )


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = subscribers.Signatory

    organization = factory.SubFactory(OrganizationFactory, head=None)
    full_name = "Волкова Марина Сергеевна"
    position = "Начальник абонентского отдела"
    is_head = True


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = subscribers.Contract
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"{100 + n}-Т")
    signed_on = date(2025, 3, 15)
    valid_from = date(2025, 3, 15)
    status = subscribers.Contract.Status.ACTIVE
    consumer = factory.SubFactory(ConsumerFactory)
    tariff_group = factory.LazyFunction(
        lambda: subscribers.TariffGroup.objects.get_or_create(code="T1", defaults={"name": "Прочие"})[0]
    )

    @factory.post_generation
    def objects_covered(self, create, extracted, **kwargs):
        if create and extracted:
            self.objects_covered.set(extracted)
