"""In Chromium: the manager opens «Сводка руководителя» over seeded debts, cases, devices and
supply points and every chart is drawn (an SVG with a non-zero size, its bars linking to their
lists); a billing specialist sees only their part (the debts and penalties, no cases).
Screenshots: var/screenshots/dashboard-manager.png and dashboard-billing.png."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(transactional_db, make_user, one_instant):
    """The rows relative to one today, the clock stopped at its noon: the page counts from the same day."""
    from accounts.roles import BILLING, MANAGER
    from casefiles.models import Case, EnforcementPayment
    from metering.models import Device
    from tests.casefiles.factories import CaseFactory
    from tests.metering.factories import DeviceFactory, HeatLoadFactory, MeteringUnitFactory, StatusChangeFactory
    from tests.settlements.factories import ContractFactory, DebtFactory

    make_user(MANAGER, username="dash-manager", first_name="Марина", last_name="Волкова")
    make_user(BILLING, username="dash-billing", first_name="Ольга", last_name="Смирнова")
    today = one_instant
    for days, amount in ((-5, "12000.00"), (12, "54000.00"), (70, "230000.00"), (150, "81000.00"), (500, "400000.00")):
        due = today - timedelta(days=days)
        DebtFactory(contract=ContractFactory(), period=due.replace(day=1), due_date=due, amount=Decimal(amount))
    contract = ContractFactory()
    for stage, principal in ((Case.Stage.PREPARATION, "90000.00"), (Case.Stage.HEARING, "250000.00")):
        CaseFactory(consumer=contract.consumer, stage=stage, principal=Decimal(principal))
    enforced = CaseFactory(consumer=contract.consumer, stage=Case.Stage.ENFORCEMENT, principal=Decimal("120000.00"))
    EnforcementPayment.objects.create(case=enforced, paid_on=today, amount=Decimal("45000.00"), document="п/п 7")
    since = today - timedelta(days=400)
    for n in range(4):
        unit = MeteringUnitFactory()
        HeatLoadFactory(heated_object=unit.heated_object, valid_from=since)
        if n:
            StatusChangeFactory(unit=unit, effective_from=since)
        for days in (-3 - n, 20 + n * 25):
            device = DeviceFactory(unit=unit)
            Device.objects.filter(pk=device.pk).update(next_verification_on=today + timedelta(days=days))


def _charts(page) -> list[dict]:
    return [chart.bounding_box() for chart in page.locator("svg.dashboard-chart").all()]


def test_the_manager_sees_every_chart_drawn(live_server, browser, seeded):
    page = browser.new_page(locale="ru-RU", viewport={"width": 1400, "height": 1000})
    log_in(page, live_server.url, "dash-manager")
    page.goto(live_server.url + reverse("reception:dashboard:index"))
    titles = page.locator(".dashboard-figure .vf-card__title").all_inner_texts()
    for title in ("Задолженность по договорам", "Пени по должникам", "Открытые дела (претензии, суды)",
                  "Взыскано по делам", "Поверка истекла (истекает в 90 дней)", "Охват коммерческим учетом"):
        assert title in titles, titles
    boxes = _charts(page)
    assert len(boxes) >= 8
    assert all(box and box["width"] > 100 and box["height"] > 10 for box in boxes), boxes
    assert page.locator("svg.dashboard-chart rect[width]:not([width='0'])").count() > 10  # the bars themselves
    assert "75\xa0% (3 из 4)" in page.locator("body").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-manager.png"), full_page=True)
    # a bar is a link to its list, filtered the same way
    with page.expect_navigation():
        page.locator("svg.dashboard-chart a.dashboard-bar", has_text="свыше 365 дней").click()
    assert "min_days=366" in page.url
    assert "договоров 1, задолженность 400\xa0000,00" in page.locator("#debtors-totals").inner_text()


def test_a_billing_specialist_sees_their_part(live_server, browser, seeded):
    page = browser.new_page(locale="ru-RU", viewport={"width": 1400, "height": 1000})
    log_in(page, live_server.url, "dash-billing")
    page.goto(live_server.url + reverse("reception:dashboard:index"))
    titles = page.locator(".dashboard-figure .vf-card__title").all_inner_texts()
    assert "Задолженность по договорам" in titles
    assert "Открытые дела (претензии, суды)" not in titles and "Взыскано по делам" not in titles
    assert all(box and box["width"] > 100 for box in _charts(page))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-billing.png"), full_page=True)
