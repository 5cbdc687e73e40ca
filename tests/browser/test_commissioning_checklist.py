"""In Chromium, at a phone's width: the technician fills the commissioning checklist of a
scheduled inspection and downloads the act the system issues."""

from __future__ import annotations

import time
from datetime import date

import pytest

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def scheduled(celery_workers, make_user):
    """A unit with a valid device, its application registered and the inspection scheduled
    for the technician ``tech-browser`` (password ``pass-12345``)."""
    from django.utils import timezone

    from accounts.roles import MANAGER, TECHNICIAN
    from metering.services.inspections import inspection_schedule
    from tests.metering.factories import (
        ContractFactory,
        DeviceFactory,
        MeteringUnitFactory,
        OrganizationFactory,
    )
    from workflows.commissioning import CommissioningFlow
    from workflows.demo import start_commissioning

    celery_workers.start(1)  # issues the act (a real worker on the PostgreSQL + Redis pass)
    OrganizationFactory()
    manager = make_user(MANAGER, username="manager-browser")
    technician = make_user(TECHNICIAN, username="tech-browser", first_name="Сергей", last_name="Петров")
    unit = MeteringUnitFactory(number="УУ-BROWSER")
    ContractFactory(consumer=unit.heated_object.consumer, objects_covered=[unit.heated_object])
    DeviceFactory(unit=unit, installed_on=date(2026, 1, 10), verified_on=date(2025, 3, 15), serial_number="123456")
    today = timezone.localdate()
    process = start_commissioning(unit, number="77", received_on=today, manager=manager)
    task = process.task_set.get(flow_task=CommissioningFlow.schedule)
    with task.activation() as activation:
        activation.assign(manager)
    with task.activation() as activation:
        from types import SimpleNamespace

        activation.start(SimpleNamespace(user=manager))
        inspection_schedule(inspection=process.artifact.current_inspection, technician=technician,
                            scheduled_on=today, actor=manager)
        activation.execute()
    inspect = process.task_set.get(flow_task=CommissioningFlow.inspect)
    return process, inspect


def test_technician_fills_the_checklist_on_a_phone_and_downloads_the_act(live_server, browser, scheduled, tmp_path):
    from workflows.commissioning import CommissioningFlow

    process, task = scheduled
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True,
                                  locale="ru-RU")
    page = context.new_page()
    log_in(page, live_server.url, "tech-browser")
    # open the checklist: nothing wider than the phone
    page.goto(live_server.url + CommissioningFlow.inspect.reverse("execute", args=[process.pk, task.pk]))
    page.wait_for_selector("#checklist")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "commissioning-checklist-390px.png"), full_page=True)
    width = page.evaluate("document.querySelector('form.inspection').getBoundingClientRect().right")
    assert width <= PHONE["width"], f"the checklist is {width}px wide on a {PHONE['width']}px phone"
    # every item conforms; the commission and a seal
    for item in page.locator("#checklist .item").all():
        item.get_by_label("Соответствует").check()
    page.fill("input[name=members-0-position]", "техник абонентского отдела")
    page.fill("input[name=members-1-last_name]", "Сидоров")
    page.fill("input[name=members-1-first_name]", "Петр")
    page.fill("input[name=members-1-middle_name]", "Петрович")
    page.fill("input[name=members-1-position]", "главный энергетик")
    page.fill("input[name=seals-0-number]", "П-0001")
    page.fill("input[name=seals-0-place]", "корпус тепловычислителя")
    page.fill("input[name=q_total]", "0,125")
    with page.expect_navigation():
        page.locator("#submit-inspection").click()
    errors = page.locator("form.inspection .errors").all_inner_texts()
    assert not errors, errors
    # the act is issued in the background; the process page offers it for download
    detail = live_server.url + CommissioningFlow.instance.reverse("process_detail", args=[process.pk])
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page.goto(detail)
        if page.locator("a.act-download").count():
            break
        time.sleep(1)
    page.screenshot(path=str(SCREENSHOTS / "commissioning-process-390px.png"), full_page=True)
    with page.expect_download() as download_info:
        page.locator("a.act-download").first.click()
    target = tmp_path / "act.docx"
    download_info.value.save_as(target)
    assert target.read_bytes()[:2] == b"PK"
    assert "Акт ввода в эксплуатацию" in download_info.value.suggested_filename
    context.close()
