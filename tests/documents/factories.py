import factory

from subscribers.models import Consumer, Organization, Signatory


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

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
    city = "Энск"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    organization = factory.SubFactory(OrganizationFactory)
    full_name = "Волкова Марина Сергеевна"
    position = "Начальник абонентского отдела"


class ConsumerFactory(factory.django.DjangoModelFactory):
    """A citizen consumer: needs no checksummed identifiers, so any number can be made."""

    class Meta:
        model = Consumer

    code = factory.Sequence(lambda n: f"Т-{n:05d}")
    kind = Consumer.Kind.CITIZEN
    penalty_category = Consumer.PenaltyCategory.CITIZEN
    last_name = "Иванов"
    first_name = "Иван"
    middle_name = "Иванович"
    name = factory.LazyAttribute(lambda o: f"{o.last_name} {o.first_name} {o.middle_name}")
    postal_address = "ул. Ленина, д. 10, кв. 5, г. Энск, 123456"
