"""A billing run whose worker died: the watchdog queues its pending chunks again (eager
Celery; the real-worker kill is tests/billing/test_tasks.py)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from billing.models import BillingRun, ChargeLine, Invoice
from billing.services.run_recovery import CHUNK_BUSY, billing_run_cancel, run_is_stalled
from billing.services.runs import billing_chunk_process, billing_run_start
from billing.tasks import bill_chunk, requeue_stalled_runs
from core.errors import ApplicationError

from ..conftest import billed_outcome, january_2026, lock_chunk

pytestmark = pytest.mark.django_db


def totals(run: BillingRun) -> tuple:
    return (run.status, run.chunks_done, run.contracts_billed, run.invoices_changed, run.lines_written,
            run.amount_with_vat)


def silent_since(run: BillingRun, minutes: int) -> None:
    """The run's last sign of life was ``minutes`` ago."""
    BillingRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=minutes))


STALL = settings.WATCHDOG_STALL_MINUTES["billing_run"]


@pytest.fixture
def four_contracts(town, make_contract):
    town.temperatures(january_2026())
    return [make_contract(heating=f"0.{n + 2}")[0] for n in range(4)]


@pytest.fixture
def undisturbed(four_contracts, period_jan, run_period):
    """What a run bills undisturbed; the period is emptied again for the run under test."""
    run = run_period(period_jan, objects_per_chunk=1)
    expected = billed_outcome(period_jan)
    ChargeLine.objects.filter(invoice__period=period_jan).delete()
    Invoice.objects.filter(period=period_jan).delete()
    return run, expected


def test_the_watchdog_requeues_the_pending_chunks_of_a_stalled_run(
    undisturbed, period_jan, billing_user, eager_celery, django_capture_on_commit_callbacks
):
    reference, expected = undisturbed
    # given a run whose first chunk was billed, then its worker died with the other three
    run = billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=1, enqueue=False)
    billing_chunk_process(run_id=run.pk, number=1)
    silent_since(run, STALL + 1)
    run.refresh_from_db()
    assert run_is_stalled(run) and run.chunks_done == 1
    # when the watchdog runs
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_runs() == 1
    # then the three chunks are billed and the run ends as an undisturbed one
    run.refresh_from_db()
    assert totals(run) == totals(reference)
    assert billed_outcome(period_jan) == expected
    event = AuditEvent.objects.get(action="billing.run.requeued", target_id=str(run.pk))
    assert event.data["chunks"] == [2, 3, 4] and event.actor is None
    # and a late delivery of a chunk, or the watchdog again, changes nothing
    assert bill_chunk.apply(args=(run.pk, 2)).get() is False
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_runs() == 0
    run.refresh_from_db()
    assert totals(run) == totals(reference)
    assert billed_outcome(period_jan) == expected


def test_a_run_that_moves_is_left_alone(four_contracts, period_jan, billing_user, eager_celery,
                                       django_capture_on_commit_callbacks):
    # given a run whose chunks wait in the queue, its last chunk started a minute ago
    run = billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=1, enqueue=False)
    silent_since(run, 1)
    # when the watchdog runs
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_runs() == 0
    # then it is not queued again
    run.refresh_from_db()
    assert (run.status, run.chunks_done) == (BillingRun.Status.QUEUED, 0)
    assert not run_is_stalled(run)
    assert not AuditEvent.objects.filter(action="billing.run.requeued").exists()


def test_a_run_whose_worker_died_before_finalizing_it_is_finalized(
    four_contracts, period_jan, run_period, eager_celery, django_capture_on_commit_callbacks
):
    # given a run whose chunks are all done, its worker dying before it marked the run done
    run = run_period(period_jan, objects_per_chunk=1)
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.RUNNING, finished_at=None)
    silent_since(run, STALL + 1)
    # when the watchdog runs
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_runs() == 1
    # then the run is done with the period's totals, nothing billed twice
    run.refresh_from_db()
    assert (run.status, run.chunks_done, run.contracts_billed) == (BillingRun.Status.DONE, 4, 4)
    assert run.amount_with_vat == sum(Invoice.objects.filter(period=period_jan).values_list("amount_with_vat", flat=True))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only")
def test_a_run_is_not_cancelled_while_a_chunk_is_being_billed(transactional_db, four_contracts, period_jan,
                                                              billing_user):
    # given a run one of whose chunks a worker is billing right now (it holds the chunk's row)
    run = billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=1, enqueue=False)
    holder = lock_chunk(run, 2)
    # when a billing specialist cancels it, then the refusal names the chunk and the run goes on
    try:
        with pytest.raises(ApplicationError, match=CHUNK_BUSY.format(number=2)):
            billing_run_cancel(run=run, actor=billing_user)
    finally:
        holder.rollback()
        holder.close()
    run.refresh_from_db()
    assert run.is_active and not AuditEvent.objects.filter(action="billing.run.cancelled").exists()
    # and once the chunk is no longer held, the run is cancelled
    assert billing_run_cancel(run=run, actor=billing_user).status == BillingRun.Status.CANCELLED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only")
def test_a_chunk_waiting_for_the_cancel_s_lock_finds_the_run_cancelled(transactional_db, four_contracts,
                                                                       period_jan, billing_user):
    import threading

    # given a cancel that holds a pending chunk's row
    run = billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=1, enqueue=False)
    holder = lock_chunk(run, 1)
    # when a delivery of that chunk waits for the lock, and the cancel then marks the run and commits
    outcome = {}

    def deliver():
        try:
            outcome["completed"] = billing_chunk_process(run_id=run.pk, number=1)
        finally:
            connection.close()

    worker = threading.Thread(target=deliver)
    worker.start()
    worker.join(timeout=2)
    assert worker.is_alive()  # it waits for the chunk's lock
    holder.execute("UPDATE billing_billingrun SET status = %s WHERE id = %s", [BillingRun.Status.CANCELLED, run.pk])
    holder.commit()
    holder.close()
    worker.join(timeout=30)
    # then the chunk is not billed for the cancelled run
    assert outcome == {"completed": False}
    assert not run.chunks.get(number=1).done
    assert not Invoice.objects.filter(period=period_jan).exists()


def test_a_run_that_never_moves_fails_after_the_allowed_requeues(
    four_contracts, period_jan, billing_user, settings, django_capture_on_commit_callbacks
):
    # given a run whose chunks die with their worker every time, and two re-queues allowed
    settings.WATCHDOG_MAX_REQUEUES = 2
    run = billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=1, enqueue=False)
    # when the watchdog finds it stalled three times
    for _ in range(3):
        silent_since(run, STALL + 1)
        with django_capture_on_commit_callbacks(execute=False):
            assert requeue_stalled_runs() == 1
    # then it was queued again twice, then failed with the reason on its page
    run.refresh_from_db()
    assert (run.status, run.requeues, run.chunks_done) == (BillingRun.Status.FAILED, 2, 0)
    assert "2 раз поставлен в очередь повторно" in run.error and run.finished_at
    events = AuditEvent.objects.filter(target_id=str(run.pk))
    assert events.filter(action="billing.run.requeued").count() == 2
    assert events.filter(action="billing.run.failed").count() == 1
    # and the watchdog leaves it alone from then on
    silent_since(run, STALL + 1)
    assert requeue_stalled_runs() == 0
