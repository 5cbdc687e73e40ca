"""The billing run of a period: planned in chunks of consumers, billed by Celery workers.

``billing_run_start`` plans the chunks (contiguous consumer-id ranges of about
``BILLING_CHUNK_OBJECTS`` objects, covering every id so no consumer falls between two)
and enqueues one task per chunk after commit. Each ``billing_chunk_process`` loads its
inputs set-based, bills every contract, writes what changed and counts itself done in one
transaction — a redelivered chunk finds itself done and does nothing. The worker that
completes the last chunk finalizes the run. A run whose worker died is queued again by the
watchdog or resumed from its page (``run_recovery``).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from audit.services import record_event
from core.enqueue import enqueue
from core.errors import ApplicationError
from core.types import Actor
from reference.selectors import vat_rates
from regulations.errors import RuleError
from regulations.vat import vat_rate_on

from ..models import BillingPeriod, BillingRun, BillingRunChunk, Invoice
from ..run.compute import bill_contract
from ..run.inputs import RunContext, billable_contracts, load_chunk, load_context, merged_estimate
from ..run.write import write_chunk

log = logging.getLogger(__name__)

LAST_CONSUMER = 2**62
ACTIVE = (BillingRun.Status.QUEUED, BillingRun.Status.RUNNING)
BILL_CHUNK = "billing.tasks.bill_chunk"  # queued by name: docs/architecture.md
_contexts: dict[tuple, RunContext] = {}


def chunk_size() -> int:
    return int(getattr(settings, "BILLING_CHUNK_OBJECTS", 2000))


def plan_chunks(period: BillingPeriod, objects_per_chunk: int) -> list[tuple[int, int, int]]:
    """``(consumer_from, consumer_to, objects)``: ``from < consumer id <= to``, about
    ``objects_per_chunk`` objects each, covering every consumer id."""
    counts = (
        billable_contracts(period).values("consumer_id").annotate(n=Count("objects_covered"))
        .order_by("consumer_id").values_list("consumer_id", "n")
    )
    chunks = []
    low, acc, last = -1, 0, -1
    for consumer_id, n in counts.iterator(chunk_size=10000):
        if consumer_id != last and acc >= objects_per_chunk:
            chunks.append((low, last, acc))
            low, acc = last, 0
        acc += max(n, 1)
        last = consumer_id
    chunks.append((low, LAST_CONSUMER, acc))
    return chunks


@transaction.atomic
def billing_run_start(
    *, period: BillingPeriod, actor: Actor, objects_per_chunk: int | None = None, enqueue: bool = True
) -> BillingRun:
    """Start (or restart) the billing of an open period; returns the queued run. Its chunks
    go to the Celery workers after commit (``enqueue=False``: the caller processes them, see
    ``billing_run_now``)."""
    period = BillingPeriod.objects.select_for_update().get(pk=period.pk)
    period.ensure_open()
    if period.runs.filter(status__in=ACTIVE).exists():
        raise ApplicationError("Расчет этого периода уже выполняется", code="run_active", field="period")
    try:
        vat_rate_on(period.shipment_date, vat_rates())
    except RuleError:
        raise ApplicationError(
            f"Нет ставки НДС на дату отгрузки {period.shipment_date:%d.%m.%Y}: добавьте ее в справочник",
            code="vat_rate_missing", field="vat"
        ) from None
    run = BillingRun.objects.create(period=period, started_by=actor, status=BillingRun.Status.QUEUED)
    plan = plan_chunks(period, objects_per_chunk or chunk_size())
    BillingRunChunk.objects.bulk_create(
        BillingRunChunk(run=run, number=n, consumer_from=lo, consumer_to=hi, objects_planned=objects)
        for n, (lo, hi, objects) in enumerate(plan, start=1)
    )
    run.chunks_total = len(plan)
    run.save(update_fields=["chunks_total"])
    record_event(
        action="billing.run.started", actor=actor, target=run,
        data={"period": f"{period.month:%m.%Y}", "chunks": len(plan), "objects": sum(c[2] for c in plan)},
    )
    if enqueue:
        transaction.on_commit(lambda: billing_run_enqueue(run.pk))
    return run


def billing_run_enqueue(run_id: int) -> None:
    """Queue one task per chunk not yet done (called after commit); several workers share
    them. A run with nothing left to do is finalized."""
    numbers = list(
        BillingRunChunk.objects.filter(run_id=run_id, done=False).order_by("number").values_list("number", flat=True)
    )
    if not numbers:
        billing_run_finalize(run_id=run_id)
        return
    for number in numbers:
        enqueue(BILL_CHUNK, run_id, number)


def billing_run_now(*, period: BillingPeriod, actor: Actor, objects_per_chunk: int | None = None) -> BillingRun:
    """Bill a period in this process, chunk after chunk (demo data, the command line without
    workers); returns the finished run."""
    run = billing_run_start(period=period, actor=actor, objects_per_chunk=objects_per_chunk, enqueue=False)
    for number in run.chunks.order_by("number").values_list("number", flat=True):
        billing_chunk_process(run_id=run.pk, number=number, worker="in-process")
    if not run.chunks.exists():
        billing_run_finalize(run_id=run.pk)
    run.refresh_from_db()
    return run


def _context(run: BillingRun) -> RunContext:
    """What every chunk of a run shares, loaded once per worker process and run."""
    key = (run.pk, run.created_at)
    ctx = _contexts.get(key)
    if ctx is None:
        _contexts.clear()  # one run at a time per worker process
        ctx = _contexts[key] = load_context(run.pk, run.period)
    return ctx


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """The chunk allocates a few hundred thousand small acyclic objects (rows, tuples,
    Decimals); reference counting frees them all, while the cycle collector would walk
    them again and again. It is switched back on afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def billing_chunk_process(*, run_id: int, number: int, worker: str = "") -> bool:
    """Bill one chunk of a run. Returns True when this call completed the whole run."""
    started = time.perf_counter()
    BillingRun.objects.filter(pk=run_id, status__in=ACTIVE).update(
        status=BillingRun.Status.RUNNING, heartbeat_at=timezone.now()
    )
    with _without_cycle_collector(), transaction.atomic():
        # lock the chunk row only: chunks of one run proceed in parallel
        chunk = (
            BillingRunChunk.objects.select_for_update(of=("self",)).select_related("run", "run__period")
            .get(run_id=run_id, number=number)
        )
        run = chunk.run
        # the run's status is read again by a statement of its own: the one above may have waited
        # for the chunk's lock held by «Отменить», and PostgreSQL then re-reads only the locked
        # chunk, keeping the run row as it was before the cancel committed
        status = BillingRun.objects.filter(pk=run_id).values_list("status", flat=True).get()
        if chunk.done or status not in ACTIVE:
            return False
        period = run.period
        period.ensure_open()
        ctx = _context(run)
        inputs = load_chunk(ctx, period, chunk.consumer_from, chunk.consumer_to)
        results = [bill_contract(ctx, inputs, contract) for contract in inputs.contracts]
        stats = write_chunk(ctx=ctx, chunk=inputs, results=results)
        estimate = ctx.estimate_text()  # what this worker's lines took as an estimate
        if estimate:
            recorded = BillingRun.objects.filter(pk=run_id).values_list("estimate", flat=True).get()
            estimate = merged_estimate(recorded, estimate)
        chunk.done = True
        chunk.worker = worker[:200]
        chunk.seconds = time.perf_counter() - started
        chunk.save(update_fields=["done", "worker", "seconds"])
        BillingRun.objects.filter(pk=run_id).update(
            chunks_done=F("chunks_done") + 1,
            contracts_total=F("contracts_total") + stats.contracts,
            contracts_billed=F("contracts_billed") + stats.billed,
            contracts_with_problems=F("contracts_with_problems") + stats.with_problems,
            invoices_changed=F("invoices_changed") + stats.invoices_changed,
            lines_written=F("lines_written") + stats.lines_written,
            heartbeat_at=timezone.now(),
            **({"estimate": estimate} if estimate else {}),  # never cleared by a chunk that took none
        )
    done, total = BillingRun.objects.filter(pk=run_id).values_list("chunks_done", "chunks_total").get()
    if done >= total:
        return billing_run_finalize(run_id=run_id)
    return False


@transaction.atomic
def billing_run_finalize(*, run_id: int) -> bool:
    """Mark a run whose chunks are all done as done, with the period's totals."""
    run = BillingRun.objects.select_for_update().select_related("period").get(pk=run_id)
    if run.status not in ACTIVE or run.chunks_done < run.chunks_total:
        return False
    sums = Invoice.objects.filter(period=run.period).aggregate(
        amount=Sum("amount"), vat=Sum("vat_amount"), total=Sum("amount_with_vat")
    )
    run.amount = sums["amount"] or 0
    run.vat_amount = sums["vat"] or 0
    run.amount_with_vat = sums["total"] or 0
    run.status = BillingRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
    record_event(
        action="billing.run.completed", target=run,
        data={
            "period": f"{run.period.month:%m.%Y}",
            "contracts": run.contracts_total,
            "billed": run.contracts_billed,
            "with_problems": run.contracts_with_problems,
            "invoices_changed": run.invoices_changed,
            "amount_with_vat": run.amount_with_vat,
        },
    )
    return True


@transaction.atomic
def billing_run_fail(*, run_id: int, error: str) -> None:
    """A chunk failed: the run stops (other chunks skip), the error shows on its page."""
    run = BillingRun.objects.select_for_update().get(pk=run_id)
    if run.status not in ACTIVE:
        return
    run.status = BillingRun.Status.FAILED
    run.error = error[:5000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    record_event(action="billing.run.failed", target=run, data={"error": error[:500]})
