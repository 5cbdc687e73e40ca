"""The appeal flow over HTTP as the real roles: registered by a billing specialist, assigned by
a manager, answered point by point (an unanswered question refused, naming it), returned by the
manager and answered again, signed — «Ответ на обращение» issued with every answer — sent with
the proof of delivery, closed on time; an overdue appeal escalated to the manager by the timer;
an inspection started from the appeal and cited in the answer; other roles refused; bad input
refused on its field with nothing written."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from accounts.roles import ADMINISTRATOR, BILLING, MANAGER, TECHNICIAN
from audit.models import AuditEvent
from documents import storage
from documents.models import ArchivedDocument
from inspections.models import FieldInspection
from reception.models import Appeal, AppealQuestion
from reference.selectors import production_calendar
from tests.core.test_russian_pages import problems, visible_text
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from tests.subscribers.factories import ConsumerFactory, OrganizationFactory, SignatoryFactory
from workflows.appeal import ESCALATION
from workflows.appeal import AppealFlow as Flow
from workflows.models import AppealProcess
from workflows.tasks import fire_due_timers

from .conftest import open_task

pytestmark = pytest.mark.django_db
REGISTER = "reception:register:index"
JOURNAL = "reception:journal:index"
QUESTIONS = "Почему выросла плата за ноябрь?\nПрошу пересчитать плату за перерыв 20.11."


@pytest.fixture
def start(time_machine):
    """A working Monday at 10:00 (the appeals' terms count working days)."""
    day = timezone.localdate()
    calendar = production_calendar()
    while day.weekday() != 0 or not calendar.is_working_day(day):
        day += timedelta(days=1)
    travel(time_machine, day)
    return day


def travel(time_machine, day, hour=10):
    time_machine.move_to(timezone.make_aware(datetime.combine(day, time(hour))), tick=False)


@pytest.fixture
def organization(db):
    organization = OrganizationFactory()
    SignatoryFactory(organization=organization, last_name="Волкова", first_name="Марина", middle_name="Сергеевна",
                     position="Начальник абонентского отдела", is_head=True)
    return organization


@pytest.fixture
def specialist(make_user):
    return make_user(BILLING, first_name="Ольга", last_name="Смирнова")


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER, first_name="Марина", last_name="Волкова")


@pytest.fixture
def consumer(db):
    return ConsumerFactory(kind="citizen", name="Иванов Иван Иванович", last_name="Иванов", first_name="Иван",
                           middle_name="Иванович", postal_address="ул. Ленина, д. 10, кв. 5, г. Энск")


def russian(response):
    assert response.status_code == 200, response.status_code
    text = visible_text(response.content.decode())
    assert not problems(text), problems(text)
    return response.content.decode()


def url(node, process, action="execute"):
    return node.reverse(action, args=[process.pk, open_task(process, node).pk])


def take(client, node, process):
    """Opening an unassigned task one may take takes it (workflows.taking)."""
    task = open_task(process, node)
    if task.owner_id is None:
        assert client.post(url(node, process, "assign")).status_code == 302


def post(client, node, process, data, status=302):
    take(client, node, process)
    russian(client.get(url(node, process)))
    response = client.post(url(node, process), data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def register(client, user, start, consumer=None, status=302, **changes):
    client.force_login(user)
    data = {
        "received_at": f"{start:%d.%m.%Y} 09:30", "channel": "paper", "applicant_kind": "resident",
        "applicant_name": "Иванов Иван Иванович", "applicant_address": "ул. Ленина, д. 10, кв. 5, г. Энск",
        "applicant_phone": "+7 900 000-00-00", "consumer_code": consumer.code if consumer else "",
        "category": "charges", "summary": "Не согласен с начислением за ноябрь", "questions": QUESTIONS, **changes,
    }
    russian(client.get(reverse(REGISTER)))
    response = client.post(reverse(REGISTER), data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def the_process() -> AppealProcess:
    return AppealProcess.objects.get()


def assign(client, manager, process, specialist):
    client.force_login(manager)
    post(client, Flow.assign, process, {"executor": specialist.pk})


def third_working_day_after(day):
    calendar, counted = production_calendar(), 0
    while counted < 3:
        day += timedelta(days=1)
        counted += calendar.is_working_day(day)
    return day


def answers(**extra):
    return {"action": "done", "answer_1": "Отопительный период длился весь ноябрь.",
            "answer_2": "Перерыв не превысил допустимую продолжительность.", "result": "explained",
            "result_text": "Начисление верно.", **extra}


def docx_text(document: ArchivedDocument) -> str:
    content = storage.read(document.storage_name)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_an_appeal_answered_on_time_with_the_document(client, start, organization, specialist, manager, consumer):
    # given: a resident's appeal registered on Monday: 3 working days — Thursday
    register(client, specialist, start, consumer)
    appeal = Appeal.objects.get()
    assert appeal.consumer == consumer and appeal.questions.count() == 2
    assert appeal.due_on == third_working_day_after(start)
    process = the_process()
    assert "ПП РФ № 354" in appeal.due_norm
    journal = russian(client.get(reverse(JOURNAL)))
    assert appeal.number in journal
    # when: the manager assigns the specialist
    assign(client, manager, process, specialist)
    # then: the specialist answers beside the consumer's card; one question unanswered is refused
    client.force_login(specialist)
    page = russian(client.get(url(Flow.answer, process)))
    assert "Ответ на вопрос № 2" in page and consumer.code in page
    response = post(client, Flow.answer, process, answers(answer_2=""), status=200)
    assert "вопрос № 2" in response.content.decode()
    assert AppealQuestion.objects.filter(answer="").count() == 2  # nothing written
    post(client, Flow.answer, process, answers())
    # the manager returns it once, then signs
    client.force_login(manager)
    post(client, Flow.sign, process, {"decision": "return", "comment": "Укажите тариф"})
    client.force_login(specialist)
    assert "Укажите тариф" in russian(client.get(url(Flow.answer, process)))
    post(client, Flow.answer, process, answers(answer_1="Отопительный период длился весь ноябрь, тариф прежний."))
    client.force_login(manager)
    post(client, Flow.sign, process, {"decision": "approve", "comment": ""})
    appeal.refresh_from_db()
    document = appeal.answer
    assert document.template_code == "reception.appeal_answer"
    # the specialist sends it with the proof: the appeal is closed on time
    client.force_login(specialist)
    post(client, Flow.send, process, {"way": "post", "sent_on": f"{start:%d.%m.%Y}", "proof": "80081234567890"})
    appeal.refresh_from_db()
    process.refresh_from_db()
    assert appeal.status == Appeal.Status.CLOSED and process.status == PROCESS.DONE
    assert not appeal.overdue_on(start) and appeal.escalated_at is None
    assert AuditEvent.objects.filter(action="appeal.answer_sent").count() == 1
    assert "Перерыв не превысил допустимую продолжительность." in docx_text(document)


def test_an_overdue_appeal_is_escalated_to_the_manager(client, time_machine, start, organization, specialist,
                                                         manager):
    register(client, specialist, start, applicant_kind="resident")
    appeal = Appeal.objects.get()
    process = the_process()
    assign(client, manager, process, specialist)
    # when: the term passes without an answer and the beat task fires the timers
    travel(time_machine, appeal.due_on)
    fire_due_timers()
    appeal.refresh_from_db()
    assert appeal.escalated_at is None  # still the last day
    travel(time_machine, appeal.due_on + timedelta(days=1), hour=1)
    fire_due_timers()
    # then: escalated, the answer still open with the specialist
    appeal.refresh_from_db()
    assert appeal.escalated_at is not None
    assert process.task_set.filter(flow_task=Flow.escalated, status=STATUS.DONE).exists()
    assert open_task(process, Flow.answer).owner == specialist
    client.force_login(manager)
    journal = russian(client.get(reverse(JOURNAL) + "?overdue=on"))
    assert appeal.number in journal
    assert ESCALATION


def test_an_inspection_started_from_the_appeal_is_cited_in_the_answer(client, start, organization, specialist,
                                                                       manager, consumer):
    register(client, specialist, start, consumer, category="quality")
    process = the_process()
    assign(client, manager, process, specialist)
    client.force_login(specialist)
    post(client, Flow.answer, process, {"action": "start_action", "action_kind": "inspection",
                                        "action_description": "Проверить температуру в квартире"})
    inspection = FieldInspection.objects.get()
    appeal = Appeal.objects.get()
    action = appeal.actions.get()
    assert action.reference == f"Обследование № {inspection.pk}"
    assert appeal.number in inspection.report_note
    # the answer without the action's result is refused on the action's field
    response = post(client, Flow.answer, process, answers(), status=200)
    assert "Укажите результат действия" in response.content.decode()
    post(client, Flow.answer, process, answers(**{f"action_{action.pk}": "температура +22 °C, в норме"}))
    client.force_login(manager)
    post(client, Flow.sign, process, {"decision": "approve", "comment": ""})
    appeal.refresh_from_db()
    context = appeal.answer.context
    assert any("+22 °C" in line for line in context["actions"])


def test_other_roles_are_refused(client, start, organization, specialist, manager, make_user):
    admin = make_user(ADMINISTRATOR)
    client.force_login(admin)
    assert client.get(reverse(REGISTER)).status_code == 403
    assert client.get(reverse(JOURNAL)).status_code == 403
    register(client, specialist, start)
    process = the_process()
    # a specialist may not assign; another specialist may not answer what is not theirs
    client.force_login(specialist)
    assert client.post(url(Flow.assign, process, "assign")).status_code == 403
    assert client.post(url(Flow.assign, process), {"executor": specialist.pk}).status_code == 403
    assign(client, manager, process, specialist)
    other = make_user(TECHNICIAN)
    client.force_login(other)
    assert client.post(url(Flow.answer, process), answers()).status_code == 403


def test_bad_registration_is_refused_on_its_field(client, start, organization, specialist):
    response = register(client, specialist, start, status=200, questions="  \n ")
    assert "questions" in response.content.decode() or "вопрос" in response.content.decode()
    response = register(client, specialist, start, status=200, consumer_code="НЕТ-ТАКОГО")
    assert "не найден" in response.content.decode()
    future = start + timedelta(days=2)
    response = register(client, specialist, start, status=200, received_at=f"{future:%d.%m.%Y} 09:00")
    assert "в будущем" in response.content.decode()
    assert not Appeal.objects.exists() and not AppealProcess.objects.exists()
