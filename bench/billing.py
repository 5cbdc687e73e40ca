"""Billing run benchmark (issue 5, Performance): JSON with ``targets_met``.

On a PostgreSQL database of its own (created and dropped here) the benchmark seeds a
synthetic town — N heated objects of consumers with one contract each, mixed methods
(no meter, metered, metered but no reading, faulty from mid-month, hot-water meters,
leaks, a sprinkle of bad input and queued recalculations) — and bills January 2026 with
real Celery worker processes on a Redis queue of its own. It measures:

- the run of 100 000 objects with 2 workers: wall time from the start (planning included)
  to the run marked done (≤ 60 s), and the peak resident memory of the workers, summed over
  both (≤ 1 GiB, each sampled every 20 ms);
- a bare COPY (rows as Python tuples through psycopg's ``write_row``, as any bulk loader
  sends them) of the same number of charge rows into a table shaped like the charge-line
  table (same columns, indexes and checks; no triggers or foreign keys): run / COPY ≤ 2;
- the same 100 000 objects with 1 worker: 1 worker / 2 workers ≥ 1.5;
- S × 100 000 objects (another (S − 1) × 100 000 seeded; S = ``BENCH_BILLING_SCALE``,
  default 2) with 2 workers: S× objects / 1× time ≤ 1.05 × S (≤ 2.1 for 2×, ≤ 10.5 for
  10×: 100 000 → 1 000 000), again ≤ 60 s and ≤ 1 GiB of the workers' peak;
- a second run of the same period (nothing changed: nothing written), for information.

Every measured run starts from a period with no invoices (billing outputs deleted),
except the idempotent rerun. The machine's load average is printed with the figures: the
machine is shared, so figures taken while others work are noisy.

Clean-up, also when something fails or the benchmark is interrupted: the measuring child
runs in a process group of its own with its workers, and the group is terminated; the
database is dropped; the Redis keys created during the benchmark (its queue
``bench-billing-<pid>``, task results) are deleted. A failure is reported as JSON with
``error`` and ``targets_met: false``.

Environment: ``BENCH_BILLING_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/
h_bill_bench`` — created and dropped), ``BENCH_BILLING_BROKER_URL`` (default
``redis://127.0.0.1:6379/6``), ``BENCH_BILLING_OBJECTS`` (default 100000),
``BENCH_BILLING_SCALE`` (default 2; 10 for the million-object run, opt-in: it seeds 900 000
more objects and does not fit the default bench time), ``BENCH_BILLING_TIMEOUT`` (seconds
per measured run, default 1800).
Run alone: ``python -m bench billing``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/h_bill_bench"
DEFAULT_BROKER = "redis://127.0.0.1:6379/6"
PERIOD = date(2026, 1, 1)
GIB = 1024**3
# Celery's warning about a worker running as root (containers, CI) is noise in the JSON's way.
QUIET_ROOT_WARNING = "ignore:You're running the worker with superuser privileges"


def run() -> dict:
    """Drive the benchmark in a child process bound to the benchmark database; clean up
    the database, the child's process group (its workers) and the Redis keys whatever happens."""
    db_url = os.environ.get("BENCH_BILLING_DATABASE_URL", DEFAULT_DB)
    broker = os.environ.get("BENCH_BILLING_BROKER_URL", DEFAULT_BROKER)
    env = _env(db_url, broker, queue=f"bench-billing-{os.getpid()}")
    redis_before = _redis_keys(broker)
    child = None
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)  # SIGTERM unwinds to the clean-up too
    try:
        _recreate_database(db_url)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
        )
        # a session of its own: the child and its workers form one process group to end
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.billing", "child"], cwd=BASE_DIR, env=env,
            stdout=subprocess.PIPE, text=True, start_new_session=True,
        )
        out, _ = child.communicate()
        if child.returncode != 0:
            return {"error": f"the benchmark process exited with {child.returncode} (see stderr)", "targets_met": False}
        return json.loads(out.strip().splitlines()[-1])
    except Exception as exc:  # a benchmark reports its failure as JSON; `make bench` goes on
        return {"error": f"{type(exc).__name__}: {exc}", "targets_met": False}
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
        try:
            if child is not None:
                _end_process_group(child)
            _drop_database(db_url)
            _redis_delete_new_keys(broker, redis_before)
        finally:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def _env(db_url: str, broker: str, queue: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        CELERY_BROKER_URL=broker,
        CELERY_RESULT_BACKEND=broker,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        LOG_LEVEL="WARNING",
    )
    return env


def _end_process_group(child: subprocess.Popen) -> None:
    """Terminate the child's process group (the child and its Celery workers), then kill
    what is left of it."""
    for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 5)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            child.poll()
            try:
                os.killpg(child.pid, 0)  # anyone of the group still there?
            except ProcessLookupError:
                return
            time.sleep(0.1)
    child.poll()


def _admin_connection(db_url: str):
    import psycopg

    base, name = db_url.rsplit("/", 1)
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def _recreate_database(db_url: str) -> None:
    conn, name = _admin_connection(db_url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(db_url: str) -> None:
    try:
        conn, name = _admin_connection(db_url)
    except Exception:  # the server is gone: nothing to drop
        return
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _redis(broker: str):
    if not broker.startswith("redis"):
        return None
    import redis

    return redis.Redis.from_url(broker)


def _redis_keys(broker: str) -> set[bytes]:
    try:
        client = _redis(broker)
        return set(client.scan_iter(count=1000)) if client else set()
    except Exception:  # no Redis: the child reports it
        return set()


def _redis_delete_new_keys(broker: str, before: set[bytes]) -> None:
    """Delete the keys the benchmark created in its Redis database (its queue and
    bindings, task results); keys that were there before are left alone."""
    try:
        client = _redis(broker)
        if client is None:
            return
        new = [key for key in client.scan_iter(count=1000) if key not in before]
        for start in range(0, len(new), 500):
            client.delete(*new[start : start + 500])
    except Exception:
        pass


# ------------------------------------------------------------------------ the child


def child() -> dict:
    import django

    # the parent ends the process group with SIGTERM: unwind, so the workers are stopped
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    django.setup()
    objects = int(os.environ.get("BENCH_BILLING_OBJECTS", "100000"))
    scale = int(os.environ.get("BENCH_BILLING_SCALE", "2"))
    load_start = os.getloadavg()
    seeder = Seeder(seed=20260101)
    t0 = time.perf_counter()
    seeder.seed(objects)
    seed_seconds = time.perf_counter() - t0

    two = measured_run(workers=2, objects=objects)
    copy_seconds = bare_copy_seconds(two["lines_written"])
    rerun = measured_run(workers=2, objects=objects, fresh=False)
    one = measured_run(workers=1, objects=objects)
    seeder.seed((scale - 1) * objects)  # (S - 1) x N objects more: S x N in all
    scaled = measured_run(workers=2, objects=scale * objects)
    load_end = os.getloadavg()

    ratio_copy = two["seconds"] / copy_seconds
    ratio_scale = scaled["seconds"] / two["seconds"]
    speedup = one["seconds"] / two["seconds"]
    peak = max(r["peak_rss_bytes_workers_total"] for r in (two, rerun, one, scaled))
    scale_limit = round(1.05 * scale, 2)
    targets = {
        "run_le_60s": max(two["seconds"], scaled["seconds"]) <= 60,
        "peak_memory_le_1gib": peak <= GIB,
        "run_over_copy_le_2": ratio_copy <= 2,
        f"scale_{scale}x_over_1x_le_{scale_limit}": ratio_scale <= scale_limit,
        "two_workers_speedup_ge_1_5": speedup >= 1.5,
    }
    return {
        "objects": objects,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in load_start],
        "load_average_at_end": [round(x, 2) for x in load_end],
        "seed_seconds": round(seed_seconds, 1),
        "run_2_workers": two,
        "bare_copy_seconds": round(copy_seconds, 3),
        "run_over_copy": round(ratio_copy, 2),
        "rerun_unchanged_2_workers": rerun,
        "run_1_worker": one,
        "speedup_2_over_1": round(speedup, 2),
        "scale": scale,
        "run_scaled_2_workers": scaled,
        "scaled_over_single": round(ratio_scale, 2),
        "peak_rss_mib_workers_total": round(peak / 2**20, 1),
        "targets": targets,
        "targets_met": all(targets.values()),
    }


def truncate_outputs() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # DELETE, not TRUNCATE: recalculations may reference charge lines
        cursor.execute("DELETE FROM billing_chargeline")
        cursor.execute("DELETE FROM billing_invoice")
        cursor.execute("TRUNCATE billing_billingproblem, billing_billingrunchunk")
        cursor.execute("DELETE FROM billing_billingrun")
        cursor.execute("UPDATE billing_recalculation SET period_id = NULL")
        cursor.execute("VACUUM ANALYZE")


def measured_run(*, workers: int, objects: int, fresh: bool = True) -> dict:
    import psutil

    from billing.models import BillingPeriod, BillingRun, BillingRunChunk
    from billing.services.runs import billing_run_start

    if fresh:
        truncate_outputs()
    period = BillingPeriod.objects.get(month=PERIOD)
    timeout = float(os.environ.get("BENCH_BILLING_TIMEOUT", "1800"))
    procs = start_workers(workers)
    try:
        handles = [psutil.Process(p.pid) for p in procs]
        peak = {p.pid: 0 for p in procs}
        cpu_before = sum(_cpu_seconds(h) for h in handles)
        started = time.time()
        run = billing_run_start(period=period, actor=None)
        deadline = time.monotonic() + timeout
        next_poll = 0.0
        while True:
            for p, h in zip(procs, handles, strict=True):
                if p.poll() is not None:
                    raise RuntimeError(f"a Celery worker exited with {p.returncode} during the run")
                try:
                    peak[p.pid] = max(peak[p.pid], h.memory_info().rss)
                except psutil.NoSuchProcess:
                    raise RuntimeError("a Celery worker died during the run") from None
            if time.monotonic() >= next_poll:  # the memory every 20 ms, the database every 100 ms
                status = BillingRun.objects.filter(pk=run.pk).values_list("status", flat=True).get()
                if status not in (BillingRun.Status.QUEUED, BillingRun.Status.RUNNING):
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the billing run did not finish within {timeout:.0f} s")
                next_poll = time.monotonic() + 0.1
            time.sleep(0.02)
        cpu_seconds = sum(_cpu_seconds(h) for h in handles) - cpu_before
    finally:
        stop_workers(procs)
    run.refresh_from_db()
    if run.status != BillingRun.Status.DONE:
        raise RuntimeError(f"billing run failed: {run.error}")
    seconds = run.finished_at.timestamp() - started  # the worker that finalized stamped it
    per_worker = {}
    for worker, secs in BillingRunChunk.objects.filter(run=run).values_list("worker", "seconds"):
        per_worker.setdefault(worker, [0, 0.0])
        per_worker[worker][0] += 1
        per_worker[worker][1] += secs or 0
    return {
        "workers": workers,
        "objects": objects,
        "seconds": round(seconds, 3),
        "chunks": run.chunks_total,
        "chunks_per_worker": [v[0] for v in per_worker.values()],
        "busy_seconds_per_worker": [round(v[1], 2) for v in per_worker.values()],
        # CPU the workers themselves used (user + system; the database server's is not in it):
        # on a busy machine the wall time grows, this much less
        "cpu_seconds_workers": round(cpu_seconds, 2),
        "contracts": run.contracts_total,
        "contracts_with_problems": run.contracts_with_problems,
        "invoices_changed": run.invoices_changed,
        "lines_written": run.lines_written,
        "peak_rss_mib_per_worker": [round(v / 2**20, 1) for v in peak.values()],
        "peak_rss_bytes_workers_total": sum(peak.values()),
    }


def _cpu_seconds(handle) -> float:
    times = handle.cpu_times()
    return times.user + times.system


def start_workers(count: int) -> list:
    from config.celery import app

    app.control.purge()  # the benchmark's own queue
    env = dict(os.environ)
    env["PYTHONWARNINGS"] = ",".join(filter(None, (env.get("PYTHONWARNINGS"), QUIET_ROOT_WARNING)))
    procs = []
    try:
        for i in range(count):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable, "-m", "celery", "-A", "config", "--quiet", "worker", "--pool=solo",
                        "--without-heartbeat", "--without-gossip", "--without-mingle",
                        "-n", f"bench{i}-{os.getpid()}@%h", "--loglevel=WARNING",
                    ],
                    cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL,  # the child's stdout is the JSON
                )
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for p in procs:
                if p.poll() is not None:
                    raise RuntimeError(f"a Celery worker exited with {p.returncode} at start")
            replies = app.control.ping(timeout=0.5) or []
            if len([r for r in replies for name in r if f"-{os.getpid()}@" in name]) >= count:
                return procs
        raise RuntimeError("Celery workers did not start within 60 s")
    except BaseException:
        stop_workers(procs)
        raise


def stop_workers(procs: list) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def bare_copy_seconds(rows: int) -> float:
    """COPY ``rows`` charge rows (the run's own, read back first) into a table of the same
    shape — columns, indexes and checks, no triggers, no foreign keys — and commit."""
    from django.db import connection, transaction

    from billing.models import ChargeLine

    columns = [f.column for f in ChargeLine._meta.concrete_fields if f.column != "id"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_copy")
        cursor.execute("CREATE TABLE bench_bare_copy (LIKE billing_chargeline INCLUDING ALL)")
        cursor.execute(f"SELECT {quoted} FROM billing_chargeline ORDER BY id LIMIT %s", [rows])
        data = cursor.fetchall()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.copy(f"COPY bench_bare_copy ({quoted}) FROM STDIN") as copy:
            for row in data:
                copy.write_row(row)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bare_copy")
    return seconds


class Seeder:
    """Synthetic registry, metering and tariffs written with COPY (no services: it is a benchmark)."""

    CITIES = (("Энск", "27001", Decimal("-26.0")), ("Заречье", "27002", Decimal("-28.0")))

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.rounds = 0

    def seed(self, objects: int) -> None:
        from django.db import transaction

        with transaction.atomic():
            if self.rounds == 0:
                self._reference()
            self._town(objects, prefix=f"R{self.rounds}")
        self.rounds += 1
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def _reference(self) -> None:
        from billing.models import BillingPeriod, Tariff
        from metering.models import (
            DesignOutdoorTemperature,
            HeatingSeason,
            OutdoorTemperature,
            WeatherStation,
        )
        from reference.models import VatRate
        from subscribers.models import NetworkSection, TariffGroup

        for valid_from, rate in ((date(2019, 1, 1), "20"), (date(2026, 1, 1), "22")):
            VatRate.objects.get_or_create(
                valid_from=valid_from, defaults={"rate_percent": Decimal(rate), "norm": "НК РФ ст. 164"}
            )
        self.sections = []
        for n, (city, code, t_design) in enumerate(self.CITIES):
            station = WeatherStation.objects.create(code=code, name=f"{city}, АМСГ", city=city, is_default=n == 0)
            DesignOutdoorTemperature.objects.get_or_create(
                city=city, valid_from=date(2000, 1, 1), defaults={"temperature": t_design, "basis": "СП 131.13330"}
            )
            HeatingSeason.objects.create(city=city, starts_on=date(2025, 10, 10), ends_on=date(2026, 4, 30))
            OutdoorTemperature.objects.bulk_create(
                OutdoorTemperature(
                    station=station, date=date(2025, 12, 1) + timedelta(days=i),
                    mean_temperature=Decimal(self.rng.randint(-250, 0)) / 10,
                )
                for i in range(62)
            )
            for s in range(3):
                self.sections.append(
                    NetworkSection._default_manager.create(
                        code=f"{code}-{s}", name=f"Участок {s}", heat_source=f"Котельная {s}", city=city
                    )
                )
        self.groups = []
        for n in range(4):
            group = TariffGroup.objects.create(code=f"G{n}", name=f"Группа {n}")
            self.groups.append(group.pk)
            common = {
                "tariff_group": group, "valid_from": date(2026, 1, 1), "regulator": "РЭК", "decision_number": f"{n}-ТЭ",
                "decision_date": date(2025, 12, 1),
            }
            if n == 3:
                Tariff.objects.create(resource="heat_energy", structure="two_part", energy_rate=Decimal("1800.00"),
                                      capacity_rate=Decimal("250000.00"), **common)
            else:
                Tariff.objects.create(resource="heat_energy", structure="one_part",
                                      energy_rate=Decimal("2400.00") + 100 * n, **common)
            Tariff.objects.create(resource="hot_water", structure="two_component", energy_rate=Decimal("2450.00"),
                                  water_rate=Decimal("38.50"), heat_per_m3=Decimal("0.0612"), **common)
            Tariff.objects.create(resource="heat_carrier", structure="one_part", water_rate=Decimal("52.10"), **common)
        closed = BillingPeriod.objects.create(month=date(2025, 12, 1))
        BillingPeriod.objects.create(month=PERIOD)
        self.closed_period = closed.pk

    def _town(self, objects: int, prefix: str) -> None:
        from billing.bulk import allocate_ids, copy_rows
        from billing.models import Recalculation
        from metering.models import MeteringUnit, Reading, UnitStatusChange
        from reference.selectors import payment_terms_on
        from subscribers.models import Consumer, Contract, HeatedObject, HeatLoad

        rng = self.rng
        now = datetime(2025, 12, 20, tzinfo=UTC)
        sizes = []
        left = objects
        while left > 0:
            n = min(left, rng.choice((1, 1, 2, 2, 3, 4)))
            sizes.append(n)
            left -= n
        consumer_ids = allocate_ids(Consumer, len(sizes))
        copy_rows(
            Consumer, *_rows(Consumer, {"id": None, "code": None, "kind": "legal", "penalty_category": "other",
                                         "name": None, "created_at": now},
                             ((cid, f"{prefix}-{n:06d}", "legal", "other", f"ООО «Потребитель {prefix}-{n}»", now)
                              for n, cid in enumerate(consumer_ids)))
        )
        contract_ids = allocate_ids(Contract, len(sizes))
        terms = payment_terms_on(date(2025, 1, 1), "other")  # a company's contract (ПП № 808, reference data)
        money = {name: getattr(terms, name) for name in Contract.MONEY_FIELDS if name != "tariff_group"}
        copy_rows(
            Contract, *_rows(Contract, {"id": None, "number": None, "signed_on": None, "valid_from": None, "status": "active",
                                         "consumer": None, "tariff_group": None, **money},
                             ((k, f"{prefix}/{n}", date(2024, 12, 1), date(2025, 1, 1), "active", c, rng.choice(self.groups),
                               *money.values())
                              for n, (k, c) in enumerate(zip(contract_ids, consumer_ids, strict=True))))
        )
        object_ids = allocate_ids(HeatedObject, objects)
        owner = [c for c, n in zip(consumer_ids, sizes, strict=True) for _ in range(n)]
        contract_of = [k for k, n in zip(contract_ids, sizes, strict=True) for _ in range(n)]
        copy_rows(
            HeatedObject, *_rows(HeatedObject, {"id": None, "code": None, "consumer": None, "name": "Здание",
                                                 "address": None, "purpose": "non_residential",
                                                 "design_indoor_temperature": None, "network_section": None},
                                 ((o, f"{prefix}-O{n:07d}", owner[n], "Здание", f"ул. Тепловая, {n}", "non_residential",
                                   Decimal(rng.choice((18, 20, 20, 20, 22))), rng.choice(self.sections).pk)
                                  for n, o in enumerate(object_ids)))
        )
        copy_rows(Contract.objects_covered.through, ("contract", "heatedobject"), zip(contract_of, object_ids, strict=True))
        loads = []
        units = []
        changes = []
        readings = []
        unit_ids = iter(allocate_ids(MeteringUnit, objects))
        reading_ids = iter(allocate_ids(Reading, objects))
        hours = Decimal(31 * 24)
        for n, o in enumerate(object_ids):
            heating = Decimal(rng.randint(50, 800)) / 1000
            ventilation = Decimal(rng.choice((0, 0, 0, rng.randint(10, 200)))) / 1000
            hot_water = Decimal(rng.choice((0, rng.randint(5, 80)))) / 1000
            if rng.random() >= 0.003:  # 0.3 %: an object without loads (bad input)
                loads.append((o, date(2025, 1, 1), heating, ventilation, hot_water, hot_water * 2, ""))
            draw = rng.random()
            if draw < 0.40:
                continue  # no meter: by calculation
            unit = next(unit_ids)
            purpose = "heating" if draw < 0.70 else "both" if draw < 0.88 else "hot_water"
            is_open = purpose == "both" and rng.random() < 0.5
            units.append((unit, f"{prefix}-U{n:07d}", o, "Подвал", purpose, is_open, "commercial", date(2024, 1, 1)))
            changes.append((unit, "commercial", date(2024, 1, 1), "", "акт ввода", now))
            if rng.random() < 0.10:  # faulty from mid-month: the month is split by days
                changes.append((unit, "faulty", date(2026, 1, rng.randint(5, 25)), "истек срок поверки", "", now))
            if rng.random() < 0.06:
                continue  # no reading (late): calculated
            q = ((heating + ventilation + hot_water) * hours * Decimal(rng.randint(30, 70)) / 100).quantize(Decimal("0.001"))
            if rng.random() < 0.002:
                q = q * 50  # an absurd reading that slipped through
            m1 = (q * 20).quantize(Decimal("0.001"))
            m2 = m1 - (m1 * Decimal(rng.choice((0, 0, 0, 1, 5))) / 100).quantize(Decimal("0.001"))
            readings.append((next(reading_ids), unit, PERIOD, "consumer", now, q, m1, m2, None, Decimal("744"),
                             Decimal("0"), "accepted"))
        copy_rows(HeatLoad, *_rows(HeatLoad, {"heated_object": None, "valid_from": None, "heating": None,
                                              "ventilation": None, "hot_water_avg": None, "hot_water_max": None,
                                              "basis": ""}, loads))
        copy_rows(MeteringUnit, *_rows(MeteringUnit, {"id": None, "number": None, "heated_object": None, "location": None,
                                                      "purpose": None, "is_open_system": None, "status": None,
                                                      "status_since": None}, units))
        copy_rows(UnitStatusChange, *_rows(UnitStatusChange, {"unit": None, "status": None, "effective_from": None,
                                                              "reason": None, "basis": None, "recorded_at": None}, changes))
        copy_rows(Reading, *_rows(Reading, {"id": None, "unit": None, "period": None, "source": None, "entered_at": None,
                                            "q": None, "m1": None, "m2": None, "v1": None, "operating_hours": None,
                                            "error_hours": None, "status": None}, readings))
        recalcs = [
            (k, "heat_energy", "energy", self.closed_period, "перерасчет по акту сверки", "bench",
             Decimal(rng.randint(-50000, 50000)) / 100, "{}", now)
            for k in contract_ids if rng.random() < 0.01
        ]
        copy_rows(Recalculation, *_rows(Recalculation, {"contract": None, "resource": None, "component": None,
                                                        "corrected_period": None, "reason": None, "source": None,
                                                        "amount": None, "basis": None, "created_at": None}, recalcs))


def _rows(model, given: dict, rows):
    """Columns of every concrete field but the auto id (unless given), filling the ones not
    given with the model field's default, so COPY meets every NOT NULL column."""
    names = list(given)
    defaults = []
    for f in model._meta.concrete_fields:
        if f.name in given or f.primary_key:
            continue
        default = f.get_default()
        if default is None and not f.null:
            default = ""
        names.append(f.name)
        defaults.append(default)
    tail = tuple(defaults)
    return names, (tuple(row) + tail for row in rows)


if __name__ == "__main__":
    if sys.argv[1:] == ["child"]:
        print(json.dumps(child(), default=str))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2, default=str))
