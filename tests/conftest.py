"""Fixtures shared by every test package. App-specific fixtures live in tests/<app>/conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.roles import ROLES

BASE_DIR = Path(settings.BASE_DIR)


def pytest_addoption(parser):
    parser.addoption(
        "--today", metavar="YYYY-MM-DD", default=os.environ.get("TEST_TODAY") or None,
        help="run the suite as if today were this date (noon, Moscow time; the clock ticks on). "
             "Default: $TEST_TODAY, else the machine's date. `make test-dates` runs the hard dates.",
    )


def pytest_configure(config):
    """``--today``: the whole session travels to that date before any test or fixture reads the clock;
    a test's own ``time_machine`` travel nests inside it."""
    day = config.getoption("--today")
    if not day:
        return
    import time_machine

    try:
        start = datetime.combine(date.fromisoformat(day), clock(12, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    except ValueError:
        raise pytest.UsageError(f"--today: «{day}» is not a date YYYY-MM-DD") from None
    config._today_travel = time_machine.travel(start, tick=True)
    config._today_travel.start()


def pytest_unconfigure(config):
    travel = getattr(config, "_today_travel", None)
    if travel is not None:
        travel.stop()


def pytest_report_header(config):
    day = config.getoption("--today")
    return f"today: {day} (--today / TEST_TODAY)" if day else None


@pytest.fixture
def one_instant(time_machine):
    """Today's noon (Moscow time, or --today's), the clock stopped: a test that seeds rows relative to
    today and a page that counts relative to its own today read the same date, midnight or not."""
    from datetime import datetime, time

    from django.utils import timezone

    today = timezone.localdate()
    time_machine.move_to(timezone.make_aware(datetime.combine(today, time(12))), tick=False)
    return today


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the API's throttle counts live there."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def seed_reference_data() -> None:
    """Put back the rows the reference app seeds by data migrations (0002–0004) when a
    transactional test's flush removed them: a flush does not replay data migrations."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from reference.models import KeyRate

    names = ["0003_payment_terms_and_statement_wording", "0004_police_damage_threshold",
             "0005_supply_restriction_rule"]  # idempotent
    if not KeyRate.objects.exists():
        names.insert(0, "0002_seed_reference_data")
    for name in names:
        importlib.import_module(f"reference.migrations.{name}").seed(apps, SimpleNamespace(connection=connection))


@pytest.fixture
def transactional_db(transactional_db):
    """pytest-django's ``transactional_db`` with the seeded reference data in place (key
    rates, payment terms… — contracts' factories and the penalty rules read them)."""
    seed_reference_data()


@pytest.fixture
def make_user(db, django_user_model):
    """``make_user("Техник")`` → a user in that role group (no role: a plain user)."""
    from django.contrib.auth.models import Group

    counter = {"n": 0}

    def make(role: str | None = None, *, username: str | None = None, **extra):
        counter["n"] += 1
        username = username or f"user{counter['n']}_{role or 'none'}"
        user = django_user_model.objects.create_user(username=username, password="pass-12345", **extra)
        if role:
            assert role in ROLES, role
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


def _worker_env() -> dict[str, str]:
    """Environment for a worker process that talks to the *test* database."""
    from django.db import connection

    db = connection.settings_dict
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if db["ENGINE"].endswith("postgresql"):
        user = db.get("USER") or ""
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        auth = f"{user}{password}@" if user else ""
        env["DATABASE_URL"] = f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    env["ARCHIVE_ROOT"] = str(settings.ARCHIVE_ROOT)
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    return env


class Workers:
    """Real Celery worker processes bound to the test database (or eager mode)."""

    def __init__(self, eager: bool):
        self.eager = eager
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int = 1, *, queues: str | None = None, pool: str = "solo") -> Workers:
        """``pool="prefork"``: each worker runs its tasks in one pool child (ForkPoolWorker)
        that a test may kill (``pool_children``)."""
        if self.eager:
            return self
        from config.celery import app

        app.control.purge()
        env = _worker_env()
        for i in range(count):
            cmd = [
                sys.executable, "-m", "celery", "-A", "config", "worker",
                f"--pool={pool}", "--without-heartbeat", "--without-gossip", "--without-mingle",
                "-n", f"test{i}-{os.getpid()}@%h", "--loglevel=WARNING",
            ]
            if pool == "prefork":
                cmd.append("--concurrency=1")
            if queues:
                cmd += ["-Q", queues]
            self.processes.append(subprocess.Popen(cmd, cwd=BASE_DIR, env=env))
        self._wait_ready(count)
        return self

    def _wait_ready(self, count: int, timeout: float = 60) -> None:
        from config.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1) or []
            mine = [r for r in replies for name in r if f"-{os.getpid()}@" in name]
            if len(mine) >= count:
                return
            for proc in self.processes:
                if proc.poll() is not None:
                    raise RuntimeError(f"Celery worker exited with {proc.returncode}")
        raise RuntimeError("Celery workers did not answer within the timeout")

    def pool_children(self) -> list[int]:
        """Process ids of the pool children of the started workers (Linux ``/proc``)."""
        parents = {proc.pid for proc in self.processes}
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            if int(fields[1]) in parents:
                children.append(int(stat.parent.name))
        return children

    def stop(self) -> None:
        for proc in self.processes:
            proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.processes.clear()


@pytest.fixture
def celery_workers(transactional_db):
    """Start real workers when a broker is configured (CI's PostgreSQL + Redis pass);
    run tasks eagerly in-process otherwise (the SQLite pass). Use ``celery_workers.start(n)``.
    """
    workers = Workers(eager=settings.CELERY_TASK_ALWAYS_EAGER)
    yield workers
    workers.stop()


@pytest.fixture
def eager_celery():
    """Tasks run in-process even on the PostgreSQL + Redis pass: a real worker cannot see the
    rows of a test's open transaction (the real-worker tests use ``celery_workers``)."""
    from config.celery import app

    saved = {key: app.conf.get(key) for key in ("task_always_eager", "task_eager_propagates")}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    app.conf.update(saved)

