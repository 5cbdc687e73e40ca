"""factory_boy factories for case-file tests (the register and ledger rows come from settlements')."""

from __future__ import annotations

import factory

from casefiles.models import Case, Court
from tests.settlements.factories import (  # noqa: F401 — re-used by the case tests
    AllocationFactory,
    ConsumerFactory,
    ContractFactory,
    DebtFactory,
    OrganizationFactory,
    PaymentFactory,
)


class CourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    name = factory.Sequence(lambda n: f"Арбитражный суд города № {n}")
    kind = Court.Kind.ARBITRATION
    address = "г. Москва, ул. Большая Тульская, д. 17"
    duty_recipient = "Казначейство России (ФНС России)"
    duty_inn = "7727406020"
    duty_kpp = "770801001"
    duty_bank = "ОКЦ № 7 ГУ Банка России по ЦФО//УФК по Тульской области, г. Тула"
    duty_bik = "017003983"
    duty_account = "03100643000000018500"
    duty_correspondent_account = "40102810445370000059"
    duty_kbk = "18210801000011050110"
    duty_oktmo = "45000000"


class CaseFactory(factory.django.DjangoModelFactory):
    """A case row straight in the database (the services' own tests open cases through ``case_open``)."""

    class Meta:
        model = Case

    kind = Case.Kind.CLAIM
    consumer = factory.SubFactory(ConsumerFactory)
