"""The register's demo: a small city through the services, with valid identifiers.

One seed (~10 s) serves every check: each ``check_*`` below is one property of it."""

from collections import Counter
from datetime import timedelta

import pytest
from simple_history.utils import get_history_model_for_model

from accounts.demo import seed as seed_users
from audit.models import AuditEvent
from core import identifiers
from core.demo import DemoContext
from subscribers import demo
from subscribers.models import Consumer, Contract, HeatedObject, HeatLoad, Organization

pytestmark = pytest.mark.django_db

Kind, Category = Consumer.Kind, Consumer.PenaltyCategory


def test_the_demo_city():
    # given the demo users
    ctx = DemoContext()
    seed_users(ctx)
    # when
    demo.seed(ctx)
    # then
    check_about_300_consumers_of_every_category_and_kind(ctx)
    check_every_identifier_has_valid_check_digits()
    check_our_organization_has_full_requisites_and_signatories()
    check_objects_with_dated_loads_and_contracts()
    check_payment_terms_follow_the_category()
    check_written_through_the_services_with_audit_and_history()
    # and seeding again adds nothing
    events = AuditEvent.objects.count()
    again = DemoContext()
    seed_users(again)
    demo.seed(again)
    assert AuditEvent.objects.count() == events
    assert "реестр уже заполнен" in again.notes[-1]


def check_about_300_consumers_of_every_category_and_kind(ctx):
    kinds = Counter(Consumer.objects.values_list("penalty_category", "kind"))
    assert 280 <= sum(kinds.values()) <= 320
    assert {category for category, _ in kinds} == set(Category.values)
    assert {kind for _, kind in kinds} == set(Kind.values)
    assert kinds[(Category.CITIZEN, Kind.CITIZEN)] >= 100
    assert kinds[(Category.OTHER, Kind.ENTREPRENEUR)] >= 30
    assert min(kinds[(c, Kind.LEGAL)] for c in (Category.OTHER, Category.HOA, Category.MANAGING_ORG,
                                               Category.BUDGET_44FZ)) >= 10
    assert f"Абоненты: {sum(kinds.values())} абонентов" in ctx.notes[-1]


def check_every_identifier_has_valid_check_digits():
    for consumer in Consumer.objects.all():
        consumer.full_clean()  # the model's own rules: required identifiers per kind, each validated
        if consumer.kind == Kind.LEGAL:
            assert identifiers.is_valid_inn(consumer.inn) and len(consumer.inn) == 10
            assert identifiers.is_valid_kpp(consumer.kpp) and consumer.kpp[:4] == consumer.inn[:4]
            assert identifiers.is_valid_ogrn(consumer.ogrn)
        elif consumer.kind == Kind.ENTREPRENEUR:
            assert identifiers.is_valid_inn(consumer.inn) and len(consumer.inn) == 12
            assert identifiers.is_valid_ogrnip(consumer.ogrnip)
        else:
            assert not consumer.inn or identifiers.is_valid_inn(consumer.inn)
            assert not consumer.snils or identifiers.is_valid_snils(consumer.snils)
            assert consumer.birth_date and consumer.last_name and consumer.middle_name
    citizens = Consumer.objects.filter(kind=Kind.CITIZEN)
    assert citizens.exclude(snils="").count() > citizens.count() // 2
    inns = [inn for inn in Consumer.objects.exclude(inn="").values_list("inn", flat=True)]
    assert len(inns) == len(set(inns))


def check_our_organization_has_full_requisites_and_signatories():
    organization = Organization.objects.get()
    organization.full_clean()
    assert identifiers.is_valid_inn(organization.inn) and identifiers.is_valid_ogrn(organization.ogrn)
    # the settlement account's key digit matches the БИК (ЦБ РФ weights 7-1-3)
    digits = organization.bik[-3:] + organization.settlement_account
    assert sum(int(d) * (7, 1, 3)[i % 3] for i, d in enumerate(digits)) % 10 == 0
    signatories = list(organization.signatories.all())
    head = next(s for s in signatories if s.is_head)
    assert head.authority_basis == "charter" and head.active
    by_poa = [s for s in signatories if s.authority_basis == "poa"]
    assert by_poa and all(s.poa_number and s.poa_date for s in by_poa)
    assert any(not s.active for s in signatories)  # an expired power of attorney stays in history


def check_objects_with_dated_loads_and_contracts():
    objects = HeatedObject.objects.all()
    assert 380 <= objects.count() <= 450
    assert not objects.filter(loads__isnull=True).exists()
    assert set(objects.values_list("network_section__city", flat=True)) == {demo.CITY}
    # a revised load closes the earlier one the day before
    revised = HeatLoad.objects.filter(valid_to__isnull=False)
    assert revised.count() >= 20
    for load in revised[:5]:
        following = HeatLoad.objects.get(heated_object=load.heated_object, valid_to__isnull=True)
        assert following.valid_from == load.valid_to + timedelta(days=1)
    assert not objects.filter(contracts__isnull=True).exists()
    statuses = Counter(Contract.objects.values_list("status", flat=True))
    assert set(statuses) == set(Contract.Status.values)
    assert statuses[Contract.Status.ACTIVE] > 0.9 * sum(statuses.values())
    # terminated contracts' consumers are no longer active
    assert not Consumer.objects.filter(contracts__status=Contract.Status.TERMINATED, is_active=True).exists()


PAYMENT_TERMS = {
    Category.OTHER: (Contract.PaymentScheme.PP808, 10),
    Category.CITIZEN: (Contract.PaymentScheme.CITIZEN, 15),
    Category.MANAGING_ORG: (Contract.PaymentScheme.MANAGING_ORG, 15),
    Category.HOA: (Contract.PaymentScheme.MANAGING_ORG, 15),
    Category.BUDGET_44FZ: (Contract.PaymentScheme.CUSTOM, 10),
}


def check_payment_terms_follow_the_category():
    for category, expected in PAYMENT_TERMS.items():
        terms = set(Contract.objects.filter(consumer__penalty_category=category)
                    .values_list("payment_scheme", "final_payment_day"))
        assert terms == {expected}, category


def check_written_through_the_services_with_audit_and_history():
    events = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert events["consumer.created"] == Consumer.objects.count()
    assert events["heated_object.created"] == HeatedObject.objects.count()
    assert events["heat_load.created"] == HeatLoad.objects.count()
    assert events["contract.created"] == Contract.objects.count()
    assert events["organization.created"] == 1
    assert get_history_model_for_model(Contract).objects.count() >= Contract.objects.count()

