"""In Chromium: the manager opens the commissioning act waiting for approval straight from
the queue (one click takes it), returns it with a comment; the technician opens the
inspection step again and sees the comment at the top of the page. The periodic check act
is approved the same way, and its card in the archive names the approval."""

from __future__ import annotations

import time
from datetime import date

import pytest

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser

COMMENT = "Укажите место установки пломбы П-0001 точнее: на корпусе тепловычислителя"


@pytest.fixture
def waiting_for_approval(celery_workers, make_user):
    """A commissioning whose act (issued in the background) waits for the manager
    ``manager-browser``; the inspection was the technician ``tech-browser``'s."""
    from types import SimpleNamespace

    from django.utils import timezone

    from accounts.roles import MANAGER, TECHNICIAN
    from metering.services.inspections import inspection_record, inspection_schedule
    from tests.metering.factories import ContractFactory, DeviceFactory, MeteringUnitFactory, OrganizationFactory
    from tests.metering.services.test_inspections import MEMBERS, answers
    from workflows.commissioning import CommissioningFlow as Flow
    from workflows.demo import start_commissioning

    celery_workers.start(1)
    OrganizationFactory()
    manager = make_user(MANAGER, username="manager-browser", first_name="Марина", last_name="Волкова")
    technician = make_user(TECHNICIAN, username="tech-browser", first_name="Сергей", last_name="Петров")
    unit = MeteringUnitFactory(number="УУ-RETURN")
    ContractFactory(consumer=unit.heated_object.consumer, objects_covered=[unit.heated_object])
    DeviceFactory(unit=unit, installed_on=date(2026, 1, 10), verified_on=date(2025, 3, 15), serial_number="123456")
    today = timezone.localdate()
    process = start_commissioning(unit, number="78", received_on=today, manager=manager)

    def complete(node, user, action):
        task = process.task_set.get(flow_task=node)
        if task.owner_id is None:
            with task.activation() as activation:
                activation.assign(user)
        with task.activation() as activation:
            activation.start(SimpleNamespace(user=user))
            action(activation.process.artifact.current_inspection)
            activation.execute()

    complete(Flow.schedule, manager, lambda inspection: inspection_schedule(
        inspection=inspection, technician=technician, scheduled_on=today, actor=manager))
    complete(Flow.inspect, technician, lambda inspection: inspection_record(
        inspection=inspection, inspected_on=today, answers=answers(inspection), members=MEMBERS,
        seals=[{"number": "П-0001", "place": "тепловычислитель"}], actor=technician))
    deadline = time.monotonic() + 90
    while not process.task_set.filter(flow_task=Flow.approve).exists():
        assert time.monotonic() < deadline, "the act was not issued"
        time.sleep(0.5)
    return process


def test_manager_returns_the_act_and_the_technician_sees_the_comment(live_server, browser, waiting_for_approval):
    from workflows.commissioning import CommissioningFlow as Flow

    process = waiting_for_approval
    task = process.task_set.get(flow_task=Flow.approve)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # the manager: one click from the queue onto the approval form
    manager = browser.new_context(locale="ru-RU").new_page()
    log_in(manager, live_server.url, "manager-browser")
    manager.goto(live_server.url + Flow.approve.reverse("index", args=[process.pk, task.pk]))
    assert manager.url.endswith(Flow.approve.reverse("execute", args=[process.pk, task.pk])), manager.url
    manager.get_by_label("Вернуть на исправление").check()
    manager.fill("textarea[name=comment]", COMMENT)
    manager.screenshot(path=str(SCREENSHOTS / "approval-return-manager.png"), full_page=True)
    with manager.expect_navigation():
        manager.locator("form.vf-form .vf-card__actions button.mdc-button--raised").click()
    # the technician: the inspection step again, the comment at the top
    inspect = process.task_set.filter(flow_task=Flow.inspect).order_by("-pk").first()
    assert inspect.pk != process.task_set.filter(flow_task=Flow.inspect).order_by("pk").first().pk
    technician = browser.new_context(locale="ru-RU").new_page()
    log_in(technician, live_server.url, "tech-browser")
    technician.goto(live_server.url + Flow.inspect.reverse("execute", args=[process.pk, inspect.pk]))
    comment = technician.locator("#return-comment")
    assert COMMENT in comment.inner_text()
    form_top = technician.locator("input[name=inspected_on]").bounding_box()["y"]
    assert comment.bounding_box()["y"] < form_top
    technician.screenshot(path=str(SCREENSHOTS / "approval-return-technician.png"), full_page=True)


@pytest.fixture
def check_waiting_for_approval(celery_workers, make_user):
    """A periodic check whose act (issued in the background) waits for ``manager-browser``;
    the manager is our organisation's signatory «Волкова Марина Сергеевна»."""
    from types import SimpleNamespace

    from django.utils import timezone

    from accounts.roles import MANAGER, TECHNICIAN
    from metering.models import UnitStatus
    from metering.services.inspections import inspection_record
    from tests.metering.factories import (
        DeviceFactory,
        MeteringUnitFactory,
        OrganizationFactory,
        SealFactory,
        StatusChangeFactory,
    )
    from tests.metering.services.test_inspections import MEMBERS, answers
    from workflows.periodic_check import PeriodicCheckFlow as Flow
    from workflows.periodic_check import start_periodic_checks

    celery_workers.start(1)
    OrganizationFactory()
    manager = make_user(MANAGER, username="manager-browser", first_name="Марина", last_name="Волкова")
    technician = make_user(TECHNICIAN, username="tech-browser", first_name="Сергей", last_name="Петров")
    today = timezone.localdate()
    unit = MeteringUnitFactory(number="УУ-CHECK", status=UnitStatus.COMMERCIAL)
    StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
    DeviceFactory(unit=unit, installed_on=date(2025, 1, 1), verified_on=today.replace(day=1), serial_number="654321")
    SealFactory(unit=unit, number="П-0002", place="корпус")
    [process] = start_periodic_checks(season=today.year, deadline=today, actor=manager)
    task = process.task_set.get(flow_task=Flow.inspect)
    with task.activation() as activation:
        activation.assign(technician)
    with task.activation() as activation:
        activation.start(SimpleNamespace(user=technician))
        inspection = activation.process.inspection
        inspection_record(inspection=inspection, inspected_on=today, answers=answers(inspection), members=MEMBERS,
                          seals=[{"number": "П-0002", "place": "корпус", "intact": True}], actor=technician)
        activation.execute()
    deadline = time.monotonic() + 90
    while not process.task_set.filter(flow_task=Flow.approve).exists():
        assert time.monotonic() < deadline, "the act was not issued"
        time.sleep(0.5)
    return process


def test_manager_approves_the_check_act_and_its_card_says_so(live_server, browser, check_waiting_for_approval):
    from django.urls import reverse
    from django.utils import timezone

    from workflows.periodic_check import PeriodicCheckFlow as Flow

    process = check_waiting_for_approval
    task = process.task_set.get(flow_task=Flow.approve)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # the manager: one click from the queue onto the approval form, approve
    manager = browser.new_context(locale="ru-RU").new_page()
    log_in(manager, live_server.url, "manager-browser")
    manager.goto(live_server.url + Flow.approve.reverse("index", args=[process.pk, task.pk]))
    assert manager.url.endswith(Flow.approve.reverse("execute", args=[process.pk, task.pk])), manager.url
    manager.get_by_label("Утвердить", exact=True).check()
    with manager.expect_navigation():
        manager.locator("form.vf-form .vf-card__actions button.mdc-button--raised").click()
    # the step says what it did and links the approved act: its card names the approval
    process.refresh_from_db()
    act = process.inspection.act
    assert process.inspection.approved_at is not None
    assert f"Акт {act.number} утвержден" in manager.content()
    manager.goto(live_server.url + reverse("documents:archive:detail", args=[act.pk]))
    approval = manager.locator("#document-approval").inner_text()
    assert "Начальник абонентского отдела" in approval and "Волкова" in approval
    assert f"{timezone.localdate():%d.%m.%Y}" in approval
    cell = manager.locator("#document-approval td")
    assert not cell.evaluate("el => el.scrollWidth > el.clientWidth + 1"), "the approval's date is cut off"
    manager.screenshot(path=str(SCREENSHOTS / "approval-check-act-card.png"), full_page=True)
