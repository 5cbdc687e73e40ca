"""The supply demo: a planned and two emergency interruptions written through the dispatch log."""

import pytest

from accounts.demo import seed as seed_users
from core.demo import DemoContext
from supply import demo_interruptions as demo
from supply.models import Interruption
from tests.billing.factories import HeatedObjectFactory, NetworkSectionFactory

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
