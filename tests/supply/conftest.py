"""Supply fixtures: December 2025 billed and closed for a residential house (heating charged
3 000.00, hot water 1 200.00: the worked examples of ПП 354 прил. 1 in regulations/quality.py) and a shop without a
meter (heating by the contract load 0.2 Гкал/ч), January 2026 open; the clock on 20.01.2026."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import MANAGER, TECHNICIAN
from billing.models import ChargeLine
from billing.services.periods import period_close
from subscribers.models import HeatedObject
from tests.billing.conftest import (  # noqa: F401
    billing_user,
    group,
    make_contract,
    period_dec,
    run_period,
    town,
    vat_rates,
    winter,
)
from tests.billing.factories import BillingPeriodFactory
from tests.billing.invoices.conftest import archive_dir, organization  # noqa: F401

TODAY = date(2026, 1, 20)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class World:
    house: HeatedObject
    house_contract: object
    shop: HeatedObject
    shop_contract: object
    december: object
    january: object


@pytest.fixture
def now(time_machine):
    time_machine.move_to(moment(TODAY, 10), tick=False)
    return TODAY


@pytest.fixture
def technician(make_user):
    return make_user(TECHNICIAN, first_name="Сергей", last_name="Петров")


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER, first_name="Ирина", last_name="Волкова")


@pytest.fixture
def billed_december(now, town, make_contract, period_dec, run_period, billing_user, organization) -> World:  # noqa: F811
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    house_contract, house = make_contract(heating="0.3", hot_water="0.05")
    HeatedObject.objects.filter(pk=house.pk).update(purpose=HeatedObject.Purpose.RESIDENTIAL)
    house.refresh_from_db()
    shop_contract, shop = make_contract(heating="0.2")
    run = run_period(period_dec)
    # the worked examples' month charges (regulations/quality.py): heating 3 000.00, hot water 1 200.00
    lines = ChargeLine.objects.filter(invoice__period=period_dec, heated_object=house)
    heating = lines.filter(resource="heat_energy").order_by("-amount").first()
    assert heating is not None, f"the house was not billed: {list(run.problems.values_list('code', 'message'))}"
    lines.filter(resource="heat_energy").exclude(pk=heating.pk).update(amount=Decimal("0.00"))
    ChargeLine.objects.filter(pk=heating.pk).update(amount=Decimal("3000.00"))
    water = lines.filter(resource="hot_water").order_by("-amount").first()
    lines.filter(resource="hot_water").exclude(pk=water.pk).update(amount=Decimal("0.00"))
    ChargeLine.objects.filter(pk=water.pk).update(amount=Decimal("1200.00"))
    period_close(period=period_dec, actor=billing_user)
    january = BillingPeriodFactory(month=date(2026, 1, 1))
    return World(house, house_contract, shop, shop_contract, period_dec, january)


def approved_case(world: World, technician, manager, *, obj=None, service="heating", value="15"):
    """A complaint of 10.12.2025 08:00 restored 12.12.2025 10:00 (50 h) at ``value`` °C, through
    the services the flow's steps call, its act approved and its recalculation queued."""
    from supply.services.quality import (
        Measurement,
        Point,
        quality_act_decide,
        quality_act_issue,
        quality_case_measure,
        quality_case_register,
        quality_recalculate,
    )

    case = quality_case_register(heated_object=obj or world.house, source="complaint", service=service,
                                 complaint_number="Д-2025/0153", complaint_at=moment(date(2025, 12, 10), 8),
                                 complaint_text="холодно", actor=technician)
    case = quality_case_measure(case=case, actor=technician, data=Measurement(
        checked_at=moment(date(2025, 12, 10), 11, 30), participants="Петров С.Н., инженер",
        thermometer_model="Testo 905-T1", thermometer_number="45123987", thermometer_verified_on=date(2025, 3, 15),
        thermometer_valid_until=date(2026, 3, 14), points=[Point("кв. 15, комната", Decimal(value))],
        outdoor_c=Decimal("-18"), supply_c=Decimal("68"), return_c=Decimal("45"), supply_pressure_mpa=Decimal("0.55"),
        return_pressure_mpa=Decimal("0.38"), period="day", restored_at=moment(date(2025, 12, 12), 10),
        conclusion="ниже норматива"))
    case = quality_act_issue(case=case, actor=technician)
    case = quality_act_decide(case=case, approve=True, comment="", actor=manager)
    quality_recalculate(case=case, actor=manager)
    return case
