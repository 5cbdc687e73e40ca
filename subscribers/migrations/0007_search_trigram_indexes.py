"""Trigram indexes for the consumers list's search (issue 20, pages), PostgreSQL only.

The search (``subscribers.selectors.consumer_search_q``) matches a word inside the consumer's
normalised names and addresses (``search_text LIKE '%…%'``), inside its code, and inside the
numbers of its contracts and the addresses of its objects (``UPPER(…) LIKE UPPER('%…%')``):
a B-tree cannot serve a pattern with a leading ``%``, a GIN index of trigrams (``pg_trgm``)
can. SQLite (tests, a small demo) has none of this and scans, which is fine at its size.
"""

from django.db import migrations

INDEXES = (
    ("subscribers_consumer_search_trgm", "subscribers_consumer", "search_text gin_trgm_ops"),
    ("subscribers_consumer_code_trgm", "subscribers_consumer", "UPPER(code) gin_trgm_ops"),
    ("subscribers_contract_number_trgm", "subscribers_contract", "UPPER(number) gin_trgm_ops"),
    ("subscribers_heatedobject_address_trgm", "subscribers_heatedobject", "UPPER(address) gin_trgm_ops"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("subscribers", "0006_person_names_in_three_parts"),
    ]

    operations = [migrations.RunPython(create, drop)]
