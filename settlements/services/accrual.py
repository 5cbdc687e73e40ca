"""Monthly penalty accrual on every overdue debt — set-based, incremental, idempotent.

Once a month (``config/beat.py``) the penalties are accrued as of the last day of the
previous month. The law and its conventions are ``regulations.penalties`` (190-ФЗ ст. 15
ч. 9.1–9.3, ЖК ст. 155 ч. 14, ПП 474/497/424 with the dated reference data); this module
only feeds it portions and stores its lines:

* a **closed portion** — an allocation paid after the debt's due date — accrues from the
  first delay day through the payment date at the rate of the payment date. Its lines
  never change, so they are computed once (the ``PenaltyPending`` queue) and kept; an
  allocation made later (a statement that came late) is picked up by the next accrual;
* the **open rest** of a debt (what is unpaid on ``as_of``) accrues through ``as_of`` at
  the rate of ``as_of``; its lines are computed again by every accrual and only the latest
  accrual's open lines count in the balance.

Work is split into chunks of consumers (``PenaltyAccrualChunk``): each chunk is one
transaction — it loads its inputs in three queries, computes in memory, writes lines in
bulk (``COPY`` on PostgreSQL) and marks its closed allocations done. A chunk already done
is skipped, so running an accrual twice, or resuming one after a failed worker, adds
nothing. ``accrue_penalties`` runs the chunks in-process; the Celery task spreads them
over the workers.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.services import record_event
from core.copy import NULL, copy_escape
from core.enqueue import enqueue_on_commit
from core.permissions import require
from core.types import Actor
from core.watchdog import requeue_stalled, silent
from regulations.penalties import AppliedRate, PenaltyCalculator, PenaltyRules, compile_calculator
from regulations.penalties import PenaltyLine as PenaltyLineRow
from subscribers.models import Consumer

from ..models import (
    Allocation,
    Debt,
    PenaltyAccrual,
    PenaltyAccrualChunk,
    PenaltyLine,
    PenaltyPending,
)

ACCRUE_PERMISSION = "settlements.add_penaltyaccrual"
DEFAULT_CHUNK = 5000  # consumers per chunk: ~10–20 thousand portions, one short transaction
ZERO = Decimal("0.00")
ACCRUE_CHUNK = "settlements.tasks.accrue_penalty_chunk"  # queued by name: docs/architecture.md
LINE_COLUMNS = (
    "accrual_id", "debt_id", "allocation_id", "date_from", "date_to", "days", "base", "denominator",
    "rate_percent", "amount", "rule",
)


def load_penalty_rules() -> PenaltyRules:
    """Key rates, tiers, caps and moratoria from the dated reference data."""
    from reference import selectors

    return selectors.penalty_rules()


@dataclass
class ChunkResult:
    portions: int = 0
    lines: int = 0
    amount: Decimal = ZERO


def accrual_start(*, as_of: date, chunk_size: int = DEFAULT_CHUNK, actor: Actor = None) -> PenaltyAccrual:
    """The accrual as of ``as_of`` with its chunks planned (created once; later calls return it)."""
    require(actor, ACCRUE_PERMISSION, system=True)
    with transaction.atomic():
        accrual, created = PenaltyAccrual.objects.get_or_create(as_of=as_of)
        if not created:
            if accrual.status == PenaltyAccrual.Status.FAILED:
                accrual = _resume(accrual, actor=actor)
            return accrual
        # every consumer, by id: a chunk whose consumers owe nothing finishes at once, and
        # listing ids is far cheaper than asking which consumers have overdue debts
        ids = list(Consumer.objects.order_by("pk").values_list("pk", flat=True))
        bounds = [(ids[i - 1] if i else 0, ids[min(i + chunk_size, len(ids)) - 1]) for i in range(0, len(ids), chunk_size)]
        PenaltyAccrualChunk.objects.bulk_create(
            PenaltyAccrualChunk(accrual=accrual, consumer_from=lo, consumer_to=hi) for lo, hi in bounds
        )
        accrual.chunks_total = len(bounds)
        if not bounds:
            accrual.status, accrual.finished_at = PenaltyAccrual.Status.DONE, timezone.now()
        accrual.save()
        record_event(
            action="settlements.penalty_accrual_started", actor=actor, target=accrual,
            data={"as_of": as_of.isoformat(), "chunks": len(bounds), "consumers": len(ids)},
        )
    return accrual


def _resume(accrual: PenaltyAccrual, *, actor: Actor) -> PenaltyAccrual:
    """A failed accrual started again: it runs on (its pending chunks), re-queues counted anew;
    if late deliveries finished its chunks meanwhile, it is done now."""
    accrual = PenaltyAccrual.objects.select_for_update().get(pk=accrual.pk)
    if accrual.status != PenaltyAccrual.Status.FAILED:
        return accrual
    accrual.status, accrual.finished_at = PenaltyAccrual.Status.RUNNING, None
    accrual.requeues, accrual.heartbeat_at = 0, timezone.now()
    accrual.save(update_fields=["status", "finished_at", "requeues", "heartbeat_at"])
    record_event(action="settlements.penalty_accrual_resumed", actor=actor, target=accrual,
                 data={"as_of": accrual.as_of.isoformat(), "chunks_done": accrual.chunks_done,
                       "chunks_total": accrual.chunks_total})
    _finish_if_complete(accrual)
    accrual.refresh_from_db()
    return accrual


def accrue_penalties(*, as_of: date, rules: PenaltyRules | None = None, chunk_size: int = DEFAULT_CHUNK,
                     actor: Actor = None) -> PenaltyAccrual:
    """Accrue penalties as of ``as_of`` in this process (chunks one after another)."""
    accrual = accrual_start(as_of=as_of, chunk_size=chunk_size, actor=actor)
    rules = rules or load_penalty_rules()
    for chunk_id in accrual.chunks.filter(done=False).values_list("pk", flat=True):
        accrue_chunk(chunk_id=chunk_id, rules=rules)
    accrual.refresh_from_db()
    return accrual


def _stalled_accruals() -> QuerySet[PenaltyAccrual]:
    return PenaltyAccrual.objects.filter(status=PenaltyAccrual.Status.RUNNING).filter(
        silent("penalty_accrual", since="started_at")
    )


def _requeue_accrual(accrual: PenaltyAccrual) -> None:
    pending = list(accrual.chunks.filter(done=False).values_list("pk", flat=True))
    record_event(action="settlements.penalty_accrual_requeued", target=accrual,
                 data={"as_of": accrual.as_of.isoformat(), "chunks": len(pending), "requeues": accrual.requeues})
    for chunk_id in pending:
        enqueue_on_commit(ACCRUE_CHUNK, chunk_id)


def _fail_accrual(accrual: PenaltyAccrual) -> None:
    accrual.status, accrual.finished_at = PenaltyAccrual.Status.FAILED, timezone.now()
    accrual.save(update_fields=["status", "finished_at"])
    record_event(action="settlements.penalty_accrual_failed", target=accrual,
                 data={"as_of": accrual.as_of.isoformat(), "requeues": accrual.requeues,
                       "chunks_done": accrual.chunks_done, "chunks_total": accrual.chunks_total})


def accruals_requeue_stalled() -> int:
    """The watchdog: queue again the pending chunks of accruals that stopped moving (their
    worker died); a chunk done meanwhile is skipped. An accrual re-queued
    ``WATCHDOG_MAX_REQUEUES`` times without finishing fails (``accrual_start`` of its date
    resumes it). Returns how many accruals."""
    return requeue_stalled(_stalled_accruals, requeue=_requeue_accrual, give_up=_fail_accrual)


def accrue_chunk(*, chunk_id: int, rules: PenaltyRules | None = None) -> ChunkResult:
    """Accrue one chunk of consumers (idempotent: a chunk already done is left alone)."""
    started = time.perf_counter()
    rules = rules or load_penalty_rules()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The chunk's done-mark commits with its lines, so losing the last commit in a
            # crash only means the chunk runs again: no need to wait for the WAL flush.
            # A chunk's reads are a few index ranges: no JIT compilation (tens of ms a
            # query) and no parallel workers — two chunks run side by side in two
            # processes, and a parallel plan in one would take the other's core.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                cursor.execute("SET LOCAL jit TO OFF")
                cursor.execute("SET LOCAL max_parallel_workers_per_gather TO 0")
        # Lock the chunk's row only: a bare FOR UPDATE over the join would lock the
        # accrual's row as well, for the whole chunk, and chunks of two workers would
        # run one after the other (docs/performance.md, "Settlements").
        chunk = PenaltyAccrualChunk.objects.select_for_update(of=("self",)).select_related("accrual").get(pk=chunk_id)
        if chunk.done:
            return ChunkResult(chunk.portions, chunk.lines, chunk.amount)
        accrual = chunk.accrual
        result, rows, done_ids = _compute(accrual, chunk.consumer_from, chunk.consumer_to, rules)
        _write_lines(accrual.pk, rows)  # computes as it writes: ``result`` is complete after it
        _mark_done(done_ids)
        chunk.done, chunk.portions, chunk.lines, chunk.amount = True, result.portions, result.lines, result.amount
        chunk.seconds = round(time.perf_counter() - started, 3)
        chunk.save()
        PenaltyAccrual.objects.filter(pk=accrual.pk).update(chunks_done=F("chunks_done") + 1, heartbeat_at=timezone.now())
        _finish_if_complete(accrual)
    return result


def _finish_if_complete(accrual: PenaltyAccrual) -> None:
    """A running accrual whose chunks are all done is done, with its totals' audit event."""
    finished = PenaltyAccrual.objects.filter(
        pk=accrual.pk, chunks_done=F("chunks_total"), status=PenaltyAccrual.Status.RUNNING
    ).update(status=PenaltyAccrual.Status.DONE, finished_at=timezone.now())
    if finished:
        totals = accrual.chunks.aggregate(lines=Sum("lines"), amount=Sum("amount"), portions=Sum("portions"))
        record_event(
            action="settlements.penalty_accrued", target=accrual,
            data={"as_of": accrual.as_of.isoformat(), "lines": totals["lines"], "portions": totals["portions"],
                  "amount": str(totals["amount"] or ZERO)},
        )


def _compute(accrual: PenaltyAccrual, lo: int, hi: int, rules: PenaltyRules
             ) -> tuple[ChunkResult, Iterator[tuple[int, int | None, PenaltyLineRow]], list[int]]:
    """Inputs of consumers (lo, hi] in four index-range queries → line rows and the
    allocations closed. Every query is bounded by the chunk's consumers through a partial
    index, so a chunk reads what it needs, never the whole table."""
    as_of = accrual.as_of
    categories = dict(
        Consumer.objects.filter(pk__gt=lo, pk__lte=hi).order_by().values_list("pk", "penalty_category")
    )
    closed = _closed_portions(lo, hi, as_of)
    # open rests: unsettled debts (partial index), and debts settled only after ``as_of``;
    # what was paid by ``as_of`` is summed per debt through the allocation's debt index
    paid_by_as_of = Coalesce(
        Subquery(
            Allocation.objects.filter(debt=OuterRef("pk"), paid_on__lte=as_of).order_by()
            .values("debt").annotate(total=Sum("amount")).values("total")
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )
    debts = Debt.objects.filter(consumer_id__gt=lo, consumer_id__lte=hi, due_date__lt=as_of).order_by()
    fields = ("pk", "amount", "paid", "due_date", "consumer_id")
    open_rests = [
        *debts.filter(settled_on__isnull=True).annotate(paid=paid_by_as_of).values_list(*fields),
        *debts.filter(settled_on__gt=as_of).annotate(paid=paid_by_as_of).values_list(*fields),
    ]
    calculators: dict = {}
    rates: dict = defaultdict(dict)

    def tools(category: str) -> tuple[PenaltyCalculator, dict[date, AppliedRate]]:
        calc = calculators.get(category)
        if calc is None:
            calc = calculators[category] = compile_calculator(rules, category)
        return calc, rates[category]

    def rate(calc: PenaltyCalculator, cache: dict[date, AppliedRate], day: date) -> AppliedRate:
        applied = cache.get(day)
        if applied is None:
            applied = cache[day] = calc.rate_on(day)
        return applied

    result = ChunkResult()
    done_ids = [allocation_id for allocation_id, *_ in closed]

    def rows() -> Iterator[tuple[int, int | None, PenaltyLineRow]]:
        """``(debt, allocation or None, line)`` of every portion, counted into ``result``
        as they are made (lazily, so the lines go to the database while the next are
        computed)."""
        amount = ZERO
        lines = 0
        for allocation_id, debt_id, paid, paid_on, due_date, consumer_id in closed:
            if paid_on <= due_date:
                continue
            calc, cache = tools(categories[consumer_id])
            result.portions += 1
            for line in calc.portion_lines(debt_id=debt_id, due_date=due_date, base=paid, through=paid_on,
                                           rate=rate(calc, cache, paid_on), paid_on=paid_on):
                amount += line.amount
                lines += 1
                yield debt_id, allocation_id, line
        for debt_id, owed, paid, due_date, consumer_id in open_rests:
            rest = owed - paid
            if rest <= 0:
                continue
            calc, cache = tools(categories[consumer_id])
            result.portions += 1
            for line in calc.portion_lines(debt_id=debt_id, due_date=due_date, base=rest, through=as_of,
                                           rate=rate(calc, cache, as_of)):
                amount += line.amount
                lines += 1
                yield debt_id, None, line
        result.lines, result.amount = lines, amount

    return result, rows(), done_ids


# The pending queue of the chunk's consumers, each row joined to its allocation and debt by
# primary key. Written so that PostgreSQL must take the queue's consumer index and look the
# allocations up one by one (``OFFSET 0`` keeps the LATERAL subquery from being flattened
# into a join): left to itself the planner hashes the queue and reads the whole allocation
# table in every chunk — a full scan per chunk, in parallel workers, which was what kept a
# second process from adding anything (docs/performance.md, "Settlements").
CLOSED_SQL = f"""
    SELECT p.allocation_id, a.debt_id, a.amount, a.paid_on, d.due_date, p.consumer_id
    FROM {PenaltyPending._meta.db_table} p
    CROSS JOIN LATERAL (
        SELECT a.debt_id, a.amount, a.paid_on FROM {Allocation._meta.db_table} a
        WHERE a.id = p.allocation_id AND a.paid_on <= %(as_of)s OFFSET 0
    ) a
    JOIN {Debt._meta.db_table} d ON d.id = a.debt_id
    WHERE p.consumer_id > %(lo)s AND p.consumer_id <= %(hi)s
"""


def _closed_portions(lo: int, hi: int, as_of: date) -> list[tuple]:
    """Closed portions not accrued yet (the pending queue, by consumer):
    ``(allocation, debt, amount, paid_on, due_date, consumer)``."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(CLOSED_SQL, {"lo": lo, "hi": hi, "as_of": as_of})
            return cursor.fetchall()
    return list(
        PenaltyPending.objects.filter(consumer_id__gt=lo, consumer_id__lte=hi, allocation__paid_on__lte=as_of)
        .order_by()
        .values_list("allocation_id", "allocation__debt_id", "allocation__amount", "allocation__paid_on",
                     "allocation__debt__due_date", "consumer_id")
    )


@lru_cache(maxsize=256)
def _rule(norm: str, rate_norm: str) -> str:
    return (norm if not rate_norm else f"{norm}; {rate_norm}")[:300]


@lru_cache(maxsize=256)
def _rule_text(norm: str, rate_norm: str) -> str:
    return copy_escape(_rule(norm, rate_norm))


def _row(accrual_id: int, debt_id: int, allocation_id: int | None, line: PenaltyLineRow) -> tuple:
    return (accrual_id, debt_id, allocation_id, line.date_from, line.date_to, line.days, line.base,
            line.denominator, line.rate_percent, line.amount, _rule(line.norm, line.rate_norm))


COPY_BATCH = 5000  # lines per write: the server parses one batch while the next is computed


def _write_lines(accrual_id: int, rows: Iterable[tuple[int, int | None, PenaltyLineRow]]) -> None:
    if connection.vendor == "postgresql":
        table = PenaltyLine._meta.db_table
        with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(LINE_COLUMNS)}) FROM STDIN"
        ) as copy:
            for batch in _copy_batches(accrual_id, rows):
                copy.write(batch)
        return
    PenaltyLine.objects.bulk_create(
        (PenaltyLine(**dict(zip(LINE_COLUMNS, _row(accrual_id, *row), strict=True))) for row in rows),
        batch_size=2000,
    )


def _copy_batches(accrual_id: int, rows: Iterable[tuple[int, int | None, PenaltyLineRow]]) -> Iterator[str]:
    """The lines in COPY's text format (``core.copy``), ``COPY_BATCH`` to a string. Written
    out for speed — it formats every line of the month (the profile's second entry after
    the calculation, docs/performance.md): ``str()`` of the Decimals (an f-string's
    ``format()`` of a Decimal is three times slower: ``!s``), dates and rules looked up as text."""
    prefix = f"{accrual_id}\t"
    days: dict[date, str] = {}
    parts: list[str] = []
    for debt_id, allocation_id, line in rows:
        date_from, date_to = line.date_from, line.date_to
        start = days.get(date_from)
        if start is None:
            start = days[date_from] = date_from.isoformat()
        end = days.get(date_to)
        if end is None:
            end = days[date_to] = date_to.isoformat()
        allocation = NULL if allocation_id is None else allocation_id
        parts.append(
            f"{prefix}{debt_id}\t{allocation}\t{start}\t{end}\t{line.days}\t{line.base!s}\t{line.denominator}\t"
            f"{line.rate_percent!s}\t{line.amount!s}\t{_rule_text(line.norm, line.rate_norm)}\n"
        )
        if len(parts) == COPY_BATCH:
            yield "".join(parts)
            parts.clear()
    if parts:
        yield "".join(parts)


def _mark_done(allocation_ids: list[int]) -> None:
    if connection.vendor == "postgresql" and allocation_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {PenaltyPending._meta.db_table} WHERE allocation_id = ANY(%s)", [allocation_ids]
            )
        return
    for start in range(0, len(allocation_ids), 20000):
        PenaltyPending.objects.filter(pk__in=allocation_ids[start:start + 20000]).delete()
