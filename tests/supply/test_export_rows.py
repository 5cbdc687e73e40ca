"""The billing-centre export carries the supply area's rows (billing.export.supply, named in
settings): for December 2025 the shop's restriction (with its lifting) on the supply-mode
sheet and the house's approved breach of quality with its act and reduction on the quality
sheet — in the records (JSON, API) and in the XLSX file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from billing.export import records
from billing.export.services import export_period_file
from supply.models import SupplyRestriction
from supply.services.restrictions import restriction_impose, restriction_lift, restriction_warn
from tests.settlements.factories import DebtFactory

from .conftest import approved_case, moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def december_events(billed_december, technician, manager, billing_user):
    world = billed_december
    case = approved_case(world, technician, manager)
    DebtFactory(contract=world.shop_contract, period=date(2025, 11, 1), amount=Decimal("500000.00"),
                due_date=date(2025, 11, 10))
    restriction = restriction_warn(contract=world.shop_contract, heated_object=world.shop, sent_on=date(2025, 12, 1),
                                   level=SupplyRestriction.Level.PARTIAL, actor=billing_user)
    restriction = restriction_impose(restriction=restriction, restricted_at=moment(date(2025, 12, 11), 10),
                                     method="задвижка", performer="Орлов А.В.", actor=billing_user)
    restriction = restriction_lift(restriction=restriction, lifted_at=moment(date(2025, 12, 20), 9), method="открыта",
                                   performer="Орлов А.В.", basis="оплата", actor=billing_user)
    return world, case, restriction


def test_records_carry_restrictions_and_quality_deviations(december_events):
    world, case, restriction = december_events
    got = list(records.iter_records(records.invoices(period=date(2025, 12, 1))))
    by_object = {mode["object"]: mode for record in got for contract in record["contracts"]
                 for mode in contract["supply_mode"]}
    [row] = by_object[world.shop.code]["restrictions"]
    assert (row["kind"], row["document"], row["lifting_document"]) == (
        "restriction", restriction.restriction_act.number, restriction.lifting_act.number)
    assert row["from"].startswith("2025-12-11T10:00") and row["to"].startswith("2025-12-20T09:00")
    assert by_object[world.house.code]["restrictions"] == []
    [deviation] = [row for record in got for contract in record["contracts"] for row in contract["quality_deviations"]]
    assert (deviation["object"], deviation["act"], deviation["hours"], deviation["reduction"]) == (
        world.house.code, case.act.number, "50.00", "675.00")
    # January: nothing overlaps
    assert list(records.iter_records(records.invoices(period=date(2026, 1, 1)))) == []


def test_xlsx_regime_and_quality_sheets_are_filled(december_events, billing_user):
    world, case, restriction = december_events
    file = export_period_file(period=world.december, fmt="xlsx", actor=billing_user)
    book = load_workbook(io.BytesIO(file.content))
    regime = [row for row in book["Режим подачи"].iter_rows(min_row=2, values_only=True) if row[-1]]
    assert len(regime) == 1 and restriction.restriction_act.number in regime[0][-1]
    quality = list(book["Отклонения качества"].iter_rows(min_row=2, values_only=True))
    assert len(quality) == 1
    assert (quality[0][3], quality[0][8]) == (world.house.code, Decimal("675.00"))
    assert quality[0][-1] == case.act.number


def test_records_carry_the_interruptions_of_the_affected_objects(billed_december, technician):
    from subscribers.models import NetworkSection
    from supply.models import AffectedObject, Interruption

    world = billed_december
    section = world.shop.network_section or NetworkSection.objects.create(code="ЭКС-1", name="ЭКС-1")
    stop = Interruption.objects.create(kind=Interruption.Kind.EMERGENCY, section=section, cause="порыв",
                                       stopped_at=moment(date(2025, 12, 5), 8), localised_at=moment(date(2025, 12, 5), 9),
                                       restored_at=moment(date(2025, 12, 5), 20, 30), created_by=technician)
    AffectedObject.objects.create(interruption=stop, heated_object=world.shop, load_gcal_h=Decimal("0.2"))
    AffectedObject.objects.create(interruption=stop, heated_object=world.house, included=False, reason="не подключен")
    got = list(records.iter_records(records.invoices(period=date(2025, 12, 1))))
    by_object = {mode["object"]: mode for record in got for contract in record["contracts"]
                 for mode in contract["supply_mode"]}
    [row] = by_object[world.shop.code]["restrictions"]
    assert (row["kind"], row["level"], row["document"]) == ("interruption", "emergency", stop.number)
    assert row["from"].startswith("2025-12-05T08:00") and row["to"].startswith("2025-12-05T20:30")
    assert "05.12.2025 08:00" in row["text"]
    assert by_object.get(world.house.code, {"restrictions": []})["restrictions"] == []  # excluded with a reason
