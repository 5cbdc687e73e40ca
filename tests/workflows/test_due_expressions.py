"""Every process with a due date gives it twice: ``task_due_date(task)`` in Python (the workload and
task pages) and ``due_expression()`` in SQL (the dashboard's grouped counts). On factory data with
a task at every node of each flow, in every state the rule distinguishes (late evening local
times, several inspection rounds, packages, empty relations), both give the same date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from tests.casefiles.factories import CaseFactory
from tests.metering.factories import DeviceFactory, MeteringUnitFactory, ReadingFactory
from tests.subscribers.factories import ConsumerFactory
from workflows import models as process_models
from workflows.appeal import AppealFlow
from workflows.claim import ClaimFlow
from workflows.commissioning import CommissioningFlow
from workflows.contract import ContractFlow
from workflows.periodic_check import PeriodicCheckFlow
from workflows.reading_review import ReadingReviewFlow
from workflows.template_change import TemplateChangeFlow
from workflows.verification_followup import VerificationFollowUpFlow
from workflows.workload import due_expression, task_due_date

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]
DAY = date(2026, 11, 10)


def at(day: date, hour: int = 23, minute: int = 30) -> datetime:
    """Late evening local time: the UTC date is still the same, the local date is what counts."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def tasks_at_every_node(flow_class, artifact) -> None:
    process = Process.objects.create(flow_class=flow_class, artifact=artifact)
    for node in flow_class.instance.nodes():
        Task.objects.create(process=process, flow_task=node, flow_task_type="HUMAN", status="NEW",
                            created=at(DAY - timedelta(days=1)))


@pytest.fixture
def seeded(make_user):
    from casefiles.models import CasePackage
    from contracts.models import ContractApplication
    from documents.models import TemplateVersion
    from metering.models import (
        CommissioningRequest,
        Inspection,
        InspectionItem,
        InspectionKind,
        PeriodicCheckCampaign,
        VerificationNotice,
        VerificationNoticeLine,
    )
    from reception.models import Appeal

    user = make_user()
    tasks_at_every_node(ReadingReviewFlow, ReadingFactory(entered_at=at(DAY)))

    for n, (rounds, defects) in enumerate(((2, [DAY, DAY + timedelta(days=9), None]), (1, []), (1, [None]))):
        request = CommissioningRequest.objects.create(unit=MeteringUnitFactory(), incoming_number=f"В-{n}",
                                                      received_on=DAY - timedelta(days=n), registered_by=user)
        for round_ in range(1, rounds + 1):
            last = round_ == rounds
            inspection = Inspection.objects.create(
                kind=InspectionKind.COMMISSIONING, unit=request.unit, request=request, round=round_,
                scheduled_on=DAY + timedelta(days=round_), inspected_on=DAY + timedelta(days=round_) if n != 1 else None)
            for i, deadline in enumerate(defects if last else [DAY + timedelta(days=30)]):
                InspectionItem.objects.create(inspection=inspection, code=f"п{i}", title="пункт", rule="норма",
                                              conforms=False, fix_deadline=deadline)
            InspectionItem.objects.create(inspection=inspection, code="ok", title="пункт", rule="норма", conforms=True,
                                          fix_deadline=DAY + timedelta(days=60))
        tasks_at_every_node(CommissioningFlow, request)

    campaign = PeriodicCheckCampaign.objects.create(season=2026, deadline=DAY + timedelta(days=20), started_by=user)
    for campaign_, inspected in ((campaign, DAY), (campaign, None), (None, DAY), (None, None)):
        tasks_at_every_node(PeriodicCheckFlow, Inspection.objects.create(
            kind=InspectionKind.PERIODIC, unit=MeteringUnitFactory(), campaign=campaign_, inspected_on=inspected))

    consumer = ConsumerFactory()
    for dues in ([DAY + timedelta(days=5), DAY - timedelta(days=3)], []):
        notice = VerificationNotice.objects.create(consumer=consumer, issued_on=DAY)
        for due in dues:
            VerificationNoticeLine.objects.create(notice=notice, device=DeviceFactory(), due_on=due, threshold_days=30)
        tasks_at_every_node(VerificationFollowUpFlow, notice)

    tasks_at_every_node(TemplateChangeFlow, TemplateVersion.objects.create(
        code="common.letter", version=2, title="Письмо", storage_name="letter-2.docx", sha256="x", size=1,
        source="manifest", created_at=at(DAY)))

    for sent, term, packages in ((DAY, 10, 2), (None, 30, 0), (DAY - timedelta(days=40), 30, 1)):
        case = CaseFactory(claim_sent_on=sent, claim_term_days=term)
        for version in range(1, packages + 1):
            package = CasePackage.objects.create(
                case=case, version=version, route="claim", title="пакет", pdf_name=f"{case.pk}-{version}.pdf",
                pdf_sha256="x", pdf_size=1, zip_name=f"{case.pk}-{version}.zip", zip_sha256="x", zip_size=1,
                page_count=1)
            CasePackage.objects.filter(pk=package.pk).update(built_at=at(DAY + timedelta(days=version)))
        tasks_at_every_node(ClaimFlow, case)

    for due, sent in ((DAY, DAY + timedelta(days=2)), (None, None)):
        tasks_at_every_node(ContractFlow, ContractApplication.objects.create(
            consumer=consumer, received_on=DAY, registered_by=user, documents_due=due, sent_on=sent))

    tasks_at_every_node(AppealFlow, Appeal.objects.create(
        number="ОБР-1", received_at=at(DAY), channel="email", applicant_kind="other", applicant_name="ООО «Заявитель»",
        category="charges", summary="Начисления", due_on=DAY + timedelta(days=30), due_norm="норма",
        registered_by=user))


FLOWS_WITH_DUE_DATES = [ReadingReviewFlow, CommissioningFlow, PeriodicCheckFlow, VerificationFollowUpFlow,
                        TemplateChangeFlow, ClaimFlow, ContractFlow, AppealFlow]


def test_every_process_with_a_due_date_is_checked():
    with_due = {cls for cls in vars(process_models).values()
                if isinstance(cls, type) and issubclass(cls, Process) and hasattr(cls, "task_due_date")}
    assert with_due == {flow.process_class for flow in FLOWS_WITH_DUE_DATES}
    assert all(hasattr(cls, "due_expression") for cls in with_due)


@pytest.mark.parametrize("flow_class", FLOWS_WITH_DUE_DATES, ids=lambda f: f.__name__)
def test_the_sql_due_date_is_the_python_one(seeded, flow_class):
    tasks = Task.objects.filter(process__flow_class=flow_class).select_related("process")
    sql = dict(tasks.annotate(due=due_expression(flow_class.process_class)).values_list("pk", "due"))
    python = {task.pk: task_due_date(task) for task in tasks}
    assert any(python.values())  # the data reach the rule's dates, not only its blanks
    assert sql == python


def counted_per_task(user, today):
    """The dashboard's figures counted the old way, task by task with ``task_due_date``."""
    from workflows.dashboard import FLOWS
    from workflows.workload import OPEN

    flows, people = {}, {}
    for entry in FLOWS:
        tasks = Task.objects.filter(flow_task__in=list(entry.flow_class.instance.nodes()), status__in=OPEN)
        late = [task_due_date(task) is not None and task_due_date(task) < today for task in tasks]
        flows[entry.flow_class] = (len(late), sum(late))
        for task, overdue in zip(tasks, late, strict=True):
            name = (task.owner.get_full_name() or task.owner.username) if task.owner else "В очереди"
            n, o = people.get(name, (0, 0))
            people[name] = (n + 1, o + overdue)
    return flows, people


def test_the_dashboard_counts_as_per_task_in_a_fixed_number_of_queries(client, seeded, make_user,
                                                                        django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.roles import MANAGER, TECHNICIAN
    from reception.models import Appeal
    from workflows.dashboard import flow_rows

    manager = make_user(MANAGER, first_name="Марина", last_name="Волкова")
    technician = make_user(TECHNICIAN)
    pks = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    Task.objects.filter(pk__in=pks[::3]).update(owner=manager)
    Task.objects.filter(pk__in=pks[1::3]).update(owner=technician)
    today = timezone.localdate()

    def same_as_per_task():
        rows, persons = flow_rows(manager, today)
        flows, people = counted_per_task(manager, today)
        assert {row.entry.flow_class: (row.open, row.overdue) for row in rows} == flows
        assert {name: (n, late) for name, n, late in persons} == people
        assert sum(n for n, _late in flows.values()) == Task.objects.count()

    same_as_per_task()
    client.force_login(manager)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("reception:dashboard:index")).status_code == 200

    for n in range(20):  # many more tasks, of several flows and owners
        appeal = Appeal.objects.create(
            number=f"ОБР-{n + 2}", received_at=at(DAY), channel="email", applicant_kind="other",
            applicant_name="ООО «Заявитель»", category="charges", summary="Начисления",
            due_on=today + timedelta(days=n - 10), due_norm="норма", registered_by=manager)
        tasks_at_every_node(AppealFlow, appeal)
        tasks_at_every_node(ClaimFlow, CaseFactory(claim_sent_on=today - timedelta(days=n * 3)))
    Task.objects.filter(pk__gt=pks[-1], pk__in=list(Task.objects.values_list("pk", flat=True)[::2])).update(
        owner=technician)
    same_as_per_task()
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("reception:dashboard:index")).status_code == 200
