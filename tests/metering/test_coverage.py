from datetime import date
from decimal import Decimal

import pytest

from metering.coverage import coverage_report, share
from metering.models import UnitPurpose, UnitStatus

from .factories import (
    ConsumerFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    MeteringUnitFactory,
    NetworkSectionFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 1)


@pytest.fixture
def city():
    """Four objects on two sections, loads 0.2 heating + 0.05 hot water each:
    - A: one commercial unit for heating and hot water → fully metered;
    - B: commercial heating unit only → 0.2 of 0.25 covered;
    - C: unit faulty since 01.02 (expired verification) → not metered;
    - D: no unit (a managing organisation) → not metered."""
    north = NetworkSectionFactory(code="N", name="Северный")
    south = NetworkSectionFactory(code="S", name="Южный")
    objects = {}
    for name, section, category in (
        ("A", north, "other"), ("B", north, "other"), ("C", south, "other"), ("D", south, "managing_org")
    ):
        heated = HeatedObjectFactory(code=name, network_section=section, consumer=ConsumerFactory(penalty_category=category))
        HeatLoadFactory(
            heated_object=heated, heating=Decimal("0.2"), ventilation=Decimal("0"), hot_water_avg=Decimal("0.05")
        )
        objects[name] = heated
    a = MeteringUnitFactory(heated_object=objects["A"], purpose=UnitPurpose.BOTH)
    b = MeteringUnitFactory(heated_object=objects["B"], purpose=UnitPurpose.HEATING)
    c = MeteringUnitFactory(heated_object=objects["C"], purpose=UnitPurpose.BOTH)
    for unit in (a, b, c):
        StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
    StatusChangeFactory(unit=c, status=UnitStatus.FAULTY, effective_from=date(2026, 2, 1), reason="истек срок поверки")
    return objects


def test_shares_of_objects_and_load_overall_and_by_section(city):
    report = coverage_report(DAY)
    # 2 of 4 objects metered; 0.25 + 0.2 of 1.0 Гкал/ч covered
    assert (report.total.objects, report.total.metered_objects) == (4, 2)
    assert report.total.objects_share == Decimal("50.0")
    assert report.total.load_share == Decimal("45.0")
    by_section = {g.name.split(" ")[0]: (g.objects_share, g.load_share) for g in report.by_section}
    assert by_section == {"Северный": (Decimal("100.0"), Decimal("90.0")), "Южный": (Decimal("0.0"), Decimal("0.0"))}


def test_unmetered_points_list_why(city):
    report = coverage_report(DAY)
    problems = {p.heated_object.code: p.problem for p in report.unmetered}
    assert problems["B"] == "учтена не вся нагрузка"
    assert problems["C"].endswith("истек срок поверки")
    assert problems["D"] == "нет узла учета"
    assert "A" not in problems


def test_a_day_before_the_fault_counts_the_unit_as_commercial(city):
    assert coverage_report(date(2026, 1, 31)).total.metered_objects == 3


def test_by_category_uses_the_consumer_category(city):
    names = {g.name: g.objects for g in coverage_report(DAY).by_category}
    assert names == {"Прочие юрлица и ИП (190-ФЗ ст. 15 ч. 9.1)": 3, "Управляющие организации (190-ФЗ ст. 15 ч. 9.3)": 1}


def test_share_of_nothing_is_zero():
    assert share(0, 0) == Decimal("0.0")
