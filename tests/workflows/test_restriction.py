"""The restriction flow over HTTP as the real roles (ПП РФ № 808, п. 92–93; docs/supply.md):
a billing specialist warns the debtor (no grounds refused naming the contract) → the timer waits
out the rule's 10 days → the restriction (an early time refused naming its field) → the lifting
after the payment (a time before the restriction refused) → end; a technician may not warn."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from settlements.services import allocate_contract
from supply.models import SupplyRestriction
from tests.settlements.factories import DebtFactory, PaymentFactory
from tests.supply import conftest as supply
from tests.supply.conftest import TODAY
from workflows.models import RestrictionProcess
from workflows.restriction import LIFTED, WITHDRAWN
from workflows.restriction import RestrictionFlow as Flow
from workflows.tasks import fire_due_timers

from .conftest import open_task
from .test_interruption import russian, step

pytestmark = pytest.mark.django_db

# the supply world: December 2025 billed and closed, the clock on 20.01.2026 (tests/supply/conftest.py)
archive_dir, billed_december, billing_user, group, make_contract, now = (
    supply.archive_dir, supply.billed_december, supply.billing_user, supply.group, supply.make_contract, supply.now)
organization, period_dec, run_period, town, vat_rates = (
    supply.organization, supply.period_dec, supply.run_period, supply.town, supply.vat_rates)


def moment(day: date, hour: int, minute: int = 0) -> str:
    return f"{day:%d.%m.%Y} {hour:02d}:{minute:02d}"


@pytest.fixture
def debtor(billed_december):
    """The shop owes 500 000.00 for December, overdue since 10.01.2026; the house owes nothing overdue."""
    DebtFactory(contract=billed_december.shop_contract, period=date(2025, 12, 1), amount=Decimal("500000.00"),
                due_date=date(2026, 1, 10))
    return billed_december


def warn(client, user, contract, heated_object, status=302):
    client.force_login(user)
    start = Flow.start.reverse("execute")
    if status == 403:
        assert client.get(start).status_code == 403
        return None
    russian(client.get(start))
    response = client.post(start, {"contract": contract.pk, "heated_object": heated_object.pk, "level": "partial",
                                   "sent_on": f"{TODAY:%d.%m.%Y}"})
    assert response.status_code == status, response.context["form"].errors if status == 302 else status
    return response


def test_warning_lead_time_restriction_and_lifting(client, debtor, billing_user, technician, time_machine):
    # a technician may not warn; the house's debt is below the ground: refused naming the contract, nothing written
    warn(client, technician, debtor.shop_contract, debtor.shop, status=403)
    response = warn(client, billing_user, debtor.house_contract, debtor.house, status=200)
    assert "не превышает" in str(response.context["form"].errors["contract"])
    assert not SupplyRestriction.objects.exists() and not RestrictionProcess.objects.exists()
    # the shop: the warning issued and registered as sent today, the timer waits 10 days
    warn(client, billing_user, debtor.shop_contract, debtor.shop)
    process = RestrictionProcess.objects.get()
    restriction = process.restriction
    assert restriction.status == SupplyRestriction.Status.WARNED and restriction.notice.template_code == "common.notice"
    assert restriction.earliest_on == TODAY + timedelta(days=10)
    timer = open_task(process, Flow.lead_time)
    assert timer.status == STATUS.SCHEDULED and timezone.localdate(timer.scheduled) == restriction.earliest_on
    # before the lead time is over there is nothing to impose
    fire_due_timers()
    assert not process.task_set.filter(flow_task=Flow.impose).exists()
    # past the term: the restriction is open; a time before the term is refused on its field
    time_machine.move_to(supply.moment(date(2026, 2, 5), 12), tick=False)
    fire_due_timers()
    data = {"decision": "impose", "method": "прикрыта задвижка в ТК-14", "performer": "Орлов А.В., мастер"}
    response = step(client, billing_user, Flow.impose, process, {**data, "restricted_at": moment(date(2026, 1, 29), 9)},
                    status=200)
    assert "не ранее 30.01.2026" in str(response.context["form"].errors["restricted_at"])
    assert not process.task_set.filter(flow_task=Flow.lift).exists()  # no lifting before the restriction
    step(client, billing_user, Flow.impose, process, {**data, "restricted_at": moment(date(2026, 2, 1), 9, 15)})
    restriction.refresh_from_db()
    assert restriction.status == SupplyRestriction.Status.RESTRICTED
    assert restriction.restriction_act.template_code == "supply.restriction_act"
    # the lifting: a time before the restriction refused, then lifted after the payment
    data = {"method": "задвижка открыта", "performer": "Орлов А.В., мастер",
            "basis": "платежное поручение № 845 от 03.02.2026"}
    response = step(client, billing_user, Flow.lift, process, {**data, "lifted_at": moment(date(2026, 1, 31), 9)},
                    status=200)
    assert "lifted_at" in response.context["form"].errors
    step(client, billing_user, Flow.lift, process, {**data, "lifted_at": moment(date(2026, 2, 4), 9, 40)})
    restriction.refresh_from_db()
    process.refresh_from_db()
    assert restriction.status == SupplyRestriction.Status.LIFTED and restriction.lifting_basis.startswith("платежное")
    assert restriction.lifting_act.context["restriction"]["act_number"] == restriction.restriction_act.number
    assert process.status == PROCESS.DONE and Flow.lifted.task_title == LIFTED
    assert [t.flow_task.name for t in process.task_set.order_by("pk")] == ["start", "lead_time", "still_owed", "impose",
                                                                           "restricted", "lift", "lifted"]


def test_a_debt_paid_during_the_lead_time_withdraws_the_warning(client, debtor, billing_user, time_machine):
    # given a warning, and the debt paid in full three days later
    warn(client, billing_user, debtor.shop_contract, debtor.shop)
    process = RestrictionProcess.objects.get()
    PaymentFactory(contract=debtor.shop_contract, amount=Decimal("500000.00"), paid_on=TODAY + timedelta(days=3),
                   doc_date=TODAY + timedelta(days=3))
    allocate_contract(contract_id=debtor.shop_contract.pk)
    # when the lead time is over
    time_machine.move_to(supply.moment(date(2026, 2, 5), 12), tick=False)
    fire_due_timers()
    # then no restriction is to be imposed: the warning is withdrawn and the process ends
    process.refresh_from_db()
    restriction = process.restriction
    assert process.status == PROCESS.DONE and Flow.withdrawn.task_title == WITHDRAWN
    assert [t.flow_task.name for t in process.task_set.order_by("pk")] == ["start", "lead_time", "still_owed",
                                                                           "withdraw", "withdrawn"]
    assert restriction.status == SupplyRestriction.Status.WITHDRAWN
    assert restriction.withdrawn_on == date(2026, 2, 5) and "погашена" in restriction.withdrawal_basis
    assert restriction.restriction_act is None
    # and when the shop owes again, the same object may be warned again
    DebtFactory(contract=debtor.shop_contract, period=date(2026, 1, 1), amount=Decimal("600000.00"),
                due_date=date(2026, 2, 2), kind="final")
    client.force_login(billing_user)
    response = client.post(Flow.start.reverse("execute"), {
        "contract": debtor.shop_contract.pk, "heated_object": debtor.shop.pk, "level": "partial",
        "sent_on": "05.02.2026"})
    assert response.status_code == 302, response.context["form"].errors
    assert SupplyRestriction.objects.filter(heated_object=debtor.shop, status=SupplyRestriction.Status.WARNED).exists()


def test_a_debt_paid_after_the_lead_time_the_specialist_withdraws_the_warning(client, debtor, billing_user,
                                                                              time_machine):
    # given the lead time over with the debt unpaid: the restriction is open
    warn(client, billing_user, debtor.shop_contract, debtor.shop)
    process = RestrictionProcess.objects.get()
    time_machine.move_to(supply.moment(date(2026, 2, 3), 12), tick=False)
    fire_due_timers()
    withdraw = {"decision": "withdraw"}
    # while the debt is owed the warning is not withdrawn (the form says why)
    response = step(client, billing_user, Flow.impose, process, withdraw, status=200)
    assert "сохраняется" in str(response.context["form"].errors)
    # the debt paid on 02.02: imposing is refused, withdrawing ends the process «Предупреждение отозвано»
    PaymentFactory(contract=debtor.shop_contract, amount=Decimal("500000.00"), paid_on=date(2026, 2, 2),
                   doc_date=date(2026, 2, 2))
    allocate_contract(contract_id=debtor.shop_contract.pk)
    response = step(client, billing_user, Flow.impose, process, {
        "decision": "impose", "restricted_at": moment(date(2026, 2, 3), 9), "method": "задвижка",
        "performer": "Орлов А.В."}, status=200)
    assert "не допускается" in str(response.context["form"].errors)
    step(client, billing_user, Flow.impose, process, withdraw)
    process.refresh_from_db()
    restriction = process.restriction
    assert process.status == PROCESS.DONE and restriction.status == SupplyRestriction.Status.WITHDRAWN
    assert restriction.withdrawn_on == date(2026, 2, 3) and "после срока" in restriction.withdrawal_basis
    assert restriction.restriction_act is None
    assert [t.flow_task.name for t in process.task_set.order_by("pk")] == ["start", "lead_time", "still_owed", "impose",
                                                                           "restricted", "withdrawn"]
