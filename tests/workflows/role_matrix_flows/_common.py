"""What the flows' role-matrix modules share: who sees the metering flows and the managers,
the sample tasks remembered per node, the generated entries of a flow and its nodes' rights."""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.accounts.matrix import NOBODY, Access, url_names

APP = {TECHNICIAN, BILLING, MANAGER, ADMINISTRATOR}  # who sees at least one flow
MANAGERS = {MANAGER}
PREFIX = "metering_flows:flows"
URLS = url_names()


def _remember(world, flow_key, process, **node_tasks):
    """``node=task`` for the nodes named (a task of any process: its URL names its own
    process); every other node of the process: its last task."""
    tasks = world.flow_tasks.setdefault(flow_key, {})
    for task in process.task_set.order_by("pk"):
        tasks.setdefault(task.flow_task.name, (process.pk, task.pk))
    for node, task in node_tasks.items():
        tasks[node] = (task.process_id, task.pk)
    world.flow_tasks.setdefault("processes", {})[flow_key] = process.pk


def task_of(flow_key, node):
    def kwargs(w):
        process_pk, task_pk = w.flow_tasks[flow_key][node]
        return {"process_pk": process_pk, "task_pk": task_pk}

    return kwargs


def process_of(flow_key):
    return lambda w: {"process_pk": w.flow_tasks["processes"][flow_key]}


def flow_entries(flow_key, viewers, nodes, *extra, prefix=PREFIX, app=APP):
    """The flow's pages and, for each node, its task's pages (those the node has).
    ``nodes``: name → who may assign, execute and unassign that node's sample task (NOBODY
    where it is done); ``extra`` entries replace the generated ones of their URL; ``prefix``
    and ``app``: the flows' application (its URL prefix, who sees at least one of its flows)."""
    entries = [
        Access(f"{prefix}:{flow_key}:index", allowed=viewers, note="the flow's dashboard"),
        Access(f"{prefix}:{flow_key}:process_list", allowed=viewers),
        Access(f"{prefix}:{flow_key}:task_list", allowed=viewers),
        Access(f"{prefix}:{flow_key}:chart", allowed=viewers, methods=("GET",)),
        Access(f"{prefix}:{flow_key}:process_detail", allowed=viewers, kwargs=process_of(flow_key)),
        Access(f"{prefix}:{flow_key}:process_chart", allowed=viewers, kwargs=process_of(flow_key), methods=("GET",)),
        Access(f"{prefix}:{flow_key}:process_cancel", allowed=MANAGERS, kwargs=process_of(flow_key),
               note="the sample process is done: a POST is refused with a message, a redirect"),
    ]
    for node, (assign, execute, unassign) in nodes.items():
        kwargs = task_of(flow_key, node)
        name = f"{prefix}:{flow_key}:{node}"
        entries += [
            Access(f"{name}:index", allowed=app, kwargs=kwargs, methods=("GET",),
                   note="a redirect: to the task's form, its assignment, its page, or the start page"),
            Access(f"{name}:detail", allowed=viewers, kwargs=kwargs, methods=("GET",)),
            # managing a task is the flow managers'; a GET is the confirmation page, a POST
            # the transition, refused (403) when the task's state does not allow it
            Access(f"{name}:undo", allowed=MANAGERS, kwargs=kwargs, methods=("GET",)),
            Access(f"{name}:cancel", allowed=MANAGERS, kwargs=kwargs, methods=("GET",)),
            Access(f"{name}:revive", allowed=MANAGERS, kwargs=kwargs, methods=("GET",)),
            Access(f"{name}:assign", **_rights(assign), kwargs=kwargs,
                   note="opening it (GET) or a POST takes the task and opens its form, one click (rolled back after the test)"),
            Access(f"{name}:unassign", **_rights(unassign), kwargs=kwargs,
                   note="a POST gives the task back (rolled back after the test)"),
            Access(f"{name}:execute", **_rights(execute), kwargs=kwargs,
                   note="the owner's form; an empty POST is an invalid form: 200"),
        ]
    replaced = {entry.name for entry in extra}
    return [e for e in entries if e.name in URLS and e.name not in replaced] + list(extra)


def _rights(spec):
    """``roles`` or ``(roles for GET, roles for POST)``."""
    if isinstance(spec, tuple):
        return {"allowed": spec[0], "post_allowed": spec[1]}
    return {"allowed": spec}


DONE = (NOBODY, NOBODY, NOBODY)  # a done task: nobody takes, executes or gives it back
# a done task a manager completed: its owner and the flow's managers open the "give back"
# page, but the transition is refused (403)
DONE_BY_MANAGER = (NOBODY, NOBODY, (MANAGERS, NOBODY))
SYSTEM = DONE  # a node the flow runs itself (gateway, handle, start, end)
# a done task the matrix lawyer completed: the owner and the managers open the "give back" page, refused on POST
DONE_BY_LAWYER = (NOBODY, NOBODY, ({LEGAL, MANAGER}, NOBODY))
# a done task the matrix technician completed: the owner and the managers open the "give back" page, refused on POST
DONE_BY_TECHNICIAN = (NOBODY, NOBODY, ({TECHNICIAN, MANAGER}, NOBODY))
DONE_BY_BILLING = (NOBODY, NOBODY, ({BILLING, MANAGER}, NOBODY))
