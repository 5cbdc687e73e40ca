"""A penalty accrual whose worker died is finished by the watchdog (eager Celery)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from audit.models import AuditEvent
from settlements.models import Debt, PenaltyAccrual, PenaltyLine
from settlements.services.accrual import accrual_start, accrue_chunk, accrue_penalties
from settlements.tasks import requeue_stalled_accruals

from ..factories import ConsumerFactory, ContractFactory, DebtFactory

pytestmark = pytest.mark.django_db

STALL = settings.WATCHDOG_STALL_MINUTES["penalty_accrual"]
AS_OF = date(2026, 5, 31)


@pytest.fixture
def three_debtors(db):
    for n in range(3):
        contract = ContractFactory(consumer=ConsumerFactory(penalty_category="other"))
        DebtFactory(contract=contract, amount=Decimal(f"{n + 1}000.00"), due_date=date(2026, 3, 10))


def silent_since(accrual: PenaltyAccrual, minutes: int) -> None:
    PenaltyAccrual.objects.filter(pk=accrual.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=minutes))


def test_the_watchdog_finishes_a_stalled_accrual_each_debt_once(
    three_debtors, penalty_rules, eager_celery, django_capture_on_commit_callbacks
):
    # given an accrual of three consumers whose worker died after the first chunk
    accrual = accrual_start(as_of=AS_OF, chunk_size=1)
    accrue_chunk(chunk_id=accrual.chunks.order_by("consumer_from").first().pk, rules=penalty_rules)
    silent_since(accrual, STALL + 1)
    # when the watchdog runs
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_accruals() == 1
    # then the accrual is done and every debt has its lines, none twice
    accrual.refresh_from_db()
    assert (accrual.status, accrual.chunks_done) == (PenaltyAccrual.Status.DONE, accrual.chunks_total)
    keys = list(PenaltyLine.objects.filter(accrual=accrual).values_list("debt_id", "date_from", "date_to"))
    assert len(keys) == len(set(keys)) and {debt for debt, *_ in keys} == set(Debt.objects.values_list("pk", flat=True))
    assert sum(PenaltyLine.objects.filter(accrual=accrual).values_list("amount", flat=True)) == sum(
        accrual.chunks.values_list("amount", flat=True)
    )
    event = AuditEvent.objects.get(action="settlements.penalty_accrual_requeued", target_id=str(accrual.pk))
    assert event.data["chunks"] == accrual.chunks_total - 1
    # and the watchdog again finds nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_accruals() == 0


def test_an_accrual_that_moves_is_left_alone(three_debtors, eager_celery, django_capture_on_commit_callbacks):
    accrual = accrual_start(as_of=AS_OF, chunk_size=1)
    silent_since(accrual, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_accruals() == 0
    accrual.refresh_from_db()
    assert accrual.status == PenaltyAccrual.Status.RUNNING and accrual.chunks_done == 0


def test_an_accrual_that_never_moves_fails_after_the_allowed_requeues(
    three_debtors, penalty_rules, settings, django_capture_on_commit_callbacks
):
    # given an accrual whose queued chunks die with their worker every time, and two re-queues allowed
    settings.WATCHDOG_MAX_REQUEUES = 2
    accrual = accrual_start(as_of=AS_OF, chunk_size=1)
    # when the watchdog finds it stalled three times
    for _ in range(3):
        silent_since(accrual, STALL + 1)
        with django_capture_on_commit_callbacks(execute=False):
            assert requeue_stalled_accruals() == 1
    # then it was queued again twice, then failed with its audit event
    accrual.refresh_from_db()
    assert (accrual.status, accrual.requeues) == (PenaltyAccrual.Status.FAILED, 2) and accrual.finished_at
    events = AuditEvent.objects.filter(target_id=str(accrual.pk))
    assert events.filter(action="settlements.penalty_accrual_requeued").count() == 2
    assert events.get(action="settlements.penalty_accrual_failed").data["requeues"] == 2
    # and the watchdog leaves it alone from then on
    silent_since(accrual, STALL + 1)
    assert requeue_stalled_accruals() == 0
    # and accruing the date again resumes it to the end, with its re-queues counted anew
    accrual = accrue_penalties(as_of=AS_OF, rules=penalty_rules)
    assert (accrual.status, accrual.chunks_done, accrual.requeues) == (PenaltyAccrual.Status.DONE, 3, 0)
    assert events.filter(action="settlements.penalty_accrual_resumed").count() == 1


def test_a_failed_accrual_whose_chunks_were_finished_late_is_done_when_started_again(
    three_debtors, penalty_rules, settings, django_capture_on_commit_callbacks
):
    # given an accrual failed by the watchdog, whose chunks late deliveries then finished
    settings.WATCHDOG_MAX_REQUEUES = 0
    accrual = accrual_start(as_of=AS_OF, chunk_size=1)
    silent_since(accrual, STALL + 1)
    assert requeue_stalled_accruals() == 1
    for chunk_id in accrual.chunks.values_list("pk", flat=True):
        accrue_chunk(chunk_id=chunk_id, rules=penalty_rules)
    accrual.refresh_from_db()
    assert (accrual.status, accrual.chunks_done) == (PenaltyAccrual.Status.FAILED, 3)
    # when its date is accrued again
    accrual = accrual_start(as_of=AS_OF)
    # then it is done, with its totals' event
    assert accrual.status == PenaltyAccrual.Status.DONE and accrual.finished_at
    assert AuditEvent.objects.filter(action="settlements.penalty_accrued", target_id=str(accrual.pk)).count() == 1
