"""In Chromium: each role signs in and lands on its start page (its inbox of tasks, or the
billing periods for billing specialists), then submits one form empty and sees the errors.
The lawyer's form is the password change, reached from the user menu: it is the site's own
page (its menu, the error summary), not the Django admin's.
Screenshots: var/screenshots/<role>-start.png and <role>-form-errors.png (looked at before
an interface change is resolved)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser

LEAKING = {"q": Decimal("40"), "m1": Decimal("1000"), "m2": Decimal("900"), "operating_hours": Decimal("744")}


def flagged_review(actor) -> None:
    """A reading that trips the leak rule, with its review waiting in the technicians' queue."""
    from metering.models import ReadingSource
    from metering.services.readings import reading_record
    from tests.metering.factories import MeteringUnitFactory
    from workflows.reading_review import open_reading_review

    reading = reading_record(unit=MeteringUnitFactory(), period=date(2026, 1, 1), source=ReadingSource.CONSUMER,
                             values=LEAKING, actor=actor)
    open_reading_review(reading.pk)


def test_each_role_lands_on_its_start_page_and_sees_form_errors(live_server, browser, make_user):
    import config.urls  # noqa: F401 — flow nodes reverse their URLs
    from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

    aliases = {TECHNICIAN: "technician", BILLING: "billing", LEGAL: "lawyer", MANAGER: "manager",
               ADMINISTRATOR: "admin"}
    surnames = {TECHNICIAN: "Техникова", BILLING: "Расчетова", LEGAL: "Юристова", MANAGER: "Начальникова",
                ADMINISTRATOR: "Админова"}  # the screenshots show the user's name: Russian, as in the department
    users = {role: make_user(role, username=f"start-{alias}", first_name="Анна", last_name=surnames[role])
             for role, alias in aliases.items()}
    flagged_review(users[BILLING])
    # the form each role submits empty (the browser's own checks switched off: the server's errors are shown)
    forms = {
        TECHNICIAN: reverse("metering:reading_entry:index"),
        BILLING: reverse("metering:reading_entry:index"),
        LEGAL: reverse("password_change"),  # the calculators answer through the API, without a form post
        MANAGER: reverse("metering_flows:periodic_campaign:index"),
        ADMINISTRATOR: reverse("administration:users:create"),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for role, alias in aliases.items():
        context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 900})
        page = context.new_page()
        log_in(page, live_server.url, f"start-{alias}")
        page.wait_for_load_state("networkidle")
        if role == BILLING:
            assert page.url.endswith(reverse("billing:index")), page.url
        else:
            assert page.url.endswith(reverse("inbox:index")), page.url
            assert "Мои задачи" in page.locator("#inbox h1").inner_text()
        if role == TECHNICIAN:  # the review waits in the technicians' queue
            assert page.locator("tr.task").count() >= 1, f"{alias}: the queued review is not in the inbox"
        page.screenshot(path=str(SCREENSHOTS / f"{alias}-start.png"), full_page=True)
        password_link = page.locator(".vf-page__menu-secondary a", has_text="Сменить пароль")
        assert password_link.get_attribute("href") == reverse("password_change"), f"{alias}: no password change in the menu"
        page.goto(live_server.url + forms[role])
        page.wait_for_load_state("networkidle")
        page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        page.locator("main button[type=submit], main input[type=submit], .vf-card__actions button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        errors = page.locator(".errorlist, [class*=error], [class*=invalid], .mdc-text-field-helper-text--validation-msg")
        assert errors.count() >= 1, f"{alias}: no error shown on {forms[role]}"
        if role == LEGAL:  # the password change: the site's frame, not the admin's page
            assert page.locator(".vf-page__menu").count() == 1 and page.locator("#error-summary").count() == 1
            assert page.title().startswith("Смена пароля") and "Django" not in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"{alias}-form-errors.png"), full_page=True)
        context.close()


def test_the_forgotten_password_page_is_the_departments(live_server, browser):
    """From the login page's «Сбросить пароль»: the login page's frame in Russian, not the admin's page.
    Screenshot: var/screenshots/password-reset.png."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.locator(f'a[href="{reverse("password_reset")}"]').first.click()
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("Восстановление пароля") and "Django" not in page.content()
    assert page.locator("button[type=submit]").text_content().strip() == "Прислать ссылку"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "password-reset.png"), full_page=True)
    context.close()
