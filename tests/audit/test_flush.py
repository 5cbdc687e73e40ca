"""Transactional tests empty the database with our flush, which must get past the triggers
and leave them in place."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent, ChainHead
from audit.services import record_event


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_restores_genesis_and_triggers():
    # given
    record_event(action="consumer.created")
    # when
    call_command("flush", interactive=False, verbosity=0)
    # then
    assert AuditEvent.objects.count() == 0
    assert ChainHead.objects.get().sequence == 0
    event = record_event(action="consumer.created")
    assert event.sequence == 1
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
