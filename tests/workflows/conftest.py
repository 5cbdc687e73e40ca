import pytest
from viewflow.workflow.status import STATUS

import config.urls  # noqa: F401 — builds the site's URLs, so flow nodes can reverse theirs
from accounts.roles import BILLING, MANAGER, TECHNICIAN


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
