"""Writing a chunk's results: only what changed, set-based, in the caller's transaction.

An invoice whose lines hash to the stored digest is left alone — running a period twice
changes nothing. Changed invoices keep their id (documents may point at them) and get
their lines replaced; new ones get ids reserved in one query and are copied in; invoices
of contracts that now have problems or are no longer billed are removed, so a problem
contract is visibly unbilled.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .. import bulk
from ..models import BillingProblem, ChargeLine, Invoice, Recalculation
from .compute import LINE_COLUMNS, ContractResult
from .inputs import ChunkInputs, RunContext

INVOICE_COLUMNS = (
    "id", "period", "contract", "consumer", "shipment_date", "vat_rate", "amount", "vat_amount",
    "amount_with_vat", "lines_digest", "run", "updated_at",
)
INVOICE_UPDATE_COLUMNS = ("vat_rate", "amount", "vat_amount", "amount_with_vat", "lines_digest", "run", "updated_at")


@dataclass
class ChunkStats:
    contracts: int = 0
    billed: int = 0
    with_problems: int = 0
    invoices_changed: int = 0
    lines_written: int = 0


def write_chunk(*, ctx: RunContext, chunk: ChunkInputs, results: list[ContractResult]) -> ChunkStats:
    stats = ChunkStats(contracts=len(results))
    now = timezone.now()
    billed_contracts: set[int] = set()
    replace: list[int] = []  # invoices whose lines are rewritten
    updates: list[tuple] = []
    fresh: list[ContractResult] = []
    lines_of: list[tuple[int, ContractResult]] = []
    problems: list[tuple] = []
    recalculations: list[int] = []

    for result in results:
        contract = result.contract
        if result.problems:
            stats.with_problems += 1
            problems.extend(
                (ctx.run_id, contract.id, p.heated_object_id, p.code, p.message[:1000]) for p in result.problems
            )
            continue
        stats.billed += 1
        billed_contracts.add(contract.id)
        recalculations.extend(result.recalculation_ids)
        existing = chunk.invoices.get(contract.id)
        if existing is not None:
            invoice_id, digest = existing
            if digest == result.digest:
                continue
            replace.append(invoice_id)
            updates.append(
                (invoice_id, ctx.vat_rate, result.amount, result.vat_amount, result.amount_with_vat, result.digest,
                 ctx.run_id, now)
            )
            lines_of.append((invoice_id, result))
        else:
            fresh.append(result)

    stale = [invoice_id for contract_id, (invoice_id, _) in chunk.invoices.items() if contract_id not in billed_contracts]
    bulk.delete_in(ChargeLine, "invoice", replace + stale)
    bulk.delete_in(Invoice, "id", stale)
    bulk.update_rows(Invoice, INVOICE_UPDATE_COLUMNS, updates)

    ids = bulk.allocate_ids(Invoice, len(fresh))
    bulk.copy_rows(
        Invoice,
        INVOICE_COLUMNS,
        (
            (invoice_id, ctx.period_id, r.contract.id, r.contract.consumer_id, ctx.last, ctx.vat_rate, r.amount,
             r.vat_amount, r.amount_with_vat, r.digest, ctx.run_id, now)
            for invoice_id, r in zip(ids, fresh, strict=True)
        ),
    )
    lines_of.extend(zip(ids, fresh, strict=True))
    if connection.vendor == "postgresql":
        stats.lines_written = bulk.copy_text(
            ChargeLine, ("invoice", *LINE_COLUMNS), (f"{invoice_id}\t{text}" for invoice_id, r in lines_of for text in r.texts)
        )
    else:
        stats.lines_written = bulk.copy_rows(
            ChargeLine, ("invoice", *LINE_COLUMNS), ((invoice_id, *line) for invoice_id, r in lines_of for line in r.lines)
        )
    stats.invoices_changed = len(lines_of) + len(stale)
    if recalculations:
        Recalculation.objects.filter(id__in=recalculations, period__isnull=True).update(period_id=ctx.period_id)
    bulk.copy_rows(BillingProblem, ("run", "contract", "heated_object", "code", "message"), problems)
    return stats

