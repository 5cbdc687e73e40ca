"""The rounding points refuse a value beyond the decimal context with the rules' own error."""

from decimal import Decimal

import pytest

from regulations.errors import RuleError
from regulations.rounding import gcal, money, rubles


@pytest.mark.parametrize("round_", [money, rubles, gcal])
def test_a_value_too_large_to_round_is_a_rule_error(round_):
    with pytest.raises(RuleError, match="слишком велик"):
        round_(Decimal("1e400"))


def test_ordinary_values_round_half_up():
    assert (money(Decimal("1.005")), rubles(Decimal("17499.50")), gcal(Decimal("0.0005"))) == (
        Decimal("1.01"), Decimal("17500.00"), Decimal("0.001"))
