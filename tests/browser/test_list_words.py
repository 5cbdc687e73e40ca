"""In Chromium: viewflow's lists speak Russian in the words their scripts write — the search
box's label «Поиск…» (not «Search...»), after a full load and after a Turbo visit, and the count
of ticked rows «Выбрано: 1 из 2» (not «1 of 2 selected», the JavaScript catalogue
locale/ru/LC_MESSAGES/djangojs.po). Screenshot: var/screenshots/list-selected.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in
from .test_start_pages import flagged_review

pytestmark = pytest.mark.browser


def test_the_lists_scripts_write_russian(live_server, browser, make_user):
    import config.urls  # noqa: F401 — flow nodes reverse their URLs
    from accounts.roles import TECHNICIAN

    make_user(TECHNICIAN, username="lists-technician", first_name="Анна", last_name="Техникова")
    for _ in range(2):  # two reviews waiting in the technicians' queue
        flagged_review(make_user(TECHNICIAN))
    page = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 900}).new_page()
    log_in(page, live_server.url, "lists-technician")
    # a row ticked in the queue
    page.goto(live_server.url + reverse("metering_flows:queue"))
    page.wait_for_load_state("networkidle")
    page.locator("vf-list tbody input[type=checkbox]").first.check()
    assert page.locator(".vf-list__action-selected").inner_text().strip() == "Выбрано: 1 из 2"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "list-selected.png"))
    # the search box of a list reached through the menu (Turbo visits: the page is not loaded again)
    page.evaluate("window.loadedOnce = true")
    page.locator(".vf-page__menu a", has_text="Учет").first.click()
    page.wait_for_load_state("networkidle")
    page.locator(".vf-page__menu a", has_text="Узлы учета").first.click()
    page.wait_for_url("**" + reverse("metering:units:index"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.loadedOnce") is True
    assert page.locator("#id_page_search_label").inner_text() == "Поиск…"
    # and after a full load
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_page_search_label").inner_text() == "Поиск…"
