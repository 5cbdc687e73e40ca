"""Review of flagged readings, driven through viewflow's API and through HTTP."""

import time
from datetime import date
from decimal import Decimal

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from metering.models import ReadingSource, ReadingStatus
from metering.services.readings import reading_record, reading_review
from tests.metering.factories import MeteringUnitFactory
from workflows.reading_review import ReadingReviewFlow, open_reading_review
from workflows.reading_review import ReadingReviewProcess as Process

from .conftest import LEAKING, complete_view_task, open_task

pytestmark = pytest.mark.django_db



@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 2, 5))


@pytest.fixture
def flagged(flag_reading):
    return flag_reading()


def test_a_flagged_reading_opens_one_review_in_the_technicians_queue(flagged, technician, billing):
    # then the hook opened the review, with an unassigned task technicians may take
    process = Process.objects.get()
    assert process.artifact == flagged
    task = open_task(process, ReadingReviewFlow.review)
    assert task.status == STATUS.NEW
    assert task.owner_permission == "metering.review_reading"
    assert ReadingReviewFlow.review.can_assign(technician, task)
    assert not ReadingReviewFlow.review.can_assign(billing, task)
    # and opening it again does nothing
    assert open_reading_review(flagged.pk) is None
    assert Process.objects.count() == 1


@pytest.mark.worker
def test_recording_a_flagged_reading_opens_its_review_in_the_background(celery_workers, billing):
    # given a worker (a real one on the PostgreSQL + Redis pass)
    celery_workers.start(1)
    # when a reading that trips a rule is recorded and committed, and one that trips none
    flagged = reading_record(
        unit=MeteringUnitFactory(), period=date(2026, 1, 1), source=ReadingSource.CONSUMER, values=LEAKING,
        actor=billing,
    )
    reading_record(
        unit=MeteringUnitFactory(), period=date(2026, 1, 1), source=ReadingSource.CONSUMER,
        values={**LEAKING, "m2": Decimal("995")}, actor=billing,
    )
    # then the hook's task opens one review, for the flagged reading
    deadline = time.monotonic() + 30
    while not Process.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [p.artifact for p in Process.objects.all()] == [flagged]


def test_review_through_the_activation_api(flagged, technician):
    # given
    process = Process.objects.get()
    task = open_task(process, ReadingReviewFlow.review)
    # when the technician accepts it
    complete_view_task(
        task, technician,
        lambda activation: reading_review(reading=activation.process.artifact, accept=True, comment="", actor=technician),
    )
    # then the reading is billable and the process finished
    flagged.refresh_from_db()
    process.refresh_from_db()
    assert flagged.status == ReadingStatus.ACCEPTED
    assert process.status == PROCESS.DONE


def test_review_through_http(flagged, technician, billing, client):
    process = Process.objects.get()
    task = open_task(process, ReadingReviewFlow.review)
    assign = ReadingReviewFlow.review.reverse("assign", args=[process.pk, task.pk])
    execute = ReadingReviewFlow.review.reverse("execute", args=[process.pk, task.pk])
    # a billing specialist may not take the review
    client.force_login(billing)
    assert client.post(assign).status_code == 403
    # the technician takes it and sees the rule that tripped with its numbers
    client.force_login(technician)
    assert client.post(assign).status_code == 302
    page = client.get(execute)
    assert page.status_code == 200
    assert "Небаланс масс M1 − M2 = 100 т (10.00 % от M1)" in page.content.decode()
    # rejecting without a reason is refused on the form
    response = client.post(execute, {"decision": "reject", "comment": ""})
    assert response.status_code == 200
    assert "укажите, почему" in response.content.decode()
    # rejecting with a reason finishes the review
    response = client.post(execute, {"decision": "reject", "comment": "данные за другой месяц"})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert (flagged.status, flagged.review_comment) == (ReadingStatus.REJECTED, "данные за другой месяц")
    process.refresh_from_db()
    assert process.status == PROCESS.DONE


def test_the_review_page_writes_the_readings_numbers_as_the_form_does(technician, billing, client):
    values = {"q": Decimal("1775.855"), "m1": Decimal("71034.2"), "m2": Decimal("63930.78"),
              "operating_hours": Decimal("744")}
    reading = reading_record(unit=MeteringUnitFactory(), period=date(2026, 1, 1), source=ReadingSource.CONSUMER,
                             values=values, actor=billing)
    open_reading_review(reading.pk)
    process = Process.objects.get()
    task = open_task(process, ReadingReviewFlow.review)
    client.force_login(technician)
    client.post(ReadingReviewFlow.review.reverse("assign", args=[process.pk, task.pk]))
    page = client.get(ReadingReviewFlow.review.reverse("execute", args=[process.pk, task.pk])).content.decode()
    # the reading's table and the process panel alike: digit groups and 3 places («71 034,200», not «71034,2»)
    assert page.count("1\xa0775,855") >= 2 and page.count("71\xa0034,200") >= 2 and page.count("63\xa0930,780") >= 2
    assert "71034" not in page and "1775,855" not in page
