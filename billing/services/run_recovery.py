"""A billing run whose worker died: the watchdog queues its chunks again; a billing
specialist resumes or cancels it from its page.

A run is stalled when no chunk of it has started or finished for
``WATCHDOG_STALL_MINUTES["billing_run"]`` (its ``heartbeat_at``, else its creation).
Queuing again is idempotent: a chunk already done — or done meanwhile by the first delivery
of its task — is skipped, so each contract is billed once. A run whose chunks are all done
but which was not finalized (the worker died in between) is finalized. A run re-queued
``WATCHDOG_MAX_REQUEUES`` times without finishing fails (``billing.run.failed``).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.types import Actor
from core.watchdog import requeue_stalled, silent, stalled_before

from ..models import BillingRun
from .runs import ACTIVE, billing_run_enqueue, billing_run_fail

NOT_ACTIVE = "Расчет № {run} уже не выполняется ({status}): возобновлять или отменять нечего"
CHUNK_BUSY = "Часть {number} расчета сейчас выполняется: отменить расчет можно, когда она закончится"
GAVE_UP = ("Расчет остановлен: {requeues} раз поставлен в очередь повторно и не продвинулся "
           "(смотрите журнал обработчиков); запустите расчет периода снова")


def last_movement(run: BillingRun) -> datetime:
    return run.heartbeat_at or run.created_at


def run_is_stalled(run: BillingRun) -> bool:
    return run.is_active and last_movement(run) < stalled_before("billing_run")


def _stalled_runs() -> QuerySet[BillingRun]:
    return BillingRun.objects.filter(status__in=ACTIVE).filter(silent("billing_run")).select_related("period")


def _requeue(run: BillingRun, *, action: str, actor: Actor = None) -> list[int]:
    """Queue the run's pending chunks after commit (the caller holds the run's lock and
    has moved its heartbeat)."""
    pending = list(run.chunks.filter(done=False).order_by("number").values_list("number", flat=True))
    record_event(
        action=action, actor=actor, target=run,
        data={"period": f"{run.period.month:%m.%Y}", "chunks": pending,
              "chunks_done": run.chunks_done, "chunks_total": run.chunks_total},
    )
    run_id = run.pk
    transaction.on_commit(lambda: billing_run_enqueue(run_id), robust=True)
    return pending


def billing_runs_requeue_stalled() -> int:
    """The watchdog: queue again the pending chunks of every stalled run (or fail a run
    re-queued too often); returns how many runs."""
    return requeue_stalled(
        _stalled_runs,
        requeue=lambda run: _requeue(run, action="billing.run.requeued"),
        give_up=lambda run: billing_run_fail(run_id=run.pk, error=GAVE_UP.format(requeues=run.requeues)),
    )


def _lock_active(run: BillingRun) -> BillingRun:
    run = BillingRun.objects.select_for_update(of=("self",)).select_related("period").get(pk=run.pk)
    if not run.is_active:
        raise ApplicationError(
            NOT_ACTIVE.format(run=run.pk, status=run.get_status_display().lower()), code="run_not_active", field="run"
        )
    return run


@transaction.atomic
def billing_run_resume(*, run: BillingRun, actor: Actor) -> BillingRun:
    """«Возобновить»: queue the run's pending chunks again (harmless if they still run);
    the watchdog's count of re-queues starts over."""
    run = _lock_active(run)
    run.heartbeat_at, run.requeues = timezone.now(), 0
    run.save(update_fields=["heartbeat_at", "requeues"])
    _requeue(run, action="billing.run.resumed", actor=actor)
    return run


@transaction.atomic
def billing_run_cancel(*, run: BillingRun, actor: Actor) -> BillingRun:
    """«Отменить»: the run stops; what its done chunks wrote stays until the next run of
    the period, which is needed before closing it. Refused while a chunk is being billed
    (its row is locked by the worker); the free pending chunks stay locked until commit, so
    none starts meanwhile — a late delivery finds the run cancelled and does nothing."""
    run = _lock_active(run)
    pending = run.chunks.filter(done=False)
    free = set(pending.select_for_update(skip_locked=True).values_list("number", flat=True))
    busy = sorted(set(pending.values_list("number", flat=True)) - free)
    if busy:
        raise ApplicationError(CHUNK_BUSY.format(number=busy[0]), code="chunk_busy", field="run")
    run.status = BillingRun.Status.CANCELLED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    record_event(
        action="billing.run.cancelled", actor=actor, target=run,
        data={"period": f"{run.period.month:%m.%Y}", "chunks_done": run.chunks_done, "chunks_total": run.chunks_total},
    )
    return run
