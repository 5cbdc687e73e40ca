"""Database triggers that make the audit trail insert-only, on PostgreSQL and SQLite.

``audit_auditevent`` refuses every UPDATE and DELETE (and TRUNCATE on PostgreSQL).
``audit_chainhead`` — the one-row high-water mark of the chain — refuses DELETE and
TRUNCATE and accepts only an UPDATE that moves it one event forward onto an event that
exists; so cutting events off the end of the chain is detected by ``audit_verify``.

These triggers bind every role that can only read and write rows. Removing them needs DDL
rights on the tables (``DROP TRIGGER`` / ``ALTER TABLE … DISABLE TRIGGER``), which the
application's role should not hold in production. The only code that lifts them is our
``manage.py flush`` (see ``audit/management/commands/flush.py``), which the test runner
uses to empty the database between transactional tests, inside one transaction that puts
them back.

The same statements are installed by migration ``0002_insert_only_triggers``. Other apps
make their own tables insert-only with ``insert_only_statements`` (PostgreSQL's trigger
function ``audit_refuse_change()`` comes from that migration: depend on it).
"""

from __future__ import annotations

from contextlib import contextmanager

GENESIS_HASH = "0" * 64

EVENT_TABLE = "audit_auditevent"
HEAD_TABLE = "audit_chainhead"

_POSTGRESQL_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION audit_chainhead_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.sequence = OLD.sequence + 1
           AND NEW.hash = (SELECT e.hash FROM {EVENT_TABLE} e WHERE e.sequence = NEW.sequence) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is insert-only: % refused (the chain head only moves forward)',
            TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
]

_POSTGRESQL_HEAD = [
    f"""CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE OR DELETE ON {HEAD_TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_chainhead_forward_only()""",
    f"""CREATE TRIGGER audit_chainhead_no_truncate BEFORE TRUNCATE ON {HEAD_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]

_POSTGRESQL_HEAD_DROP = [
    f"DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON {HEAD_TABLE}",
]

_SQLITE_HEAD = [
    f"""CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON {HEAD_TABLE}
        BEGIN SELECT RAISE(ABORT, '{HEAD_TABLE} is insert-only: DELETE refused'); END""",
    f"""CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON {HEAD_TABLE}
        WHEN NEW.id IS NOT OLD.id OR NEW.sequence IS NOT OLD.sequence + 1
          OR NEW.hash IS NOT (SELECT e.hash FROM {EVENT_TABLE} e WHERE e.sequence = NEW.sequence)
        BEGIN SELECT RAISE(ABORT,
            '{HEAD_TABLE} is insert-only: UPDATE refused (the chain head only moves forward)'); END""",
]

_SQLITE_HEAD_DROP = [
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only",
]


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    """(install, drop): the event table insert-only, the head forward-only."""
    event_install, event_drop = insert_only_statements(vendor, EVENT_TABLE)
    if vendor == "postgresql":
        return _POSTGRESQL_FUNCTIONS + event_install + _POSTGRESQL_HEAD, event_drop + _POSTGRESQL_HEAD_DROP
    if vendor == "sqlite":
        return event_install + _SQLITE_HEAD, event_drop + _SQLITE_HEAD_DROP
    raise NotImplementedError(f"The audit trail has no insert-only triggers for {vendor}")


def install(connection) -> None:
    """Create the triggers (idempotent: existing ones are replaced)."""
    install_sql, drop_sql = _statements(connection.vendor)
    with connection.cursor() as cursor:
        for sql in drop_sql + install_sql:
            cursor.execute(sql)


def drop(connection) -> None:
    _, drop_sql = _statements(connection.vendor)
    with connection.cursor() as cursor:
        for sql in drop_sql:
            cursor.execute(sql)


def insert_genesis_head(connection) -> None:
    """The chain head before the first event: sequence 0, the genesis hash."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {HEAD_TABLE} (id, sequence, hash) VALUES (1, 0, %s)", [GENESIS_HASH]
        )


def insert_only_statements(vendor: str, table: str) -> tuple[list[str], list[str]]:
    """(install, drop) statements that make ``table`` refuse UPDATE and DELETE (and
    TRUNCATE on PostgreSQL). Trigger names start with the table name."""
    if vendor == "postgresql":
        return (
            [
                f"""CREATE TRIGGER {table}_insert_only BEFORE UPDATE OR DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
                f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
            ],
            [
                f"DROP TRIGGER IF EXISTS {table}_insert_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ],
        )
    if vendor == "sqlite":
        return (
            [
                f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
                    BEGIN SELECT RAISE(ABORT, '{table} is insert-only: UPDATE refused'); END""",
                f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
                    BEGIN SELECT RAISE(ABORT, '{table} is insert-only: DELETE refused'); END""",
            ],
            [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"],
        )
    raise NotImplementedError(f"No insert-only triggers for {vendor}")


def make_insert_only(connection, *tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            install_sql, drop_sql = insert_only_statements(connection.vendor, table)
            for sql in drop_sql + install_sql:
                cursor.execute(sql)


def drop_insert_only(connection, *tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            for sql in insert_only_statements(connection.vendor, table)[1]:
                cursor.execute(sql)


def _user_triggers(connection) -> list[tuple[str, str, str]]:
    """(name, table, definition) of every trigger we (or anyone) created in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid)
                   FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                   JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE NOT t.tgisinternal AND n.nspname = current_schema()"""
            )
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        else:
            return []
        return list(cursor.fetchall())


@contextmanager
def triggers_lifted(connection):
    """Drop every trigger, run the body, recreate them exactly as they were. For the
    database owner's flush only; call inside a transaction so a failure restores them."""
    saved = _user_triggers(connection)
    with connection.cursor() as cursor:
        for name, table, _ in saved:
            if connection.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER "{name}" ON "{table}"')
            else:
                cursor.execute(f'DROP TRIGGER "{name}"')
    yield
    with connection.cursor() as cursor:
        for _, _, definition in saved:
            cursor.execute(definition)
