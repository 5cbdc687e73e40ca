"""In Chromium: a technician opens a heated object's card, finds its metering units there and
clicks through to a unit's page; the contract's card links to the same unit."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def metered_object(make_user):
    from accounts.roles import TECHNICIAN
    from metering.models import UnitStatus
    from tests.metering.factories import (
        ContractFactory,
        DeviceFactory,
        HeatedObjectFactory,
        MeteringUnitFactory,
    )

    make_user(TECHNICIAN, username="tech-units")
    heated_object = HeatedObjectFactory(name="Административное здание")
    unit = MeteringUnitFactory(heated_object=heated_object, number="УУ-4711", location="ИТП, подвал, ось 3",
                               status=UnitStatus.COMMERCIAL)
    DeviceFactory(unit=unit, verified_on=date(2024, 3, 15), installed_on=date(2024, 3, 20))
    MeteringUnitFactory(heated_object=heated_object, number="УУ-4712", location="Тепловой пункт корпуса Б")
    contract = ContractFactory(consumer=heated_object.consumer, objects_covered=[heated_object])
    return heated_object, unit, contract


def test_technician_goes_from_the_object_card_to_a_unit(live_server, browser, metered_object):
    heated_object, unit, contract = metered_object
    page = browser.new_page(locale="ru-RU")
    log_in(page, live_server.url, "tech-units")
    page.goto(live_server.url + reverse("subscribers:objects:detail", args=[heated_object.pk]))
    section = page.locator("#metering-units")
    assert section.is_visible()
    text = section.inner_text()
    for shown in ("Узлы учета", "УУ-4711", "УУ-4712", "Коммерческий учет", "ИТП, подвал, ось 3", "15.03.2028"):
        assert shown in text, shown
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "object-card-units.png"), full_page=True)
    with page.expect_navigation():
        section.get_by_role("link", name="УУ-4711").click()
    assert page.url == live_server.url + reverse("metering:units:detail", kwargs={"pk": unit.pk})
    assert "ИТП, подвал, ось 3" in page.content()
    # the contract's card leads to the same unit
    page.goto(live_server.url + reverse("subscribers:contracts:detail", args=[contract.pk]))
    link = page.locator("#metering-units").get_by_role("link", name="УУ-4711")
    assert link.get_attribute("href") == reverse("metering:units:detail", kwargs={"pk": unit.pk})
    page.close()
