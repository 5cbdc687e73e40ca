"""In Chromium: nothing on a page is cut off or misaligned — a card's facts wrap (the
archive card's «Утвержден» date, the SHA-256), the inbox's column headers stand over their
left-aligned cells, a long side-menu label wraps instead of «Начисления по догово…».
Screenshots: var/screenshots/layout-menu.png, layout-inbox.png, layout-document-card.png."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in
from .test_start_pages import flagged_review

pytestmark = pytest.mark.browser

CLIPPED = "el => el.scrollWidth > el.clientWidth + 1"


def _page(browser, width: int = 1280):
    return browser.new_context(locale="ru-RU", viewport={"width": width, "height": 900}).new_page()


def test_a_long_menu_label_wraps_whole(live_server, browser, make_user):
    from accounts.roles import BILLING

    make_user(BILLING, username="menu-billing", first_name="Анна", last_name="Расчетова")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = _page(browser)
    log_in(page, live_server.url, "menu-billing")
    page.goto(live_server.url + reverse("billing:index"))
    item = page.locator(".vf-page__menu-list-item", has_text="Начисления по договорам")
    assert item.count() == 1
    label = item.locator(".mdc-list-item__content")
    assert label.inner_text() == "Начисления по договорам"
    assert not label.evaluate(CLIPPED), "the menu label is cut off"
    box, drawer = item.bounding_box(), page.locator(".vf-page__menu").bounding_box()
    assert box and drawer and box["x"] + box["width"] <= drawer["x"] + drawer["width"] + 1
    page.screenshot(path=str(SCREENSHOTS / "layout-menu.png"), full_page=True)


def test_inbox_headers_stand_over_their_cells(live_server, browser, make_user):
    import config.urls  # noqa: F401 — flow nodes reverse their URLs
    from accounts.roles import BILLING, TECHNICIAN

    make_user(TECHNICIAN, username="inbox-tech", first_name="Сергей", last_name="Техников")
    flagged_review(make_user(BILLING))
    page = _page(browser)
    log_in(page, live_server.url, "inbox-tech")
    page.goto(live_server.url + reverse("inbox:index"))
    row = page.locator("[id^=inbox-] tr.task").first
    headers = row.locator("xpath=ancestor::table[1]").locator("thead th")
    cells = row.locator("td")
    assert headers.count() == cells.count() >= 4
    for n in range(headers.count()):
        header, cell = headers.nth(n), cells.nth(n)
        assert header.evaluate("el => getComputedStyle(el).textAlign") in ("left", "start")
        text_left = header.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                                    " return r.getBoundingClientRect().left; }")
        cell_left = cell.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                                  " return r.getBoundingClientRect().left; }")
        assert abs(text_left - cell_left) <= 2, (header.inner_text(), text_left, cell_left)
        assert not cell.evaluate(CLIPPED), cell.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "layout-inbox.png"), full_page=True)


def test_the_document_card_shows_every_fact_whole(live_server, browser, make_user):
    from accounts.roles import MANAGER
    from documents.registry import get_spec
    from documents.services import issue_document, sample_context
    from tests.subscribers.factories import ConsumerFactory

    manager = make_user(MANAGER, username="card-manager", first_name="Марина", last_name="Волкова")
    context = sample_context(get_spec("common.letter"))
    context.pop("document")
    document = issue_document(template="common.letter", context=context, subject=ConsumerFactory(), actor=manager)
    page = _page(browser, width=1024)
    log_in(page, live_server.url, "card-manager")
    page.goto(live_server.url + reverse("documents:archive:detail", args=[document.pk]))
    rows = page.locator("#document-card tbody tr")
    assert rows.count() >= 5
    for n in range(rows.count()):
        value = rows.nth(n).locator("td")
        assert not value.evaluate(CLIPPED), rows.nth(n).inner_text()
    sha = page.locator("#document-card tr", has_text="SHA-256 (DOCX)").locator("td")
    assert sha.inner_text().strip() == document.sha256
    page.screenshot(path=str(SCREENSHOTS / "layout-document-card.png"), full_page=True)


def test_the_template_change_lists_variables_with_their_meanings(live_server, browser, client, make_user):
    import config.urls  # noqa: F401 — flow nodes reverse their URLs
    from accounts.roles import LEGAL, MANAGER
    from documents.registry import get_spec
    from tests.workflows.test_template_change import NEW_WORDING, OLD_WORDING, edited_in_word, propose_through_page
    from workflows.models import TemplateChangeProcess
    from workflows.template_change import TemplateChangeFlow

    client.force_login(make_user(LEGAL, first_name="Ольга", last_name="Юрьева"))
    assert propose_through_page(client, edited_in_word("common.letter", OLD_WORDING, NEW_WORDING)).status_code == 302
    process = TemplateChangeProcess.objects.get(flow_class=TemplateChangeFlow)
    make_user(MANAGER, username="tpl-manager", first_name="Марина", last_name="Волкова")
    page = _page(browser)
    log_in(page, live_server.url, "tpl-manager")
    page.goto(live_server.url + reverse("document_flows:flows:templatechange:process_detail",
                                        kwargs={"process_pk": process.pk}))
    listed = page.locator("#proposal-variables li")
    help_ = get_spec("common.letter").help
    assert listed.count() == len(process.artifact.variables)
    assert page.locator("#proposal-variables li[data-variable=addressee]").inner_text() == f"addressee — {help_['addressee']}"
    shown = page.locator("main").inner_text()
    assert "['" not in shown and "{#" not in shown and "Юрьева Ольга" in shown
    page.screenshot(path=str(SCREENSHOTS / "layout-template-change.png"), full_page=True)


def test_the_contract_form_shows_its_objects_as_checkboxes(live_server, browser, make_user):
    from accounts.roles import TECHNICIAN
    from tests.subscribers.factories import ContractFactory, HeatedObjectFactory

    contract = ContractFactory()
    covered, other = HeatedObjectFactory(consumer=contract.consumer), HeatedObjectFactory(consumer=contract.consumer)
    contract.objects_covered.add(covered)
    make_user(TECHNICIAN, username="contract-tech", first_name="Сергей", last_name="Техников")
    page = _page(browser)
    log_in(page, live_server.url, "contract-tech")
    page.goto(live_server.url + reverse("subscribers:contracts:change", args=[contract.pk]))
    boxes = page.locator("fieldset#id_objects_covered input[type=checkbox]")
    assert boxes.count() == 2 and boxes.first.is_visible()
    page.locator(f"fieldset#id_objects_covered input[value='{other.pk}']").check()
    page.screenshot(path=str(SCREENSHOTS / "layout-contract-objects.png"), full_page=True)
    with page.expect_navigation():
        page.locator(".vf-card__actions button[type=submit]").first.click()
    assert set(contract.objects_covered.values_list("pk", flat=True)) == {covered.pk, other.pk}


def test_on_a_phone_buttons_wrap_and_tables_scroll_with_whole_cells(live_server, browser, make_user):
    """390 px: the unit card's four buttons stand apart on lines of their own, its devices' table
    scrolls sideways with every cell whole («210001», «31.01.2025»), the page stays the screen's
    width. Screenshot: var/screenshots/layout-phone-unit.png."""
    from datetime import date

    from accounts.roles import TECHNICIAN
    from tests.metering.factories import DeviceFactory, MeteringUnitFactory

    make_user(TECHNICIAN, username="phone-tech", first_name="Сергей", last_name="Петров")
    unit = MeteringUnitFactory(number="УУ-100001-01")
    for n in range(3):
        DeviceFactory(unit=unit, serial_number=f"21000{n}", verified_on=date(2025, 1, 31), installed_on=date(2026, 2, 5))
    page = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    log_in(page, live_server.url, "phone-tech")
    page.goto(live_server.url + reverse("metering:units:detail", args=[unit.pk]))
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    buttons = page.locator(".vf-card__actions .mdc-card__action--button")
    boxes = [buttons.nth(n).bounding_box() for n in range(buttons.count())]
    assert len(boxes) >= 2
    for a, b in zip(boxes, boxes[1:], strict=False):
        apart = a["x"] + a["width"] <= b["x"] + 1 or a["y"] + a["height"] <= b["y"] + 1
        assert apart, f"buttons overlap: {a} {b}"
    for n in range(buttons.count()):  # each label whole, on one line, inside its button
        button = buttons.nth(n)
        assert not button.evaluate(CLIPPED), button.inner_text()
        assert button.evaluate("el => [...el.querySelectorAll('.mdc-button__label')].every("
                               "l => l.getClientRects().length === 1)"), button.inner_text()
    cells = page.locator("td", has_text="31.01.2025")
    assert cells.count() == 3
    for n in range(3):
        assert not cells.nth(n).evaluate(CLIPPED), cells.nth(n).inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "layout-phone-unit.png"), full_page=True)
