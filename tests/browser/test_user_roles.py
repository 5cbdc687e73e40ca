"""In Chromium: Администрирование → Пользователи. The roles are checkboxes with the roles'
Russian names: the administrator creates a user with two roles, changes a user's roles, and
the new user signs in on their role's start page; a refused form keeps the ticked roles.
Screenshots: var/screenshots/users-new.png, users-roles.png, users-new-errors.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Надежный-пароль-7"


def _page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 900})
    return context.new_page()


def _tick(page, role: str) -> None:
    page.get_by_role("checkbox", name=role, exact=True).check()


def test_administrator_creates_and_re_roles_a_user_who_then_signs_in(live_server, browser, make_user):
    from django.contrib.auth import get_user_model

    from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, ROLES, TECHNICIAN

    make_user(ADMINISTRATOR, username="chief", first_name="Анна", last_name="Админова")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = _page(browser)
    log_in(page, live_server.url, "chief")
    page.goto(live_server.url + reverse("administration:users:create"))
    boxes = page.locator("fieldset#id_roles input[type=checkbox]")
    assert boxes.count() == len(ROLES)
    assert page.locator("fieldset#id_roles legend").inner_text() == "Роли"
    for role in ROLES:
        assert page.get_by_role("checkbox", name=role, exact=True).is_visible(), role
    page.fill("input[name=username]", "sidorova")
    page.fill("input[name=last_name]", "Сидорова")
    page.fill("input[name=first_name]", "Мария")
    page.fill("input[name=password]", PASSWORD)
    _tick(page, TECHNICIAN)
    _tick(page, LEGAL)
    page.screenshot(path=str(SCREENSHOTS / "users-new.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Создать пользователя").click()
    created = get_user_model().objects.get(username="sidorova")
    assert sorted(created.groups.values_list("name", flat=True)) == sorted([TECHNICIAN, LEGAL])
    assert page.locator("#roles").inner_text() == f"{TECHNICIAN}, {LEGAL}"
    # the user's page: the current roles ticked; one untick and one tick change them
    assert page.get_by_role("checkbox", name=TECHNICIAN, exact=True).is_checked()
    assert page.get_by_role("checkbox", name=LEGAL, exact=True).is_checked()
    assert not page.get_by_role("checkbox", name=BILLING, exact=True).is_checked()
    page.get_by_role("checkbox", name=TECHNICIAN, exact=True).uncheck()
    page.get_by_role("checkbox", name=LEGAL, exact=True).uncheck()
    _tick(page, BILLING)
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить роли").click()
    assert page.locator("#roles").inner_text() == BILLING
    page.screenshot(path=str(SCREENSHOTS / "users-roles.png"), full_page=True)
    assert list(created.groups.values_list("name", flat=True)) == [BILLING]
    # the new user signs in and starts on the billing specialist's page
    newcomer = _page(browser)
    log_in(newcomer, live_server.url, "sidorova", PASSWORD)
    assert newcomer.url.endswith(reverse("billing:index")), newcomer.url


def test_a_refused_form_keeps_the_ticked_roles(live_server, browser, make_user):
    from django.contrib.auth import get_user_model

    from accounts.roles import ADMINISTRATOR, LEGAL, MANAGER, TECHNICIAN

    make_user(ADMINISTRATOR, username="chief", first_name="Анна", last_name="Админова")
    page = _page(browser)
    log_in(page, live_server.url, "chief")
    page.goto(live_server.url + reverse("administration:users:create"))
    page.fill("input[name=username]", "chief")  # taken: the service refuses
    page.fill("input[name=last_name]", "Петров")
    page.fill("input[name=first_name]", "Петр")
    page.fill("input[name=password]", PASSWORD)
    _tick(page, LEGAL)
    _tick(page, MANAGER)
    with page.expect_navigation():
        page.get_by_role("button", name="Создать пользователя").click()
    assert "уже занят" in page.locator("#error-summary").inner_text()
    assert page.get_by_role("checkbox", name=LEGAL, exact=True).is_checked()
    assert page.get_by_role("checkbox", name=MANAGER, exact=True).is_checked()
    assert not page.get_by_role("checkbox", name=TECHNICIAN, exact=True).is_checked()
    # no role at all: the error is under the roles, and the summary links to the first box
    page.get_by_role("checkbox", name=LEGAL, exact=True).uncheck()
    page.get_by_role("checkbox", name=MANAGER, exact=True).uncheck()
    page.fill("input[name=username]", "petrov")
    page.fill("input[name=password]", PASSWORD)
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    with page.expect_navigation():
        page.get_by_role("button", name="Создать пользователя").click()
    assert page.locator("fieldset#id_roles .pg-field__error").count() == 1
    assert page.locator("#error-summary a", has_text="Роли").get_attribute("href") == "#id_roles_0"
    page.screenshot(path=str(SCREENSHOTS / "users-new-errors.png"), full_page=True)
    assert not get_user_model().objects.filter(username="petrov").exists()
