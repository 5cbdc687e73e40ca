"""Throughput of the pure penalty calculation (no database), for the settlements benchmark.

``measure()`` builds a synthetic portfolio — consumers with 24 monthly debts and partial
payments, spread over the ПП № 474 and ПП № 497 dates so that caps and moratorium
splits are exercised — and times ``PenaltyCalculator.calculate``. A *debt-portion* is
one piece of a debt with its own accrual: each allocation of a payment to a debt, and
each unpaid rest. The issue's target is ≥ 50 000 portions per second.

Figures: ``portions_per_second`` by the wall clock and ``portions_per_cpu_second`` by this
process's CPU time. The machine is shared by the whole team (two cores); when the load
average is above the core count the wall figure measures the neighbours, so
``targets_met`` judges the CPU figure — the calculation is single-threaded and CPU-bound,
so on an idle core the two agree (compare them in the same run).

Not a module of its own in ``make bench`` (the leading underscore); ``bench/settlements.py``
calls ``measure()`` and reports it. Run alone: ``python -m bench._penalty_throughput``.
"""

from __future__ import annotations

import json
import os
import random
import time
from datetime import date, timedelta
from decimal import Decimal

from regulations.penalties import (
    CATEGORIES,
    KeyRate,
    Moratorium,
    PenaltyRules,
    RateCap,
    Tier,
    TierScheme,
    compile_calculator,
)
from regulations.penalties import Debt as _Debt
from regulations.penalties import Payment as _Payment

TARGET_PORTIONS_PER_SECOND = 50_000

_KEY_RATES = (
    ("2022-02-14", "9.5"), ("2022-02-28", "20"), ("2022-04-11", "17"), ("2022-05-04", "14"),
    ("2022-05-27", "11"), ("2022-06-14", "9.5"), ("2022-07-25", "8"), ("2022-09-19", "7.5"),
    ("2023-07-24", "8.5"), ("2023-08-15", "12"), ("2023-09-18", "13"), ("2023-10-30", "15"),
    ("2023-12-18", "16"), ("2024-07-29", "18"), ("2024-09-16", "19"), ("2024-10-28", "21"),
    ("2025-06-09", "20"), ("2025-07-28", "18"), ("2025-09-15", "17"), ("2025-10-27", "16.5"),
    ("2025-12-22", "16"), ("2026-02-16", "15.5"),
)


def sample_rules() -> PenaltyRules:
    """The penalty rules (docs/law.md), built without a database (the seeds of ``reference``)."""
    every = frozenset(CATEGORIES)
    return PenaltyRules(
        key_rates=tuple(KeyRate(date.fromisoformat(d), Decimal(r)) for d, r in _KEY_RATES),
        rate_caps=(
            RateCap(date(2022, 2, 28), date(2022, 7, 31), "fixed", Decimal("9.5"), every, "ПП № 474"),
            RateCap(date(2022, 8, 1), date(2026, 12, 31), "min", Decimal("9.5"), every, "ПП № 474 и продления"),
        ),
        tier_schemes=(
            TierScheme("other", date(2016, 1, 1), None, (Tier(1, 130),), "190-ФЗ ст. 15 ч. 9.1"),
            TierScheme("hoa", date(2016, 1, 1), None, (Tier(1, None), Tier(31, 300), Tier(91, 130)), "ч. 9.2"),
            TierScheme("managing_org", date(2016, 1, 1), None, (Tier(1, 300), Tier(61, 170), Tier(91, 130)), "ч. 9.3"),
            TierScheme("citizen", date(2016, 1, 1), None, (Tier(1, None), Tier(31, 300), Tier(91, 130)), "ЖК 155"),
            TierScheme("budget_44fz", date(2014, 1, 1), None, (Tier(1, 300),), "44-ФЗ"),
        ),
        moratoria=(
            Moratorium(date(2022, 4, 1), date(2022, 10, 1), every, "ПП № 497", debts_arisen_before=date(2022, 4, 1)),
        ),
    )


def _portfolio(consumers: int, months: int, seed: int):
    rng = random.Random(seed)
    start = date(2022, 3, 10)
    as_of = date(2026, 3, 1)
    portfolio = []
    for _ in range(consumers):
        debts, payments = [], []
        for month in range(months):
            due = start + timedelta(days=61 * month)
            debts.append(_Debt(f"m{month}", Decimal(rng.randint(100_000, 10_000_000)) / 100, due))
            paid_on = due + timedelta(days=rng.randint(-5, 150))
            if paid_on <= as_of and rng.random() < 0.8:
                payments.append(_Payment(paid_on, Decimal(rng.randint(50_000, 8_000_000)) / 100))
        portfolio.append((rng.choice(CATEGORIES), debts, payments))
    return as_of, portfolio


def measure(*, consumers: int = 2_000, months: int = 24, seed: int = 20260301, rules: PenaltyRules | None = None) -> dict:
    """Time the pure calculation over a synthetic portfolio; figures as a dict."""
    rules = rules or sample_rules()
    as_of, portfolio = _portfolio(consumers, months, seed)
    for category in CATEGORIES:
        compile_calculator(rules, category)  # compiled once per process, as in a real run
    portions = lines = unpaid_rests = 0
    load_before = os.getloadavg()[0]
    cpu_started = time.process_time()
    started = time.perf_counter()
    for category, debts, payments in portfolio:
        result = compile_calculator(rules, category).calculate(as_of=as_of, debts=debts, payments=payments)
        portions += len(result.allocations)
        lines += len(result.lines)
        allocated: dict[str, Decimal] = {}
        for allocation in result.allocations:
            allocated[allocation.debt_id] = allocated.get(allocation.debt_id, 0) + allocation.amount
        unpaid_rests += sum(1 for d in debts if d.amount > allocated.get(d.id, 0))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    portions += unpaid_rests
    rate = portions / elapsed if elapsed else float("inf")
    cpu_rate = portions / cpu if cpu else float("inf")
    return {
        "consumers": consumers,
        "debts": consumers * months,
        "debt_portions": portions,
        "lines": lines,
        "seconds": round(elapsed, 3),
        "cpu_seconds": round(cpu, 3),
        "portions_per_second": round(rate),
        "portions_per_cpu_second": round(cpu_rate),
        "load_average_1min": round(load_before, 2),
        "target_portions_per_second": TARGET_PORTIONS_PER_SECOND,
        "targets_met": cpu_rate >= TARGET_PORTIONS_PER_SECOND,
    }


if __name__ == "__main__":
    print(json.dumps(measure(), ensure_ascii=False, indent=2))
