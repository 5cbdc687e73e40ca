"""The billing run as a Celery job: chunks shared by real worker processes (PostgreSQL +
Redis pass; eager on SQLite)."""

import time

import pytest

from billing.models import BillingRun, BillingRunChunk, ChargeLine, Invoice
from billing.services.runs import billing_run_start

from .conftest import january_2026

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
