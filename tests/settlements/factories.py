"""factory_boy factories for settlements tests (and the register rows they stand on)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from settlements.models import Allocation, Debt, Payment
from subscribers.models import Consumer, Contract, Organization, TariffGroup
from tests.subscribers.factories import heat_supply_term

OUR_INN = "7729123451"
OUR_ACCOUNT = "40702810000000054321"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("inn",)

    full_name = 'Акционерное общество "Городская теплосеть"'
    short_name = 'АО "Городская теплосеть"'
    inn = OUR_INN
    kpp = "772901001"
    ogrn = "1027700132195"
    legal_address = "г. Москва, ул. Теплая, д. 1"
    postal_address = "г. Москва, ул. Теплая, д. 1"
    bank_name = 'ПАО "Сбербанк"'
    bik = "044525225"
    settlement_account = OUR_ACCOUNT
    correspondent_account = "30101810400000000225"
    city = "Москва"


class TariffGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TariffGroup
        django_get_or_create = ("code",)

    code = "T1"
    name = "Прочие потребители"


class ConsumerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consumer

    code = factory.Sequence(lambda n: f"A{n:05d}")
    kind = Consumer.Kind.LEGAL
    penalty_category = Consumer.PenaltyCategory.OTHER
    name = factory.Sequence(lambda n: f'ООО "Абонент {n}"')
    inn = "7712345671"
    kpp = factory.Sequence(lambda n: f"7712{n % 100:02d}001")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    number = factory.Sequence(lambda n: f"{1000 + n}-Т")
    signed_on = date(2025, 1, 1)
    valid_from = date(2025, 1, 1)
    status = Contract.Status.ACTIVE
    consumer = factory.SubFactory(ConsumerFactory)
    tariff_group = factory.SubFactory(TariffGroupFactory)
    advance1_percent = heat_supply_term("advance1_percent")
    advance1_day = heat_supply_term("advance1_day")
    advance2_percent = heat_supply_term("advance2_percent")
    final_payment_day = heat_supply_term("final_payment_day")


class DebtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debt

    contract = factory.SubFactory(ContractFactory)
    consumer = factory.SelfAttribute("contract.consumer")
    period = date(2026, 9, 1)
    kind = Debt.Kind.SINGLE
    amount = Decimal("10000.00")
    due_date = date(2026, 10, 10)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    contract = factory.SubFactory(ContractFactory)
    consumer = factory.SelfAttribute("contract.consumer")
    bank_key = factory.Sequence(lambda n: f"key-{n}")
    number = factory.Sequence(lambda n: str(100 + n))
    doc_date = date(2026, 10, 1)
    paid_on = factory.SelfAttribute("doc_date")
    amount = Decimal("1000.00")
    payer_inn = factory.SelfAttribute("consumer.inn")
    status = Payment.Status.MATCHED
    kind = Payment.Kind.PRINCIPAL


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    payment = factory.SubFactory(PaymentFactory)
    debt = factory.SubFactory(DebtFactory)
    consumer = factory.SelfAttribute("debt.consumer")
    amount = Decimal("1000.00")
    paid_on = factory.SelfAttribute("payment.paid_on")
