"""Periodic checks: a manager's campaign starts one process per unit; the technician's
result issues the act; a failed check makes the unit faulty from that date."""

from datetime import date

import pytest
from viewflow.workflow.status import PROCESS

from metering import selectors
from metering.models import UnitStatus
from tests.metering.factories import (
    DeviceFactory,
    MeteringUnitFactory,
    OrganizationFactory,
    SealFactory,
    StatusChangeFactory,
)
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
        assert process.status == PROCESS.DONE
        assert process.inspection.act.template_code == "metering.periodic_check_act"
    # then
    passed, failed = units
    assert selectors.unit_status_on(passed, TODAY) == UnitStatus.COMMERCIAL
    passed.refresh_from_db()
    assert passed.admitted_until == date(2027, 3, 11)
    faulty = selectors.unit_status_intervals(failed, TODAY, TODAY)[0]
    assert (faulty.status, faulty.start) == (UnitStatus.FAULTY, TODAY)
    assert selectors.unit_status_on(failed, date(2026, 3, 11)) == UnitStatus.COMMERCIAL
