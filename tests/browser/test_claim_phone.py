"""In Chromium at a phone's width (390 px): every page of the lawyer's claim steps fits the
screen — nothing wider than the viewport, the step's buttons within it. Screenshots:
var/screenshots/claim-phone-<step>.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
STEPS = ["issue_claim", "send_claim", "choose_route", "issue_application", "build_package", "file", "court", "writ",
         "enforcement"]


def test_the_lawyers_claim_steps_fit_a_phone(live_server, browser, make_user):
    from django.utils import timezone

    import config.urls  # noqa: F401 — flow nodes reverse their URLs
    from accounts.roles import LEGAL, MANAGER
    from casefiles.models import CasePackage
    from casefiles.services import claim_sent_record
    from tests.casefiles.factories import ContractFactory, CourtFactory, DebtFactory, OrganizationFactory
    from tests.workflows.conftest import complete_view_task, open_task
    from workflows.claim import ClaimFlow as Flow
    from workflows.claim import start_claims
    from workflows.tasks import fire_due_timers

    OrganizationFactory()
    CourtFactory()
    today = timezone.localdate()
    lawyer = make_user(LEGAL, username="claim-phone", first_name="Анна", last_name="Крылова")
    manager = make_user(MANAGER)
    debt = DebtFactory(contract=ContractFactory(), due_date=today - timedelta(days=90))
    process = start_claims(debts=[debt], actor=lawyer)[0]
    page = browser.new_context(viewport=PHONE, locale="ru-RU", is_mobile=True).new_page()
    log_in(page, live_server.url, "claim-phone")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(name, url):
        page.goto(live_server.url + url)
        page.wait_for_selector("main form")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name}: the page is {overflow} px wider than the phone"
        for button in page.locator("main form button").all():
            box = button.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, f"{name}: a button off screen"
        page.screenshot(path=str(SCREENSHOTS / f"claim-phone-{name}.png"), full_page=True)

    check("select", reverse("claim_flows:debt_selection:index"))
    for name in STEPS:
        node = getattr(Flow, name)
        task = open_task(process, node)
        check(name, node.reverse("execute", args=[process.pk, task.pk]))
        # the steps' own services are driven in tests/workflows/test_claim.py; here the task is just completed
        action = (lambda a: claim_sent_record(case=a.process.case, sent_on=today - timedelta(days=40),
                                              tracking="80082300000001", actor=lawyer)) if name == "send_claim" else None
        complete_view_task(task, lawyer, action or (lambda a: None))
        if name == "send_claim":
            fire_due_timers()
        if name == "build_package":  # an approved package's row, the manager's approval completed as it stands
            CasePackage.objects.create(
                case=process.case, version=1, route="court_order_arbitration", title="телефон", pdf_name="phone.pdf",
                pdf_sha256="0" * 64, pdf_size=1, zip_name="phone.zip", zip_sha256="0" * 64, zip_size=1, page_count=1,
                approved_by=manager, approved_at=timezone.now())
            complete_view_task(open_task(process, Flow.approve), manager)
