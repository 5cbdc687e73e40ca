"""A completed step says what it did and where to find it: a message on the next page
(templates/viewflow/base_page.html) with a link to the record or the archived document."""

from __future__ import annotations

import re

import pytest

from workflows.commissioning import CommissioningFlow as Flow
from workflows.models import CommissioningProcess

from .conftest import open_task
from .test_commissioning import inspection_post, register_post, today, unit, url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    page = response.content.decode()
    block = re.search(r'<div class="pg-notice pg-messages" id="messages">(.*?)</div>\s*</div>', page, re.S)
    assert block, "no messages on the page"
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r'role="status"[^>]*>(.*?)</div>', block.group(0), re.S)]


def test_each_step_of_the_commissioning_says_what_it_did_with_a_link(unit, manager, technician, client):  # noqa: F811
    client.force_login(manager)
    response = client.post(Flow.register.reverse("execute"), register_post(unit), follow=True)
    process = CommissioningProcess.objects.get()
    card = Flow.instance.reverse("process_detail", args=[process.pk])
    said = _messages(response)[-1]
    assert said.startswith("Заявка зарегистрирована") and f'href="{card}"' in said

    task = open_task(process, Flow.schedule)
    client.post(url(Flow.schedule, process, task, "assign"))
    response = client.post(url(Flow.schedule, process, task), {"technician": technician.pk, "scheduled_on": "2026-03-12"},
                           follow=True)
    said = _messages(response)[-1]
    assert said.startswith("Осмотр назначен на 12.03.2026") and f'href="{card}"' in said

    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    response = client.post(url(Flow.inspect, process, task), inspection_post(process.inspection), follow=True)
    said = _messages(response)[-1]
    # the act is issued in the background: the message says where it will be
    assert "акт выпускается" in said and f'href="{card}"' in said


def test_a_refused_form_lists_its_errors_linked_to_the_fields(unit, manager, client):  # noqa: F811
    client.force_login(manager)
    data = register_post(unit) | {"incoming_number": "", "received_on": "не дата"}
    page = client.post(Flow.register.reverse("execute"), data).content.decode()
    summary = re.search(r'<div class="mdc-card vf-card pg-error-summary" id="error-summary".*?</ul>', page, re.S)
    assert summary, "no error summary"
    anchors = re.findall(r'href="#([^"]+)"', summary.group(0))
    assert {"id_incoming_number", "id_received_on"} <= set(anchors), anchors
