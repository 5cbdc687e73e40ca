from datetime import date
from decimal import Decimal as D

import pytest

from regulations.contractless import ContractlessRule, contractless_consumption, cut_to_last_years
from regulations.volumes import HeatingPeriod

RULE = ContractlessRule(date(2010, 7, 30), D("1.5"), 3, 15, "190-ФЗ ст. 22 ч. 8–10")


def _example(**kwargs):
    arguments = dict(load_gcal_h=D("0.15"), t_inside=D("20"), t_outside_design=D("-25"),
                     periods=[HeatingPeriod(92, D("-10"))], tariff_per_gcal=D("2500"), vat_percent=D("0"),
                     rule=RULE) | kwargs
    return contractless_consumption(**arguments)


def test_worked_example_without_vat():
    # 190-ФЗ ст. 22: 0.15 × 30/45 × 24 × 92 = 220.800 Гкал; × 2 500 = 552 000.00; × 1.5 = 828 000.00
    result = _example()
    assert result.volume.total_gcal == D("220.800")
    assert result.cost == D("552000.00")
    assert result.surcharge == D("276000.00")
    assert result.total == D("828000.00")
    assert result.payment_days == 15


def test_vat_is_added_on_top_of_the_whole_amount():
    result = _example(vat_percent=D("22"))
    assert result.vat == D("182160.00")
    assert result.total == D("1010160.00")


def test_the_period_is_cut_to_the_last_three_years():
    # given 1 200 days in two periods, oldest first, no end date → 3 × 365 = 1 095 days
    kept, cut = cut_to_last_years([HeatingPeriod(400, D("-5")), HeatingPeriod(800, D("-10"))], max_years=3)
    assert cut == 105
    assert [p.days for p in kept] == [295, 800]


@pytest.mark.parametrize(
    ("period_end", "limit"), [(date(2026, 3, 31), 1096), (date(2019, 12, 31), 1095), (date(2024, 2, 29), 1096)]
)
def test_three_years_by_the_calendar_when_the_end_is_known(period_end, limit):
    kept, cut = cut_to_last_years([HeatingPeriod(2000, D("-5"))], max_years=3, period_end=period_end)
    assert kept[0].days == limit and cut == 2000 - limit


def test_cut_days_are_not_billed():
    result = _example(periods=[HeatingPeriod(1000, D("-10")), HeatingPeriod(200, D("-10"))])
    assert (result.days_claimed, result.days_billed, result.days_cut) == (1200, 1095, 105)
    assert result.volume.total_gcal == D("2628.000")  # 0.1 × 24 × 1095
