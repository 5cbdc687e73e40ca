"""The flows' demo: one commissioning waits for the demo technician's inspection."""

import pytest
from viewflow.workflow.status import STATUS

from accounts.demo import seed as seed_users
from core.demo import DemoContext
from metering import demo as metering_demo
from tests.metering.factories import OrganizationFactory
from tests.subscribers.factories import HeatLoadFactory
from workflows import demo
from workflows.commissioning import CommissioningFlow
from workflows.models import CommissioningProcess

pytestmark = pytest.mark.django_db


def test_a_commissioning_is_in_progress_for_the_demo_technician(time_machine):
    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    seed_users(ctx)
    OrganizationFactory()
    for _ in range(6):
        HeatLoadFactory()
    metering_demo.seed(ctx)
    demo.seed(ctx)
    processes = list(CommissioningProcess.objects.order_by("pk"))
    assert len(processes) == 2
    inspect = processes[0].task_set.get(flow_task=CommissioningFlow.inspect)
    assert (inspect.status, inspect.owner.username) == (STATUS.ASSIGNED, "tech")
    assert processes[1].task_set.get(flow_task=CommissioningFlow.schedule).status == STATUS.NEW
