"""Restriction of supply for a debt (ПП РФ № 808, п. 92–93): the warning with the rule's lead
time registered as sent, the restriction act no earlier, the lifting act after payment; no
grounds, a second restriction of the object and an early restriction refused naming the field."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.errors import ApplicationError
from supply.models import SupplyRestriction
from supply.services.restrictions import restriction_impose, restriction_lift, restriction_warn
from tests.settlements.factories import DebtFactory

from .conftest import TODAY, moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def debtor(billed_december):
    """The shop owes December (242 610.00 with VAT) and November: 500 000.00 overdue since 10.01.2026."""
    world = billed_december
    DebtFactory(contract=world.shop_contract, period=date(2025, 12, 1), amount=Decimal("500000.00"),
                due_date=date(2026, 1, 10))
    return world


def warned(world, user, sent_on=TODAY):
    return restriction_warn(contract=world.shop_contract, heated_object=world.shop, sent_on=sent_on,
                            level=SupplyRestriction.Level.PARTIAL, actor=user)


def test_warning_restriction_and_lifting_with_their_documents(debtor, billing_user, time_machine):
    # given the warning sent today: 10 calendar days of the seeded rule
    restriction = warned(debtor, billing_user)
    assert restriction.earliest_on == TODAY + timedelta(days=10) and restriction.overdue_debt == Decimal("500000.00")
    assert restriction.notice.template_code == "common.notice"
    assert restriction.notice.context["deadline"] == "30.01.2026"
    # a restriction before the term is refused on its field
    with pytest.raises(ApplicationError) as refused:
        restriction_impose(restriction=restriction, restricted_at=moment(TODAY, 11), method="задвижка",
                           performer="Орлов А.В.", actor=billing_user)
    assert refused.value.field == "restricted_at"
    # when the term is over: restricted with its act, then lifted after the payment
    time_machine.move_to(moment(date(2026, 2, 5), 12), tick=False)
    restriction = restriction_impose(restriction=restriction, restricted_at=moment(date(2026, 2, 1), 9, 15),
                                     method="прикрыта задвижка в ТК-14", performer="Орлов А.В., мастер", actor=billing_user)
    assert restriction.status == SupplyRestriction.Status.RESTRICTED
    assert restriction.restriction_act.context["restriction"]["time"] == "9\xa0ч 15\xa0мин"
    with pytest.raises(ApplicationError) as refused:
        restriction_lift(restriction=restriction, lifted_at=moment(date(2026, 1, 31), 9), method="открыта",
                         performer="Орлов А.В.", basis="оплата", actor=billing_user)
    assert refused.value.field == "lifted_at"
    restriction = restriction_lift(restriction=restriction, lifted_at=moment(date(2026, 2, 4), 9, 40),
                                   method="задвижка открыта", performer="Орлов А.В., мастер",
                                   basis="платежное поручение № 845 от 03.02.2026", actor=billing_user)
    assert restriction.status == SupplyRestriction.Status.LIFTED
    assert restriction.lifting_act.context["restriction"]["act_number"] == restriction.restriction_act.number
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="supply.restriction").order_by("pk")] == [
        "supply.restriction.warned", "supply.restriction.imposed", "supply.restriction.lifted"]


def test_no_grounds_a_second_restriction_and_a_technician_refused(billed_december, debtor, billing_user, technician):
    restriction_warn_args = {"contract": debtor.house_contract, "heated_object": debtor.house, "sent_on": TODAY,
                             "level": SupplyRestriction.Level.FULL, "actor": billing_user}
    # the house owes nothing overdue: no grounds
    with pytest.raises(ApplicationError) as refused:
        restriction_warn(**restriction_warn_args)
    assert (refused.value.code, refused.value.field) == ("no_grounds", "contract")
    warned(debtor, billing_user)
    with pytest.raises(ApplicationError) as refused:
        warned(debtor, billing_user)
    assert refused.value.field == "heated_object"
    with pytest.raises(ApplicationError) as refused:
        restriction_warn(**{**restriction_warn_args, "actor": technician})
    assert refused.value.code == "permission_denied"
    assert SupplyRestriction.objects.count() == 1


def test_paid_after_the_lead_time_the_restriction_is_refused_and_the_warning_withdrawn(debtor, billing_user,
                                                                                       time_machine):
    """A debt paid after the lead time, before the restriction: no ground on the restriction's
    day (ПП 808 п. 92) — the restriction is refused naming the decision, the warning may be
    withdrawn; while the ground holds, the withdrawal is refused and the warning stands."""
    from settlements.services import allocate_contract
    from supply.services.restrictions import restriction_withdraw
    from tests.settlements.factories import PaymentFactory

    restriction = warned(debtor, billing_user)
    time_machine.move_to(moment(date(2026, 2, 3), 12), tick=False)
    with pytest.raises(ApplicationError) as refused:
        restriction_withdraw(restriction=restriction, withdrawn_on=date(2026, 2, 3), basis="оплата", actor=billing_user)
    assert refused.value.field == "decision" and "сохраняется" in refused.value.message
    PaymentFactory(contract=debtor.shop_contract, amount=Decimal("500000.00"), paid_on=date(2026, 2, 2),
                   doc_date=date(2026, 2, 2))
    allocate_contract(contract_id=debtor.shop_contract.pk)
    with pytest.raises(ApplicationError) as refused:
        restriction_impose(restriction=restriction, restricted_at=moment(date(2026, 2, 3), 9), method="задвижка",
                           performer="Орлов А.В.", actor=billing_user)
    assert refused.value.field == "decision" and "не допускается" in refused.value.message
    restriction.refresh_from_db()
    assert restriction.status == SupplyRestriction.Status.WARNED and restriction.restriction_act is None
    restriction = restriction_withdraw(restriction=restriction, withdrawn_on=date(2026, 2, 3),
                                       basis="долг погашен 02.02.2026", actor=billing_user)
    assert restriction.status == SupplyRestriction.Status.WITHDRAWN and restriction.withdrawn_on == date(2026, 2, 3)
