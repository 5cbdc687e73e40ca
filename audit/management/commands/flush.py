"""Django's ``flush``, able to empty the insert-only audit tables.

The audit tables (and the document archive) refuse DELETE and TRUNCATE by triggers, so a
plain flush fails — and the test runner flushes after every transactional test. This
command lifts every trigger inside one transaction, flushes, recreates the triggers exactly
as they were and the genesis chain head, and commits; if anything fails, the transaction
rolls back with the triggers in place.

Lifting triggers needs DDL rights on the audit tables; an account that only reads and writes
rows — the application's role in production — cannot do it, so the insert-only guarantee
holds for it. Flushing is the database owner's act of wiping *everything*, the audit trail
with it, and asks for confirmation when interactive like Django's own.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

from audit import triggers


class Command(flush.Command):
    help = flush.Command.help + " Журнал аудита очищается вместе со всеми данными."

    def handle(self, **options):
        connection = connections[options["database"]]
        tables = set(connection.introspection.table_names())
        if not {triggers.EVENT_TABLE, triggers.HEAD_TABLE} <= tables:
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with triggers.triggers_lifted(connection):
                super().handle(**options)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {triggers.HEAD_TABLE}")
                if cursor.fetchone()[0] == 0:
                    triggers.insert_genesis_head(connection)
