"""The manager's dashboard: every flow that declares itself appears; each figure equals its
underlying list on seeded data (the open tasks of a flow, its overdue ones, the appeals without
an answer and the overdue ones as the journal filters them, the interruptions of the month as
the supply app's report counts them); other roles see their own part."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task

from accounts.roles import ADMINISTRATOR, BILLING, MANAGER
from reception.journal import JournalFilter, journal
from reception.models import Appeal
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from tests.subscribers.factories import OrganizationFactory
from workflows import dashboard
from workflows.appeal import AppealFlow, start_appeal
from workflows.claim import ClaimFlow
from workflows.commissioning import CommissioningFlow
from workflows.contract import ContractFlow
from workflows.interruption import InterruptionFlow
from workflows.quality import QualityFlow
from workflows.reconciliation import ReadingsReconciliationFlow, SettlementsReconciliationFlow
from workflows.unmetered import UnmeteredFlow
from workflows.workload import OPEN

from .conftest import complete_view_task, open_task

pytestmark = pytest.mark.django_db
URL = "reception:dashboard:index"


@pytest.fixture
def people(make_user):
    return make_user(MANAGER, first_name="Марина", last_name="Волкова"), make_user(BILLING, first_name="Ольга",
                                                                                    last_name="Смирнова")


def appeal(user, days_ago):
    return start_appeal(actor=user, received_at=timezone.now() - timedelta(days=days_ago), channel="phone",
                        applicant_kind="resident", applicant_name="Иванов И.И.", category="debt", summary="долг",
                        questions=["Сколько я должен?"])


def test_every_flow_declares_itself():
    flows = {entry.flow_class for entry in dashboard.FLOWS}
    assert {CommissioningFlow, ClaimFlow, UnmeteredFlow, AppealFlow, ContractFlow, ReadingsReconciliationFlow,
            SettlementsReconciliationFlow, InterruptionFlow, QualityFlow} <= flows
    assert len(flows) == len(dashboard.FLOWS) >= 13
    assert "interruptions" in dashboard.FIGURES


def test_the_interruptions_of_the_month_as_the_report_counts_them(client, people, make_user):
    from datetime import datetime, time

    from accounts.roles import LEGAL, TECHNICIAN
    from subscribers.models import NetworkSection
    from supply.models import AffectedObject, Interruption
    from supply.report import interruption_report
    from tests.subscribers.factories import HeatedObjectFactory

    manager, _billing = people
    today = timezone.localdate()
    section = NetworkSection.objects.create(code="ДШ-1", name="ДШ-1")
    stopped = timezone.make_aware(datetime.combine(today.replace(day=1), time(8)))
    stop = Interruption.objects.create(kind=Interruption.Kind.EMERGENCY, section=section, cause="порыв",
                                       stopped_at=stopped, localised_at=stopped + timedelta(hours=1),
                                       restored_at=stopped + timedelta(hours=5), created_by=manager)
    AffectedObject.objects.create(interruption=stop, heated_object=HeatedObjectFactory(network_section=section))
    figure = dashboard.interruptions_figure(manager, today)
    [row] = interruption_report(date_from=today.replace(day=1), date_to=today)
    assert figure.value == row.count == 1
    assert {bar.label: bar.value for bar in figure.bars} == {"Перерывов": 1, "Часов": 5, "Потребителей": 1}
    client.force_login(manager)
    assert client.get(figure.url).status_code == 200
    assert dashboard.interruptions_figure(make_user(TECHNICIAN), today) is not None
    assert dashboard.interruptions_figure(make_user(LEGAL), today) is None  # the report is not theirs


def test_the_figures_equal_their_lists(client, people):
    manager, billing = people
    OrganizationFactory()
    fresh, late, assigned = appeal(billing, 0), appeal(billing, 10), appeal(billing, 10)
    from reception.services import appeal_assign

    complete_view_task(open_task(assigned, AppealFlow.assign), manager,
                       lambda a: appeal_assign(appeal=a.process.appeal, executor=billing, actor=manager))
    today = timezone.localdate()
    rows, persons = dashboard.flow_rows(manager, today)
    row = next(r for r in rows if r.entry.flow_class is AppealFlow)
    listed = Task.objects.filter(process__flow_class=AppealFlow, status__in=OPEN,
                                 flow_task__in=list(AppealFlow.instance.nodes()))
    assert row.open == listed.count() == 3
    assert row.overdue == 2 and row.started == 3 and row.finished == 0
    assert dict((name, n) for name, n, _late in persons)[billing.get_full_name()] == 1
    # an appeal answered after its term is overdue in the journal, but no longer without an answer
    answered_late = appeal(billing, 20)
    Appeal.objects.filter(pk=answered_late.appeal.pk).update(answer_date=today)
    figure = dashboard.appeals_due_figure(manager, today)
    unanswered = journal(JournalFilter(unanswered=True), today=today, user=manager)
    overdue = journal(JournalFilter(unanswered=True, overdue=True), today=today, user=manager)
    assert figure.value == f"{unanswered.count()} ({overdue.count()})" == "3 (2)"
    assert journal(JournalFilter(overdue=True), today=today, user=manager).count() == 3
    # the page links the figure and each bar to its list, and each list has the bar's rows
    client.force_login(manager)
    page = client.get(reverse(URL)).content.decode()
    assert row.url in page and "<svg" in page
    for bar in figure.bars:
        assert bar.url.replace("&", "&amp;") in page
        assert len(client.get(bar.url).context["rows"]) == bar.value
    del fresh, late


def test_other_roles_see_their_own_part(client, people, make_user):
    manager, billing = people
    OrganizationFactory()
    appeal(billing, 0)
    rows, persons = dashboard.flow_rows(billing, timezone.localdate())
    assert all(r.open == 0 for r in rows)  # the queue's task is not theirs
    assert all(r.entry.flow_class is not ClaimFlow for r in rows)  # cases: legal staff and managers only
    client.force_login(make_user(ADMINISTRATOR))
    assert client.get(reverse(URL)).status_code in (200, 403)


def test_started_and_finished_count_the_local_month_to_the_instant(one_instant):
    """The month's first local midnight starts the count, today's last instant ends it: a process
    created a microsecond before the month is not «started», one finished at today's last
    microsecond is «finished»; other flows' processes are not counted."""
    from datetime import datetime, time

    from viewflow.workflow.models import Process

    since = timezone.make_aware(datetime.combine(one_instant.replace(day=1), time.min))
    until = timezone.make_aware(datetime.combine(one_instant + timedelta(days=1), time.min))
    tick = timedelta(microseconds=1)
    for created, finished in ((since - tick, None), (since, None), (since - tick, until - tick), (until, None),
                              (since - timedelta(days=40), since - tick)):
        process = Process.objects.create(flow_class=AppealFlow)
        Process.objects.filter(pk=process.pk).update(created=created, finished=finished)
    Process.objects.filter(pk=Process.objects.create(flow_class=ClaimFlow).pk).update(created=since)
    counts = dashboard._started_finished([AppealFlow, ClaimFlow, QualityFlow], one_instant)
    assert counts[AppealFlow] == (1, 1)
    assert counts[ClaimFlow] == (1, 0)
    assert QualityFlow not in counts  # nothing of it this month


def test_the_longest_value_ends_inside_the_chart():
    """«100 369 167,51 ₽ (150)» after the longest bar: the bars leave it room (it ran past the card's edge)."""
    # given: a money figure with its count, and a small one
    value = "100 369 167,51 ₽ (150)"
    svg = dashboard.svg_bars([dashboard.Bar("до 30 дней", 100369167, text=value),
                              dashboard.Bar("31–90 дней", 89260758, text="89 260 758,02 ₽ (124)")])
    # then: the top bar's value starts where it still fits in the chart's width
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    starts = [int(x) for x in re.findall(r'<text x="(\d+)" y="\d+" font-size="12">[^<]*₽', svg)]
    assert max(starts) + dashboard.VALUE_CHAR * len(value) <= width
