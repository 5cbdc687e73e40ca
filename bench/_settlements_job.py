"""The settlements benchmark's work, run in its own process (see bench/settlements.py).

Creates a PostgreSQL database, migrates and seeds it in SQL, runs the accruals, measures
the pure calculation, prints one JSON line and drops the database.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

import psutil

CONSUMERS = int(os.environ.get("BENCH_SETTLEMENTS_CONSUMERS", "100000"))
MONTHS = 24
FIRST_PERIOD = date(2024, 11, 1)  # 24 periods: 11.2024 … 10.2026
AS_OF = date(2026, 10, 31)  # the timed month-end
PREVIOUS = date(2026, 9, 30)  # accrued untimed before
ALREADY_ACCRUED = date(2026, 8, 31)  # closed portions paid by then count as accrued
PROCESSES = 2
PURE_PORTIONS = 200_000
CATEGORIES_SQL = (
    "(array['other','other','other','other','managing_org','managing_org','hoa','hoa','citizen','budget_44fz',"
    "'citizen','other','managing_org','hoa','citizen','citizen','other','other','other','managing_org'])"
    "[1 + (g % 20)]"
)


def _admin_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rsplit("/", 1)[0] + "/postgres"


def _execute_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url().replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


# --------------------------------------------------------------------------- seeding


def _defaults(model, provided: dict[str, str]) -> tuple[list[str], list[str]]:
    """Columns and SQL expressions for an INSERT … SELECT: ``provided`` plus every NOT NULL
    column's default, so the seed follows the models rather than a hand-kept column list."""
    from django.db import models

    columns, values = [], []
    for field in model._meta.concrete_fields:
        name = field.column
        if name in provided:
            columns.append(name)
            values.append(provided[name])
            continue
        if field.primary_key or field.null:
            continue
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            expr = "now()"
        elif field.has_default():
            default = field.get_default()
            if isinstance(default, bool):
                expr = "true" if default else "false"
            elif isinstance(default, (int, Decimal)):
                expr = str(default)
            elif isinstance(default, (list, dict)):
                expr = f"'{json.dumps(default)}'::jsonb"
            else:
                expr = "'" + str(default).replace("'", "''") + "'"
        elif isinstance(field, (models.CharField, models.TextField)):
            expr = "''"
        else:
            raise RuntimeError(f"{model.__name__}.{field.name}: no value for the benchmark seed")
        columns.append(name)
        values.append(expr)
    return columns, values


def _heat_supply_terms(on: date) -> dict[str, str]:
    """The money terms of a company's contract on ``on`` (ПП № 808, reference data) as SQL."""
    from reference.selectors import payment_terms_on

    terms = payment_terms_on(on, "other")
    return {
        "payment_scheme": f"'{terms.payment_scheme}'", "advance1_percent": str(terms.advance1_percent),
        "advance1_day": str(terms.advance1_day), "advance2_percent": str(terms.advance2_percent),
        "final_payment_day": str(terms.final_payment_day),
    }


def _insert_select(cursor, model, provided: dict[str, str], source: str) -> None:
    columns, values = _defaults(model, provided)
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} {source}"
    )


def seed() -> dict:
    from django.db import connection

    from settlements.models import Allocation, Debt, Payment, PenaltyPending
    from subscribers.models import Consumer, Contract, TariffGroup

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # the seed is generated consistent; skip the per-row FK triggers while loading it
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT setseed(0.20261126)")
        _insert_select(cursor, TariffGroup, {"code": "'BENCH'", "name": "'Бенчмарк'"}, "")
        _insert_select(
            cursor, Consumer,
            {"code": "'B' || g", "kind": "'legal'", "penalty_category": CATEGORIES_SQL,
             "name": "'Абонент ' || g", "is_active": "true"},
            f"FROM generate_series(1, {CONSUMERS}) g",
        )
        _insert_select(
            cursor, Contract,
            {"number": "c.code || '-Т'", "signed_on": "'2024-01-01'", "valid_from": "'2024-01-01'",
             "status": "'active'", "consumer_id": "c.id",
             "tariff_group_id": "(SELECT id FROM subscribers_tariffgroup WHERE code = 'BENCH')",
             **_heat_supply_terms(date(2024, 1, 1))},
            "FROM subscribers_consumer c WHERE c.code LIKE 'B%'",
        )
        # the debts and how each was paid: one row per contract and month
        cursor.execute(f"""
            CREATE TEMP TABLE bench_debt AS
            SELECT row_number() OVER (ORDER BY k.id, m) AS id, k.consumer_id, k.id AS contract_id,
                   (DATE '{FIRST_PERIOD}' + (m || ' month')::interval)::date AS period,
                   (DATE '{FIRST_PERIOD}' + ((m + 1) || ' month')::interval + interval '9 day')::date AS due_date,
                   round((2000 + random() * 98000)::numeric, 2) AS amount,
                   m, random() AS r, random() AS share, floor(random() * 51)::int - 10 AS delay
            FROM subscribers_contract k CROSS JOIN generate_series(0, {MONTHS - 1}) m
        """)
        cursor.execute(f"""
            CREATE TEMP TABLE bench_pay AS
            SELECT id, consumer_id, contract_id, due_date,
                   CASE WHEN (m < {MONTHS - 6} AND r < 0.97) OR (m >= {MONTHS - 6} AND r < 0.6) THEN amount
                        WHEN m < {MONTHS - 6} THEN round(amount / 2, 2)
                        WHEN r < 0.9 THEN round(amount * (0.3 + 0.6 * share)::numeric, 2)
                        ELSE 0 END AS paid,
                   least(due_date + delay, DATE '{AS_OF}') AS paid_on, amount
            FROM bench_debt
        """)
        cursor.execute("DELETE FROM bench_pay WHERE paid = 0 OR paid_on < due_date - 40")
        _insert_select(
            cursor, Debt,
            {"id": "d.id", "consumer_id": "d.consumer_id", "contract_id": "d.contract_id", "period": "d.period",
             "kind": "'single'", "amount": "d.amount", "due_date": "d.due_date",
             "settled_on": "CASE WHEN p.paid = d.amount THEN p.paid_on END"},
            "FROM bench_debt d LEFT JOIN bench_pay p ON p.id = d.id",
        )
        _insert_select(
            cursor, Payment,
            {"id": "p.id", "bank_key": "'bench|' || p.id", "number": "p.id::text", "doc_date": "p.paid_on",
             "paid_on": "p.paid_on", "amount": "p.paid", "kind": "'principal'", "status": "'matched'",
             "consumer_id": "p.consumer_id", "contract_id": "p.contract_id", "periods": "'[]'::jsonb"},
            "FROM bench_pay p",
        )
        _insert_select(
            cursor, Allocation,
            {"id": "p.id", "payment_id": "p.id", "debt_id": "p.id", "consumer_id": "p.consumer_id",
             "amount": "p.paid", "paid_on": "p.paid_on"},
            "FROM bench_pay p",
        )
        _insert_select(
            cursor, PenaltyPending, {"allocation_id": "p.id", "consumer_id": "p.consumer_id"},
            f"FROM bench_pay p WHERE p.paid_on > DATE '{ALREADY_ACCRUED}'",
        )
        for model in (Debt, Payment, Allocation):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM settlements_debt")
        debts = cursor.fetchone()[0]
        cursor.execute("SELECT (SELECT count(*) FROM settlements_allocation), "
                       "(SELECT count(*) FROM settlements_penaltypending)")
        allocations, pending = cursor.fetchone()
    return {"consumers": CONSUMERS, "debts": debts, "payments_and_allocations": allocations,
            "closed_portions_pending_before_previous_month": pending,
            "seconds": round(time.perf_counter() - started, 1)}


# --------------------------------------------------------------------------- accrual


_RULES = None


def _run_chunk(chunk_id: int):
    from settlements.services.accrual import accrue_chunk

    result = accrue_chunk(chunk_id=chunk_id, rules=_RULES)
    return result.portions, result.lines


def accrue(as_of: date, processes: int) -> dict:
    from django.db import connections

    from settlements.models import PenaltyAccrual
    from settlements.services.accrual import accrual_start

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    cpu_before = psutil.cpu_times()
    accrual = accrual_start(as_of=as_of)
    chunk_ids = list(accrual.chunks.filter(done=False).values_list("pk", flat=True))
    connections.close_all()
    if processes == 1:
        results = [_run_chunk(pk) for pk in chunk_ids]
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            results = pool.map(_run_chunk, chunk_ids, chunksize=1)
    seconds = time.perf_counter() - started
    cpu_after = psutil.cpu_times()
    accrual = PenaltyAccrual.objects.get(pk=accrual.pk)
    busy = sum(getattr(cpu_after, f) - getattr(cpu_before, f) for f in ("user", "system", "nice", "iowait", "irq",
                                                                        "softirq"))
    idle = cpu_after.idle - cpu_before.idle
    return {
        "as_of": as_of.isoformat(), "status": accrual.status, "chunks": len(chunk_ids),
        "portions": sum(r[0] for r in results), "lines": sum(r[1] for r in results),
        "seconds": round(seconds, 2),
        "machine_cpu_busy_percent": round(100 * busy / (busy + idle), 1) if busy + idle else None,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def lines_digest(as_of: date) -> dict:
    """Every line of the accrual of ``as_of``, in a fixed order, hashed: two runs wrote the same
    lines, column for column and to the kopeck, when their digests are equal."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), sum(l.amount)::text,
                   md5(string_agg(concat_ws('|', l.debt_id, l.allocation_id, l.date_from, l.date_to, l.days, l.base,
                                            l.denominator, l.rate_percent, l.amount, l.rule),
                                  E'\n' ORDER BY l.debt_id, l.allocation_id NULLS FIRST, l.date_from))
            FROM settlements_penaltyline l JOIN settlements_penaltyaccrual a ON a.id = l.accrual_id
            WHERE a.as_of = %s
            """,
            [as_of],
        )
        count, amount, digest = cursor.fetchone()
    return {"lines": count, "amount": amount, "md5": digest}


def reset(as_of: date) -> None:
    """Undo the accrual of ``as_of`` so it can be timed again."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM settlements_penaltyaccrual WHERE as_of = %s", [as_of])
        (accrual_id,) = cursor.fetchone()
        # every allocation paid in the timed month was pending before it ran
        cursor.execute(
            "INSERT INTO settlements_penaltypending (allocation_id, consumer_id) SELECT id, consumer_id "
            "FROM settlements_allocation WHERE paid_on > %s AND paid_on <= %s ON CONFLICT DO NOTHING",
            [PREVIOUS, as_of],
        )
        cursor.execute("DELETE FROM settlements_penaltyline WHERE accrual_id = %s", [accrual_id])
        cursor.execute("DELETE FROM settlements_penaltyaccrualchunk WHERE accrual_id = %s", [accrual_id])
        cursor.execute("DELETE FROM settlements_penaltyaccrual WHERE id = %s", [accrual_id])


# --------------------------------------------------------------------------- pure


def pure_calculation(rules) -> dict:
    from regulations.penalties import compile_calculator

    rng = random.Random(7)
    categories = ["other", "managing_org", "hoa", "citizen", "budget_44fz"]
    calculators = {c: compile_calculator(rules, c) for c in categories}
    portions = []
    for _ in range(PURE_PORTIONS):
        category = rng.choice(categories)
        due = date(2024, 1, 10) + timedelta(days=rng.randrange(0, 900))
        through = due + timedelta(days=rng.randrange(1, 400))
        base = Decimal(rng.randrange(100, 10_000_000)) / 100
        portions.append((calculators[category], due, through, base))
    rates = {}
    lines = 0
    started = time.perf_counter()
    for calc, due, through, base in portions:
        rate = rates.get((calc, through))
        if rate is None:
            rate = rates[(calc, through)] = calc.rate_on(through)
        lines += len(calc.portion_lines(debt_id="d", due_date=due, base=base, through=through, rate=rate))
    seconds = time.perf_counter() - started
    result = {"portions": PURE_PORTIONS, "lines": lines, "seconds": round(seconds, 3),
              "portions_per_second": round(PURE_PORTIONS / seconds), "processes": 1}
    try:
        from bench import _penalty_throughput
    except ImportError:
        return result
    result["regulations_micro_benchmark"] = _penalty_throughput.measure()
    return result


# --------------------------------------------------------------------------- main


# BENCH_SETTLEMENTS_KEEP_DB=1: the seeded database is kept (``bench_settlements_keep``) and
# reused by the next run with the same variable — only the timed month is undone — so
# iterating on the accrual does not pay the ~47 s seed each time. Drop it by hand when done
# (``DROP DATABASE bench_settlements_keep``), or after a change to the seed or the previous
# month's accrual (BENCH_SETTLEMENTS_KEEP_DB=fresh reseeds it).
KEEP_DB = os.environ.get("BENCH_SETTLEMENTS_KEEP_DB", "")
KEEP_DB_NAME = "bench_settlements_keep"


def _seeded(dbname: str) -> bool:
    """The kept database exists and holds the whole seed and the previous month's accrual, done."""
    import psycopg

    with psycopg.connect(_admin_url().replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone() is None:
            return False
    url = _admin_url().rsplit("/", 1)[0] + "/" + dbname
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        if not conn.execute("SELECT to_regclass('settlements_penaltyaccrual') IS NOT NULL").fetchone()[0]:
            return False
        row = conn.execute("SELECT status FROM settlements_penaltyaccrual WHERE as_of = %s", [PREVIOUS]).fetchone()
        return row is not None and row[0] == "done"


def _accrued(as_of: date) -> bool:
    from settlements.models import PenaltyAccrual

    return PenaltyAccrual.objects.filter(as_of=as_of).exists()


def main() -> int:
    global _RULES
    keep = bool(KEEP_DB) and KEEP_DB not in ("0", "no")
    dbname = KEEP_DB_NAME if keep else f"bench_settlements_{os.getpid()}"
    reused = keep and KEEP_DB != "fresh" and _seeded(dbname)
    if not reused:
        _execute_admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        _execute_admin(f"CREATE DATABASE {dbname}")
    os.environ["DATABASE_URL"] = _admin_url().rsplit("/", 1)[0] + "/" + dbname
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from settlements.services.accrual import load_penalty_rules

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = round(time.perf_counter() - started, 1)
        _RULES = load_penalty_rules()
        if reused:
            seeded = {"reused_database": dbname, "migrate_seconds": migrate_seconds}
            previous = {"reused": True}
            if _accrued(AS_OF):
                reset(AS_OF)
        else:
            seeded = seed()
            seeded["migrate_seconds"] = migrate_seconds
            previous = accrue(PREVIOUS, PROCESSES)
        timed = accrue(AS_OF, PROCESSES)
        timed_digest = lines_digest(AS_OF)
        reset(AS_OF)
        single = accrue(AS_OF, 1)
        single_digest = lines_digest(AS_OF)
        pure = pure_calculation(_RULES)
        connections.close_all()
        result = {
            "database": "postgresql",
            "seed": seeded,
            "previous_month_untimed": previous,
            "accrual": {
                "seconds_2_processes": timed["seconds"],
                "seconds_1_process": single["seconds"],
                "speedup_2_vs_1": round(single["seconds"] / timed["seconds"], 2) if timed["seconds"] else None,
                "portions": timed["portions"], "lines": timed["lines"], "chunks": timed["chunks"],
                "status": timed["status"],
                "machine_cpu_busy_percent": timed["machine_cpu_busy_percent"],
                "same_result_both_runs": (timed["portions"], timed["lines"]) == (single["portions"], single["lines"])
                and timed_digest == single_digest,
                "lines_digest": timed_digest,
                "load_average_before_after": {"2_processes": timed["load_average"], "1_process": single["load_average"]},
            },
            "pure_calculation": pure,
            "machine": {"cpus": os.cpu_count(), "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()]},
        }
        print(json.dumps(result, ensure_ascii=False, default=str))
        return 0
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - cleanup must not hide the real error
            pass
        if not keep:
            _execute_admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
