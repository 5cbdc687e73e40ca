"""The reception: the appeal flow, the journal, the dashboard, the performance pages."""

from __future__ import annotations

from datetime import timedelta

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.accounts.matrix import NOBODY, Access

from ._common import (
    DONE_BY_MANAGER,
    MANAGERS,
    SYSTEM,
    _remember,
    flow_entries,
)

RECEPTION_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # the reception: everyone of the department but administrators
RECEPTION_PREFIX = "reception:flows"


def samples(world):
    _appeal(world)


def _appeal(world):

    from reception.services import appeal_answer, appeal_assign, appeal_sent_record, appeal_sign
    from subscribers.models import Organization
    from tests.subscribers.factories import SignatoryFactory
    from workflows.appeal import AppealFlow as Flow
    from workflows.appeal import start_appeal
    from workflows.tasks import fire_due_timers

    from ..conftest import complete_view_task, open_task

    billing, manager, today = world.users[BILLING], world.users[MANAGER], world.today
    organization = Organization.objects.first()
    if not organization.signatories.filter(active=True).exists():
        SignatoryFactory(organization=organization, is_head=True)

    def start(days_ago=0):
        return start_appeal(actor=billing, received_at=world.now - timedelta(days=days_ago), channel="paper",
                            applicant_kind="resident", applicant_name="Иванов Иван Иванович", category="charges",
                            summary="матрица", questions=["Почему выросла плата?"])

    def assigned(process):
        complete_view_task(open_task(process, Flow.assign), manager, lambda a: appeal_assign(
            appeal=a.process.appeal, executor=billing, actor=manager))

    # answered, signed, sent and closed — every node of the main path, done
    closed = start()
    assigned(closed)
    complete_view_task(open_task(closed, Flow.answer), billing, lambda a: appeal_answer(
        appeal=a.process.appeal, answers={1: "Отопительный период"}, result="explained", result_text="", actor=billing))
    complete_view_task(open_task(closed, Flow.sign), manager, lambda a: appeal_sign(
        appeal=a.process.appeal, approve=True, comment="", actor=manager))
    complete_view_task(open_task(closed, Flow.send), billing, lambda a: appeal_sent_record(
        appeal=a.process.appeal, way="hand", sent_on=today, proof="подпись заявителя на копии", actor=billing))
    # overdue: received 10 days ago, the timer fired — escalated; an answer to give, assigned to the matrix
    # billing specialist; an appeal waiting for a manager to assign it
    overdue = start(days_ago=10)
    assigned(overdue)
    fire_due_timers()
    waiting = start()
    _remember(world, "appeal", closed, answer=open_task(overdue, Flow.answer), assign=open_task(waiting, Flow.assign),
              escalate=overdue.task_set.get(flow_task=Flow.escalate),
              escalated=overdue.task_set.get(flow_task=Flow.escalated),
              answer__timeout=overdue.task_set.get(flow_task=Flow.answer__timeout))


ACCESS = [
    Access("reception:index", allowed=RECEPTION_APP, note="the application's start: a redirect"),
    Access("reception:inbox", allowed=RECEPTION_APP),
    Access("reception:queue", allowed=RECEPTION_APP),
    Access("reception:archive", allowed=RECEPTION_APP),
    Access("reception:tasks_assign", allowed=RECEPTION_APP, note="the queue's bulk assign: nothing chosen"),
    Access("reception:tasks_unassign", allowed=RECEPTION_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("reception:flows:index", allowed=RECEPTION_APP, note="a redirect to the first flow the user sees"),
    Access("reception:journal:index", allowed=RECEPTION_APP, methods=("GET",), note="the journal of appeals"),
    Access("reception:dashboard:index", allowed=RECEPTION_APP, methods=("GET",),
           note="the dashboard: managers everything, other roles their own part"),
    Access("reception:journal:xlsx", allowed=RECEPTION_APP, methods=("GET",)),
    Access("reception:register:index", allowed=RECEPTION_APP, note="an empty POST is an invalid form: 200"),
    Access("reception:letter:index", allowed=RECEPTION_APP, note="an empty POST is an invalid form: 200"),
    Access("reception:booking:index", allowed=RECEPTION_APP, note="an empty POST is an invalid form: 200"),
    Access("reception:performance:index", allowed=MANAGERS, methods=("GET",), note="the department's performance"),
    Access("reception:performance:xlsx", allowed=MANAGERS, methods=("GET",)),
    *flow_entries("appeal", RECEPTION_APP, {
        "start": SYSTEM,
        "assign": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager assigns the executor
        "assign__timeout": SYSTEM,
        "answer": (NOBODY, {BILLING}, {BILLING, MANAGER}),  # assigned to the matrix billing specialist
        "answer__timeout": SYSTEM,
        "sign": DONE_BY_MANAGER,
        "sign__timeout": SYSTEM,
        "is_signed": SYSTEM,
        "send": (NOBODY, NOBODY, ({BILLING, MANAGER}, NOBODY)),
        "close": SYSTEM,
        "closed": SYSTEM,
        "escalate": SYSTEM,
        "escalated": SYSTEM,
    }, prefix=RECEPTION_PREFIX, app=RECEPTION_APP),
]
