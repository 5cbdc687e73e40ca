"""The «Задача» filter of the flows' task lists names a task by its process and its title.

viewflow offers the node's name there («Проверка показаний/Review», «…/Answer__Timeout»): its
``get_queryset_flow_task_choices`` writes ``name.title()``. Every node of the flows has a title
(``.Annotation(title=...)``), so the filters below offer «Проверка показаний / Проверить показания»,
in the order of their labels. The rest of each filter is viewflow's own.
"""

from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow.views import filters


def task_label(flow_task) -> str:
    """«Проверка показаний / Проверить показания»: the process's title and the task's."""
    return f"{flow_task.flow_class.process_title} / {flow_task.task_title}"


def task_choices(queryset) -> list[tuple[str, str]]:
    """The tasks of the list, each once, by their label."""
    nodes = queryset.order_by("flow_task").values_list("flow_task", flat=True).distinct()
    return sorted(((get_task_ref(node), task_label(node)) for node in nodes), key=lambda choice: choice[1])


class TitledTaskChoices:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = task_choices(self.queryset)


class UserTaskListFilter(TitledTaskChoices, filters.FlowUserTaskListFilter):
    """The inbox and the queue."""


class ArchiveListFilter(TitledTaskChoices, filters.FlowArchiveListFilter):
    """The archive of the tasks one has done."""


class TaskListFilter(TitledTaskChoices, filters.DashboardTaskListViewFilter):
    """A flow's «Задачи»: all its tasks."""
