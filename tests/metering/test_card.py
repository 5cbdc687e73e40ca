"""Metering units are reachable from the register's cards: the consumer's, a heated object's and
a contract's (hooked in through ``subscribers.card_sections``), in a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import BILLING, TECHNICIAN
from metering.models import UnitStatus
from tests.metering.factories import (
    ContractFactory,
    DeviceFactory,
    DeviceModelFactory,
    HeatedObjectFactory,
    MeteringUnitFactory,
)

pytestmark = pytest.mark.django_db


def _unit_url(unit) -> str:
    return reverse("metering:units:detail", kwargs={"pk": unit.pk})


def _page(client, name: str, pk: int) -> str:
    response = client.get(reverse(f"subscribers:{name}:detail", kwargs={"pk": pk}))
    assert response.status_code == 200
    return response.content.decode()


def _with_devices(unit, *verified_on: date, removed: date | None = None):
    """Devices of a four-year interval verified on the given days; ``removed``: one more, taken off."""
    model = DeviceModelFactory(verification_interval_years=4)
    for day in verified_on:
        DeviceFactory(device_model=model, unit=unit, verified_on=day, installed_on=day)
    if removed:
        DeviceFactory(device_model=model, unit=unit, verified_on=date(2020, 1, 10), installed_on=date(2020, 1, 10),
                      removed_on=removed)
    return unit


def test_the_consumer_card_lists_its_units_with_links(client, make_user):
    unit = MeteringUnitFactory()
    client.force_login(make_user(TECHNICIAN))
    consumer = unit.heated_object.consumer
    page = _page(client, "consumers", consumer.pk)
    assert "Узлы учета" in page and unit.number in page
    assert _unit_url(unit) in page


def test_the_object_card_lists_its_units_with_status_location_and_next_verification(client, make_user):
    # given an object with a commercial unit (a device due 15.03.2028, one due 01.06.2029 and
    # one removed that was due in 2024) and a unit not commissioned yet; another object's unit
    heated_object = HeatedObjectFactory()
    metered = MeteringUnitFactory(heated_object=heated_object, location="ИТП, подвал, ось 3", status=UnitStatus.COMMERCIAL)
    _with_devices(metered, date(2024, 3, 15), date(2025, 6, 1), removed=date(2024, 3, 15))
    new = MeteringUnitFactory(heated_object=heated_object, location="Тепловой пункт корпуса Б")
    elsewhere = MeteringUnitFactory()
    client.force_login(make_user(BILLING))
    # when the object's card is opened
    page = _page(client, "objects", heated_object.pk)
    # then each of its units is listed, linked to its page, with its status in Russian
    assert 'id="metering-units"' in page
    for unit in (metered, new):
        assert f'<a href="{_unit_url(unit)}">{unit.number}</a>' in page
    assert "Коммерческий учет" in page and "Не введен в эксплуатацию" in page
    assert "ИТП, подвал, ось 3" in page and "Тепловой пункт корпуса Б" in page
    # the earliest verification due among the installed devices (the removed one does not count)
    assert "15.03.2028" in page and "01.06.2029" not in page and "15.03.2024" not in page
    assert elsewhere.number not in page


def test_the_contract_card_lists_the_units_of_its_objects(client, make_user):
    # given a consumer with two objects, only one of them in the contract
    covered = HeatedObjectFactory()
    other = HeatedObjectFactory(consumer=covered.consumer)
    contract = ContractFactory(consumer=covered.consumer, objects_covered=[covered])
    unit = _with_devices(MeteringUnitFactory(heated_object=covered), date(2025, 2, 20))
    outside = MeteringUnitFactory(heated_object=other)
    client.force_login(make_user(TECHNICIAN))
    # when the contract's card is opened
    page = _page(client, "contracts", contract.pk)
    # then the units of the contract's objects are listed with their object, linked
    assert f'<a href="{_unit_url(unit)}">{unit.number}</a>' in page
    assert reverse("subscribers:objects:detail", kwargs={"pk": covered.pk}) in page
    assert "20.02.2029" in page
    assert outside.number not in page


def test_a_contract_without_metered_objects_says_so(client, make_user):
    contract = ContractFactory(objects_covered=[HeatedObjectFactory()])
    client.force_login(make_user(TECHNICIAN))
    assert "Узлов учета нет" in _page(client, "contracts", contract.pk)


def _count(client, name: str, pk: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, name, pk)
    return len(queries)


@pytest.mark.parametrize("card", ["objects", "contracts", "consumers"])
def test_the_cards_read_the_units_in_a_fixed_number_of_queries(client, make_user, card):
    # given an object with one unit (one device) in a contract
    heated_object = HeatedObjectFactory()
    contract = ContractFactory(consumer=heated_object.consumer, objects_covered=[heated_object])
    _with_devices(MeteringUnitFactory(heated_object=heated_object), date(2025, 1, 10))
    pk = {"objects": heated_object.pk, "contracts": contract.pk, "consumers": heated_object.consumer_id}[card]
    client.force_login(make_user(TECHNICIAN))
    _page(client, card, pk)  # sessions, permissions and templates warmed up
    one = _count(client, card, pk)
    # when it gets four more units with two devices each
    for n in range(4):
        _with_devices(MeteringUnitFactory(heated_object=heated_object), date(2025, 1, 10 + n), date(2024, 5, 1))
    # then the card reads them in as many queries as before
    page_queries = _count(client, card, pk)
    assert page_queries == one
