"""A task URL whose process or node is not the task's own answers 404 (GET and POST),
for every flow of the site, before the view runs or takes the process lock."""

import pytest
from viewflow.workflow.flow import End, View
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from config.site import site
from workflows.commissioning import CommissioningFlow
from workflows.periodic_check import PeriodicCheckFlow
from workflows.reading_review import ReadingReviewFlow
from workflows.verification_followup import VerificationFollowUpFlow

pytestmark = pytest.mark.django_db

FLOWS = [CommissioningFlow, PeriodicCheckFlow, ReadingReviewFlow, VerificationFollowUpFlow]


def test_every_flow_of_the_site_is_covered():
    metering_flows = next(v for v in site.viewsets if getattr(v, "app_name", None) == "metering_flows")
    assert set(metering_flows.flow_classes) == set(FLOWS)


def _human_node(flow_class):
    return next(node for node in flow_class.instance.nodes() if isinstance(node, View))


def _process_with_open_task(flow_class):
    process = flow_class.process_class.objects.create(flow_class=flow_class)
    task = Task.objects.create(process=process, flow_task=_human_node(flow_class), status=STATUS.NEW)
    return process, task


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="pass-12345"))
    return client


@pytest.mark.parametrize("flow_class", FLOWS, ids=lambda f: f.__name__)
def test_a_task_under_its_own_process_and_node_is_found(admin_client, flow_class):
    # given
    process, task = _process_with_open_task(flow_class)
    # when
    response = admin_client.get(task.flow_task.reverse("detail", args=[process.pk, task.pk]))
    # then
    assert response.status_code == 200


@pytest.mark.parametrize("flow_class", FLOWS, ids=lambda f: f.__name__)
def test_a_task_under_another_process_is_not_found(admin_client, flow_class):
    # given task 1 of process 1 and a second process of the same flow
    _, task = _process_with_open_task(flow_class)
    other, _ = _process_with_open_task(flow_class)
    node = task.flow_task
    # when / then: the task shown or taken under the other process's URL
    assert admin_client.get(node.reverse("detail", args=[other.pk, task.pk])).status_code == 404
    assert admin_client.post(node.reverse("assign", args=[other.pk, task.pk])).status_code == 404
    # and nothing changed on the task
    task.refresh_from_db()
    assert task.owner_id is None and task.status == STATUS.NEW


@pytest.mark.parametrize("flow_class", FLOWS, ids=lambda f: f.__name__)
def test_a_task_under_another_node_is_not_found(admin_client, flow_class):
    # given
    process, task = _process_with_open_task(flow_class)
    end = next(node for node in flow_class.instance.nodes() if isinstance(node, End))
    # when
    response = admin_client.get(end.reverse("detail", args=[process.pk, task.pk]))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("flow_class", FLOWS, ids=lambda f: f.__name__)
def test_a_task_under_another_flow_is_not_found(admin_client, flow_class):
    # given a task of another flow
    other_flow = next(f for f in FLOWS if f is not flow_class)
    process, task = _process_with_open_task(other_flow)
    # when its pks are put into this flow's URL
    response = admin_client.post(_human_node(flow_class).reverse("assign", args=[process.pk, task.pk]))
    # then
    assert response.status_code == 404
