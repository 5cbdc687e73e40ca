"""The readings reconciliation act: per unit, the registers at the start and end, the
month's sums and the heat accepted for billing; a month whose billing is open is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.roles import TECHNICIAN
from core.errors import ApplicationError
from metering.models import ReadingStatus
from reconciliation.models import ReadingsReconciliation
from reconciliation.readings import unit_rows
from reconciliation.services import readings_act_issue, readings_reconciliation_create
from tests.metering.factories import DeviceFactory, MeteringUnitFactory, ReadingFactory

from .conftest import close

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def metered(db, organization):
    """A unit with readings December 2024 – March 2025; February's is awaiting review."""
    unit = MeteringUnitFactory()
    DeviceFactory(unit=unit, serial_number="123456")
    total = D("1000.000")
    for month, q, status in ((date(2024, 12, 1), "40.000", ReadingStatus.ACCEPTED),
                             (date(2025, 1, 1), "50.000", ReadingStatus.ACCEPTED),
                             (date(2025, 2, 1), "45.500", ReadingStatus.FLAGGED),
                             (date(2025, 3, 1), "30.250", ReadingStatus.ACCEPTED)):
        total += D(q)
        ReadingFactory(unit=unit, period=month, q=D(q), status=status, q_total=total, m1_total=D("0"),
                       m2_total=D("0"), v1_total=D("0"), v2_total=D("0"), v1=D("20"), v2=D("15"),
                       error_hours=D("2"))
        close(month)
    return unit


def test_the_rows_are_the_readings_of_the_range(metered):
    [row] = unit_rows(consumer=metered.heated_object.consumer, date_from=date(2025, 1, 1), date_to=date(2025, 3, 1))
    assert (row.start, row.end, row.difference) == (D("1040.000"), D("1165.750"), D("125.750"))
    assert row.q == D("125.750")
    assert row.accepted == D("80.250")  # February awaits review: not accepted for billing
    assert (row.hot_water, row.fault_hours, row.months) == (D("15.000"), D("6"), 3)
    assert "123456" in row.devices


def test_the_act_is_issued_with_a_row_per_unit(metered, make_user):
    user = make_user(TECHNICIAN)
    act = readings_reconciliation_create(consumer=metered.heated_object.consumer, date_from=date(2025, 1, 1),
                                         date_to=date(2025, 3, 1), actor=user)
    document = readings_act_issue(act=act, actor=user)
    context = document.context
    assert context["period"] == "январь 2025\xa0г. — март 2025\xa0г."
    assert context["rows"][0]["accepted"] == "80,250"
    assert context["total"]["q"] == "125,750"


def test_a_month_whose_billing_is_open_is_refused(metered, make_user):
    with pytest.raises(ApplicationError) as refused:
        readings_reconciliation_create(consumer=metered.heated_object.consumer, date_from=date(2025, 1, 1),
                                       date_to=date(2025, 4, 1), actor=make_user(TECHNICIAN))
    assert refused.value.code == "billing_open"
    assert not ReadingsReconciliation.objects.exists()
