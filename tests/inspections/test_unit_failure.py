"""An accepted unmetered act of a metered consumer (issue 15, item 3): the unit is faulty from the
act's date or from the failure in the device's archive; the month in progress bills those days
by calculation; a closed month gets a recalculation naming the act. Contract-less acts and acts
without a unit change nothing; accepting twice changes nothing more."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from billing.models import BillingPeriod, ChargeLine, Method, Recalculation
from billing.services.periods import period_close
from core.errors import ApplicationError
from inspections.models import FieldInspection, ViolationAct
from inspections.services.acts import act_accept, act_fill, act_issue
from inspections.services.unit_failure import act_unit_faulty
from metering.models import UnitStatus, UnitStatusChange
from metering.selectors import unit_status_intervals
from tests.billing.conftest import (  # noqa: F401 — the billing world: a town, tariffs, a contract, the run
    billing_user,
    group,
    make_contract,
    run_period,
    town,
    vat_rates,
    winter,
)
from tests.billing.factories import BillingPeriodFactory
from tests.metering.factories import MeteringUnitFactory, ReadingFactory, StatusChangeFactory

from . import samples

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 20)  # December 2025 closed, January 2026 in progress (the billing town's season)
FOUND = date(2026, 1, 12)
DECEMBER, JANUARY = date(2025, 12, 1), date(2026, 1, 1)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY)
    return TODAY


@pytest.fixture
def metered(town, make_contract, organization):  # noqa: F811 — the billing fixtures
    """A contract (heating 0.2 Гкал/ч) whose object has a unit commercial since 2024, December's
    temperatures in."""
    town.temperatures(winter(DECEMBER, date(2026, 1, 31)))
    contract, obj = make_contract(heating="0.2")
    unit = MeteringUnitFactory(heated_object=obj, purpose="heating")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    return contract, unit


def accepted(unit, technician, lawyer, *, kind=ViolationAct.Kind.UNMETERED, **changes) -> ViolationAct:
    inspection = FieldInspection.objects.create(source=FieldInspection.Source.METER_READER, unit=unit,
                                                heated_object=unit.heated_object, address=unit.heated_object.address)
    if kind == ViolationAct.Kind.UNMETERED:
        data = samples.unmetered(FOUND, unit.heated_object.consumer, **changes)
    else:
        data = samples.contractless(FOUND, **changes)
    act = act_fill(inspection=inspection, data=data, actor=technician)
    act_issue(act=act, actor=technician)
    act = act_accept(act=act, actor=lawyer)
    act.refresh_from_db()
    return act


def test_the_unit_is_faulty_from_the_act_and_the_month_in_progress_bills_those_days_by_calculation(
        metered, technician, lawyer, archive_dir, run_period, time_machine):  # noqa: F811
    contract, unit = metered
    # when the lawyer accepts the act of a broken seal found on 12.01.2026
    act = accepted(unit, technician, lawyer)
    # then the unit is faulty from the act's date, the act named as the reason
    intervals = unit_status_intervals(unit, JANUARY, date(2026, 1, 31))
    assert [(s.status, s.start, s.end) for s in intervals] == [
        (UnitStatus.COMMERCIAL, JANUARY, FOUND - timedelta(days=1)),
        (UnitStatus.FAULTY, FOUND, date(2026, 1, 31)),
    ]
    title = f"акт о безучетном потреблении № {act.document.number} от 12.01.2026"
    assert intervals[1].reason.startswith(title) and intervals[1].basis == "дата акта"
    event = AuditEvent.objects.get(action="inspection.act_unit_faulty", target_id=act.pk)
    assert event.data["unit"] == unit.number and event.data["recalculations"] == []
    assert not Recalculation.objects.exists()  # no month closed since the failure
    # and when January is billed after the month with its reading in
    time_machine.move_to(date(2026, 2, 2))
    ReadingFactory(unit=unit, period=JANUARY, q=Decimal("20.000"))
    run_period(BillingPeriodFactory(month=JANUARY))
    # the days from the act on are calculated, naming it; the days before metered
    lines = ChargeLine.objects.filter(invoice__contract=contract, invoice__period__month=JANUARY)
    calculated = [line for line in lines if line.method == Method.CALCULATION]
    metered_lines = [line for line in lines if line.method == Method.METER]
    assert [(line.date_from, line.date_to) for line in calculated] == [(FOUND, date(2026, 1, 31))]
    assert calculated[0].basis["reason"] == "faulty" and title in calculated[0].basis["reason_text"]
    assert len(metered_lines) == 1 and metered_lines[0].basis["days"] == 11


def test_a_failure_in_a_closed_month_queues_its_recalculation_naming_the_act(
        metered, technician, lawyer, archive_dir, run_period, billing_user):  # noqa: F811
    contract, unit = metered
    # given December billed by its meter and closed, January open
    ReadingFactory(unit=unit, period=DECEMBER, q=Decimal("50.000"))
    december = BillingPeriodFactory(month=DECEMBER)
    run_period(december)
    period_close(period=december, actor=billing_user)
    january = BillingPeriodFactory(month=JANUARY)
    # when the act recording the archive's failure on 20.12.2025 is accepted
    act = accepted(unit, technician, lawyer, failed_on=date(2025, 12, 20), failure_at="20.12.2025 03:15")
    # then the unit is faulty from the failure, and December's recomputation is queued for January
    assert [(s.status, s.start) for s in unit_status_intervals(unit, DECEMBER, date(2025, 12, 31))] == [
        (UnitStatus.COMMERCIAL, DECEMBER), (UnitStatus.FAULTY, date(2025, 12, 20))]
    change = UnitStatusChange.objects.get(unit=unit, status=UnitStatus.FAULTY)
    assert change.effective_from == date(2025, 12, 20) and change.basis == "отказ по архиву прибора (20.12.2025 03:15)"
    queued = Recalculation.objects.get()
    assert (queued.contract, queued.corrected_period, queued.period, queued.source) == (
        contract, december, january, "inspections")
    assert queued.get_source_display() == "акт о безучетном потреблении"
    assert queued.reason == (f"Узел учета № {unit.number} неисправен с 20.12.2025: "
                             f"акт о безучетном потреблении № {act.document.number} от 12.01.2026")
    assert queued.amount != 0
    # and accepting again is refused and the service again adds nothing
    with pytest.raises(ApplicationError) as caught:
        act_accept(act=act, actor=lawyer)
    assert caught.value.code == "invalid_state"
    assert act_unit_faulty(act=act, actor=lawyer) is None
    assert Recalculation.objects.count() == 1
    assert UnitStatusChange.objects.filter(unit=unit).count() == 2
    assert AuditEvent.objects.filter(action="inspection.act_unit_faulty").count() == 1
    assert BillingPeriod.objects.get(pk=december.pk).status == BillingPeriod.Status.CLOSED


def test_a_contractless_act_and_an_act_without_a_unit_change_nothing(metered, technician, lawyer, archive_dir):
    _, unit = metered
    # a contract-less act at the unit's object
    act = accepted(unit, technician, lawyer, kind=ViolationAct.Kind.CONTRACTLESS)
    assert act.status == ViolationAct.Status.ACCEPTED
    # an unmetered act whose inspection names no unit
    inspection = FieldInspection.objects.create(source=FieldInspection.Source.DISPATCHER,
                                                heated_object=unit.heated_object, address="ул. Мира, д. 5")
    other = act_fill(inspection=inspection, data=samples.unmetered(FOUND, unit.heated_object.consumer),
                     actor=technician)
    act_issue(act=other, actor=technician)
    act_accept(act=other, actor=lawyer)
    assert UnitStatusChange.objects.filter(unit=unit).count() == 1
    assert unit_status_intervals(unit, JANUARY, TODAY)[0].status == UnitStatus.COMMERCIAL
    assert not Recalculation.objects.exists()
    assert not AuditEvent.objects.filter(action="inspection.act_unit_faulty").exists()


def test_a_failure_after_the_act_is_refused_naming_the_field(metered, technician):
    _, unit = metered
    inspection = FieldInspection.objects.create(source=FieldInspection.Source.METER_READER, unit=unit,
                                                heated_object=unit.heated_object, address=unit.heated_object.address)
    with pytest.raises(ApplicationError) as caught:
        act_fill(inspection=inspection, actor=technician,
                 data=samples.unmetered(FOUND, unit.heated_object.consumer, failed_on=FOUND + timedelta(days=1)))
    assert caught.value.field == "failed_on"
    assert not ViolationAct.objects.exists()
