"""A reading accepted for a month billing has closed queues its recalculation by itself
(metering hook ``reading_accepted`` → ``billing.tasks.recalculate_late_reading``)."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.roles import TECHNICIAN
from audit.models import AuditEvent
from billing.models import ChargeLine, Recalculation
from billing.services.periods import period_close
from billing.services.recalculations import recalculation_recompute
from billing.tasks import recalculate_late_reading
from metering.models import ReadingStatus
from metering.services.readings import reading_record, reading_review

from ..conftest import winter
from ..factories import (
    BillingPeriodFactory,
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

DECEMBER = {"q": Decimal("50.000"), "m1": Decimal("900.000"), "m2": Decimal("899.000"),
            "t1": Decimal("85.00"), "t2": Decimal("55.00"), "operating_hours": Decimal("744.00")}


@pytest.fixture
def closed_without_reading(town, make_contract, period_dec, run_period, billing_user):
    """December billed by calculation (no reading yet) and closed; January open."""
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    contract, obj = make_contract(heating="0.2")
    unit = MeteringUnitFactory(heated_object=obj, purpose="heating")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    run_period(period_dec)
    period_close(period=period_dec, actor=billing_user)
    return contract, unit, BillingPeriodFactory(month=date(2026, 1, 1))


@pytest.fixture
def accept(eager_celery, django_capture_on_commit_callbacks, make_user):
    """Record a reading the way the entry form and the import do; hooks run after commit."""

    def record(unit, period, **values):
        with django_capture_on_commit_callbacks(execute=True):
            return reading_record(
                unit=unit, period=period, source="consumer", values={**DECEMBER, **values}, actor=make_user()
            )

    return record


def test_a_late_reading_accepted_for_a_closed_month_queues_its_recalculation(
    closed_without_reading, period_dec, accept
):
    contract, unit, january = closed_without_reading
    calculated = ChargeLine.objects.get(invoice__period=period_dec)
    reading = accept(unit, date(2025, 12, 1))
    assert reading.status == ReadingStatus.ACCEPTED
    queued = Recalculation.objects.get()
    assert (queued.contract, queued.corrected_period, queued.corrected_line, queued.period, queued.source) == (
        contract, period_dec, calculated, january, "metering"
    )
    assert queued.quantity == Decimal("50.000") - calculated.quantity
    assert queued.reason == f"Поступили показания узла учета № {unit.number} за 12.2025"
    assert queued.created_by.username == "system"


def test_the_same_acceptance_twice_queues_one_recalculation(closed_without_reading, period_dec, accept, billing_user):
    contract, unit, _ = closed_without_reading
    reading = accept(unit, date(2025, 12, 1))
    # the hook delivered again, and a recomputation by hand since: nothing more to queue
    assert recalculate_late_reading(reading.pk) == 0
    assert recalculation_recompute(contract=contract, period=period_dec, actor=billing_user, reason="проверка") == []
    assert Recalculation.objects.count() == 1


def test_a_cancelled_recalculation_is_queued_again_by_the_next_recomputation(
    closed_without_reading, period_dec, accept, billing_user
):
    contract, unit, _ = closed_without_reading
    accept(unit, date(2025, 12, 1))
    first = Recalculation.objects.get()
    first.cancelled_at = first.created_at
    first.save(update_fields=["cancelled_at"])
    [again] = recalculation_recompute(contract=contract, period=period_dec, actor=billing_user, reason="повторно")
    assert again.amount == first.amount


def test_a_flagged_reading_accepted_on_review_queues_its_recalculation(
    closed_without_reading, period_dec, eager_celery, django_capture_on_commit_callbacks, make_user
):
    _, unit, january = closed_without_reading
    reading = ReadingFactory(unit=unit, period=date(2025, 12, 1), status=ReadingStatus.FLAGGED, **DECEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        reading_review(reading=reading, accept=True, comment="проверено", actor=make_user(TECHNICIAN))
    assert Recalculation.objects.get().period == january


def test_a_reading_for_an_open_month_queues_nothing(closed_without_reading, accept):
    _, unit, _ = closed_without_reading
    accept(unit, date(2026, 1, 1))
    assert not Recalculation.objects.exists()


def test_a_contract_that_cannot_be_recomputed_is_left_with_an_audit_event(
    closed_without_reading, period_dec, accept
):
    from billing.models import Tariff

    _, unit, _ = closed_without_reading
    # December's tariff gone from the reference data since (moved past it, bypassing its checks)
    Tariff.objects.filter(valid_to=date(2025, 12, 31)).update(valid_from=date(2026, 12, 1))
    reading = accept(unit, date(2025, 12, 1))
    assert not Recalculation.objects.exists()
    event = AuditEvent.objects.get(action="billing.recalculation.refused")
    assert event.target_id == str(reading.pk) and "Пересчет невозможен" in event.data["error"]


def test_a_refused_recalculation_is_a_billing_problem_on_the_periods_pages_until_recomputed(
    closed_without_reading, period_dec, accept, billing_user, client
):
    from django.urls import reverse

    from billing.models import RefusedRecalculation, Tariff

    contract, unit, january = closed_without_reading
    moved = list(Tariff.objects.filter(valid_to=date(2025, 12, 31)).values_list("pk", "valid_from"))
    Tariff.objects.filter(valid_to=date(2025, 12, 31)).update(valid_from=date(2026, 12, 1))
    # when a late reading arrives and the recalculation is refused (no tariff)
    reading = accept(unit, date(2025, 12, 1))
    # then the refusal is a problem of December, with the reason and what to do
    refused = RefusedRecalculation.objects.get()
    assert (refused.corrected_period, refused.contract, refused.resolved_at) == (period_dec, contract, None)
    assert "Нет тарифа" in refused.reason or "тариф" in refused.reason.lower()
    client.force_login(billing_user)
    for period in (period_dec, january):  # December's page and the open month's, where it would land
        page = client.get(reverse("billing:period", args=[period.pk])).content.decode()
        assert "Перерасчеты, которые не удалось выполнить" in page and contract.number in page
        assert "Пересчитать закрытый период" in page
    # and a second refusal of the same contract and period is still one problem
    from billing.services.recalculations import recalculation_for_late_reading

    recalculation_for_late_reading(reading=reading, actor=billing_user)
    assert RefusedRecalculation.objects.count() == 1
    # and once the tariff is back and the contract recomputed, the problem is gone
    for pk, valid_from in moved:
        Tariff.objects.filter(pk=pk).update(valid_from=valid_from)
    recalculation_recompute(contract=contract, period=period_dec, actor=billing_user, reason="тариф восстановлен",
                            source="metering")
    assert RefusedRecalculation.objects.get().resolved_at is not None
    page = client.get(reverse("billing:period", args=[january.pk])).content.decode()
    assert "Перерасчеты, которые не удалось выполнить" not in page
