"""The metering demo seeds a working picture through the services."""

import time
from collections import Counter

import pytest

from accounts.demo import seed as seed_users
from core.demo import DemoContext
from metering import demo
from metering.models import MeteringUnit, Reading, ReadingFlag, UnitStatus, VerificationNotice
from tests.subscribers.factories import HeatLoadFactory

from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(time_machine):
    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    seed_users(ctx)
    OrganizationFactory()
    for _ in range(20):
        HeatLoadFactory()
    return ctx


def test_demo_units_readings_flags_and_notices(ctx):
    started = time.monotonic()
    demo.seed(ctx)
    print(f"metering demo seed: {time.monotonic() - started:.1f} s")  # noqa: T201 — a figure for the report
    units = MeteringUnit.objects.all()
    assert units.count() == 12
    assert units.filter(status=UnitStatus.NOT_COMMISSIONED).count() == 2
    assert len(ctx.data["metering"]["to_commission"]) == 2
    # a year of monthly readings of every commercial unit
    assert Reading.objects.values("period").distinct().count() == 12
    # some tripping each rule
    tripped = Counter(ReadingFlag.objects.values_list("rule", flat=True))
    assert set(tripped) >= {
        "decreasing_totals", "above_contractual_load", "zero_in_heating_season", "mass_imbalance",
        "short_operating_time", "expired_verification", "far_from_forecast",
    }, tripped
    # devices due: notices; devices expired: faulty units
    assert VerificationNotice.objects.count() >= 2
    assert units.filter(status=UnitStatus.FAULTY).count() == 2


def test_demo_runs_twice_without_duplicates(ctx):
    demo.seed(ctx)
    counts = (MeteringUnit.objects.count(), Reading.objects.count(), VerificationNotice.objects.count())
    demo.seed(ctx)
    assert (MeteringUnit.objects.count(), Reading.objects.count(), VerificationNotice.objects.count()) == counts
