"""supply.services.recalculations over a month's end: each month's hours go to that month's line
under its own rule (ПП 354 for the house, hours × load for the shop); both months closed works
as well as a closed and an open one; a re-run duplicates nothing (docs/supply.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from billing.models import BillingPeriod, ChargeLine, Recalculation
from billing.services.periods import period_close
from regulations import quality
from supply.models import DispatchEntry
from supply.services.interruptions import (
    interruption_act_details,
    interruption_act_issue,
    interruption_decide,
    interruption_log,
    interruption_register,
    interruption_sign,
)
from supply.services.recalculations import interruption_recalculate

from .conftest import moment

pytestmark = pytest.mark.django_db


def approved(town, technician, manager, stop, restore):
    interruption = interruption_register(kind="emergency", service="heating", section=town.section, cause="разрыв",
                                         stopped_at=stop, actor=technician)
    interruption_log(interruption=interruption, kind=DispatchEntry.Kind.RESTORATION, happened_at=restore,
                     actor=technician)
    interruption_act_details(interruption=interruption, fault_side="supplier", faulty_section="ТК-1 — ТК-2",
                             faulty_section_owner="АО «ЭТСК»", outdoor_temperature=None, readings={},
                             actor=technician)
    interruption_act_issue(interruption=interruption, actor=technician)
    interruption_sign(interruption=interruption, actor=technician, signatures=[
        {"party": "supplier", "organization": "АО «ЭТСК»", "name": "Петров С.Н., мастер", "signed": True}])
    return interruption_decide(interruption=interruption, approve=True, comment="", actor=manager)


def charge(period, obj) -> Decimal:
    return sum((line.amount for line in ChargeLine.objects.filter(invoice__period=period, heated_object=obj,
                                                                   resource="heat_energy",
                                                                   kind=ChargeLine.Kind.CHARGE)), Decimal("0"))


def test_the_house_is_reduced_by_each_months_rule_with_both_months_closed(billed_december, town, technician,
                                                                           manager, run_period, billing_user,
                                                                           time_machine):
    """29.12.2025 20:00 – 02.01.2026 08:00: December 52 h (28 h over 24 × 0.15 % × 3 000.00 =
    126.00), January 32 h against January's own charge; not 84 h in December (270.00)."""
    world = billed_december
    run_period(world.january)
    period_close(period=world.january, actor=billing_user)
    time_machine.move_to(moment(date(2026, 2, 10), 10), tick=False)
    interruption = approved(town, technician, manager, moment(date(2025, 12, 29), 20), moment(date(2026, 1, 2), 8))
    interruption_recalculate(interruption=interruption, actor=manager)
    lines = list(Recalculation.objects.filter(source="supply", heated_object=world.house)
                 .order_by("corrected_period__month"))
    assert [(line.corrected_period.month, line.basis["act_hours"]) for line in lines] == [
        (date(2025, 12, 1), "52.00"), (date(2026, 1, 1), "32.00")]
    january_rule = quality.heating_reduction(monthly_charge=charge(world.january, world.house),
                                             interruptions=[quality.Interruption(Decimal("32"))])
    assert [line.amount for line in lines] == [Decimal("-126.00"), -january_rule.total]
    assert all(line.period == BillingPeriod.objects.get(month=date(2026, 2, 1)) for line in lines)  # the next run
    shop = Recalculation.objects.filter(source="supply", heated_object=world.shop).order_by("corrected_period__month")
    assert [line.quantity for line in shop] == [Decimal("-10.400"), Decimal("-6.400")]  # 52 h and 32 h × 0.2
    # re-approval's re-run: nothing new
    assert interruption_recalculate(interruption=interruption, actor=manager) == []
    assert Recalculation.objects.filter(source="supply").count() == 4


def test_a_single_month_interruption_is_unchanged(billed_december, town, technician, manager):
    interruption = approved(town, technician, manager, moment(date(2025, 12, 10), 6), moment(date(2025, 12, 11), 22))
    interruption_recalculate(interruption=interruption, actor=manager)
    house = Recalculation.objects.get(source="supply", heated_object=billed_december.house)
    assert (house.amount, house.corrected_period.month) == (Decimal("-72.00"), date(2025, 12, 1))
    assert interruption_recalculate(interruption=interruption, actor=manager) == []
