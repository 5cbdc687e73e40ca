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
