"""``make seed`` over a seeded database: refused with a clear message, nothing written
(the demo's documents would clash with the ones already issued)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_seeding_a_seeded_database_is_refused_saying_how_to_start_again(capsys):
    get_user_model().objects.create_user(username="tech", password="x")
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="База уже заполнена.*make seed"):
        call_command("seed_demo", "--no-pdf-pool")
    assert AuditEvent.objects.count() == events
    # while --if-empty (make run) passes by quietly
    call_command("seed_demo", "--if-empty", "--no-pdf-pool")
    assert "База уже заполнена" in capsys.readouterr().out


def test_a_malformed_today_is_refused_by_the_argument_parser():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--today", "26.11.2026")
