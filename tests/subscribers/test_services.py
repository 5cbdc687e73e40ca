from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import ApplicationError
from core.permissions import PERMISSION_DENIED
from subscribers import services
from subscribers.models import Consumer, Contract, HeatLoad

from .factories import (
    CitizenFactory,
    ConsumerFactory,
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    TariffGroupFactory,
    legal_inn,
    ogrn,
)

pytestmark = pytest.mark.django_db


def legal_fields(n: int = 1, **extra):
    return {
        "kind": Consumer.Kind.LEGAL,
        "penalty_category": Consumer.PenaltyCategory.OTHER,
        "name": f"ООО «Тест {n}»",
        "inn": legal_inn(9000 + n),
        "kpp": "352501001",
        "ogrn": ogrn(9000 + n),
        **extra,
    }


# --- consumers -----------------------------------------------------------------------------


def test_consumer_create_assigns_the_next_number_and_records_who(billing):
    # given a consumer numbered 100041 already
    ConsumerFactory(code="100041")
    # when
    consumer = services.consumer_create(actor=billing, **legal_fields())
    # then
    assert consumer.code == "100042"
    assert consumer.history.get().history_user == billing


def test_consumer_create_refuses_a_wrong_inn_checksum_and_writes_nothing(billing):
    # when / then
    with pytest.raises(ApplicationError) as exc:
        services.consumer_create(actor=billing, **legal_fields(inn="7707083894"))
    assert exc.value.field == "inn"
    assert exc.value.extra["errors"]["inn"] == ["ИНН 7707083894: неверная контрольная сумма"]
    assert not Consumer.objects.exists()


def test_a_technician_may_not_create_a_consumer(technician):
    with pytest.raises(ApplicationError) as refused:
        services.consumer_create(actor=technician, **legal_fields())
    assert refused.value.code == PERMISSION_DENIED


def test_a_citizen_gets_the_citizen_category_and_a_name_from_the_full_name():
    # when
    consumer = services.consumer_create(
        kind=Consumer.Kind.CITIZEN, last_name="Белов", first_name="Николай", middle_name="Петрович",
        snils="13579246894",
    )
    # then
    assert consumer.penalty_category == Consumer.PenaltyCategory.CITIZEN
    assert consumer.name == "Белов Николай Петрович"
    assert consumer.snils == "135-792-468 94"


def test_an_update_that_changes_nothing_writes_no_history(billing):
    # given
    consumer = ConsumerFactory(name="ООО «Ромашка»")
    versions = consumer.history.count()
    # when the same values come again (a decimal or a string with spaces the same)
    services.consumer_update(consumer=consumer, actor=billing, name=" ООО «Ромашка» ", kpp="352501001")
    # then
    assert consumer.history.count() == versions


def test_an_update_records_the_change_in_history_and_the_audit_trail(billing):
    # given
    consumer = ConsumerFactory(name="ООО «Ромашка»")
    # when
    services.consumer_update(consumer=consumer, actor=billing, name="ООО «Василек»")
    # then
    latest = consumer.history.first()
    assert latest.history_type == "~" and latest.history_user == billing
    assert latest.diff_against(latest.prev_record).changed_fields == ["name"]
    event = AuditEvent.objects.get(action="consumer.updated")
    assert event.actor == billing and event.target_id == str(consumer.pk)
    assert event.data == {"name": {"было": "ООО «Ромашка»", "стало": "ООО «Василек»"}}


def test_an_update_that_changes_nothing_leaves_no_audit_event(billing):
    consumer = ConsumerFactory()
    services.consumer_update(consumer=consumer, actor=billing, name=consumer.name)
    assert not AuditEvent.objects.filter(action="consumer.updated").exists()


def test_every_creation_is_audited(billing):
    consumer = services.consumer_create(actor=billing, **legal_fields())
    heated_object = services.heated_object_create(
        consumer=consumer, actor=billing, name="Склад", address="ул. Мира, 1", purpose="non_residential"
    )
    services.heat_load_create(heated_object=heated_object, actor=billing, valid_from=date(2026, 1, 1))
    services.contract_create(
        consumer=consumer, actor=billing, number="ТС-9/26", signed_on=date(2026, 1, 1), valid_from=date(2026, 1, 1),
        tariff_group=TariffGroupFactory(), objects_covered=[heated_object],
    )
    actions = list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True))
    assert actions == ["consumer.created", "heated_object.created", "heat_load.created", "contract.created"]


def test_an_unknown_field_is_a_programming_error(billing):
    consumer = ConsumerFactory()
    with pytest.raises(TypeError):
        services.consumer_update(consumer=consumer, actor=billing, colour="red")


# --- objects and loads ---------------------------------------------------------------------


def test_object_codes_follow_the_consumer_number(billing):
    consumer = ConsumerFactory(code="100007")
    first = services.heated_object_create(
        consumer=consumer, actor=billing, name="Склад", address="ул. Мира, 1", purpose="non_residential"
    )
    second = services.heated_object_create(
        consumer=consumer, actor=billing, name="Офис", address="ул. Мира, 2", purpose="non_residential"
    )
    assert (first.code, second.code) == ("100007-01", "100007-02")


def test_a_new_load_closes_the_open_one_the_day_before(technician):
    # given a load open since 01.01.2025
    old = HeatLoadFactory(valid_from=date(2025, 1, 1))
    # when a technician records the load from 01.10.2026
    new = services.heat_load_create(
        heated_object=old.heated_object, actor=technician, valid_from=date(2026, 10, 1), heating=Decimal("0.2")
    )
    # then
    old.refresh_from_db()
    assert old.valid_to == date(2026, 9, 30)
    assert new.valid_to is None
    assert HeatLoad.objects.filter(heated_object=old.heated_object).count() == 2


def test_a_load_that_overlaps_a_later_one_is_refused(technician):
    load = HeatLoadFactory(valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    with pytest.raises(ApplicationError) as exc:
        services.heat_load_create(heated_object=load.heated_object, actor=technician, valid_from=date(2026, 6, 1),
                                  valid_to=date(2026, 7, 1))
    assert exc.value.field == "valid_from" and "пересекается" in exc.value.message


def test_hot_water_maximum_below_average_is_refused(technician):
    heated_object = HeatedObjectFactory()
    with pytest.raises(ApplicationError) as exc:
        services.heat_load_create(heated_object=heated_object, actor=technician, valid_from=date(2026, 1, 1),
                                  hot_water_avg=Decimal("0.1"), hot_water_max=Decimal("0.05"))
    assert exc.value.field == "hot_water_max"


# --- contracts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "scheme", "advance1", "final_day"),
    [
        (Consumer.PenaltyCategory.OTHER, Contract.PaymentScheme.PP808, Decimal("35"), 10),
        (Consumer.PenaltyCategory.HOA, Contract.PaymentScheme.PP808, Decimal("35"), 10),
        (Consumer.PenaltyCategory.MANAGING_ORG, Contract.PaymentScheme.MANAGING_ORG, Decimal("0"), 15),
    ],
)
def test_a_new_contract_gets_the_payment_terms_of_the_consumer_category(billing, category, scheme, advance1, final_day):
    consumer = ConsumerFactory(penalty_category=category)
    contract = services.contract_create(
        consumer=consumer, actor=billing, number="ТС-1/26", signed_on=date(2026, 1, 10),
        valid_from=date(2026, 1, 1), tariff_group=TariffGroupFactory(),
    )
    assert (contract.payment_scheme, contract.advance1_percent, contract.final_payment_day) == (scheme, advance1, final_day)


def test_a_new_contracts_terms_follow_the_dated_reference_data(billing):
    from reference.models import HeatSupplyPaymentTerms, PaymentDueDay

    # given new rules in force from yesterday
    today = timezone.localdate()
    PaymentDueDay.objects.create(payer="managing_org", valid_from=today - timedelta(days=1), day=20, norm="ПП № 124 (новая)")
    HeatSupplyPaymentTerms.objects.create(
        valid_from=today - timedelta(days=1), first_share_percent=Decimal("30"), first_day=20,
        second_share_percent=Decimal("40"), final_day=12, norm="ПП № 808 п. 35 (новая)",
    )
    # when contracts are registered without terms of their own
    def register(category, number):
        return services.contract_create(
            consumer=ConsumerFactory(penalty_category=category), actor=billing, number=number,
            signed_on=date(2026, 1, 10), valid_from=date(2026, 1, 1), tariff_group=TariffGroupFactory(),
        )

    uk, company = register(Consumer.PenaltyCategory.MANAGING_ORG, "ТС-3/26"), register(Consumer.PenaltyCategory.OTHER, "ТС-4/26")
    # then they take the rules in force today
    assert (uk.payment_scheme, uk.final_payment_day) == (Contract.PaymentScheme.MANAGING_ORG, 20)
    assert (company.advance1_percent, company.advance1_day, company.advance2_percent, company.final_payment_day) == (
        Decimal("30"), 20, Decimal("40"), 12)


def test_without_payment_terms_in_force_a_contract_is_refused_by_name(billing):
    from reference.models import HeatSupplyPaymentTerms

    HeatSupplyPaymentTerms.objects.all().delete()
    with pytest.raises(ApplicationError) as exc:
        services.default_payment_terms(ConsumerFactory())
    assert (exc.value.code, exc.value.field) == ("payment_terms_missing", "payment_scheme")


def test_a_citizens_contract_is_paid_under_the_housing_code(billing):
    contract = services.contract_create(
        consumer=CitizenFactory(), actor=billing, number="ТС-2/26", signed_on=date(2026, 1, 10),
        valid_from=date(2026, 1, 1), tariff_group=TariffGroupFactory(code="НАС", name="Население"),
    )
    assert contract.payment_scheme == Contract.PaymentScheme.CITIZEN
    assert contract.advance1_percent == contract.advance2_percent == 0


def test_a_technician_may_not_change_money_terms(technician):
    # given
    contract = ContractFactory()
    other_group = TariffGroupFactory(code="БЮДЖ", name="Бюджетные")
    # when / then
    with pytest.raises(ApplicationError, match="тарифная группа") as refused:
        services.contract_update(contract=contract, actor=technician, tariff_group=other_group)
    assert refused.value.code == PERMISSION_DENIED
    with pytest.raises(ApplicationError, match="первый авансовый платеж") as refused:
        services.contract_update(contract=contract, actor=technician, advance1_percent=Decimal("40"))
    assert refused.value.code == PERMISSION_DENIED
    contract.refresh_from_db()
    assert contract.tariff_group.code == "ПРОЧ" and contract.advance1_percent == Decimal("35")


def test_a_technician_may_change_the_balance_boundary_and_resend_unchanged_money_terms(technician):
    contract = ContractFactory()
    services.contract_update(
        contract=contract, actor=technician, balance_boundary="по фланцам задвижек в ТК-12",
        tariff_group=contract.tariff_group, advance1_percent="35.00",
    )
    contract.refresh_from_db()
    assert contract.balance_boundary == "по фланцам задвижек в ТК-12"


@pytest.mark.parametrize(("field", "value", "label"), [
    ("status", Contract.Status.TERMINATED, "статус"),
    ("valid_from", date(2020, 1, 1), "действует с"),
    ("valid_to", date(2026, 12, 31), "действует по"),
    ("auto_renewal", False, "пролонгация"),
    ("number", "Т-999", "номер"),
    ("signed_on", date(2020, 1, 1), "дата договора"),
])
def test_a_technician_may_not_change_the_terms_that_decide_billing(technician, field, value, label):
    # given
    contract = ContractFactory(status=Contract.Status.ACTIVE)
    before = {f: getattr(contract, f) for f in Contract.TERMS_FIELDS}
    # when / then
    with pytest.raises(ApplicationError, match=f"Условия договора \\({label}\\)") as refused:
        services.contract_update(contract=contract, actor=technician, balance_boundary="по фланцам", **{field: value})
    assert refused.value.code == PERMISSION_DENIED
    contract.refresh_from_db()
    assert {f: getattr(contract, f) for f in Contract.TERMS_FIELDS} == before
    assert contract.balance_boundary != "по фланцам"


def test_a_technician_may_resend_the_terms_unchanged(technician):
    contract = ContractFactory(status=Contract.Status.ACTIVE)
    services.contract_update(
        contract=contract, actor=technician, status="active", number=contract.number, note="осмотрен узел",
    )
    contract.refresh_from_db()
    assert contract.note == "осмотрен узел"


def test_billing_changes_a_contract_status(billing):
    contract = ContractFactory(status=Contract.Status.ACTIVE)
    services.contract_update(contract=contract, actor=billing, status=Contract.Status.TERMINATED)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.TERMINATED


def test_billing_changes_money_terms(billing):
    contract = ContractFactory()
    services.contract_update(contract=contract, actor=billing, advance1_percent=Decimal("30"))
    contract.refresh_from_db()
    assert contract.advance1_percent == Decimal("30")


def test_a_contract_covers_only_the_consumers_own_objects(billing):
    contract = ContractFactory()
    strangers_object = HeatedObjectFactory()
    with pytest.raises(ApplicationError) as exc:
        services.contract_update(contract=contract, actor=billing, objects_covered=[strangers_object])
    assert (exc.value.code, exc.value.field) == ("foreign_object", "objects_covered")


def test_covering_an_object_twice_changes_nothing(billing):
    heated_object = HeatedObjectFactory()
    contract = ContractFactory(consumer=heated_object.consumer)
    assert services.contract_cover_object(contract=contract, heated_object=heated_object, actor=billing) is True
    versions = contract.history.count()
    assert services.contract_cover_object(contract=contract, heated_object=heated_object, actor=billing) is False
    assert contract.history.count() == versions


def test_the_admins_new_contract_starts_from_the_reference_terms(client, administrator):
    from reference.models import HeatSupplyPaymentTerms

    client.force_login(administrator)
    HeatSupplyPaymentTerms.objects.create(
        valid_from=timezone.localdate(), first_share_percent=Decimal("30"), first_day=20,
        second_share_percent=Decimal("40"), final_day=12, norm="ПП № 808 п. 35 (новая)",
    )
    form = client.get("/admin/subscribers/contract/add/").context["adminform"].form
    assert (form.initial["advance1_percent"], form.initial["advance1_day"], form.initial["final_payment_day"]) == (
        Decimal("30"), 20, 12)
