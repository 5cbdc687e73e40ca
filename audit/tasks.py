"""Background checks of the audit trail (scheduled in config/beat.py)."""

import logging

from celery import shared_task

from .verification import verify_chain

logger = logging.getLogger(__name__)


@shared_task(name="audit.tasks.verify_audit_chain")
def verify_audit_chain() -> dict:
    report = verify_chain()
    (logger.info if report.ok else logger.error)(report.message())
    return report.as_dict()


@shared_task(name="audit.tasks.run_audit_check")
def run_audit_check(check_id: int) -> dict:
    """The check started from the audit page («Проверить цепочку»)."""
    from .services import audit_check_run

    check = audit_check_run(check_id)
    return {"ok": check.ok, "checked": check.checked, "broken_sequence": check.broken_sequence}
