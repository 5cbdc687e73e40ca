"""In Chromium: the debtor card's «Расчет пени на дату» box shows the date as ДД.ММ.ГГГГ (it
once looked empty — a formatted date in a browser date field), takes a typed date, and
«Рассчитать» shows the penalty on that date by the exact calculation."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def late_consumer(transactional_db, make_user):
    from accounts.roles import LEGAL
    from tests.settlements.factories import ConsumerFactory, ContractFactory, DebtFactory

    make_user(LEGAL, username="lawyer-date")
    today = timezone.localdate()
    contract = ContractFactory(consumer=ConsumerFactory(name='ООО "Поздний"', penalty_category="other"))
    due = today - timedelta(days=90)
    DebtFactory(contract=contract, period=due.replace(day=1), due_date=due, amount=Decimal("1234567.89"))
    return contract.consumer


def test_the_card_date_box_takes_a_typed_date_and_the_penalty_recalculates(live_server, browser, late_consumer):
    from core.formatting import money
    from settlements.selectors import penalty_on

    today = timezone.localdate()
    page = browser.new_page(locale="ru-RU")
    log_in(page, live_server.url, "lawyer-date")
    page.goto(live_server.url + reverse("settlements:card", args=[late_consumer.pk]))
    box = page.locator("input[name=as_of]")
    # the box is not empty: today as people write it
    assert box.input_value() == f"{today:%d.%m.%Y}"
    assert box.get_attribute("placeholder") == "ДД.ММ.ГГГГ"
    assert "1\xa0234\xa0567,89" in page.locator("body").inner_text()
    # type an earlier date and calculate
    earlier = today - timedelta(days=30)
    box.fill(f"{earlier:%d.%m.%Y}")
    with page.expect_navigation():
        page.get_by_role("button", name="Рассчитать").click()
    result = page.locator("#penalty-on-date-result")
    expected = penalty_on(consumer=late_consumer, as_of=earlier).total
    assert expected > 0
    assert f"Пени на {earlier:%d.%m.%Y}: {money(expected)}" in result.inner_text()
    assert page.locator("input[name=as_of]").input_value() == f"{earlier:%d.%m.%Y}"
    # today: the penalty has grown
    page.locator("input[name=as_of]").fill(f"{today:%d.%m.%Y}")
    with page.expect_navigation():
        page.get_by_role("button", name="Рассчитать").click()
    later = penalty_on(consumer=late_consumer, as_of=today).total
    assert later > expected
    assert f"Пени на {today:%d.%m.%Y}: {money(later)}" in page.locator("#penalty-on-date-result").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "debtor-card-penalty-on-date.png"), full_page=True)
