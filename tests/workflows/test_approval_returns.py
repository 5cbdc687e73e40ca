"""Approvals can return: the manager approves the act or returns it with a required comment
the technician sees on the inspection page; the technician corrects and the act is issued
again (replacing the returned one); the second approval completes — and the approved act is
issued once more with the approval (who, when). Taking a task from the queue is one click."""

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from audit.models import AuditEvent
from core.errors import ApplicationError
from metering.models import InspectionReturn, UnitStatus
from metering.services import inspections as services
from subscribers.models import Signatory
from workflows.commissioning import CommissioningFlow as Flow
from workflows.models import CommissioningProcess
from workflows.taking import task_take

from .conftest import open_task, run_background_handles
from .test_commissioning import TODAY, inspection_post, register_post, url
from .test_commissioning import unit as commissioning_unit

pytestmark = pytest.mark.django_db

COMMENT = "Укажите место установки пломбы на тепловычислителе"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY)


unit = pytest.fixture(commissioning_unit.__wrapped__, name="unit")


def _process_waiting_for_approval(unit, manager, technician, client):
    client.force_login(manager)
    assert client.post(Flow.register.reverse("execute"), register_post(unit)).status_code == 302
    process = CommissioningProcess.objects.get()
    task = open_task(process, Flow.schedule)
    client.get(url(Flow.schedule, process, task, "assign"))
    client.post(url(Flow.schedule, process, task), {"technician": technician.pk, "scheduled_on": TODAY.isoformat()})
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    assert client.post(url(Flow.inspect, process, task), inspection_post(process.inspection)).status_code == 302
    run_background_handles(process)
    return process


def test_returned_act_goes_back_to_the_technician_with_the_comment(unit, manager, technician, client):
    process = _process_waiting_for_approval(unit, manager, technician, client)
    submitted = process.inspection.act
    # one click: the manager opens the unassigned approval and is on its form
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    response = client.get(Flow.approve.reverse("index", args=[process.pk, task.pk]), follow=True)
    assert response.redirect_chain[-1][0] == url(Flow.approve, process, task)
    task.refresh_from_db()
    assert task.owner == manager and task.status == STATUS.ASSIGNED
    assert AuditEvent.objects.filter(action="task.taken", actor=manager).exists()
    # a return without a comment is refused on the form
    response = client.post(url(Flow.approve, process, task), {"decision": "return", "comment": " "})
    assert response.status_code == 200 and "comment" in response.context["form"].errors
    # returned with the comment
    response = client.post(url(Flow.approve, process, task), {"decision": "return", "comment": COMMENT})
    assert response.status_code == 302
    process.refresh_from_db()
    inspection = process.inspection
    assert inspection.act is None and inspection.approved_at is None
    assert list(InspectionReturn.objects.values_list("act", "comment", "returned_by")) == [(submitted.pk, COMMENT, manager.pk)]
    assert AuditEvent.objects.filter(action="inspection.returned", actor=manager).exists()
    # the technician's inspection step again, assigned to them, the comment at the top, the record kept
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    assert task.owner == technician
    page = client.get(url(Flow.inspect, process, task)).content.decode()
    assert COMMENT in page and page.index(COMMENT) < page.index('name="inspected_on"')
    assert 'value="г. Энск"' in page
    assert client.post(url(Flow.inspect, process, task), inspection_post(inspection)).status_code == 302
    run_background_handles(process)
    process.refresh_from_db()
    corrected = process.inspection.act
    assert corrected.pk != submitted.pk and corrected.replaces == submitted
    # the manager sees the history of returns and approves: done, with the approval on the act
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    client.get(url(Flow.approve, process, task, "assign"))
    assert COMMENT in client.get(url(Flow.approve, process, task)).content.decode()
    assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 302
    process.refresh_from_db()
    unit.refresh_from_db()
    assert process.status == PROCESS.DONE and unit.status == UnitStatus.COMMERCIAL
    inspection = process.inspection
    assert inspection.approved_by == manager
    assert inspection.act.replaces == corrected and inspection.act.issued_by == manager
    assert [t.flow_task.name for t in process.task_set.order_by("id")][4:] == [
        "approve", "is_returned", "inspect", "issue_act", "approve", "is_returned", "is_commissioned", "commissioned",
    ]
    assert InspectionReturn.objects.filter(inspection=inspection).count() == 1  # the history stays


def test_a_return_needs_a_comment_and_the_approvers_right(unit, manager, technician, client):
    process = _process_waiting_for_approval(unit, manager, technician, client)
    with pytest.raises(ApplicationError) as refused:
        services.inspection_return(inspection=process.inspection, comment="", actor=manager)
    assert (refused.value.code, refused.value.field) == ("required", "comment")
    with pytest.raises(ApplicationError) as refused:
        services.inspection_return(inspection=process.inspection, comment=COMMENT, actor=technician)
    assert refused.value.code == "permission_denied"
    services.inspection_approve(inspection=process.inspection, actor=manager)
    with pytest.raises(ApplicationError) as refused:
        services.inspection_return(inspection=process.inspection, comment=COMMENT, actor=manager)
    assert refused.value.code == "already_approved"


def test_the_approval_block_names_the_approver_and_the_day(manager):
    assert services.approval_block(manager, _noon()) == {"position": "", "name": "М.\u00a0Волкова", "date": "12.03.2026"}
    from tests.metering.factories import OrganizationFactory

    Signatory.objects.create(organization=OrganizationFactory(), last_name="Волкова", first_name="Марина", middle_name="Петровна",
                             position="Начальник абонентского отдела")
    block = services.approval_block(manager, _noon())
    assert block["position"] == "Начальник абонентского отдела" and block["name"].endswith("Волкова")


def _noon():
    from django.utils import timezone

    return timezone.now()


def test_taking_a_task_is_for_those_who_may_do_it_once(unit, manager, technician, client):
    process = _process_waiting_for_approval(unit, manager, technician, client)
    task = open_task(process, Flow.approve)
    # a technician may not take the approval: the assign page refuses
    client.force_login(technician)
    assert client.get(url(Flow.approve, process, task, "assign")).status_code == 403
    with pytest.raises(ApplicationError) as refused:
        task_take(task=task, actor=technician)
    assert refused.value.code == "permission_denied"
    task_take(task=task, actor=manager)
    with pytest.raises(ApplicationError) as refused:
        task_take(task=task, actor=manager)
    assert refused.value.code == "state_conflict"


# ------------------------------------------------------------ every approval step of the site

# The approval steps found in the flows (a human node whose right is an ``approve_…``
# permission). Each one's return without a comment is refused on its page: the commissioning
# act above, the periodic check act in test_periodic_check, the template in test_template_change,
# the court package in test_claim, the calculation of a violation in test_unmetered, the quality act in test_quality,
# the interruption act in test_interruption, the contract's draft and the overdue application in test_contract.
APPROVAL_STEPS = {"CommissioningFlow.approve", "PeriodicCheckFlow.approve", "TemplateChangeFlow.review",
                  "ClaimFlow.approve", "UnmeteredFlow.approve", "QualityFlow.approve", "InterruptionFlow.approve",
                  "ContractFlow.approve", "ContractFlow.overdue"}


def _approval_nodes():
    from viewflow.workflow.flow import View

    from config.site import site

    for app in site.viewsets:
        for flow_class in getattr(app, "flow_classes", []):
            for node in flow_class.instance.nodes():
                if isinstance(node, View) and ".approve_" in (node._owner_permission or ""):
                    yield node


def test_every_approval_step_offers_approve_or_return_with_a_comment():
    from workflows.task_views import ApprovalDecisionForm

    # given the approval steps of every flow of the site
    nodes = list(_approval_nodes())
    assert {f"{node.flow_class.__name__}.{node.name}" for node in nodes} == APPROVAL_STEPS
    for node in nodes:
        # then each one's page is the approval form: approve, or return with a comment
        form_class = node._view.view_class.form_class
        assert issubclass(form_class, ApprovalDecisionForm), node
        form = form_class()
        assert set(dict(form.fields["decision"].choices)) == {ApprovalDecisionForm.APPROVE, ApprovalDecisionForm.RETURN}
        assert "comment" in form.fields
