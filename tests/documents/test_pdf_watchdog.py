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


def watchdog_pass(capture) -> int:
    """One watchdog pass; the conversions it queues after commit run (eager Celery)."""
    with capture(execute=True):
        return requeue_stalled_pdf.apply().get()


def test_a_document_left_without_its_pdf_is_converted_once(
    issue, fake_converter, eager_celery, django_capture_on_commit_callbacks
):
    # given a document issued long ago without a PDF, one that failed for good, and a fresh one
    lost = issue(STALL + 5)
    failed = issue(STALL + 5)
    record_pdf_failure(document_id=failed.pk, reason="LibreOffice не найден", attempts=3)
    fresh = issue(1)
    # when the watchdog runs
    assert watchdog_pass(django_capture_on_commit_callbacks) == 1
    # then only the lost one is converted
    assert lost.pdf_renditions.get().status == PdfRendition.Status.DONE
    assert failed.pdf_renditions.get().status == PdfRendition.Status.FAILED
    assert not fresh.pdf_renditions.exists()
    assert fake_converter.calls == 1
    # and the watchdog again finds nothing to do
    assert watchdog_pass(django_capture_on_commit_callbacks) == 0
    assert fake_converter.calls == 1


def test_a_pass_queues_a_batch_oldest_first(
    issue, fake_converter, eager_celery, settings, django_capture_on_commit_callbacks
):
    # given three documents left without their PDF, and a batch of two per pass
    settings.WATCHDOG_PDF_BATCH = 2
    newest, middle, oldest = issue(STALL + 5), issue(STALL + 10), issue(STALL + 15)
    # when the watchdog runs
    assert watchdog_pass(django_capture_on_commit_callbacks) == 2
    # then the two oldest are converted, the newest waits for the next pass
    assert oldest.pdf_renditions.exists() and middle.pdf_renditions.exists()
    assert not newest.pdf_renditions.exists()
    assert watchdog_pass(django_capture_on_commit_callbacks) == 1
    assert newest.pdf_renditions.get().status == PdfRendition.Status.DONE


@pytest.fixture
def lost_conversions(monkeypatch):
    """The broker takes every queued conversion and its worker dies: the document ids queued."""
    from documents.tasks import convert_document_to_pdf

    queued: list[int] = []
    monkeypatch.setattr(convert_document_to_pdf, "delay", queued.append)
    return queued


def test_a_document_queued_by_the_last_pass_is_not_queued_again_until_the_threshold(
    issue, lost_conversions, django_capture_on_commit_callbacks
):
    # given a document without its PDF whose re-queued conversion is lost again
    document = issue(STALL + 5)
    assert watchdog_pass(django_capture_on_commit_callbacks) == 1
    # when the watchdog runs again before the threshold, it leaves the document alone
    assert watchdog_pass(django_capture_on_commit_callbacks) == 0
    # then, the threshold passed since the last queueing, it queues it once more
    with time_machine.travel(timezone.now() + timedelta(minutes=STALL + 1), tick=False):
        assert watchdog_pass(django_capture_on_commit_callbacks) == 1
    assert lost_conversions == [document.pk, document.pk]
