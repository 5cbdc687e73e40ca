"""seed_demo keeps its summary readable: the in-process tasks' INFO lines are not printed."""

import logging

from core.management.commands.seed_demo import quiet_task_log


def test_task_successes_are_quiet_during_the_seed_and_failures_are_not(caplog):
    trace = logging.getLogger("celery.app.trace")
    caplog.set_level(logging.INFO)
    before = trace.level
    with quiet_task_log():
        trace.info("Task billing.tasks.recalculate_late_reading[1] succeeded in 0.001s: 0")
        trace.error("Task documents.tasks.convert_document_to_pdf[2] raised unexpected: OSError()")
    assert [r.levelname for r in caplog.records if r.name == "celery.app.trace"] == ["ERROR"]
    assert trace.level == before  # and afterwards the worker's log is as it was
