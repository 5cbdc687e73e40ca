"""The export records: per period and consumer, volumes by resource and method, supply mode,
quality deviations (empty until the quality issue), charges."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.export.records import (
    Key,
    build_records,
    invoices,
    iter_records,
    parse_period,
    record_keys,
)
from billing.models import Invoice
from core.errors import ApplicationError

from ..conftest import january_2026

pytestmark = pytest.mark.django_db


def records_of(**filters):
    return build_records([Key(r["period_id"], r["consumer_id"]) for r in record_keys(invoices(**filters))])


def test_a_record_has_volumes_by_resource_and_method_supply_mode_and_charges(billed_january):
    # when
    [record] = records_of(period=date(2026, 1, 1))
    # then
    consumer = billed_january.consumer
    assert record["period"] == "2026-01" and record["period_status"] == "open"
    assert record["consumer"] == {"code": consumer.code, "name": consumer.name, "inn": consumer.inn,
                                  "kpp": consumer.kpp, "kind": "legal"}
    [contract] = record["contracts"]
    volumes = {(v["resource"], v["component"], v["method"]): v for v in contract["volumes"]}
    heating = volumes[("heat_energy", "energy", "calculation")]
    assert (heating["quantity"], heating["unit"], heating["okei"], heating["days"]) == ("231.287", "Гкал", "233", 31)
    assert volumes[("hot_water", "water", "calculation")]["quantity"] == "992.000"
    [mode] = contract["supply_mode"]
    assert (mode["heating_days"], mode["heating_periods"], mode["contract_status"]) == (
        31, [["2026-01-01", "2026-01-31"]], "active")
    assert contract["quality_deviations"] == [] and mode["restrictions"] == []
    charges = contract["charges"]
    assert [c["position"] for c in charges] == sorted(c["position"] for c in charges)
    assert charges[0]["amount_with_vat"] == "733642.36" and charges[0]["vat_rate"] == "22.00"
    assert charges[0]["basis"]["t_out_mean"] == "-8.6"
    assert record["totals"]["amount_with_vat"] == str(billed_january.amount_with_vat)


def test_records_filter_by_consumer_code_or_inn_and_by_updated_since(billed_january, town, make_contract):
    other, _ = make_contract(heating="0.1")
    consumer = billed_january.consumer
    assert [r["consumer"]["code"] for r in records_of(consumer=consumer.code)] == [consumer.code]
    assert [r["consumer"]["code"] for r in records_of(consumer=consumer.inn)] == [consumer.code]
    assert records_of(updated_since=timezone.now() + timedelta(minutes=1)) == []
    Invoice.objects.filter(pk=billed_january.pk).update(updated_at=timezone.now() - timedelta(days=3))
    assert records_of(updated_since=timezone.now() - timedelta(days=4)) != []


def test_iter_records_builds_every_record_in_batches(town, make_contract, period_jan, run_period, organization,
                                                     monkeypatch):
    # given five consumers billed and batches of two
    town.temperatures(january_2026())
    for n in range(5):
        make_contract(heating=f"0.{n + 1}")
    run_period(period_jan)
    monkeypatch.setattr("billing.export.records.BATCH", 2)
    # when
    records = list(iter_records(invoices(period=date(2026, 1, 1))))
    # then
    assert len(records) == 5
    assert sum(Decimal(r["totals"]["amount_with_vat"]) for r in records) == sum(
        i.amount_with_vat for i in Invoice.objects.all())
    assert [r["consumer"]["code"] for r in records] == sorted(r["consumer"]["code"] for r in records)


@pytest.mark.parametrize("text", ["2026-13", "январь", "", "2026", "2026-1", "2026-01-15", "99999-01", "2026-01\x00"])
def test_a_bad_period_is_refused(text):
    with pytest.raises(ApplicationError) as exc:
        parse_period(text)
    assert (exc.value.code, exc.value.field) == ("invalid_period", "period")


def test_a_period_outside_2000_2100_is_refused():
    with pytest.raises(ApplicationError) as exc:
        parse_period("1999-12")
    assert (exc.value.code, exc.value.field) == ("out_of_range", "period")


def test_a_period_parses_from_month():
    assert parse_period("2026-01") == parse_period(" 2026-01 ") == date(2026, 1, 1)
