"""A task URL names its process and its node: both must be the task's own, else 404.

viewflow's task views (detail, assign, execute, undo, …) look the task up by ``task_pk``
alone and, on POST, lock the process named by ``process_pk`` — so
``…/commissioning/39/inspect/77/detail/`` opened task 77 of process 38, and a POST locked
process 39 while changing process 38. This middleware runs before any view (and so before
the lock is taken) and answers 404 unless task ``task_pk`` belongs to process
``process_pk`` and to the URL's node. viewflow puts the node into the URL's resolver
extras; every flow of the site is covered, whatever its view.
"""

from __future__ import annotations

from django.http import Http404
from viewflow.workflow.models import Task

NOT_FOUND = "Задача не найдена в этом процессе"


class TaskUrlMatchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        process_pk, task_pk = view_kwargs.get("process_pk"), view_kwargs.get("task_pk")
        if process_pk is None or task_pk is None:
            return None
        node = getattr(request.resolver_match.url_name, "extra", {}).get("node")
        if node is None:
            return None  # not a flow node's URL
        if not Task.objects.filter(pk=task_pk, process_id=process_pk, flow_task=node).exists():
            raise Http404(NOT_FOUND)
        return None
