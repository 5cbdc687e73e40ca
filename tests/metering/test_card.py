"""Metering units are reachable from the consumer's card."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import TECHNICIAN
from tests.metering.factories import MeteringUnitFactory


def test_the_consumer_card_lists_its_units_with_links(client, make_user):
    unit = MeteringUnitFactory()
    client.force_login(make_user(TECHNICIAN))
    consumer = unit.heated_object.consumer
    page = client.get(reverse("subscribers:consumers:detail", kwargs={"pk": consumer.pk})).content.decode()
    assert "Узлы учета" in page and unit.number in page
    assert reverse("metering:units:detail", kwargs={"pk": unit.pk}) in page
