"""The losses report's rows (issue 15, item 5): by month and network section — acts of both kinds with
their calculated volume and money, the heat carrier of flagged M1 − M2 imbalances, what was paid."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inspections.calculation import calculate
from inspections.calculation_documents import calculation_issue, party_from_consumer
from inspections.losses import NO_SECTION, losses_report
from inspections.models import CalculationTotal
from tests.subscribers.factories import ConsumerFactory

from .losses_world import PAID, TOTAL, build
from .test_calculation import example

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(town, tariff, organization, technician, issuer, today, archive_dir):
    return build(today=today, town=town, technician=technician, issuer=issuer)


def test_issuing_a_calculation_keeps_its_totals_as_numbers(town, tariff, organization, issuer, archive_dir):
    # given
    town.temperatures(example().period_start, example().period_end)
    consumer = ConsumerFactory()
    # when
    document = calculation_issue(result=calculate(example()), party=party_from_consumer(consumer),
                                 object_address="ул. Садовая, д. 14", act_number="АБП-1", act_date=example().period_end,
                                 subject=consumer, actor=issuer)
    # then
    kept = CalculationTotal.objects.get(document=document)
    assert (kept.kind, kept.act, kept.volume_gcal) == ("contractless", None, Decimal("220.800"))
    assert (kept.amount_without_vat, kept.vat, kept.total) == (Decimal("828000.00"), Decimal("182160.00"), TOTAL)


def test_rows_by_month_and_section_with_found_leaked_and_paid(world, today):
    # when
    report = losses_report(date_from=world.last_month, date_to=today)
    # then: last month's act in the north, then this month's north and south
    keys = [(row.month, row.section_code) for row in report.rows]
    assert keys == [(world.last_month, "УЧ-СЕВ"), (world.this_month, "УЧ-СЕВ"), (world.this_month, "УЧ-ЮГ")]
    earlier, north, south = report.rows
    assert (earlier.contractless_acts, earlier.uncalculated, earlier.found_rub) == (1, 1, Decimal("0"))
    assert north.section == "Северная магистраль (Котельная № 1)"
    assert (north.contractless_acts, north.contractless_gcal, north.contractless_rub) == (1, Decimal("220.800"), TOTAL)
    assert (north.imbalance_readings, north.carrier_loss_t) == (1, Decimal("60.000"))
    assert (north.recovered_rub, north.outstanding_rub) == (PAID, TOTAL - PAID)
    assert (south.unmetered_acts, south.unmetered_gcal, south.uncalculated) == (1, Decimal("0"), 1)
    assert south.recovered_rub == Decimal("0")
    # and the total sums them
    total = report.total
    assert (total.contractless_acts, total.unmetered_acts, total.uncalculated) == (2, 1, 2)
    assert (total.found_gcal, total.found_rub, total.carrier_loss_t, total.recovered_rub) == (
        Decimal("220.800"), TOTAL, Decimal("60.000"), PAID)


def test_one_section_and_one_month(world, today):
    # when
    report = losses_report(date_from=world.this_month, date_to=today, section_code="УЧ-ЮГ")
    # then
    assert [(row.month, row.section_code) for row in report.rows] == [(world.this_month, "УЧ-ЮГ")]
    assert report.total.unmetered_acts == 1


def test_an_act_of_an_object_without_a_section_counts_under_no_section(world, today):
    # given
    inspection = world.unmetered.inspection
    inspection.heated_object.network_section = None
    inspection.heated_object.save()
    # when
    report = losses_report(date_from=world.this_month, date_to=today)
    # then
    assert report.rows[-1].section == NO_SECTION
    assert report.rows[-1].unmetered_acts == 1


def test_an_empty_period_has_no_rows_and_a_zero_total(db, today):
    report = losses_report(date_from=today, date_to=today)
    assert report.rows == []
    assert (report.total.found_rub, report.total.carrier_loss_t) == (Decimal("0"), Decimal("0"))
