"""A Handle node completed by a Celery task, for work too long for the user's request
(issuing a document): the open package has no Celery job node.

``QueuedHandle(this.method)``: when the flow reaches the node, its task is created and
``workflows.tasks.run_queued_handle`` is queued after commit; the Celery task runs
``method(activation)`` — which calls one service — under the flow's lock and completes the
task, so the flow moves on. A task left NEW (a failed run, a worker that died) is queued
again by the watchdog ``workflows.tasks.requeue_stalled_handles`` (config/beat.py).
"""

from __future__ import annotations

from viewflow.workflow import flow
from viewflow.workflow.nodes.handle import HandleActivation

from core.enqueue import enqueue_on_commit


class QueuedHandleActivation(HandleActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        enqueue(activation.task.pk)
        return activation


def enqueue(task_pk: int) -> None:
    # robust: the user's step is committed either way; the sweep retries a failed queueing
    enqueue_on_commit("workflows.tasks.run_queued_handle", task_pk)


class QueuedHandle(flow.Handle):
    activation_class = QueuedHandleActivation


def run_queued(task) -> bool:
    """Run a queued handle's task if it still waits; False when there was nothing to do."""
    from viewflow.fsm import TransitionNotAllowed
    from viewflow.workflow.status import STATUS

    if task.status != STATUS.NEW or not isinstance(task.flow_task, QueuedHandle):
        return False
    try:
        task.flow_task.run(task)
    except TransitionNotAllowed:  # a second delivery (the watchdog's) waited for the lock: done
        return False
    return True
