"""A filter by a long list of ids that costs one query parameter.

``filter(id__in=ids)`` with thousands of ids spends more time preparing each id (Django
lookups, psycopg splitting a query of thousands of placeholders) than the database spends
answering. ``InIds(F("column"), ids)`` sends the list as one array on PostgreSQL
(``column = ANY(%s::bigint[])``, an index lookup per id) and as one JSON text on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db.models import BooleanField, Func


class InIds(Func):
    output_field = BooleanField()

    def __init__(self, expression, ids: Iterable[int]):
        super().__init__(expression)
        self.ids = list(ids)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            # an array literal built by str.join: psycopg's per-element list dumper is slower
            return f"{column} = ANY(%s::bigint[])", (*params, "{" + ",".join(map(str, self.ids)) + "}")
        return f"{column} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(self.ids))
