"""Where each role lands after signing in: its inbox of tasks, most urgent first.

The site's start (``/``, ``LOGIN_REDIRECT_URL``) sends every role that performs flow tasks
(technicians, lawyers, managers, administrators) to «Мои задачи»: the open tasks it holds
and the unassigned ones it may take, in three groups — overdue, due today, the rest (tasks
without a due date last). The billing specialists perform no flow task: they land on the
billing periods page, where the month's runs, problems and closing are. The start
choice is ``START_PAGES`` below (docs/architecture.md, "Start pages and administration").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import generic
from viewflow.urls import Application
from viewflow.workflow.models import Task

from accounts.roles import BILLING

from .workload import OPEN, TaskRow, _rows

# role → the url name its members land on when they hold no task-performing role
START_PAGES = {BILLING: "billing:index"}
INBOX = "inbox:index"


@dataclass
class Inbox:
    overdue: list[TaskRow] = field(default_factory=list)
    today: list[TaskRow] = field(default_factory=list)
    later: list[TaskRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.later)


def _may_take(user, task: Task) -> bool:
    return not task.owner_permission or user.has_perm(task.owner_permission)


def inbox(user) -> Inbox:
    """The user's open human tasks and the unassigned ones they may take, by due date."""
    tasks = (
        Task.objects.filter(status__in=OPEN, flow_task_type="HUMAN")
        .filter(Q(owner=user) | Q(owner__isnull=True))
        .select_related("process", "owner")
        # each process's artifact in one query per kind, not one per row (the rows' subjects and due dates)
        .prefetch_related("process__artifact")
    )
    mine = [task for task in tasks if task.owner_id == user.pk or _may_take(user, task)]
    today = timezone.localdate()
    result = Inbox()
    for row in _rows(mine):
        if row.overdue:
            result.overdue.append(row)
        elif row.due == today:
            result.today.append(row)
        else:
            result.later.append(row)
    return result


def start_url_name(user) -> str:
    """The page a signed-in user starts on (see the module's docstring)."""
    roles = set(user.groups.values_list("name", flat=True))
    for role, url_name in START_PAGES.items():
        if role in roles and not (roles - set(START_PAGES)):
            return url_name
    return INBOX


class StartView(generic.View):
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("login")
        return redirect(start_url_name(request.user))


class InboxView(generic.TemplateView):
    """«Мои задачи»: overdue, due today, the rest."""

    template_name = "workflows/inbox.html"

    def get_context_data(self, **kwargs):
        tasks = inbox(self.request.user)
        groups = [
            ("overdue", "Просрочены", tasks.overdue),
            ("today", "На сегодня", tasks.today),
            ("later", "Остальные", tasks.later),
        ]
        return super().get_context_data(inbox=tasks, groups=groups, today=timezone.localdate(), **kwargs)


class InboxApp(Application):
    title = "Мои задачи"
    icon = "inbox"
    app_name = "inbox"
    menu_template_name = None  # one page: no menu of its own
    permission = staticmethod(lambda user: user.is_authenticated)

    index_path = path("", InboxView.as_view(), name="index")
