"""An output job whose worker died is queued again by the watchdog (eager Celery)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from audit.models import AuditEvent
from billing.invoices.models import InvoiceDocument, OutputJob
from billing.invoices.services import output_job_start
from billing.invoices.tasks import requeue_stalled_output_jobs

pytestmark = pytest.mark.django_db

STALL = settings.WATCHDOG_STALL_MINUTES["output_job"]


def silent_since(job: OutputJob, minutes: int, **fields) -> None:
    OutputJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=minutes), **fields)


def test_a_job_whose_worker_died_mid_way_is_queued_again_and_finishes(
    billed_january, billing_user, fake_converter, eager_celery, django_capture_on_commit_callbacks
):
    # given an issue job whose worker died after its first progress report (its task is lost)
    job = output_job_start(period=billed_january.period, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    silent_since(job, STALL + 1, status=OutputJob.Status.RUNNING, total=1)
    # when the watchdog runs
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_output_jobs() == 1
    # then the job starts over and finishes: the invoice's two documents, once
    job.refresh_from_db()
    assert (job.status, job.done, job.issued) == (OutputJob.Status.DONE, 1, 2)
    assert InvoiceDocument.objects.count() == 2
    assert AuditEvent.objects.filter(action="billing.output_job.issue_requeued", target_id=str(job.pk)).count() == 1
    # and the watchdog again finds nothing to do
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_output_jobs() == 0


def test_a_job_that_moves_is_left_alone(billed_january, billing_user, eager_celery, django_capture_on_commit_callbacks):
    job = output_job_start(period=billed_january.period, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    silent_since(job, 1, status=OutputJob.Status.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_output_jobs() == 0
    job.refresh_from_db()
    assert job.status == OutputJob.Status.RUNNING and not InvoiceDocument.objects.exists()


def test_a_job_that_never_moves_fails_after_the_allowed_requeues(
    billed_january, billing_user, settings, django_capture_on_commit_callbacks
):
    # given a job whose task dies with its worker every time, and two re-queues allowed
    settings.WATCHDOG_MAX_REQUEUES = 2
    job = output_job_start(period=billed_january.period, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    # when the watchdog finds it stalled three times
    for _ in range(3):
        silent_since(job, STALL + 1)
        with django_capture_on_commit_callbacks(execute=False):
            assert requeue_stalled_output_jobs() == 1
    # then it was queued again twice, then failed with the reason on its page
    job.refresh_from_db()
    assert (job.status, job.requeues) == (OutputJob.Status.FAILED, 2)
    assert "2 раз поставлено в очередь повторно" in job.error
    events = AuditEvent.objects.filter(target_id=str(job.pk))
    assert events.filter(action="billing.output_job.issue_requeued").count() == 2
    assert events.filter(action="billing.output_job.issue_failed").count() == 1
    # and the watchdog leaves it alone from then on
    silent_since(job, STALL + 1)
    assert requeue_stalled_output_jobs() == 0
