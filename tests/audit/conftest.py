"""Fixtures for the audit tests, among them an attacker with direct database access."""

from __future__ import annotations

import pytest
from django.db import connection

from audit import triggers


class Attacker:
    """Someone with write access to the database who goes behind the application's back:
    lifts the insert-only triggers the way a table owner can, changes rows with raw SQL,
    and puts the triggers back to cover the tracks."""

    def _behind_the_back(self, sql: str, params: list) -> int:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # (an attacker works in a session of their own: no deferred checks pending)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {triggers.EVENT_TABLE} DISABLE TRIGGER USER")
                cursor.execute(f"ALTER TABLE {triggers.HEAD_TABLE} DISABLE TRIGGER USER")
                cursor.execute(sql, params)
                affected = cursor.rowcount
                cursor.execute(f"ALTER TABLE {triggers.EVENT_TABLE} ENABLE TRIGGER USER")
                cursor.execute(f"ALTER TABLE {triggers.HEAD_TABLE} ENABLE TRIGGER USER")
            else:
                triggers.drop(connection)
                cursor.execute(sql, params)
                affected = cursor.rowcount
                triggers.install(connection)
        assert affected == 1, f"the attacker's statement touched {affected} rows"
        return affected

    def rewrite_event_data(self, sequence: int, data_json: str) -> None:
        self._behind_the_back(f"UPDATE {triggers.EVENT_TABLE} SET data = %s WHERE sequence = %s", [data_json, sequence])

    def rewrite_event_action(self, sequence: int, action: str) -> None:
        self._behind_the_back(f"UPDATE {triggers.EVENT_TABLE} SET action = %s WHERE sequence = %s", [action, sequence])

    def delete_event(self, sequence: int) -> None:
        self._behind_the_back(f"DELETE FROM {triggers.EVENT_TABLE} WHERE sequence = %s", [sequence])

    def move_head_back(self, sequence: int, hash_: str) -> None:
        self._behind_the_back(f"UPDATE {triggers.HEAD_TABLE} SET sequence = %s, hash = %s WHERE id = 1", [sequence, hash_])


@pytest.fixture
def attacker() -> Attacker:
    return Attacker()
