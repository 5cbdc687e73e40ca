"""Resuming and cancelling a stalled run from its page: billing specialists, audited."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import LEGAL
from audit.models import AuditEvent
from billing.models import BillingRun
from billing.services.periods import RUN_REQUIRED, period_close
from billing.services.run_recovery import NOT_ACTIVE
from billing.services.runs import billing_chunk_process, billing_run_start
from core.errors import ApplicationError

from .conftest import january_2026

pytestmark = pytest.mark.django_db


@pytest.fixture
def stalled_run(town, make_contract, period_jan, billing_user):
    """A run of two chunks whose worker died before billing any (its messages are lost)."""
    town.temperatures(january_2026())
    for heating in ("0.2", "0.3"):
        make_contract(heating=heating)
    run = billing_run_start(period=period_jan, actor=billing_user, objects_per_chunk=1, enqueue=False)
    silent = timezone.now() - timedelta(minutes=settings.WATCHDOG_STALL_MINUTES["billing_run"] + 1)
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.RUNNING, heartbeat_at=silent)
    return run


def test_the_page_of_a_stalled_run_offers_resume_and_cancel_to_a_billing_specialist(
    client, stalled_run, billing_user, make_user
):
    # when a billing specialist opens the page of the stalled run
    client.force_login(billing_user)
    page = client.get(reverse("billing:run", args=[stalled_run.pk])).content.decode()
    # then it says the run does not move and offers both actions
    assert "Расчет не движется с" in page
    assert reverse("billing:run_resume", args=[stalled_run.pk]) in page
    assert reverse("billing:run_cancel", args=[stalled_run.pk]) in page
    # and a lawyer sees the state, not the actions, and is refused them on the server
    client.force_login(make_user(LEGAL))
    page = client.get(reverse("billing:run", args=[stalled_run.pk])).content.decode()
    assert "Расчет не движется с" in page and reverse("billing:run_resume", args=[stalled_run.pk]) not in page
    for name in ("billing:run_resume", "billing:run_cancel"):
        assert client.post(reverse(name, args=[stalled_run.pk]), {"confirm": "on"}).status_code == 403
    stalled_run.refresh_from_db()
    assert stalled_run.status == BillingRun.Status.RUNNING


def test_a_moving_run_shows_no_recovery(client, stalled_run, billing_user):
    BillingRun.objects.filter(pk=stalled_run.pk).update(heartbeat_at=timezone.now())
    client.force_login(billing_user)
    page = client.get(reverse("billing:run", args=[stalled_run.pk])).content.decode()
    assert "Расчет не движется" not in page and reverse("billing:run_resume", args=[stalled_run.pk]) not in page


def test_resuming_a_stalled_run_completes_it(
    client, stalled_run, billing_user, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(billing_user)
    url = reverse("billing:run_resume", args=[stalled_run.pk])
    # given an empty POST: no confirmation, nothing queued
    assert client.post(url).status_code == 200
    assert not AuditEvent.objects.filter(action="billing.run.resumed").exists()
    # when the specialist confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    # then the run's chunks are billed and the resume is audited with who did it
    assert response.status_code == 302 and response.url == reverse("billing:run", args=[stalled_run.pk])
    stalled_run.refresh_from_db()
    assert (stalled_run.status, stalled_run.chunks_done, stalled_run.contracts_billed) == (BillingRun.Status.DONE, 2, 2)
    event = AuditEvent.objects.get(action="billing.run.resumed", target_id=str(stalled_run.pk))
    assert event.actor == billing_user and event.data["chunks"] == [1, 2]
    # and a finished run is not resumed again: the reason is shown, nothing audited
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert NOT_ACTIVE.format(run=stalled_run.pk, status="выполнен (предварительный)") in response.content.decode()
    assert AuditEvent.objects.filter(action="billing.run.resumed").count() == 1


def test_cancelling_a_stalled_run_frees_the_period_for_a_new_run(
    client, stalled_run, billing_user, period_jan, run_period
):
    client.force_login(billing_user)
    # when the specialist cancels the stalled run
    response = client.post(reverse("billing:run_cancel", args=[stalled_run.pk]), {"confirm": "on"})
    # then it is cancelled and audited; a late delivery of its chunk bills nothing
    assert response.status_code == 302
    stalled_run.refresh_from_db()
    assert stalled_run.status == BillingRun.Status.CANCELLED and stalled_run.finished_at is not None
    assert AuditEvent.objects.get(action="billing.run.cancelled", target_id=str(stalled_run.pk)).actor == billing_user
    assert billing_chunk_process(run_id=stalled_run.pk, number=1) is False
    stalled_run.refresh_from_db()
    assert stalled_run.chunks_done == 0
    # and the period cannot be closed on it, but can be billed again and then closed
    with pytest.raises(ApplicationError, match=RUN_REQUIRED):
        period_close(period=period_jan, actor=billing_user)
    run = run_period(period_jan)
    assert run.contracts_billed == 2
    assert period_close(period=period_jan, actor=billing_user).is_closed
