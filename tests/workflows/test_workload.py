"""The workload page: technicians' open tasks with due dates; assigning and reassigning."""

from datetime import date

import pytest

from audit.models import AuditEvent
from core.errors import ApplicationError
from core.permissions import PERMISSION_DENIED
from metering.models import Team, TeamMember
from workflows.reading_review import ReadingReviewFlow, ReadingReviewProcess
from workflows.workload import task_assign, workload

from .conftest import open_task

pytestmark = pytest.mark.django_db
URL = "/metering_flows/workload/"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 2, 5))


@pytest.fixture
def review_task(flag_reading):
    flag_reading()
    return open_task(ReadingReviewProcess.objects.get(), ReadingReviewFlow.review)


def test_queue_shows_the_review_due_three_days_after_entry(review_task, technician):
    loads, queue = workload()
    assert [row.task for row in queue] == [review_task]
    assert queue[0].due == date(2026, 2, 8)
    assert [load.user for load in loads] == [technician]
    assert loads[0].tasks == []


def test_manager_assigns_then_reassigns_a_task_through_the_page(
    review_task, technician, other_technician, manager, client
):
    # given a team
    team = Team.objects.create(name="Бригада № 1")
    TeamMember.objects.create(team=team, user=technician)
    client.force_login(manager)
    # when the manager gives the queued review to Petrov
    assert client.post(URL, {"task": review_task.pk, "user": technician.pk}).status_code == 302
    # then it is his, shown on his card with its due date
    review_task.refresh_from_db()
    assert review_task.owner == technician
    page = client.get(URL).content.decode()
    assert "Бригада № 1" in page and "08.02.2026" in page
    # when moved to Sidorov
    client.post(URL, {"task": review_task.pk, "user": other_technician.pk})
    # then
    review_task.refresh_from_db()
    assert review_task.owner == other_technician
    event = AuditEvent.objects.filter(action="task.assigned").order_by("-sequence").first()
    assert event.data["from"] == technician.username and event.data["to"] == other_technician.username


def test_technician_may_not_open_the_page_or_assign(review_task, technician, other_technician, client):
    client.force_login(technician)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"task": review_task.pk, "user": other_technician.pk}).status_code == 403
    with pytest.raises(ApplicationError) as refused:
        task_assign(task=review_task, user=other_technician, actor=technician)
    assert refused.value.code == PERMISSION_DENIED


def test_a_task_is_given_only_to_someone_who_may_do_it(review_task, billing, manager):
    with pytest.raises(ApplicationError) as exc:
        task_assign(task=review_task, user=billing, actor=manager)
    assert (exc.value.code, exc.value.field) == ("not_qualified", "user")
