"""The metering demo seeds a working picture through the services."""

import time
from collections import Counter

import pytest

from accounts.demo import seed as seed_users
from core.demo import DemoContext
from metering import demo
from metering.models import (
    MeteringUnit,
    Reading,
    ReadingColumn,
    ReadingFlag,
    ReadingImportSource,
    UnitStatus,
    VerificationNotice,
)
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
    # an import source with every field mapped: CSV in windows-1251 with «;», Q in ГДж
    source = ReadingImportSource.objects.get(name="АСКУЭ «Пульсар»")
    assert (source.file_format, source.csv_encoding, source.csv_delimiter, source.unit_key, source.period_format) == (
        "csv", "cp1251", ";", "unit_number", "%m.%Y"
    )
    assert set(source.columns.values_list("field", flat=True)) == set(ReadingColumn.Field.values)
    assert dict(source.columns.exclude(measure="").values_list("field", "measure")) == {"q": "ГДж"}
    assert f"образец его файла за 11.2026 — metering/samples/{demo.SAMPLE_READINGS.name}" in " ".join(ctx.notes)
    assert demo.SAMPLE_READINGS.is_file()


def test_demo_runs_twice_without_duplicates(ctx):
    demo.seed(ctx)
    counts = (MeteringUnit.objects.count(), Reading.objects.count(), VerificationNotice.objects.count(),
              ReadingImportSource.objects.count(), ReadingColumn.objects.count())
    demo.seed(ctx)
    assert (MeteringUnit.objects.count(), Reading.objects.count(), VerificationNotice.objects.count(),
            ReadingImportSource.objects.count(), ReadingColumn.objects.count()) == counts
    assert counts[3:] == (1, 16)
