"""The technician's follow-up of a verification notice issued by the daily job."""

from datetime import date, timedelta

import pytest
from viewflow.workflow.status import PROCESS

from metering.services.verification import verification_track
from tests.metering.factories import DeviceFactory, MeteringUnitFactory, OrganizationFactory
from workflows.models import VerificationFollowUpProcess
from workflows.verification_followup import VerificationFollowUpFlow as Flow
from workflows.verification_followup import open_followup

from .conftest import open_task
from .test_commissioning import url

pytestmark = pytest.mark.django_db
DAY = date(2026, 4, 16)  # 60 days before 15.06.2026


@pytest.fixture
def notice(time_machine):
    time_machine.move_to(DAY)
    OrganizationFactory()
    DeviceFactory(unit=MeteringUnitFactory(), installed_on=date(2022, 7, 1), verified_on=date(2022, 6, 15))
    [notice] = verification_track(today=DAY).notices
    return notice


def test_the_notice_opens_one_follow_up_that_a_technician_completes(notice, technician, billing, client):
    # opened once (the hook's task), due when the verification runs out
    process = open_followup(notice.pk)
    assert open_followup(notice.pk) is None
    assert process.task_due_date(None) == date(2026, 6, 15)
    task = open_task(process, Flow.deliver)
    # a billing specialist may not take it
    client.force_login(billing)
    assert client.post(url(Flow.deliver, process, task, "assign")).status_code == 403
    # the technician records the delivery
    client.force_login(technician)
    client.post(url(Flow.deliver, process, task, "assign"))
    delivered = {"delivered_on": (DAY + timedelta(days=1)).isoformat(), "note": "почта, РПО 80080012345678"}
    response = client.post(url(Flow.deliver, process, task), delivered)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.delivery_note == "почта, РПО 80080012345678"
    assert VerificationFollowUpProcess.objects.get().status == PROCESS.DONE
