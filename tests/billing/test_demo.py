"""The billing part of ``seed_demo``: tariffs, a winter of temperatures, two closed periods
and one open, all through the services."""

from datetime import date
from decimal import Decimal

import pytest

from billing import demo
from billing.models import BillingPeriod, BillingRun, Invoice, Recalculation, Tariff
from core.demo import REFERENCE_TODAY, DemoContext
from metering.models import OutdoorTemperature

from .factories import (
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    NetworkSectionFactory,
    TariffGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_the_demo_bills_two_closed_periods_and_previews_the_open_one(vat_rates, billing_user, time_machine):
    # given a small register (what the register's demo leaves)
    section = NetworkSectionFactory(code="СВ-01", city="Светлоборск")
    group = TariffGroupFactory(code="ПРОЧ")
    for n in range(3):
        obj = HeatedObjectFactory(network_section=section)
        HeatLoadFactory(heated_object=obj, valid_from=date(2025, 1, 1), heating=Decimal("0.3"),
                        hot_water_avg=Decimal("0.02") * n)
        ContractFactory(consumer=obj.consumer, objects_covered=[obj], valid_from=date(2025, 1, 1), tariff_group=group)
    time_machine.move_to(REFERENCE_TODAY)
    ctx = DemoContext(today=REFERENCE_TODAY)
    ctx.data["users"] = {"Расчетчик": billing_user}
    # when
    demo.seed(ctx)
    # then tariffs cover 2025–2026, a winter of temperatures exists, two periods are closed
    assert Tariff.objects.filter(tariff_group=group).count() == 9
    assert Tariff.objects.filter(tariff_group=group, valid_from__lte=date(2025, 1, 1)).exists()
    assert OutdoorTemperature.objects.filter(date__range=(date(2025, 12, 1), date(2026, 2, 28))).count() == 90
    closed = BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED).values_list("month", flat=True)
    assert sorted(closed) == [date(2026, 9, 1), date(2026, 10, 1)]
    assert Invoice.objects.filter(period__month=date(2026, 10, 1)).count() == 3
    november = BillingPeriod.objects.get(month=date(2026, 11, 1))
    assert not november.is_closed
    assert november.runs.get().status == BillingRun.Status.DONE
    # the preview charges every contract: the days not measured yet take the climate normal, an estimate
    run = november.runs.get()
    assert run.contracts_billed == run.contracts_total == 3 and run.contracts_with_problems == 0
    assert "26.11–30.11.2026" in run.estimate and "оценка" in run.estimate
    assert Recalculation.objects.filter(period=november, source="quality").exists()
    # and seeding again adds nothing
    demo.seed(ctx)
    assert Tariff.objects.filter(tariff_group=group).count() == 9
    assert BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED).count() == 2
    assert Recalculation.objects.filter(source="quality").count() == 1
