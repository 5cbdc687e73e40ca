"""factory_boy factories of the register, with valid ИНН/ОГРН/ОГРНИП/СНИЛС."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from core import identifiers
from reference.selectors import payment_terms_on
from subscribers import models


def heat_supply_term(name: str) -> factory.LazyAttribute:
    """A contract's money term as a company's contract gets it by default: the dated ПП № 808
    schedule in force on the contract's start (reference data seeded by migrations)."""
    return factory.LazyAttribute(lambda o: getattr(payment_terms_on(o.valid_from, "other"), name))


def legal_inn(n: int) -> str:
    first9 = f"35{n:07d}"
    return first9 + identifiers.inn_legal_check_digit(first9)


def person_inn(n: int) -> str:
    first10 = f"35{n:08d}"
    return first10 + identifiers.inn_person_check_digits(first10)


def ogrn(n: int) -> str:
    first12 = f"10235{n:07d}"
    return first12 + identifiers.ogrn_check_digit(first12)


def ogrnip(n: int) -> str:
    first14 = f"3043500{n:07d}"
    return first14 + identifiers.ogrnip_check_digit(first14)


def snils(n: int) -> str:
    first9 = f"{100000000 + n:09d}"
    return identifiers.format_snils(first9 + identifiers.snils_check_digits(first9))


class NetworkSectionFactory(DjangoModelFactory):
    class Meta:
        model = models.NetworkSection
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"УЧ-{n + 1:02d}")
    name = factory.Sequence(lambda n: f"Магистраль № {n + 1}")
    heat_source = "Котельная № 1"
    city = "Светлоборск"


class TariffGroupFactory(DjangoModelFactory):
    class Meta:
        model = models.TariffGroup
        django_get_or_create = ("code",)

    code = "ПРОЧ"
    name = "Прочие потребители"


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organization

    full_name = "Акционерное общество «Светлоборская теплосеть»"
    short_name = "АО «Светлоборская теплосеть»"
    inn = factory.LazyFunction(lambda: legal_inn(1))
    kpp = "352501001"
    ogrn = factory.LazyFunction(lambda: ogrn(1))
    legal_address = "162600, Вологодская обл., г. Светлоборск, ул. Энергетиков, д. 1"
    postal_address = "162600, Вологодская обл., г. Светлоборск, ул. Энергетиков, д. 1"
    bank_name = "ПАО Сбербанк"
    bik = "041909644"
    settlement_account = "40702810512000001234"
    correspondent_account = "30101810900000000644"
    city = "Светлоборск"


class SignatoryFactory(DjangoModelFactory):
    class Meta:
        model = models.Signatory

    organization = factory.SubFactory(OrganizationFactory)
    last_name = "Громов"
    first_name = "Виктор"
    middle_name = "Иванович"
    position = "Генеральный директор"
    authority_basis = models.AuthorityBasis.CHARTER
    is_head = True


class ConsumerFactory(DjangoModelFactory):
    """A legal entity of the `other` penalty category."""

    class Meta:
        model = models.Consumer

    code = factory.Sequence(lambda n: f"{200001 + n}")
    kind = models.Consumer.Kind.LEGAL
    penalty_category = models.Consumer.PenaltyCategory.OTHER
    name = factory.Sequence(lambda n: f"ООО «Абонент {n + 1}»")
    inn = factory.Sequence(lambda n: legal_inn(1000 + n))
    kpp = "352501001"
    ogrn = factory.Sequence(lambda n: ogrn(1000 + n))
    legal_address = factory.Sequence(lambda n: f"г. Светлоборск, ул. Ленина, д. {n + 1}")


class EntrepreneurFactory(ConsumerFactory):
    kind = models.Consumer.Kind.ENTREPRENEUR
    name = factory.Sequence(lambda n: f"ИП Иванов Иван {n + 1}")
    inn = factory.Sequence(lambda n: person_inn(2000 + n))
    kpp = ""
    ogrn = ""
    ogrnip = factory.Sequence(lambda n: ogrnip(2000 + n))


class CitizenFactory(ConsumerFactory):
    kind = models.Consumer.Kind.CITIZEN
    penalty_category = models.Consumer.PenaltyCategory.CITIZEN
    last_name = "Петров"
    first_name = "Петр"
    middle_name = factory.Sequence(lambda n: f"Отчество{n}")
    name = factory.LazyAttribute(lambda o: f"{o.last_name} {o.first_name} {o.middle_name}")
    inn = ""
    kpp = ""
    ogrn = ""
    birth_date = date(1970, 1, 1)
    snils = factory.Sequence(lambda n: snils(3000 + n))


class HeatedObjectFactory(DjangoModelFactory):
    class Meta:
        model = models.HeatedObject

    consumer = factory.SubFactory(ConsumerFactory)
    code = factory.Sequence(lambda n: f"ОБ-{n + 1:05d}")
    name = "Административное здание"
    address = factory.Sequence(lambda n: f"г. Светлоборск, ул. Мира, д. {n + 1}")
    purpose = models.HeatedObject.Purpose.NON_RESIDENTIAL
    heated_area = Decimal("500.00")
    network_section = factory.SubFactory(NetworkSectionFactory, code="УЧ-01")


class HeatLoadFactory(DjangoModelFactory):
    class Meta:
        model = models.HeatLoad

    heated_object = factory.SubFactory(HeatedObjectFactory)
    valid_from = date(2026, 1, 1)
    heating = Decimal("0.150000")
    ventilation = Decimal("0.020000")
    hot_water_avg = Decimal("0.010000")
    hot_water_max = Decimal("0.024000")


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = models.Contract
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"ТС-{n + 1:04d}/26")
    signed_on = date(2025, 12, 20)
    valid_from = date(2026, 1, 1)
    status = models.Contract.Status.ACTIVE
    consumer = factory.SubFactory(ConsumerFactory)
    tariff_group = factory.SubFactory(TariffGroupFactory)
    advance1_percent = heat_supply_term("advance1_percent")
    advance1_day = heat_supply_term("advance1_day")
    advance2_percent = heat_supply_term("advance2_percent")
    final_payment_day = heat_supply_term("final_payment_day")

    @factory.post_generation
    def objects_covered(self, create, extracted, **kwargs):
        if create and extracted:
            self.objects_covered.set(extracted)
