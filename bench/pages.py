"""Page load benchmark (issue 19, Performance; issue 20, pages): JSON with ``targets_met``.

On a PostgreSQL database of its own (created and dropped here) the benchmark seeds, in SQL,
a register of 100 000 consumers — one contract, one heated object with its load each;
six monthly debts per contract, paid off except for about a fifth of the contracts (the
debtors), partly paid in the last months; 20 000 appeals over the last year, with their
processes and tasks: the closed ones done, 1 200 open (40 waiting for an executor, the rest
given to ten specialists and 20 to the manager) — then serves the site with gunicorn
(``config.wsgi``, ``BENCH_PAGES_WORKERS`` processes × ``BENCH_PAGES_THREADS`` threads,
DEBUG off, persistent database connections) and measures:

- first byte, one client alone (no load): the consumer, contract and debtor cards and the
  inbox, median of ``BENCH_PAGES_SAMPLES`` requests each, over random consumers and contracts
  (issue 20: ≤ 100 ms each);
- after a warm-up (every page twice from as many clients as the server has threads),
  locust, headless, ``BENCH_PAGES_USERS`` managers (20) for ``BENCH_PAGES_SECONDS`` (60 s),
  each signing in once and then opening the dashboard, the consumers list (a page of it, a
  search), the debtors list (a page, a filter with a sort), the inbox, the appeals journal
  (a page, a filter) and the cards, with a pause of ``BENCH_PAGES_WAIT`` seconds (0.5:1.5)
  between pages (bench/_locustfile.py): p50 and p95 per page and over all pages (issue 19:
  the dashboard and the lists p95 ≤ 250 ms, no failed request).

The machine's load average is printed with the figures: the machine is shared, and under
others' load the times grow. Clean-up, also when something fails or the benchmark is
interrupted: the measuring child runs in a process group of its own with the server and
locust, and the group is terminated; the database is dropped.

Environment: ``BENCH_PAGES_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/
h_pages_bench``), ``BENCH_PAGES_CONSUMERS`` (100000), ``BENCH_PAGES_USERS`` (20),
``BENCH_PAGES_SECONDS`` (60), ``BENCH_PAGES_PORT`` (8765), and those above.
Run alone: ``python -m bench pages``.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.billing import _drop_database, _end_process_group, _exit_on_sigterm, _recreate_database

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/h_pages_bench"
USERNAME = "bench-manager"
PASSWORD = "bench-pass-2026"  # noqa: S105 — a throw-away account of a throw-away database
SPECIALISTS = 10
APPEALS = 20_000
OPEN_UNASSIGNED = 40
OPEN_MANAGER = 20
OPEN_OTHERS = 1_140
MONTHS = 6
# money is received on the due date, never later than today (the current month's debt falls due after it)
PAID_ON = "LEAST(d.due_date, CURRENT_DATE)"
LIST_PAGES = ("dashboard", "consumers", "consumers: search", "debtors", "debtors: filter", "inbox",
              "appeals journal", "appeals journal: filter")
P95_TARGET_MS = 250
FIRST_BYTE_TARGET_MS = 100


def run() -> dict:
    db_url = os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_DB)
    env = dict(os.environ)
    env.update(DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="config.settings.base", LOG_LEVEL="WARNING",
               DJANGO_DEBUG="false")
    env.pop("CELERY_BROKER_URL", None)  # nothing is queued by reading pages
    child = None
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        _recreate_database(db_url)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
        child = subprocess.Popen([sys.executable, "-m", "bench.pages", "child"], cwd=BASE_DIR, env=env,
                                 stdout=subprocess.PIPE, text=True, start_new_session=True)
        out, _ = child.communicate()
        if child.returncode != 0:
            return {"error": f"the benchmark process exited with {child.returncode} (see stderr)", "targets_met": False}
        return json.loads(out.strip().splitlines()[-1])
    except Exception as exc:  # a benchmark reports its failure as JSON; `make bench` goes on
        return {"error": f"{type(exc).__name__}: {exc}", "targets_met": False}
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            if child is not None:
                _end_process_group(child)
            _drop_database(db_url)
        finally:
            signal.signal(signal.SIGTERM, previous)


# ------------------------------------------------------------------------ the child


def child() -> dict:
    import django

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    django.setup()
    consumers = int(os.environ.get("BENCH_PAGES_CONSUMERS", "100000"))
    users = int(os.environ.get("BENCH_PAGES_USERS", "20"))
    seconds = int(os.environ.get("BENCH_PAGES_SECONDS", "60"))
    samples = int(os.environ.get("BENCH_PAGES_SAMPLES", "15"))
    port = int(os.environ.get("BENCH_PAGES_PORT", "8765"))
    workers = int(os.environ.get("BENCH_PAGES_WORKERS", "2"))
    threads = int(os.environ.get("BENCH_PAGES_THREADS", "4"))
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    seeded = seed(consumers)
    seed_seconds = time.perf_counter() - t0
    host = f"http://127.0.0.1:{port}"
    server = start_server(port, workers=workers, threads=threads)
    try:
        alone = first_bytes(host, seeded, samples)
        warm_up(host, seeded, clients=workers * threads)
        loaded = locust(host, seeded, users=users, seconds=seconds)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    load_end = os.getloadavg()
    # a page with no answer within the run (locust counts finished requests) misses the target
    lists = {name: (loaded["pages"].get(name) or {}).get("p95_ms") for name in LIST_PAGES}
    loaded["pages_without_an_answer"] = [name for name, p95 in lists.items() if p95 is None]
    targets = {
        "lists_and_dashboard_p95_le_250ms": all(p95 is not None and p95 <= P95_TARGET_MS for p95 in lists.values()),
        "no_failed_requests": loaded["overall"]["failures"] == 0,
        **{f"{name.replace(' ', '_')}_first_byte_le_100ms": figure["median_ms"] <= FIRST_BYTE_TARGET_MS
           for name, figure in alone.items()},
    }
    return {
        "consumers": consumers,
        "seeded": seeded["counts"],
        "seed_seconds": round(seed_seconds, 1),
        "server": f"gunicorn config.wsgi, {workers} workers × {threads} threads, DEBUG off",
        "cpu_count": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in load_start],
        "load_average_at_end": [round(x, 2) for x in load_end],
        "first_byte_alone": alone,
        "locust": loaded,
        "targets": targets,
        "targets_met": all(targets.values()),
    }


def start_server(port: int, *, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ)
    env["DATABASE_URL"] = env["DATABASE_URL"] + "?conn_max_age=600"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--log-level", "warning", "--timeout", "120"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode} at start")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def signed_in_sessions(count: int) -> list[str]:
    """Session keys of ``count`` sign-ins of the benchmark's manager, written as the login view
    writes them: the users start signed in, so the measured time holds no password hashing
    (PBKDF2, deliberately slow, would otherwise queue the first pages behind 20 logins)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=USERNAME)
    backend = "django.contrib.auth.backends.ModelBackend"
    assert backend in settings.AUTHENTICATION_BACKENDS
    keys = []
    for _ in range(count):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def _session(host: str, key: str):
    """A requests session of the benchmark's manager."""
    import requests
    from django.conf import settings

    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, key, domain="127.0.0.1", path="/")
    response = session.get(f"{host}/inbox/", allow_redirects=False)
    if response.status_code != 200:
        raise RuntimeError(f"the benchmark's manager is not signed in ({response.status_code})")
    return session


def first_bytes(host: str, seeded: dict, samples: int) -> dict:
    """Time to the first byte of each card and of the inbox, one client, the server idle:
    the median of ``samples`` requests (after one warming request each)."""
    import random

    rng = random.Random(20261207)
    session = _session(host, signed_in_sessions(1)[0])
    first, last = seeded["consumers"]
    c_first, c_last = seeded["contracts"]
    debtors = seeded["debtor_consumers"]
    pages = {
        "consumer card": lambda: f"/subscribers/consumers/{rng.randint(first, last)}/detail/",
        "contract card": lambda: f"/subscribers/contracts/{rng.randint(c_first, c_last)}/detail/",
        "debtor card": lambda: f"/settlements/consumer/{rng.choice(debtors)}/",
        "inbox": lambda: "/inbox/",
    }
    result = {}
    for name, url in pages.items():
        session.get(host + url())
        times = []
        for _ in range(samples):
            response = session.get(host + url(), stream=True)
            times.append(response.elapsed.total_seconds() * 1000)  # to the response's headers
            response.close()
            if response.status_code != 200:
                raise RuntimeError(f"{name}: {response.status_code}")
        result[name] = {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
                        "samples": samples}
    return result


def warm_up(host: str, seeded: dict, *, clients: int) -> None:
    """Every page of the scenario, twice, from as many clients at once as the server has
    threads, before locust measures: each process compiles its templates and resolvers and
    each thread opens its database connection once in a server's life, not in the measured
    minute (a server that has just started is not what 20 users meet)."""
    from concurrent.futures import ThreadPoolExecutor

    consumer, contract, debtor = seeded["consumers"][0], seeded["contracts"][0], seeded["debtor_consumers"][0]
    urls = ["/reception/dashboard/", "/subscribers/consumers/?page=2", "/subscribers/consumers/?_search=B4242",
            "/settlements/debtors/?page=2", "/settlements/debtors/?category=managing_org&min_days=30&order=-days",
            "/inbox/", "/reception/journal/?page=2", "/reception/journal/?category=debt&overdue=on",
            f"/subscribers/consumers/{consumer}/detail/", f"/subscribers/contracts/{contract}/detail/",
            f"/settlements/consumer/{debtor}/"]
    sessions = [_session(host, key) for key in signed_in_sessions(clients)]

    def visit(session) -> None:
        for _ in range(2):
            for url in urls:
                session.get(host + url).raise_for_status()

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(visit, sessions))


def locust(host: str, seeded: dict, *, users: int, seconds: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        env = dict(os.environ)
        env.update(
            BENCH_PAGES_SESSIONS=",".join(signed_in_sessions(users)),
            BENCH_PAGES_CONSUMERS="{}:{}".format(*seeded["consumers"]),
            BENCH_PAGES_CONTRACTS="{}:{}".format(*seeded["contracts"]),
        )
        completed = subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(BASE_DIR / "bench" / "_locustfile.py"), "--headless",
             "--host", host, "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
             "--stop-timeout", "10", "--csv", f"{tmp}/stats", "--only-summary", "--loglevel", "WARNING"],
            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=seconds + 120,
        )
        stats_file = Path(f"{tmp}/stats_stats.csv")
        if not stats_file.exists():
            raise RuntimeError(f"locust wrote no statistics (exit {completed.returncode}): {completed.stderr[-2000:]}")
        with stats_file.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    pages, overall = {}, {}
    for row in rows:
        figure = {
            "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "p50_ms": _ms(row["50%"]), "p95_ms": _ms(row["95%"]), "p99_ms": _ms(row["99%"]),
            "max_ms": round(float(row["Max Response Time"]), 1),
            "requests_per_second": round(float(row["Requests/s"]), 2),
        }
        if row["Name"] == "Aggregated":
            overall = figure
        elif row["Name"] != "login":
            pages[row["Name"]] = figure
    return {"users": users, "seconds": seconds, "wait_between_pages_s": os.environ.get("BENCH_PAGES_WAIT", "0.5:1.5"),
            "overall": overall, "pages": pages}


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else round(float(value), 1)


# ------------------------------------------------------------------------ the seed


def seed(consumers: int) -> dict:
    """The register, debts, appeals with their processes and tasks, and the users, in SQL
    (INSERT … SELECT over generate_series: the columns and defaults follow the models)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from viewflow.workflow.fields import get_flow_ref, get_task_ref
    from viewflow.workflow.models import Process, Task

    from accounts.roles import BILLING, MANAGER
    from bench._settlements_job import _heat_supply_terms, _insert_select
    from reception.models import Appeal
    from settlements.models import Allocation, Debt, Payment
    from subscribers.models import Consumer, Contract, HeatedObject, HeatLoad, NetworkSection, TariffGroup
    from workflows.appeal import AppealFlow

    user_model = get_user_model()
    manager = user_model.objects.create_user(username=USERNAME, password=PASSWORD, first_name="Мария",
                                             last_name="Руководитель")
    manager.groups.add(Group.objects.get(name=MANAGER))
    specialists = []
    for n in range(SPECIALISTS):
        user = user_model.objects.create_user(username=f"bench-specialist-{n}", password=PASSWORD,
                                              first_name="Специалист", last_name=f"№ {n}")
        user.groups.add(Group.objects.get(name=BILLING))
        specialists.append(user.pk)
    executors = "(array[" + ",".join(str(pk) for pk in specialists) + f"])[1 + (g % {SPECIALISTS})]"
    categories = "(array['other','other','managing_org','hoa','citizen','budget_44fz','other','managing_org'])[1 + (g % 8)]"
    appeal_ct = ContentType.objects.get_for_model(Appeal).pk
    flow_ref = get_flow_ref(AppealFlow)
    received = f"(now() - ((g * 365.0 / {APPEALS}) || ' day')::interval)"
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # consistent by construction: no FK triggers
        cursor.execute("SELECT setseed(0.20261207)")
        _insert_select(cursor, TariffGroup, {"code": "'BENCH'", "name": "'Бенчмарк'"}, "")
        _insert_select(cursor, NetworkSection, {"code": "'BENCH-' || g", "name": "'Участок ' || g",
                                                "heat_source": "'Котельная'", "city": "'Энск'"},
                       "FROM generate_series(1, 3) g")
        _insert_select(
            cursor, Consumer,
            {"code": "'B' || g", "kind": "'legal'", "penalty_category": categories, "name": "'ООО «Абонент ' || g || '»'",
             "inn": "lpad((7700000000 + g)::text, 10, '0')", "legal_address": "'г. Энск, ул. Садовая, д. ' || (g % 300)",
             "search_text": "'ооо «абонент ' || g || '» г. энск, ул. садовая, д. ' || (g % 300)", "is_active": "true"},
            f"FROM generate_series(1, {consumers}) g",
        )
        _insert_select(
            cursor, Contract,
            {"number": "c.code || '-Т'", "signed_on": "'2024-01-01'", "valid_from": "'2024-01-01'", "status": "'active'",
             "consumer_id": "c.id", "tariff_group_id": "(SELECT id FROM subscribers_tariffgroup WHERE code = 'BENCH')",
             **_heat_supply_terms(__import__("datetime").date(2024, 1, 1))},
            "FROM subscribers_consumer c",
        )
        _insert_select(
            cursor, HeatedObject,
            {"code": "'O' || c.code", "consumer_id": "c.id", "name": "'Здание'", "purpose": "'non_residential'",
             "address": "'г. Энск, ул. Садовая, д. ' || (c.id % 300) || ', корп. ' || c.id",
             "network_section_id": "(SELECT min(id) FROM subscribers_networksection)"},
            "FROM subscribers_consumer c",
        )
        cursor.execute(
            f"INSERT INTO {Contract.objects_covered.through._meta.db_table} (contract_id, heatedobject_id) "
            "SELECT k.id, o.id FROM subscribers_contract k JOIN subscribers_heatedobject o ON o.consumer_id = k.consumer_id"
        )
        _insert_select(
            cursor, HeatLoad,
            {"heated_object_id": "o.id", "valid_from": "'2024-01-01'", "heating": "round((0.05 + random() * 0.5)::numeric, 4)",
             "ventilation": "0", "hot_water_avg": "0", "hot_water_max": "0"},
            "FROM subscribers_heatedobject o",
        )
        # six monthly debts per contract; about a fifth of the contracts owe the last one or two
        cursor.execute(f"""
            CREATE TEMP TABLE bench_debt AS
            SELECT row_number() OVER (ORDER BY k.id, m) AS id, k.consumer_id, k.id AS contract_id,
                   (date_trunc('month', CURRENT_DATE) - ((m + 1) || ' month')::interval)::date AS period,
                   (date_trunc('month', CURRENT_DATE) - (m || ' month')::interval + interval '9 day')::date AS due_date,
                   round((2000 + random() * 98000)::numeric, 2) AS amount,
                   CASE WHEN k.id % 5 = 0 AND m < 2 THEN (CASE WHEN m = 1 THEN 0.4 ELSE 0 END) ELSE 1 END AS share
            FROM subscribers_contract k CROSS JOIN generate_series(0, {MONTHS - 1}) m
        """)
        _insert_select(
            cursor, Debt,
            {"id": "d.id", "consumer_id": "d.consumer_id", "contract_id": "d.contract_id", "period": "d.period",
             "kind": "'single'", "amount": "d.amount", "due_date": "d.due_date",
             "settled_on": f"CASE WHEN d.share = 1 THEN {PAID_ON} END"},
            "FROM bench_debt d",
        )
        paid = "FROM bench_debt d WHERE d.share > 0"
        _insert_select(
            cursor, Payment,
            {"id": "d.id", "bank_key": "'bench|' || d.id", "number": "d.id::text", "doc_date": "d.due_date",
             "paid_on": PAID_ON, "amount": "round(d.amount * d.share, 2)", "kind": "'principal'",
             "status": "'matched'", "consumer_id": "d.consumer_id", "contract_id": "d.contract_id",
             "periods": "'[]'::jsonb"}, paid,
        )
        _insert_select(
            cursor, Allocation,
            {"id": "d.id", "payment_id": "d.id", "debt_id": "d.id", "consumer_id": "d.consumer_id",
             "amount": "round(d.amount * d.share, 2)", "paid_on": PAID_ON}, paid,
        )
        # appeals over the last year; the newest ones are open
        open_total = OPEN_UNASSIGNED + OPEN_MANAGER + OPEN_OTHERS
        _insert_select(
            cursor, Appeal,
            {"number": "'ОБ-' || g", "received_at": received,
             "channel": "(array['visit','paper','email','phone'])[1 + (g % 4)]", "applicant_kind": "'other'",
             "applicant_name": "'ООО «Абонент ' || (1 + g * 37 % " + str(consumers) + ") || '»'",
             "consumer_id": "(SELECT min(id) FROM subscribers_consumer) + (g * 37 % " + str(consumers) + ")",
             "category": "(array['charges','payments','debt','penalties','quality','metering','contract'])[1 + (g % 7)]",
             "summary": "'Вопрос о расчетах'", "due_on": f"{received}::date + 30",
             "due_norm": "'30 дней'", "status": (f"CASE WHEN g <= {OPEN_UNASSIGNED} THEN 'registered' "
                                                   f"WHEN g <= {open_total} THEN 'assigned' ELSE 'closed' END"),
             "registered_by_id": str(manager.pk), "executor_id": f"CASE WHEN g > {OPEN_UNASSIGNED} THEN {executors} END",
             "answer_date": f"CASE WHEN g > {open_total} THEN {received}::date + 10 END",
             "result": f"CASE WHEN g > {open_total} THEN 'explained' ELSE '' END"},
            f"FROM generate_series(1, {APPEALS}) g",
        )
        if OPEN_MANAGER:
            cursor.execute(f"UPDATE reception_appeal SET executor_id = {manager.pk} WHERE number IN "
                           f"(SELECT 'ОБ-' || g FROM generate_series({OPEN_UNASSIGNED + 1}, "
                           f"{OPEN_UNASSIGNED + OPEN_MANAGER}) g)")
        _insert_select(
            cursor, Process,
            {"flow_class": f"'{flow_ref}'", "status": "CASE WHEN a.status = 'closed' THEN 'DONE' ELSE 'NEW' END",
             "created": "a.received_at", "finished": "CASE WHEN a.status = 'closed' THEN a.received_at + interval '10 day' END",
             "data": "'{}'::jsonb", "artifact_content_type_id": str(appeal_ct), "artifact_object_id": "a.id"},
            "FROM reception_appeal a",
        )
        steps = [("assign", "reception.assign_appeal"), ("answer", "reception.answer_appeal"),
                 ("sign", "reception.sign_appeal"), ("send", "reception.answer_appeal")]
        for n, (name, permission) in enumerate(steps):
            ref = get_task_ref(getattr(AppealFlow, name))
            _insert_select(
                cursor, Task,
                {"flow_task": f"'{ref}'", "flow_task_type": "'HUMAN'", "status": "'DONE'",
                 "created": f"p.created + interval '{2 * n} day'", "finished": f"p.created + interval '{2 * n + 1} day'",
                 "owner_id": "a.executor_id", "owner_permission": f"'{permission}'", "process_id": "p.id",
                 "token": "'start'", "data": "'{}'::jsonb"},
                "FROM viewflow_process p JOIN reception_appeal a ON a.id = p.artifact_object_id AND p.status = 'DONE'",
            )
        open_tasks = (
            "FROM viewflow_process p JOIN reception_appeal a ON a.id = p.artifact_object_id AND p.status = 'NEW' "
        )
        _insert_select(
            cursor, Task,
            {"flow_task": f"'{get_task_ref(AppealFlow.assign)}'", "flow_task_type": "'HUMAN'", "status": "'NEW'",
             "created": "p.created", "owner_permission": "'reception.assign_appeal'", "process_id": "p.id",
             "token": "'start'", "data": "'{}'::jsonb"},
            open_tasks + "WHERE a.executor_id IS NULL",
        )
        _insert_select(
            cursor, Task,
            {"flow_task": f"'{get_task_ref(AppealFlow.answer)}'", "flow_task_type": "'HUMAN'", "status": "'ASSIGNED'",
             "created": "p.created", "assigned": "p.created", "owner_id": "a.executor_id",
             "owner_permission": "'reception.answer_appeal'", "process_id": "p.id", "token": "'start'",
             "data": "'{}'::jsonb"},
            open_tasks + "WHERE a.executor_id IS NOT NULL",
        )
        for model in (Debt, Payment, Allocation):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE")
        counts = {}
        for model in (Consumer, Contract, HeatedObject, Debt, Payment, Appeal, Process, Task):
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
            counts[model._meta.db_table] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM settlements_debt WHERE settled_on IS NULL")
        counts["open_debts"] = cursor.fetchone()[0]
        cursor.execute("SELECT min(id), max(id) FROM subscribers_consumer")
        consumer_ids = cursor.fetchone()
        cursor.execute("SELECT min(id), max(id) FROM subscribers_contract")
        contract_ids = cursor.fetchone()
        cursor.execute("SELECT DISTINCT consumer_id FROM settlements_debt WHERE settled_on IS NULL LIMIT 2000")
        debtor_ids = [row[0] for row in cursor.fetchall()]
    return {"counts": counts, "consumers": consumer_ids, "contracts": contract_ids, "debtor_consumers": debtor_ids}


if __name__ == "__main__":
    if sys.argv[1:] == ["child"]:
        print(json.dumps(child(), default=str))
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2, default=str))
