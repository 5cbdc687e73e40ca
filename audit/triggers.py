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

The same statements are installed by migration ``0002_insert_only_triggers``.
"""

from __future__ import annotations

GENESIS_HASH = "0" * 64

EVENT_TABLE = "audit_auditevent"
HEAD_TABLE = "audit_chainhead"

_POSTGRESQL_INSTALL = [
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
    f"""CREATE TRIGGER audit_auditevent_insert_only BEFORE UPDATE OR DELETE ON {EVENT_TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"""CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON {EVENT_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    f"""CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE OR DELETE ON {HEAD_TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_chainhead_forward_only()""",
    f"""CREATE TRIGGER audit_chainhead_no_truncate BEFORE TRUNCATE ON {HEAD_TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]

_POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS audit_auditevent_insert_only ON {EVENT_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON {EVENT_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON {HEAD_TABLE}",
]

_SQLITE_INSTALL = [
    f"""CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON {EVENT_TABLE}
        BEGIN SELECT RAISE(ABORT, '{EVENT_TABLE} is insert-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON {EVENT_TABLE}
        BEGIN SELECT RAISE(ABORT, '{EVENT_TABLE} is insert-only: DELETE refused'); END""",
    f"""CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON {HEAD_TABLE}
        BEGIN SELECT RAISE(ABORT, '{HEAD_TABLE} is insert-only: DELETE refused'); END""",
    f"""CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON {HEAD_TABLE}
        WHEN NEW.id IS NOT OLD.id OR NEW.sequence IS NOT OLD.sequence + 1
          OR NEW.hash IS NOT (SELECT e.hash FROM {EVENT_TABLE} e WHERE e.sequence = NEW.sequence)
        BEGIN SELECT RAISE(ABORT,
            '{HEAD_TABLE} is insert-only: UPDATE refused (the chain head only moves forward)'); END""",
]

_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only",
]


def _statements(vendor: str) -> tuple[list[str], list[str]]:
    if vendor == "postgresql":
        return _POSTGRESQL_INSTALL, _POSTGRESQL_DROP
    if vendor == "sqlite":
        return _SQLITE_INSTALL, _SQLITE_DROP
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
