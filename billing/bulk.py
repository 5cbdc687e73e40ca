"""Set-based writes for the billing run: COPY on PostgreSQL, executemany on SQLite.

The run writes hundreds of thousands of rows; the ORM's per-object machinery would cost
more than the billing itself. These helpers take plain tuples in the column order given,
inside the caller's transaction. Values are Python ``Decimal``/``date``/``int``/``str``;
JSON columns take an already serialised string.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection


def _table(model) -> str:
    return model._meta.db_table


def _column(model, name: str) -> str:
    return model._meta.get_field(name).column


def allocate_ids(model, count: int) -> list[int]:
    """Reserve ``count`` primary keys of ``model`` for rows inserted later by ``copy_rows``."""
    if count <= 0:
        return []
    table = _table(model)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the database's write lock (BEGIN IMMEDIATE), so the
        # ids after the maximum are ours until it commits.
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _sqlite_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):  # Django's own text form, so that ORM comparisons work
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def copy_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``model``'s table; returns the count."""
    table = _table(model)
    names = [_column(model, c) for c in columns]
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{n}"' for n in names)
            with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
                    count += 1
            return count
        quoted = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join(["%s"] * len(names))
        prepared = [tuple(_sqlite_value(v) for v in row) for row in rows]
        if prepared:
            cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', prepared)
        return len(prepared)


def copy_text(model, columns: Sequence[str], lines: Iterable[str]) -> int:
    """PostgreSQL only: send rows already rendered as COPY text (one ``\\n``-terminated
    line each, tab-separated, ``\\N`` for NULL) in ``columns`` order."""
    table = _table(model)
    quoted = ", ".join(f'"{_column(model, c)}"' for c in columns)
    count = 0
    block: list[str] = []
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for line in lines:
            block.append(line)
            if len(block) == 2000:
                copy.write("".join(block))
                count += len(block)
                block.clear()
        if block:
            copy.write("".join(block))
            count += len(block)
    return count


def delete_in(model, column: str, values: Sequence[int]) -> int:
    """``DELETE FROM table WHERE column IN values`` as one statement."""
    if not values:
        return 0
    table = _table(model)
    name = _column(model, column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'DELETE FROM "{table}" WHERE "{name}" = ANY(%s)', [list(values)])
        else:
            total = 0
            for start in range(0, len(values), 500):
                part = list(values[start : start + 500])
                cursor.execute(f'DELETE FROM "{table}" WHERE "{name}" IN ({", ".join(["%s"] * len(part))})', part)
                total += cursor.rowcount
            return total
        return cursor.rowcount


def update_rows(model, columns: Sequence[str], rows: Sequence[tuple]) -> int:
    """``UPDATE table SET columns = … WHERE id = …`` for rows ``(id, *values)``."""
    if not rows:
        return 0
    table = _table(model)
    names = [_column(model, c) for c in columns]
    assignments = ", ".join(f'"{n}" = %s' for n in names)
    prepared = [(*row[1:], row[0]) for row in rows]
    if connection.vendor != "postgresql":
        prepared = [tuple(_sqlite_value(v) for v in row) for row in prepared]
    with connection.cursor() as cursor:
        cursor.executemany(f'UPDATE "{table}" SET {assignments} WHERE "id" = %s', prepared)
    return len(rows)
