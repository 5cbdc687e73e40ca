"""Tariffs: dated, per group and resource, with the regulator's decision; history and audit."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from billing.models import Resource, Tariff
from billing.services.tariffs import tariff_create, tariff_update
from core.errors import ApplicationError

from ..factories import TariffGroupFactory

pytestmark = pytest.mark.django_db

DECISION = {"regulator": "РЭК Энской области", "decision_number": "45/2", "decision_date": date(2025, 12, 10)}


@pytest.fixture
def group():
    return TariffGroupFactory(code="БЮДЖ", name="Бюджетные потребители")


@pytest.mark.parametrize(
    ("resource", "structure", "rates"),
    [
        (Resource.HEAT_ENERGY, "one_part", {"energy_rate": Decimal("2612.40")}),
        (Resource.HEAT_ENERGY, "two_part", {"energy_rate": Decimal("1800.00"), "capacity_rate": Decimal("410000.00")}),
        (Resource.HEAT_CARRIER, "one_part", {"water_rate": Decimal("54.30")}),
        (Resource.HOT_WATER, "two_component", {"water_rate": Decimal("39.10"), "energy_rate": Decimal("2612.40"),
                                               "heat_per_m3": Decimal("0.0612")}),
    ],
)
def test_each_kind_of_tariff_is_created_with_its_decision_and_audited(group, billing_user, resource, structure, rates):
    tariff = tariff_create(
        actor=billing_user, tariff_group=group, resource=resource, structure=structure,
        valid_from=date(2026, 1, 1), **rates, **DECISION,
    )
    assert tariff.decision == "РЭК Энской области, приказ от 10.12.2025 № 45/2"
    assert tariff.history.count() == 1
    assert tariff.history.first().history_user == billing_user
    assert AuditEvent.objects.filter(action="billing.tariff.created", target_id=str(tariff.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"resource": Resource.HEAT_ENERGY, "structure": "one_part"}, "energy_rate"),
        ({"resource": Resource.HEAT_ENERGY, "structure": "two_part", "energy_rate": Decimal("1")}, "capacity_rate"),
        ({"resource": Resource.HEAT_CARRIER, "structure": "two_component", "water_rate": Decimal("1")}, "structure"),
        ({"resource": Resource.HEAT_CARRIER, "structure": "one_part", "water_rate": Decimal("1"),
          "energy_rate": Decimal("1")}, "energy_rate"),
        ({"resource": Resource.HEAT_ENERGY, "structure": "one_part", "energy_rate": Decimal("1"),
          "valid_from": date(2026, 1, 15)}, "valid_from"),
        ({"resource": Resource.HEAT_ENERGY, "structure": "one_part", "energy_rate": Decimal("1"),
          "valid_to": date(2026, 6, 15)}, "valid_to"),
        ({"resource": Resource.HEAT_ENERGY, "structure": "one_part", "energy_rate": Decimal("-1")}, "energy_rate"),
    ],
)
def test_a_tariff_that_does_not_fit_its_kind_is_refused_naming_the_field(group, billing_user, fields, field):
    values = {"valid_from": date(2026, 1, 1), **DECISION, **fields}
    with pytest.raises(ApplicationError) as refused:
        tariff_create(actor=billing_user, tariff_group=group, **values)
    assert field in refused.value.extra["errors"]
    assert not Tariff.objects.exists()


def test_tariffs_of_a_group_and_resource_do_not_overlap(group, billing_user):
    tariff_create(actor=billing_user, tariff_group=group, resource=Resource.HEAT_ENERGY, structure="one_part",
                  valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31), energy_rate=Decimal("2500"), **DECISION)
    with pytest.raises(ApplicationError, match="пересекается"):
        tariff_create(actor=billing_user, tariff_group=group, resource=Resource.HEAT_ENERGY, structure="one_part",
                      valid_from=date(2025, 7, 1), energy_rate=Decimal("2600"), **DECISION)
    # a hot-water tariff of the same dates is another resource: fine
    tariff_create(actor=billing_user, tariff_group=group, resource=Resource.HEAT_CARRIER, structure="one_part",
                  valid_from=date(2025, 7, 1), water_rate=Decimal("50"), **DECISION)


def test_a_change_keeps_history_and_names_what_changed(group, billing_user, admin_user):
    tariff = tariff_create(actor=billing_user, tariff_group=group, resource=Resource.HEAT_ENERGY, structure="one_part",
                           valid_from=date(2026, 1, 1), energy_rate=Decimal("2600.00"), **DECISION)
    tariff_update(tariff=tariff, actor=admin_user, energy_rate=Decimal("2650.00"))
    tariff.refresh_from_db()
    assert tariff.energy_rate == Decimal("2650.00")
    assert [h.energy_rate for h in tariff.history.order_by("history_date")] == [Decimal("2600.00"), Decimal("2650.00")]
    event = AuditEvent.objects.get(action="billing.tariff.changed")
    assert event.data == {"energy_rate": {"было": "2600.00", "стало": "2650.00"}}
