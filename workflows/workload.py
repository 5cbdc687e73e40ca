"""Technicians' workload: each technician's open tasks with due dates, the unassigned
queue, and assigning or reassigning a task (viewflow's assign/reassign transitions).

A process proxy may define ``task_due_date(task) -> date | None`` and, with it, the classmethod
``due_expression()`` giving the same date in SQL (the dashboard's grouped counts); tasks of flows
without them show no due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import generic
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.roles import TECHNICIAN
from accounts.selectors import technicians
from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import PERMISSION_DENIED, allowed, is_refusal, require
from metering.models import TeamMember

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
PERMISSION = "metering.manage_workload"


@dataclass
class TaskRow:
    task: Task
    due: date | None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()

    @property
    def title(self) -> str:
        return str(self.task.title)

    @property
    def subject(self) -> str:
        process = self.task.process.coerced
        return str(process.artifact) if process.artifact is not None else str(process)

    @property
    def url(self) -> str:
        return self.task.flow_task.reverse("index", args=[self.task.process_id, self.task.pk])


@dataclass
class TechnicianLoad:
    user: object
    team: str
    tasks: list[TaskRow] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.tasks if row.overdue)


def task_due_date(task: Task) -> date | None:
    process = task.process.coerced
    due = getattr(process, "task_due_date", None)
    return due(task) if due else None


def due_expression(process_class):
    """The process's due date of a task as an SQL expression over the task's row (the same date
    as ``task_due_date``), or a NULL date when the flow sets no due dates."""
    from django.db.models import DateField, Value

    expression = getattr(process_class, "due_expression", None)
    return expression() if expression else Value(None, output_field=DateField())


def _rows(tasks) -> list[TaskRow]:
    rows = [TaskRow(task, task_due_date(task)) for task in tasks]
    return sorted(rows, key=lambda r: (r.due is None, r.due or date.max, r.task.pk))


def workload() -> tuple[list[TechnicianLoad], list[TaskRow]]:
    """Every technician with their open human tasks, and the open tasks nobody has taken."""
    human = Task.objects.filter(status__in=OPEN, flow_task_type="HUMAN").select_related("process", "owner")
    teams = {m.user_id: m.team.name for m in TeamMember.objects.select_related("team")}
    loads = []
    for user in technicians():
        loads.append(TechnicianLoad(user, teams.get(user.pk, "—"), _rows(human.filter(owner=user))))
    queue = [row for row in _rows(human.filter(owner__isnull=True)) if _technicians_may_do(row.task)]
    loads.sort(key=lambda load: (load.team, load.user.last_name, load.user.username))
    return loads, queue


def _technicians_may_do(task: Task) -> bool:
    """Whether the technicians' role holds the task's permission (the queue shown is theirs)."""
    if not task.owner_permission:
        return True
    app_label, codename = task.owner_permission.split(".", 1)
    return Group.objects.filter(
        name=TECHNICIAN, permissions__codename=codename, permissions__content_type__app_label=app_label
    ).exists()


def task_assign(*, task: Task, user, actor) -> Task:
    """Give an open human task to ``user`` (or move it to them from its owner). The actor
    must manage the task's flow; the user must hold the task's permission."""
    flow_class = task.flow_task.flow_class
    require(actor, PERMISSION)
    if not flow_class.instance.has_manage_permission(actor):  # viewflow's own flow-level right
        raise ApplicationError(f"Нет права управлять процессами «{flow_class.process_title}»", code=PERMISSION_DENIED)
    if task.owner_permission and not allowed(user, task.owner_permission):
        raise ApplicationError(
            f"{user.get_full_name() or user.get_username()} не может выполнять задачу «{task.title}»",
            code="not_qualified", field="user"
        )
    with task.activation() as activation:
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise ApplicationError(f"Задача «{task.title}» уже не ожидает исполнителя", code="state_conflict", field="task")
        previous = task.owner
        if previous is None:
            activation.assign(user)
        else:
            activation.reassign(user=user)
        record_event(
            action="task.assigned", actor=actor, target=task,
            data={"to": user.get_username(), "from": previous.get_username() if previous else None,
                  "flow": flow_class.process_title, "task": str(task.title)},
        )
    return task


class AssignForm(forms.Form):
    task = forms.ModelChoiceField(queryset=Task.objects.filter(status__in=(STATUS.NEW, STATUS.ASSIGNED)))
    user = forms.ModelChoiceField(queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = technicians()


class WorkloadView(generic.TemplateView):
    """One page for a manager: each technician's open tasks with due dates, and the queue."""

    template_name = "workflows/workload.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        loads, queue = workload()
        return super().get_context_data(loads=loads, queue=queue, technicians=technicians(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = AssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Выберите задачу и техника")
            return redirect(request.path)
        task, user = form.cleaned_data["task"], form.cleaned_data["user"]
        try:
            with transaction.atomic():
                task_assign(task=task, user=user, actor=request.user)
        except ApplicationError as exc:
            if is_refusal(exc):
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Задача «{task.title}» назначена: {user.get_full_name() or user.get_username()}")
        return redirect(request.path)


class WorkloadViewset(AppMenuMixin, Viewset):
    title = "Нагрузка техников"
    icon = "groups"
    app_name = "workload"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(PERMISSION)

    @property
    def index_path(self):
        return path("", WorkloadView.as_view(), name="index")
