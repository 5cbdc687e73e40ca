"""Periodic checks: a manager's campaign starts one process per unit; the technician's
result issues the act; a manager approves it (the act issued again, its «УТВЕРЖДАЮ» block
filled) or returns it with a comment the technician sees; the approved result applies — a
failed check makes the unit faulty from that date."""

from datetime import date

import pytest
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from audit.models import AuditEvent
from metering import selectors
from metering.models import InspectionReturn, UnitStatus
from tests.metering.factories import (
    DeviceFactory,
    MeteringUnitFactory,
    OrganizationFactory,
    SealFactory,
    StatusChangeFactory,
)
from tests.metering.services.test_inspections import _act_text
from workflows.models import PeriodicCheckProcess
from workflows.periodic_check import PeriodicCheckFlow as Flow

from .conftest import open_task, run_background_handles
from .test_commissioning import inspection_post, url

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 12)
CAMPAIGN = "/metering_flows/periodic_campaign/"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY)


@pytest.fixture
def units():
    OrganizationFactory()
    made = []
    for number in ("УУ-1", "УУ-2"):
        unit = MeteringUnitFactory(number=number, status=UnitStatus.COMMERCIAL)
        StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
        DeviceFactory(unit=unit, installed_on=date(2025, 1, 1), verified_on=date(2024, 3, 15))
        SealFactory(unit=unit, number=f"S-{number}", place="корпус")
        made.append(unit)
    return made


def seals_post(data: dict, unit, intact: bool) -> dict:
    data = {**data, "seals-0-number": f"S-{unit.number}", "seals-0-place": "корпус"}
    if intact:
        data["seals-0-intact"] = "on"
    return data


def test_campaign_check_pass_and_fail_through_http(units, manager, technician, client):
    # a technician may not start a campaign
    client.force_login(technician)
    assert client.post(CAMPAIGN, {"season": 2026, "deadline": "2026-09-15"}).status_code == 403
    # the manager starts one for all units
    client.force_login(manager)
    assert client.post(CAMPAIGN, {"season": 2026, "deadline": "2026-09-15"}).status_code == 302
    processes = {p.inspection.unit.number: p for p in PeriodicCheckProcess.objects.all()}
    assert sorted(processes) == ["УУ-1", "УУ-2"]
    # the technician takes both from the queue; УУ-1 passes, УУ-2 has a broken seal
    client.force_login(technician)
    for number, intact in (("УУ-1", True), ("УУ-2", False)):
        process = processes[number]
        task = open_task(process, Flow.inspect)
        assert client.post(url(Flow.inspect, process, task, "assign")).status_code == 302
        defects = None if intact else {"seals": f"пломба S-{number} сорвана"}
        data = seals_post(inspection_post(process.inspection, defects=defects), process.inspection.unit, intact)
        response = client.post(url(Flow.inspect, process, task), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        run_background_handles(process)
        process.refresh_from_db()
        assert process.inspection.act.template_code == "metering.periodic_check_act"
        # issued, the result waits for the approval: the technician may not give it
        assert process.status == PROCESS.NEW and process.inspection.approved_at is None
        assert selectors.unit_status_on(process.inspection.unit, TODAY) == UnitStatus.COMMERCIAL
        task = open_task(process, Flow.approve)
        assert client.post(url(Flow.approve, process, task, "assign")).status_code == 403
        assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 403
    # the manager approves both acts: each is issued again and the result applies
    client.force_login(manager)
    for process in processes.values():
        submitted = process.inspection.act
        task = open_task(process, Flow.approve)
        assert client.get(url(Flow.approve, process, task, "assign")).status_code == 302
        assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 302
        process.refresh_from_db()
        assert process.status == PROCESS.DONE
        act = process.inspection.act
        assert act.replaces == submitted and act.issued_by == manager and process.inspection.approved_by == manager
    # then
    passed, failed = units
    assert selectors.unit_status_on(passed, TODAY) == UnitStatus.COMMERCIAL
    passed.refresh_from_db()
    assert passed.admitted_until == date(2027, 3, 11)
    faulty = selectors.unit_status_intervals(failed, TODAY, TODAY)[0]
    assert (faulty.status, faulty.start) == (UnitStatus.FAULTY, TODAY)
    assert selectors.unit_status_on(failed, date(2026, 3, 11)) == UnitStatus.COMMERCIAL


# ------------------------------------------------------------ approval: returned, corrected, approved

COMMENT = "Пломба S-УУ-1 сорвана: отметьте недостаток и срок устранения"


def _checked(units, manager, technician, client, intact=True):
    """One unit's check recorded on its page and its act issued: waiting for the approval."""
    client.force_login(manager)
    client.post(CAMPAIGN, {"season": 2026, "deadline": "2026-09-15"})
    process = next(p for p in PeriodicCheckProcess.objects.all() if p.inspection.unit == units[0])
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    client.get(url(Flow.inspect, process, task, "assign"))
    data = seals_post(inspection_post(process.inspection), process.inspection.unit, intact)
    assert client.post(url(Flow.inspect, process, task), data).status_code == 302
    run_background_handles(process)
    process.refresh_from_db()
    return process


def test_a_returned_check_goes_back_to_its_technician_with_the_comment(units, manager, technician, client):
    # given a check passed over a broken seal, its act waiting for the manager
    process = _checked(units, manager, technician, client, intact=True)
    submitted = process.inspection.act
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    assert client.get(url(Flow.approve, process, task, "assign")).status_code == 302
    page = client.get(url(Flow.approve, process, task)).content.decode()
    assert f"Акт № {submitted.number}" in page and "при возврате — что исправить" in page
    # a return without a comment is refused on the form, nothing changes
    response = client.post(url(Flow.approve, process, task), {"decision": "return", "comment": "  "})
    assert response.status_code == 200 and "comment" in response.context["form"].errors
    assert open_task(process, Flow.approve).status == STATUS.ASSIGNED
    # when she returns it with what to correct
    response = client.post(url(Flow.approve, process, task), {"decision": "return", "comment": COMMENT}, follow=True)
    assert f"Акт {submitted.number} возвращен технику на исправление" in response.content.decode()
    # then the act is off the inspection (kept in the archive), the return recorded and audited
    process.refresh_from_db()
    inspection = process.inspection
    assert inspection.act is None and inspection.approved_at is None
    assert list(InspectionReturn.objects.values_list("act", "comment", "returned_by")) == [(submitted.pk, COMMENT, manager.pk)]
    assert AuditEvent.objects.filter(action="inspection.returned", actor=manager).exists()
    assert selectors.unit_status_on(units[0], TODAY) == UnitStatus.COMMERCIAL  # nothing applied
    # the inspection step again, assigned to the technician who did it, the comment above the form
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    assert (task.owner, task.status) == (technician, STATUS.ASSIGNED)
    page = client.get(url(Flow.inspect, process, task)).content.decode()
    assert COMMENT in page and page.index(COMMENT) < page.index('name="inspected_on"')
    assert f"Акт № {submitted.number} возвращен на исправление" in page
    # corrected: the seal marked broken, the defect with its deadline; the act issued again
    data = seals_post(inspection_post(inspection, defects={"seals": "пломба S-УУ-1 сорвана"}), units[0], intact=False)
    assert client.post(url(Flow.inspect, process, task), data).status_code == 302
    run_background_handles(process)
    process.refresh_from_db()
    corrected = process.inspection.act
    assert corrected.pk != submitted.pk and corrected.replaces == submitted
    assert corrected.context["passed"] is False
    # the manager sees the return in the history and approves: the failed check applies
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    client.get(url(Flow.approve, process, task, "assign"))
    assert COMMENT in client.get(url(Flow.approve, process, task)).content.decode()
    assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 302
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert process.inspection.act.replaces == corrected
    assert selectors.unit_status_intervals(units[0], TODAY, TODAY)[0].status == UnitStatus.FAULTY
    assert [t.flow_task.name for t in process.task_set.order_by("id")] == [
        "start", "inspect", "issue_act", "approve", "is_returned",
        "inspect", "issue_act", "approve", "is_returned", "apply_result", "end",
    ]


def test_the_approved_act_in_the_archive_names_the_approver_and_the_day(units, manager, technician, client):
    # given a check waiting for the approval, its act with blank lines to approve by hand
    process = _checked(units, manager, technician, client)
    submitted = process.inspection.act
    blank = _act_text(submitted)
    assert "УТВЕРЖДАЮ" in blank and "«___» ______________ 20___ г." in blank
    # when the manager (a signatory of our organisation) approves it
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    client.get(url(Flow.approve, process, task, "assign"))
    response = client.post(url(Flow.approve, process, task), {"decision": "approve"}, follow=True)
    process.refresh_from_db()
    approved = process.inspection.act
    assert f"Акт {approved.number} утвержден" in response.content.decode()
    # then the archived act is a new document replacing the one submitted, its block filled
    assert approved.pk != submitted.pk and approved.replaces == submitted
    assert approved.template_code == "metering.periodic_check_act"
    text = _act_text(approved)
    lines = text.splitlines()
    at = lines.index("УТВЕРЖДАЮ")
    assert lines[at + 1:at + 4] == ["Начальник абонентского отдела", "____________ М.С.\xa0Волкова", "12.03.2026"]
    assert approved.context["approval"] == {
        "position": "Начальник абонентского отдела", "name": "М.С.\xa0Волкова", "date": "12.03.2026",
    }
    # its card in the archive says who approved it and when; the submitted one's does not
    card = client.get(reverse("documents:archive:detail", args=[approved.pk])).content.decode()
    assert "Утвержден" in card and "Начальник абонентского отдела М.С.\xa0Волкова, 12.03.2026" in card
    assert 'id="document-approval"' not in client.get(
        reverse("documents:archive:detail", args=[submitted.pk])).content.decode()
    # and the process page says who approved it and when
    page = client.get(Flow.instance.reverse("process_detail", args=[process.pk])).content.decode()
    assert "Утвержден: Волкова Марина, 12.03.2026" in page
