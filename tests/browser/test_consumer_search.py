"""Smoke test in Chromium: a technician logs in, opens the consumer list, finds a consumer by
ИНН and opens the card."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def register(make_user):
    """A few consumers and the one to find, with an object, its load and a contract."""
    from accounts.roles import TECHNICIAN
    from tests.subscribers.factories import (
        ConsumerFactory,
        ContractFactory,
        HeatedObjectFactory,
        HeatLoadFactory,
        legal_inn,
    )

    make_user(TECHNICIAN, username="tech-smoke")
    ConsumerFactory.create_batch(4)
    target = ConsumerFactory(name="ООО «Теплый дом»", inn=legal_inn(7_654_321))
    heated_object = HeatedObjectFactory(consumer=target, name="Склад готовой продукции")
    HeatLoadFactory(heated_object=heated_object, valid_from=date(2026, 1, 1), heating=Decimal("0.215"))
    ContractFactory(consumer=target, number="ТС-7777/26", objects_covered=[heated_object])
    return target


def test_technician_finds_a_consumer_by_inn_and_opens_the_card(live_server, browser, register):
    page = browser.new_page(locale="ru-RU")
    log_in(page, live_server.url, "tech-smoke")
    # the list shows every consumer
    page.goto(live_server.url + reverse("subscribers:consumers:index"))
    rows = page.locator("table tbody tr")
    assert rows.count() == 5
    # search by ИНН
    page.locator("vf-page-search button[type=submit]").click()  # the first click opens the search box
    search = page.locator("input[name=_search]")
    search.fill(register.inn)
    with page.expect_navigation():
        search.press("Enter")
    assert f"_search={register.inn}" in page.url
    assert rows.count() == 1
    assert register.inn in rows.first.inner_text()
    # open the card
    with page.expect_navigation():
        rows.first.get_by_role("link", name="ООО «Теплый дом»").click()
    assert page.url == live_server.url + reverse("subscribers:consumers:detail", args=[register.pk])
    content = page.content()
    for shown in (register.inn, register.kpp, register.ogrn, "Склад готовой продукции", "ТС-7777/26"):
        assert shown in content, shown
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "consumer-card-by-inn.png"), full_page=True)
    page.close()
