"""«Проверить цепочку» on the audit page: a background check whose result names the head and
the first broken link."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.roles import MANAGER, TECHNICIAN
from audit.models import AuditCheck, AuditEvent
from audit.services import audit_check_start, record_event
from core.errors import ApplicationError

# what the check finds, run in-process also on the broker pass (tests/conftest.py, eager_celery)
pytestmark = pytest.mark.usefixtures("eager_celery")


@pytest.fixture
def manager(make_user):
    user = make_user(MANAGER)
    for n in range(4):
        record_event(action="test.step", actor=user, data={"n": n})
    return user


def test_the_check_runs_in_the_background_and_stores_the_head(manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        check = audit_check_start(actor=manager)
    check.refresh_from_db()
    assert check.status == AuditCheck.Status.DONE and check.ok is True
    started = AuditEvent.objects.get(action="audit.chain_check_started")
    assert check.head_sequence == started.sequence and check.head_hash == started.hash
    assert check.broken_sequence is None
    assert AuditEvent.objects.filter(action="audit.chain_checked", target_id=str(check.pk)).exists()


def test_the_first_broken_link_is_reported(manager, attacker, django_capture_on_commit_callbacks):
    attacker.rewrite_event_data(2, json.dumps({"n": 200}))
    with django_capture_on_commit_callbacks(execute=True):
        check = audit_check_start(actor=manager)
    check.refresh_from_db()
    assert check.ok is False and check.broken_sequence == 2 and check.problem


def test_only_audit_readers_may_check(make_user):
    with pytest.raises(ApplicationError) as exc:
        audit_check_start(actor=make_user(TECHNICIAN))
    assert exc.value.code == "permission_denied"


def test_the_page_shows_the_result(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    url = reverse("documents:audit:check")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    check = AuditCheck.objects.get()
    assert "цепочка цела" in page and check.head_hash in page and f"№{check.head_sequence}" in page
    assert "Проверить цепочку" in client.get(reverse("documents:audit:list")).content.decode()
