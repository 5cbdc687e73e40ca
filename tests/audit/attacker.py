"""Someone with write access to the database who goes behind the application's back: lifts
the insert-only triggers the way a table owner can, changes rows with raw SQL, and puts the
triggers back to cover the tracks. Used by the audit and the documents tests."""

from __future__ import annotations

from django.db import connection

from audit import triggers


class Attacker:
    def execute(self, sql: str, params: list, *, tables: tuple[str, ...]) -> int:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # (an attacker works in a session of their own: no deferred checks pending)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in tables:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
                cursor.execute(sql, params)
                affected = cursor.rowcount
                for table in tables:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            else:
                with triggers.triggers_lifted(connection):
                    cursor.execute(sql, params)
                    affected = cursor.rowcount
        assert affected == 1, f"the attacker's statement touched {affected} rows"
        return affected

    # the audit trail
    def _audit(self, sql, params):
        return self.execute(sql, params, tables=(triggers.EVENT_TABLE, triggers.HEAD_TABLE))

    def rewrite_event_data(self, sequence: int, data_json: str) -> None:
        self._audit(f"UPDATE {triggers.EVENT_TABLE} SET data = %s WHERE sequence = %s", [data_json, sequence])

    def rewrite_event_action(self, sequence: int, action: str) -> None:
        self._audit(f"UPDATE {triggers.EVENT_TABLE} SET action = %s WHERE sequence = %s", [action, sequence])

    def delete_event(self, sequence: int) -> None:
        self._audit(f"DELETE FROM {triggers.EVENT_TABLE} WHERE sequence = %s", [sequence])

    def move_head_back(self, sequence: int, hash_: str) -> None:
        self._audit(f"UPDATE {triggers.HEAD_TABLE} SET sequence = %s, hash = %s WHERE id = 1", [sequence, hash_])

    # the document archive
    def rewrite_row(self, table: str, pk: int, column: str, value) -> None:
        self.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk], tables=(table,))

    def delete_row(self, table: str, pk: int) -> None:
        self.execute(f"DELETE FROM {table} WHERE id = %s", [pk], tables=(table,))
