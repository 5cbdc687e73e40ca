import io
import json
import sqlite3

import pytest
from django.core.management import call_command

from tests.conftest import _worker_env


@pytest.fixture
def calc(db, tmp_path, monkeypatch):
    """``calc(kind, payload)`` → (exit code, decoded stdout) through ``manage.py calc``.

    The payload goes through a file (``--input FILE``) or stdin (``via="stdin"``);
    a string payload is passed as it is (for broken JSON).
    """

    def run(kind: str, payload, *, via: str = "file"):
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        out = io.StringIO()
        if via == "stdin":
            monkeypatch.setattr("sys.stdin", io.StringIO(text))
            source = "-"
        else:
            path = tmp_path / "input.json"
            path.write_text(text, encoding="utf-8")
            source = str(path)
        try:
            call_command("calc", kind, "--input", source, stdout=out)
            code = 0
        except SystemExit as exc:
            code = exc.code
        return code, json.loads(out.getvalue())

    return run


@pytest.fixture(scope="session")
def _sqlite_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """A file copy of the migrated in-memory SQLite test database, taken once, between
    tests (a copy taken inside a test's open transaction would wait for its lock forever);
    None on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    copy = tmp_path_factory.mktemp("calc") / "db.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    return copy


@pytest.fixture
def process_env(request, _sqlite_copy):
    """Environment for ``manage.py calc`` run as a child process, bound to a migrated
    database (a run writes its audit event): the test database itself on PostgreSQL (the
    test becomes transactional, so the child sees and the flush removes what it wrote), a
    file copy of the SQLite test database otherwise."""
    if _sqlite_copy is None:
        request.getfixturevalue("transactional_db")
        return _worker_env()
    env = _worker_env()
    env["DATABASE_URL"] = f"sqlite:///{_sqlite_copy}"
    return env
