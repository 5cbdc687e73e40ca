"""Taking a task from the queue in one click: opening an unassigned task that the user may
take assigns it to them and opens it — no separate empty «Назначить» page.

viewflow sends whoever may take an unassigned task to the node's assign view; every human
node of the flows is ``TakeView`` (a ``flow.View`` whose assign view takes on opening). The
assignment is ``task_take`` — the permission checked again, audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from viewflow.workflow import flow
from viewflow.workflow.flow.views import AssignTaskView
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import PERMISSION_DENIED
from core.types import Actor


def task_take(*, task: Task, actor: Actor) -> Task:
    """The user takes an unassigned task of the queue: only when the task's node lets them
    (its permission), and only while nobody has taken it."""
    if actor is None or not actor.is_authenticated:
        raise ApplicationError("Задачу берет пользователь", code=PERMISSION_DENIED)
    with transaction.atomic(), task.activation() as activation:
        if task.status != STATUS.NEW or task.owner_id is not None:
            raise ApplicationError(f"Задачу «{task.title}» уже взял другой исполнитель", code="state_conflict", field="task")
        if not task.flow_task.can_assign(actor, task):
            raise ApplicationError(f"Нет права выполнять задачу «{task.title}»", code=PERMISSION_DENIED, field="task")
        activation.assign(actor)
        record_event(
            action="task.taken", actor=actor, target=task,
            data={"flow": str(task.flow_task.flow_class.process_title), "task": str(task.title), "process": task.process_id},
        )
    return task


class TakeTaskView(AssignTaskView):
    """Opening (GET) or confirming (POST) takes the task and opens its page."""

    def take(self, request: HttpRequest) -> HttpResponseRedirect:
        task = request.activation.task  # type: ignore[attr-defined]  # set by viewflow's task view wrapper
        try:
            task_take(task=task, actor=request.user)  # type: ignore[arg-type]  # a signed-in user (viewflow checked the right)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(task.flow_task.reverse("detail", args=[task.process_id, task.pk]))
        return HttpResponseRedirect(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))

    def get(self, request, *args, **kwargs):
        return self.take(request)

    def post(self, request, *args, **kwargs):
        return self.take(request)


class TakeView(flow.View):
    """A human step whose queue is taken in one click."""

    assign_view_class = TakeTaskView
