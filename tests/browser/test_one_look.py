"""In Chromium: the project's own pages (billing, settlements, the file imports, the inspection
checklist) are in the Material design of the rest — the Material font, not the browser's serif,
and file fields as a button with the chosen file's name; a long form refused shows a summary at
the top whose links take the user to each field."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser

FONT = ("getComputedStyle(document.querySelector('main.vf-page__content form')"
        " || document.querySelector('main.vf-page__content')).fontFamily")


@pytest.fixture
def scheduled(make_user):
    """A scheduled commissioning inspection of the technician ``tech-look`` (no worker: nothing is issued)."""
    from types import SimpleNamespace

    from django.utils import timezone

    from accounts.roles import MANAGER, TECHNICIAN
    from metering.services.inspections import inspection_schedule
    from tests.metering.factories import ContractFactory, DeviceFactory, MeteringUnitFactory, OrganizationFactory
    from workflows.commissioning import CommissioningFlow
    from workflows.demo import start_commissioning

    OrganizationFactory()
    manager = make_user(MANAGER, username="manager-look")
    technician = make_user(TECHNICIAN, username="tech-look", first_name="Сергей", last_name="Петров")
    unit = MeteringUnitFactory(number="УУ-LOOK")
    ContractFactory(consumer=unit.heated_object.consumer, objects_covered=[unit.heated_object])
    DeviceFactory(unit=unit, installed_on=date(2026, 1, 10), verified_on=date(2025, 3, 15), serial_number="654321")
    today = timezone.localdate()
    process = start_commissioning(unit, number="78", received_on=today, manager=manager)
    task = process.task_set.get(flow_task=CommissioningFlow.schedule)
    with task.activation() as activation:
        activation.assign(manager)
    with task.activation() as activation:
        activation.start(SimpleNamespace(user=manager))
        inspection_schedule(inspection=process.artifact.current_inspection, technician=technician,
                            scheduled_on=today, actor=manager)
        activation.execute()
    inspect = process.task_set.get(flow_task=CommissioningFlow.inspect)
    # the flow's URLs exist once the URLconf is loaded (by the live server): reversed in the test
    return lambda: CommissioningFlow.inspect.reverse("execute", args=[process.pk, inspect.pk])


def _office_worker(make_user):
    from django.contrib.auth.models import Group

    from accounts.roles import ADMINISTRATOR, BILLING, MANAGER

    user = make_user(BILLING, username="office-look")
    user.groups.add(*Group.objects.filter(name__in=[ADMINISTRATOR, MANAGER]))
    return user


def _check_material(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"look-{name}.png"), full_page=True)
    font = page.evaluate(FONT)
    assert font.split(",")[0].strip().strip('"') == "Roboto", f"{name}: the page's font is {font!r}"
    for file_input in page.locator("main input[type=file]").all():
        # the styled include: the native input hidden behind a button and the chosen file's name
        assert file_input.evaluate("e => !!e.closest('.pg-file')"), f"{name}: a browser-native file input"
        assert file_input.evaluate("e => e.getBoundingClientRect().width") <= 1, f"{name}: the native file input shows"


def test_billing_settlements_imports_and_the_checklist_are_material(live_server, browser, make_user, scheduled):
    _office_worker(make_user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    log_in(page, live_server.url, "office-look")
    pages = {
        "billing-index": "billing:index",
        "billing-period-open": "billing:period_open",
        "settlements-index": "settlements:index",
        "settlements-upload": "settlements:upload",
        "registry-import": "subscribers:import:index",
        "reading-import": "metering:reading_import:index",
        "temperature-import": "metering:temperature_import:index",
    }
    for name, url_name in pages.items():
        page.goto(live_server.url + reverse(url_name))
        _check_material(page, name)
    # a chosen file's name is shown next to the button
    page.goto(live_server.url + reverse("subscribers:import:index"))
    page.locator("main input[type=file]").first.set_input_files(
        files=[{"name": "реестр.csv", "mimeType": "text/csv", "buffer": "ИНН;КПП\n".encode()}])
    assert page.locator(".pg-file__name").first.inner_text() == "реестр.csv"

    technician = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU").new_page()
    log_in(technician, live_server.url, "tech-look")
    technician.goto(live_server.url + scheduled())
    technician.wait_for_selector("#checklist")
    _check_material(technician, "inspection-checklist")
    technician.screenshot(path=str(SCREENSHOTS / "look-inspection-checklist-top.png"))
    assert technician.locator("#checklist input[type=file]").count() > 0


def test_a_refused_long_form_lists_its_errors_at_the_top_with_links_to_the_fields(live_server, browser, scheduled):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU").new_page()
    log_in(page, live_server.url, "tech-look")
    page.goto(live_server.url + scheduled())
    page.wait_for_selector("#checklist")
    # two wrong fields: no inspection date, a temperature that is not a number
    page.evaluate("""() => {
        const day = document.querySelector('[name=inspected_on]'); day.value = '';
        const t = document.querySelector('[name=cold_water_temperature]'); t.type = 'text'; t.value = 'тепло';
    }""")
    with page.expect_navigation():
        page.click("#submit-inspection")
    summary = page.locator("#error-summary")
    summary.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "look-error-summary.png"))
    form_top = page.evaluate("document.querySelector('form.inspection').getBoundingClientRect().top")
    assert summary.evaluate("e => e.getBoundingClientRect().bottom") <= form_top, "the summary is not above the form"
    links = {link.get_attribute("href"): link for link in summary.locator("a[data-field]").all()}
    assert {"#id_inspected_on", "#id_cold_water_temperature"} <= set(links), list(links)
    for href, link in links.items():
        if href in ("#id_inspected_on", "#id_cold_water_temperature"):
            link.click()
            assert page.evaluate("document.activeElement.id") == href[1:]
