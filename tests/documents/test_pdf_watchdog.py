"""A PDF conversion lost with its worker is queued again by the watchdog (eager Celery)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from documents.models import PdfRendition
from documents.services import issue_document, record_pdf_failure
from documents.tasks import requeue_stalled_pdf

STALL = settings.WATCHDOG_STALL_MINUTES["pdf"]


@pytest.fixture
def issue(consumer, make_user, letter_context):
    """Issue a letter ``minutes_ago``; its conversion is never queued (the test's transaction
    does not commit), as if its worker had died."""
    actor = make_user("Расчетчик")

    def make(minutes_ago: int):
        with time_machine.travel(timezone.now() - timedelta(minutes=minutes_ago), tick=False):
            return issue_document(template="common.letter", context=letter_context, subject=consumer, actor=actor)

    return make


def test_a_document_left_without_its_pdf_is_converted_once(issue, fake_converter, eager_celery):
    # given a document issued long ago without a PDF, one that failed for good, and a fresh one
    lost = issue(STALL + 5)
    failed = issue(STALL + 5)
    record_pdf_failure(document_id=failed.pk, reason="LibreOffice не найден", attempts=3)
    fresh = issue(1)
    # when the watchdog runs
    assert requeue_stalled_pdf.apply().get() == 1
    # then only the lost one is converted
    assert lost.pdf_renditions.get().status == PdfRendition.Status.DONE
    assert failed.pdf_renditions.get().status == PdfRendition.Status.FAILED
    assert not fresh.pdf_renditions.exists()
    assert fake_converter.calls == 1
    # and the watchdog again finds nothing to do
    assert requeue_stalled_pdf.apply().get() == 0
    assert fake_converter.calls == 1
