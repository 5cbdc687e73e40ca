"""The «Задача» filter of the task lists offers each task by its process and its title
(workflows/task_filters.py), not by its node's name («Проверка показаний/Review»)."""

import html
import json
import re

import pytest
from django.urls import reverse

from metering.services.readings import reading_review
from workflows.reading_review import ReadingReviewFlow, ReadingReviewProcess
from workflows.task_filters import task_label

from .conftest import complete_view_task, open_task

pytestmark = pytest.mark.django_db

TITLED = "Проверка показаний / Проверить показания"


def task_options(page: str) -> list[str]:
    """The labels the «Задача» filter offers (viewflow's select writes its options as JSON)."""
    attribute = re.search(r'<vf-field-select id="id_flow_task"[^>]*optgroups="([^"]*)"', page)
    assert attribute, "no «Задача» filter on the page"
    return [group["options"]["label"] for group in json.loads(html.unescape(attribute[1]))][1:]  # after «---------»


def test_a_task_is_labelled_by_its_process_and_its_title():
    assert task_label(ReadingReviewFlow.review) == TITLED


@pytest.mark.parametrize("url_name", [
    "metering_flows:queue",  # the queue of all the flows of «Процессы учета»
    "metering_flows:flows:readingreview:task_list",  # one flow's «Задачи»
])
def test_the_task_filter_offers_the_tasks_titles(client, technician, flag_reading, url_name):
    # given a review waiting in the technicians' queue
    flag_reading()
    client.force_login(technician)
    # when
    response = client.get(reverse(url_name))
    # then
    assert response.status_code == 200
    options = task_options(response.content.decode())
    assert TITLED in options
    assert not [label for label in options if re.search("[A-Za-z]", label)]  # no node's name («…/Review»)


def test_the_archive_filter_offers_the_tasks_titles(client, technician, flag_reading):
    # given a review the technician has done
    flag_reading()
    complete_view_task(
        open_task(ReadingReviewProcess.objects.get(), ReadingReviewFlow.review), technician,
        lambda activation: reading_review(reading=activation.process.artifact, accept=True, comment="", actor=technician),
    )
    client.force_login(technician)
    # when
    page = client.get(reverse("metering_flows:archive")).content.decode()
    # then
    assert task_options(page) == [TITLED]
