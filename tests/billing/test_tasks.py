"""The billing run as a Celery job: chunks shared by real worker processes (PostgreSQL +
Redis pass; eager on SQLite)."""

import os
import signal
import time
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from billing.models import BillingRun, BillingRunChunk, ChargeLine, Invoice
from billing.services.runs import billing_run_enqueue, billing_run_now, billing_run_start
from billing.tasks import requeue_stalled_runs

from .conftest import billed_outcome, january_2026, lock_chunk

pytestmark = [pytest.mark.worker]


def wait_for(run: BillingRun, timeout: float = 90) -> BillingRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if not run.is_active:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run still {run.status} after {timeout} s ({run.chunks_done}/{run.chunks_total} chunks)")


def test_a_chunked_run_is_shared_by_real_workers(celery_workers, town, make_contract, period_jan, billing_user):
    # given six contracts billed in chunks of two objects by two worker processes
    town.temperatures(january_2026())
    contracts = [make_contract(heating=f"0.{n + 1}", hot_water="0.01")[0] for n in range(6)]
    celery_workers.start(2)
    # when the run is started (its chunks are queued on commit)
    run = billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=2)
    run = wait_for(run)
    # then every chunk is done once, every contract billed, the totals add up
    assert run.status == BillingRun.Status.DONE, run.error
    assert (run.chunks_total, run.chunks_done, run.contracts_billed) == (3, 3, 6)
    assert all(BillingRunChunk.objects.filter(run=run).values_list("done", flat=True))
    assert set(Invoice.objects.filter(period=period_jan).values_list("contract_id", flat=True)) == {c.pk for c in contracts}
    assert ChargeLine.objects.filter(invoice__period=period_jan).count() == 6 * 3
    assert run.amount_with_vat == sum(Invoice.objects.filter(period=period_jan).values_list("amount_with_vat", flat=True))
    # and billing again through the workers changes nothing
    before = list(ChargeLine.objects.filter(invoice__period=period_jan).order_by("id").values_list("id", "amount"))
    again = wait_for(billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=2))
    assert (again.status, again.invoices_changed, again.lines_written) == (BillingRun.Status.DONE, 0, 0)
    assert list(ChargeLine.objects.filter(invoice__period=period_jan).order_by("id").values_list("id", "amount")) == before


def totals(run: BillingRun) -> tuple:
    return (run.status, run.chunks_done, run.contracts_billed, run.invoices_changed, run.lines_written,
            run.amount, run.vat_amount, run.amount_with_vat)


def wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def waiting_on_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


REAL_WORKER_ONLY = pytest.mark.skipif(
    settings.CELERY_TASK_ALWAYS_EAGER, reason="a worker to kill exists on the PostgreSQL + Redis pass only"
)


@pytest.fixture
def twenty_contracts(town, make_contract, period_jan, billing_user):
    """Twenty contracts in chunks of one, and what an undisturbed run bills them (the period
    is emptied again for the run under test)."""
    town.temperatures(january_2026())
    for n in range(20):
        make_contract(heating=f"0.{n + 10}", hot_water="0.01")
    undisturbed = billing_run_now(period=period_jan, actor=billing_user, objects_per_chunk=1)
    expected = billed_outcome(period_jan)
    ChargeLine.objects.filter(invoice__period=period_jan).delete()
    Invoice.objects.filter(period=period_jan).delete()
    return undisturbed, expected


def start_run_held_at_chunk_5(celery_workers, period, actor, pool: str) -> tuple[BillingRun, psycopg.Connection]:
    """A run whose worker is in the middle of its fifth chunk (waiting on the chunk's lock)."""
    run = billing_run_start(period=period, actor=actor, objects_per_chunk=1, enqueue=False)
    holder = lock_chunk(run, 5)
    celery_workers.start(1, pool=pool)
    billing_run_enqueue(run.pk)
    wait_until(lambda: BillingRun.objects.get(pk=run.pk).chunks_done == 4 and waiting_on_lock() >= 1)
    return run, holder


@REAL_WORKER_ONLY
def test_a_pool_child_killed_mid_run_loses_and_duplicates_nothing(celery_workers, twenty_contracts, period_jan,
                                                                 billing_user):
    undisturbed, expected = twenty_contracts
    run, holder = start_run_held_at_chunk_5(celery_workers, period_jan, billing_user, pool="prefork")
    # when the worker's pool child is killed (kill -9) while it bills the chunk
    [child] = celery_workers.pool_children()
    os.kill(child, signal.SIGKILL)
    holder.rollback()
    holder.close()
    # then the chunk's task goes back to the queue and the run completes as if undisturbed
    run = wait_for(run)
    assert totals(run) == totals(undisturbed), run.error
    assert (run.chunks_total, run.chunks_done) == (20, 20)
    assert billed_outcome(period_jan) == expected


@REAL_WORKER_ONLY
def test_a_whole_worker_killed_mid_run_is_made_good_by_the_watchdog(celery_workers, twenty_contracts, period_jan,
                                                                   billing_user):
    undisturbed, expected = twenty_contracts
    run, holder = start_run_held_at_chunk_5(celery_workers, period_jan, billing_user, pool="solo")
    # when the whole worker is killed (its task stays unacknowledged until the visibility
    # timeout), a new worker starts and the run has not moved for the stall time
    [worker] = celery_workers.processes
    worker.kill()
    worker.wait()
    holder.rollback()
    holder.close()
    celery_workers.processes.clear()
    celery_workers.start(1)
    silent = timezone.now() - timedelta(minutes=settings.WATCHDOG_STALL_MINUTES["billing_run"] + 1)
    BillingRun.objects.filter(pk=run.pk).update(heartbeat_at=silent)
    assert requeue_stalled_runs.apply().get() == 1
    # then the watchdog's re-queue completes the run as if undisturbed
    run = wait_for(run)
    assert totals(run) == totals(undisturbed), run.error
    assert billed_outcome(period_jan) == expected
