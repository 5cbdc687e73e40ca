"""core.enqueue: a service queues a task by its name after commit, without importing the
task's module; in eager mode (no broker: tests, `make run`) the task runs in-process."""

import sys

import pytest
from celery import current_app

from core.enqueue import enqueue, enqueue_on_commit, registered_task

NAME = "tests.core.enqueued.remember"
MODULE = "tests.core.enqueued"


@pytest.fixture
def not_imported():
    """The task's module is not imported and its task not registered, as in a fresh process."""
    sys.modules.pop(MODULE, None)
    current_app.tasks.pop(NAME, None)
    yield
    sys.modules.pop(MODULE, None)
    current_app.tasks.pop(NAME, None)


@pytest.mark.django_db
def test_a_task_queued_by_name_runs_eagerly_after_commit(not_imported, eager_celery, django_capture_on_commit_callbacks):
    # given eager Celery (no broker) and a task whose module nobody imported
    # when a service queues it by name inside its transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(NAME, 7, "x")
        # then nothing runs before the commit
        assert MODULE not in sys.modules
    # and after the commit the module is imported and the task has run once with the arguments
    assert len(callbacks) == 1
    assert sys.modules[MODULE].CALLS == [(7, "x")]


def test_a_task_is_looked_up_in_the_registry(not_imported, eager_celery):
    task = registered_task(NAME)
    assert task is current_app.tasks[NAME] and task.name == NAME
    enqueue(NAME, 1)
    assert sys.modules[MODULE].CALLS == [(1,)]


def test_an_unknown_name_is_refused_loudly():
    with pytest.raises(ModuleNotFoundError):
        enqueue("nowhere.tasks.nothing")
    with pytest.raises(KeyError):
        registered_task("core.tasks.no_such_task")
