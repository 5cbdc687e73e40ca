"""A process card shows one «Состояние» (workflows/templatetags/process_state.py): not viewflow's
«Статус: Новое» of a running process beside its object's «Состояние»/«Статус»."""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from viewflow.workflow.status import PROCESS

from workflows.reading_review import ReadingReviewProcess
from workflows.templatetags.process_state import process_state

PANEL_HEADER = re.compile(r'<th class="vf-list__table-header vf-list__table-header-text">([^<]*)</th>')


def process(status, artifact=None):
    return SimpleNamespace(status=status, artifact=artifact, artifact_object_id=1 if artifact else None,
                           get_status_display=lambda: {"NEW": "Новое", "DONE": "Закончено"}.get(status, status))


def test_a_process_without_a_state_of_its_object_is_in_work_or_finished():
    assert process_state(process(PROCESS.NEW)) == "В работе"
    assert process_state(process(PROCESS.DONE)) == "Завершен"


def test_the_objects_state_is_the_processs_unless_it_was_cancelled():
    application = SimpleNamespace(get_status_display=lambda: "Направлен абоненту")
    assert process_state(process(PROCESS.NEW, application)) == "Направлен абоненту"
    assert process_state(process(PROCESS.CANCELED, application)) == "Отменен"


@pytest.mark.django_db
def test_the_review_card_has_one_state_row(client, manager, flag_reading):
    # given a review of a flagged reading, running
    flag_reading()
    review = ReadingReviewProcess.objects.get()
    client.force_login(manager)
    # when
    page = client.get(reverse("metering_flows:flows:readingreview:process_detail", args=[review.pk])).content.decode()
    # then the panel names one state, the reading's
    headers = PANEL_HEADER.findall(page)
    assert headers.count("Состояние") == 1 and "Статус" not in headers
    assert re.search(r'<td id="process-state">На проверке у техника</td>', page)
    assert ">Новое<" not in page.split('id="process-state"')[1]  # the panel's rows, after the state
