"""The audit tables are insert-only on both databases, whatever the path."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent, AuditTrailIsInsertOnly, ChainHead
from audit.services import record_event


@pytest.fixture
def event(db):
    record_event(action="consumer.created", data={"name": "ООО «Тепло»"})
    return record_event(action="consumer.updated", data={"name": "ООО «Тепло+»"})


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_update_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("UPDATE audit_auditevent SET action = 'consumer.deleted' WHERE sequence = %s", [event.sequence])
    assert AuditEvent.objects.get(pk=event.pk).action == "consumer.updated"


def test_raw_delete_is_refused_by_the_database(event):
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("DELETE FROM audit_auditevent WHERE sequence = %s", [event.sequence])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_delete_of_everything_is_refused(event):
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_refused_on_postgresql(event):
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # as in a fresh session: no deferred checks pending
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("TRUNCATE audit_auditevent CASCADE")
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("TRUNCATE audit_chainhead")


def test_orm_paths_are_refused_before_reaching_the_database(event):
    event.action = "consumer.deleted"
    with pytest.raises(AuditTrailIsInsertOnly):
        event.save()
    with pytest.raises(AuditTrailIsInsertOnly):
        event.delete()
    with pytest.raises(AuditTrailIsInsertOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.y")
    with pytest.raises(AuditTrailIsInsertOnly):
        AuditEvent.objects.all().delete()


def test_chain_head_cannot_be_moved_back_or_removed(event):
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("UPDATE audit_chainhead SET sequence = 1, hash = (SELECT hash FROM audit_auditevent WHERE sequence = 1)")
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("DELETE FROM audit_chainhead")
    assert ChainHead.objects.get().sequence == 2


def test_chain_head_cannot_point_at_a_forged_hash(event):
    with pytest.raises(DatabaseError, match="insert-only"):
        raw("UPDATE audit_chainhead SET sequence = 3, hash = %s", ["f" * 64])
