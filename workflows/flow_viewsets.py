"""The flows' pages as the department sees them: viewflow's, with Russian column headers and
the process list newest first (viewflow's own list has no order, so its pages could repeat
or skip processes).

viewflow names a list column by the method or attribute it reads («Brief», «Process brief»,
«Created», «Process id», «Active tasks», «Process summary») and shows a task by its node's
name («Register») where the task's title is meant. The views below give each such column a
Russian header and the task's title, and their «Задача» filter the tasks' titles
(workflows/task_filters.py); the values are viewflow's own (no logic here).
"""

from django.utils.timesince import timesince
from viewflow.workflow.flow import FlowViewset, WorkflowAppViewset
from viewflow.workflow.flow import views as flow_views

from .task_filters import ArchiveListFilter, TaskListFilter, UserTaskListFilter

TASK = "Задача"
BRIEF = "Описание"
PROCESS = "Процесс"


def header(label: str, orderby: str | None = None):
    """A list column's header (viewflow reads a column method's ``short_description``)."""

    def decorate(method):
        method.short_description = label
        if orderby:
            method.orderby_column = orderby
        return method

    return decorate


class TaskColumns:
    """A task's description and title, as every task list shows them."""

    @header(BRIEF)
    def brief(self, task):
        return task.brief

    @header(TASK, orderby="flow_task")
    def flow_task(self, task):
        return task.title


class InboxListView(TaskColumns, flow_views.WorkflowInboxListView):
    filterset_class = UserTaskListFilter

    @header(PROCESS)
    def process_brief(self, task):
        return super().process_brief(task)

    @header("Создано")
    def created(self, task):
        return f"{timesince(task.created)} назад"


class QueueListView(TaskColumns, flow_views.WorkflowQueueListView):
    filterset_class = UserTaskListFilter

    @header(PROCESS)
    def process_brief(self, task):
        return super().process_brief(task)


class ArchiveListView(TaskColumns, flow_views.WorkflowArchiveListView):
    filterset_class = ArchiveListFilter

    @header(PROCESS)
    def process_brief(self, task):
        return super().process_brief(task)


class DepartmentWorkflowAppViewset(WorkflowAppViewset):
    """«Процессы учета», «Согласование шаблонов»: the inbox, queue and archive of all their flows."""

    inbox_view_class = InboxListView
    queue_view_class = QueueListView
    archive_view_class = ArchiveListView


class FlowInboxListView(TaskColumns, flow_views.FlowInboxListView):
    filterset_class = UserTaskListFilter


class FlowQueueListView(TaskColumns, flow_views.FlowQueueListView):
    filterset_class = UserTaskListFilter


class FlowArchiveListView(TaskColumns, flow_views.FlowArchiveListView):
    filterset_class = ArchiveListFilter

    @header(PROCESS)
    def process_summary(self, task):
        return super().process_summary(task)


class TaskListView(TaskColumns, flow_views.DashboardTaskListView):
    filterset_class = TaskListFilter

    @header(PROCESS)
    def process_summary(self, task):
        return super().process_summary(task)


class NewestFirstProcessListView(flow_views.DashboardProcessListView):
    ordering = ("-created", "-pk")

    @header("№")
    def process_id(self, process):
        return super().process_id(process)

    @header(BRIEF)
    def brief(self, process):
        return process.brief

    @header("Открытых задач")
    def active_tasks(self, obj):
        return super().active_tasks(obj)


class DepartmentFlowViewset(FlowViewset):
    process_list_view_class = NewestFirstProcessListView
    task_list_view_class = TaskListView
    inbox_view_class = FlowInboxListView
    queue_view_class = FlowQueueListView
    archive_view_class = FlowArchiveListView
