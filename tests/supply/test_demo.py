"""The supply demo: a planned and two emergency interruptions written through the dispatch log;
a quality act and a restriction of supply with its lifting."""

from datetime import date

import pytest

from accounts.demo import seed as seed_users
from accounts.roles import BILLING, MANAGER, TECHNICIAN
from billing.models import BillingPeriod, Invoice
from core.demo import DemoContext
from settlements.models import Debt
from supply import demo_interruptions as demo
from supply import demo_quality
from supply.models import Interruption, QualityCase, SupplyRestriction
from tests.billing.factories import BillingPeriodFactory, HeatedObjectFactory, NetworkSectionFactory
from tests.settlements.factories import DebtFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_a_planned_and_two_emergency_interruptions(time_machine):
    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    seed_users(ctx)
    for code in ("ЭН-01", "ЭН-02", "ЭН-03"):
        HeatedObjectFactory(network_section=NetworkSectionFactory(code=code))
    demo.seed(ctx)
    kinds = sorted(Interruption.objects.values_list("kind", "status"))
    assert kinds == [("emergency", "localised"), ("emergency", "restored"), ("planned", "registered")]
    restored = Interruption.objects.get(status="restored")
    assert list(restored.log.values_list("kind", flat=True)) == ["call", "stop", "localisation", "restoration"]


def test_a_quality_act_and_a_restriction_with_its_lifting(billed_december, technician, manager, billing_user):
    """demo_quality: the closed December's residential house gets its quality act; the shop owes
    November, no more than one period's charge, so it carries October from earlier accounts and
    is warned, restricted and restored with both acts (ПП 808 п. 92–93)."""
    world = billed_december
    november = BillingPeriodFactory(month=date(2025, 11, 1))  # November charged as December, then closed
    invoice = Invoice.objects.get(period=world.december, contract=world.shop_contract)
    invoice.pk, invoice.period = None, november
    invoice.save()
    BillingPeriod.objects.filter(pk=november.pk).update(status=BillingPeriod.Status.CLOSED)
    DebtFactory(contract=world.shop_contract, period=november.month, amount=invoice.amount_with_vat,
                due_date=date(2025, 12, 10))
    ctx = DemoContext(today=TODAY)
    ctx.data["users"] = {TECHNICIAN: technician, MANAGER: manager, BILLING: billing_user}
    demo_quality.seed(ctx)
    assert QualityCase.objects.get().heated_object == world.house
    restriction = SupplyRestriction.objects.get()
    assert (restriction.heated_object, restriction.status) == (world.shop, SupplyRestriction.Status.LIFTED)
    assert restriction.restriction_act and restriction.lifting_act
    assert restriction.overdue_debt == 2 * invoice.amount_with_vat  # October carried and November
    carried = Debt.objects.filter(contract=world.shop_contract, period=date(2025, 10, 1))
    assert sum(debt.amount for debt in carried) == invoice.amount_with_vat
    assert any("Ограничение: договор" in note for note in ctx.notes), ctx.notes
