from datetime import date
from decimal import Decimal

import pytest
from viewflow.workflow.status import STATUS

import config.urls  # noqa: F401 — builds the site's URLs, so flow nodes can reverse theirs
from accounts.roles import BILLING, MANAGER, TECHNICIAN
from metering.models import ReadingSource, ReadingStatus
from metering.services.readings import reading_record
from tests.inspections.conftest import organization, tariff, town  # noqa: F401 — the calculations' town, tariff, head
from tests.metering.factories import MeteringUnitFactory
from workflows.reading_review import open_reading_review

LEAKING = {  # 10 % imbalance trips the leak rule
    "q": Decimal("40"), "m1": Decimal("1000"), "m2": Decimal("900"), "operating_hours": Decimal("744"),
}


@pytest.fixture
def technician(make_user):
    return make_user(TECHNICIAN, first_name="Сергей", last_name="Петров")


@pytest.fixture
def other_technician(make_user):
    return make_user(TECHNICIAN, first_name="Иван", last_name="Сидоров")


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER, first_name="Марина", last_name="Волкова")


@pytest.fixture
def billing(make_user):
    return make_user(BILLING)


@pytest.fixture
def flag_reading(billing):
    """``flag_reading()`` → a January reading of a new unit that trips the leak rule, with
    its review opened as the ``reading_flagged`` hook's task would (see test_reading_review
    for the hook itself, through a real worker)."""

    def flag(period=date(2026, 1, 1)):
        reading = reading_record(
            unit=MeteringUnitFactory(), period=period, source=ReadingSource.CONSUMER, values=LEAKING, actor=billing
        )
        assert reading.status == ReadingStatus.FLAGGED
        open_reading_review(reading.pk)
        return reading

    return flag


def open_task(process, node):
    """The one task of ``node`` in ``process`` that is not finished."""
    return process.task_set.exclude(status__in=[STATUS.DONE, STATUS.CANCELED]).get(flow_task=node)


def complete_view_task(task, user, action=lambda activation: None):
    """Drive a View task through viewflow's activation API as ``user``: assign (when the
    node has not assigned it already), start, run ``action`` — the node's one service call,
    as its view would — and execute. Checks the user may execute it, like the view does."""
    flow_task = task.flow_task
    if task.owner_id is None:
        assert flow_task.can_assign(user, task), f"{user} may not take {task}"
        with task.activation() as activation:
            activation.assign(user)
    assert flow_task.can_execute(user, task), f"{user} may not execute {task}"
    with task.activation() as activation:
        activation.start(None)
        action(activation)
        activation.execute()


def start_view_flow(start_node, user, action):
    """Drive a ``flow.Start`` node through viewflow's activation API as ``user``: the start
    view's one service call is ``action(activation)``; returns the started process."""
    from types import SimpleNamespace

    assert start_node.can_execute(user), f"{user} may not start {start_node.flow_class}"
    activation = start_node.activation_class.create(start_node, None, None)
    activation.start(SimpleNamespace(user=user))
    action(activation)
    activation.execute()
    return activation.process


def run_background_handles(process) -> int:
    """Run the queued handles of the process as the Celery task would; returns how many."""
    from workflows.tasks import run_queued_handle

    waiting = process.task_set.filter(status=STATUS.NEW, flow_task_type="FUNCTION")
    return sum(1 for task in waiting if run_queued_handle(task.pk))
