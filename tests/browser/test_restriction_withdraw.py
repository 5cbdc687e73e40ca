"""In Chromium: a billing specialist warns a debtor; the lead time over, the debtor has paid
after it — at «Ввести ограничение» imposing is refused with the reason on the form, «Отозвать
предупреждение» ends the process «Предупреждение отозвано». Screenshots:
var/screenshots/restriction-refused.png and restriction-withdrawn.png."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.supply import conftest as supply

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser
SUBMIT = "form.vf-form .vf-card__actions button.mdc-button--raised"

archive_dir, billed_december, group, make_contract, now = (
    supply.archive_dir, supply.billed_december, supply.group, supply.make_contract, supply.now)
organization, period_dec, run_period, town, vat_rates = (
    supply.organization, supply.period_dec, supply.run_period, supply.town, supply.vat_rates)


@pytest.fixture
def billing_user(transactional_db, make_user):
    from accounts.roles import BILLING

    return make_user(BILLING, username="restrict-billing", first_name="Ольга", last_name="Смирнова")


@pytest.fixture
def debtor(billed_december):
    """The shop owes 500 000.00 for December, overdue since 10.01.2026 (the clock on 20.01.2026)."""
    from tests.settlements.factories import DebtFactory

    DebtFactory(contract=billed_december.shop_contract, period=date(2025, 12, 1), amount=Decimal("500000.00"),
                due_date=date(2026, 1, 10))
    return billed_december


def test_paid_after_the_lead_time_the_specialist_withdraws_the_warning(live_server, browser, debtor, billing_user,
                                                                       time_machine):
    from django.test import Client
    from django.urls import get_resolver

    from settlements.services import allocate_contract
    from supply.models import SupplyRestriction
    from tests.settlements.factories import PaymentFactory
    from workflows.models import RestrictionProcess
    from workflows.restriction import RestrictionFlow as Flow
    from workflows.tasks import fire_due_timers

    # the warning on 20.01.2026, as the start page posts it (its selects are viewflow's widgets)
    client = Client()
    client.force_login(billing_user)
    assert get_resolver().url_patterns  # the flows' URL namespaces are registered as the URLconf loads
    response = client.post(Flow.start.reverse("execute"), {
        "contract": debtor.shop_contract.pk, "heated_object": debtor.shop.pk, "level": "partial", "sent_on": "20.01.2026"})
    assert response.status_code == 302
    process = RestrictionProcess.objects.get()
    # the lead time over on 30.01 (the restriction opens), paid on 02.02, the specialist opens the step on 03.02
    time_machine.move_to(supply.moment(date(2026, 1, 30), 12), tick=False)
    fire_due_timers()
    PaymentFactory(contract=debtor.shop_contract, amount=Decimal("500000.00"), paid_on=date(2026, 2, 2),
                   doc_date=date(2026, 2, 2))
    allocate_contract(contract_id=debtor.shop_contract.pk)
    time_machine.move_to(supply.moment(date(2026, 2, 3), 12), tick=False)
    task = process.task_set.get(flow_task=Flow.impose)
    page = browser.new_page(locale="ru-RU", viewport={"width": 1200, "height": 900})
    log_in(page, live_server.url, "restrict-billing")
    page.goto(live_server.url + Flow.impose.reverse("index", args=[process.pk, task.pk]))
    if "/assign/" in page.url:
        with page.expect_navigation():
            page.locator(SUBMIT).click()
    page.get_by_label("Ввести ограничение").check()
    page.fill("input[name=restricted_at]", "03.02.2026 09:00")
    page.fill("input[name=method]", "прикрыта задвижка в ТК-14")
    page.fill("input[name=performer]", "Орлов А.В., мастер")
    page.locator(SUBMIT).click()  # refused: the form comes back in place (422), nothing navigates
    page.locator("form.vf-form").get_by_text("ограничение не допускается, отзовите предупреждение").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "restriction-refused.png"), full_page=True)
    page.get_by_label("Отозвать предупреждение: просроченный долг погашен").check()
    with page.expect_navigation():
        page.locator(SUBMIT).click()
    assert "Предупреждение отозвано: долг погашен" in page.locator("body").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "restriction-withdrawn.png"), full_page=True)
    process.refresh_from_db()
    assert process.restriction.status == SupplyRestriction.Status.WITHDRAWN
