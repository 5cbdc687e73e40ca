"""The monthly accrual as Celery runs it: the beat job picks the month by the clock and is
idempotent; chunks run on real workers on the PostgreSQL + Redis pass (eagerly on SQLite)."""

import time
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reference.selectors import penalty_rules
from regulations.penalties import Debt as LawDebt
from regulations.penalties import Payment as LawPayment
from regulations.penalties import calculate_penalty
from settlements.models import PenaltyAccrual, PenaltyLine
from settlements.services.allocation import allocate_contract
from settlements.tasks import accrue_monthly_penalties

from .factories import ConsumerFactory, ContractFactory, DebtFactory, PaymentFactory

MOSCOW = ZoneInfo("Europe/Moscow")


def _wait_done(as_of: date) -> PenaltyAccrual:
    for _ in range(600):
        accrual = PenaltyAccrual.objects.filter(as_of=as_of).first()
        if accrual and accrual.status == PenaltyAccrual.Status.DONE:
            return accrual
        time.sleep(0.1)
    raise AssertionError(f"the accrual as of {as_of} did not finish")


@pytest.mark.worker
def test_the_beat_job_accrues_the_previous_month_once(celery_workers, reference_data):
    # given debts of two consumers, one paid in part, one not at all
    celery_workers.start(2)
    partly = ContractFactory(consumer=ConsumerFactory(penalty_category="managing_org"))
    debt = DebtFactory(contract=partly, amount=Decimal("100000.00"), due_date=date(2026, 2, 10))
    PaymentFactory(contract=partly, amount=Decimal("40000.00"), paid_on=date(2026, 4, 1))
    allocate_contract(contract_id=partly.pk)
    unpaid = DebtFactory(amount=Decimal("5000.00"), due_date=date(2026, 4, 15),
                         contract=ContractFactory(consumer=ConsumerFactory(penalty_category="other")))
    # when beat fires on 05.06.2026 at 02:30 Moscow time — twice
    with time_machine.travel(datetime(2026, 6, 5, 2, 30, tzinfo=MOSCOW), tick=False):
        first = accrue_monthly_penalties.apply().get()
        accrual = _wait_done(date(2026, 5, 31))
        lines = PenaltyLine.objects.count()
        second = accrue_monthly_penalties.apply().get()
    # then the month accrued is May, and the second run added nothing
    assert first["as_of"] == "2026-05-31" and second["chunks_dispatched"] == 0
    assert PenaltyAccrual.objects.count() == 1 and accrual.chunks_done == accrual.chunks_total
    assert PenaltyLine.objects.count() == lines > 0
    # and what is stored equals the law's calculation as of 31.05.2026 with the seeded rates
    rules = penalty_rules()
    expected = calculate_penalty(
        category="managing_org", as_of=date(2026, 5, 31), rules=rules,
        debts=[LawDebt(str(debt.pk), debt.amount, debt.due_date)],
        payments=[LawPayment(date(2026, 4, 1), Decimal("40000.00"), str(debt.pk))],
    ).total + calculate_penalty(
        category="other", as_of=date(2026, 5, 31), rules=rules,
        debts=[LawDebt(str(unpaid.pk), unpaid.amount, unpaid.due_date)],
    ).total
    assert sum(PenaltyLine.objects.values_list("amount", flat=True)) == expected
