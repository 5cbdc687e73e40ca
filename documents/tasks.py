"""Celery tasks of the documents engine: thin wrappers over services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from . import services
from .verification import verify_archive

logger = logging.getLogger(__name__)

PDF_MAX_RETRIES = 2  # three attempts in all
PDF_RETRY_COUNTDOWN = (10, 60)  # seconds before the 2nd and the 3rd attempt


@shared_task(bind=True, name="documents.tasks.convert_document_to_pdf", max_retries=PDF_MAX_RETRIES)
def convert_document_to_pdf(self, document_id: int) -> str:
    """Archive the PDF rendition of a document; retried, then recorded as failed.

    On a worker a retry goes back through the broker after a countdown; run eagerly (no
    broker: embedded mode) the attempts follow each other in place.
    """
    retries = self.request.retries
    while True:
        try:
            rendition = services.archive_pdf_rendition(
                document_id=document_id, timeout=settings.PDF_CONVERSION_TIMEOUT
            )
            return "done" if rendition is not None else "missing"
        except services.PdfConversionFailed as exc:
            if retries >= self.max_retries:
                logger.error("PDF of document %s failed after %s attempts: %s", document_id, retries + 1, exc)
                services.record_pdf_failure(document_id=document_id, reason=str(exc), attempts=retries + 1)
                return "failed"
            logger.warning("PDF of document %s, attempt %s failed: %s", document_id, retries + 1, exc)
            if not self.request.is_eager:
                raise self.retry(exc=exc, countdown=PDF_RETRY_COUNTDOWN[retries]) from exc
            retries += 1


@shared_task(name="documents.tasks.requeue_stalled_pdf")
def requeue_stalled_pdf() -> int:
    """Watchdog (config/beat.py): convert again the documents whose conversion was lost."""
    return services.pdf_requeue_stalled()


@shared_task(name="documents.tasks.verify_archive")
def verify_archive_task() -> dict:
    report = verify_archive()
    (logger.info if report.ok else logger.error)(report.message())
    return report.as_dict()
