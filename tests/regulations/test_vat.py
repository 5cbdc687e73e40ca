from datetime import date
from decimal import Decimal as D

import pytest

from regulations.errors import RuleError
from regulations.vat import VatRate, vat_inside, vat_on_top, vat_rate_on

RATES = (VatRate(date(2019, 1, 1), D("20")), VatRate(date(2026, 1, 1), D("22"), "425-ФЗ"))


@pytest.mark.parametrize(("day", "rate"), [(date(2025, 12, 31), "20"), (date(2026, 1, 1), "22")])
def test_the_rate_switches_on_01_01_2026(day, rate):
    assert vat_rate_on(day, RATES).rate_percent == D(rate)


def test_no_rate_before_the_first():
    with pytest.raises(RuleError):
        vat_rate_on(date(2018, 12, 31), RATES)


def test_vat_on_top():
    amounts = vat_on_top(D("1000.00"), D("22"))
    assert (amounts.vat, amounts.gross) == (D("220.00"), D("1220.00"))


@pytest.mark.parametrize(
    ("gross", "rate", "vat", "net"),
    [("1220.00", "22", "220.00", "1000.00"), ("100.00", "20", "16.67", "83.33")],
)
def test_vat_inside_a_gross_amount(gross, rate, vat, net):
    amounts = vat_inside(D(gross), D(rate))
    assert (amounts.vat, amounts.net) == (D(vat), D(net))
    assert amounts.norm == "НК РФ ст. 164 п. 4"
