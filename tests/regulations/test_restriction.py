"""Restriction of supply for a debt (ПП РФ № 808, п. 92–93): the grounds and the warning's lead time."""

from datetime import date
from decimal import Decimal

import pytest

from regulations.errors import RuleError
from regulations.restriction import RestrictionRule, earliest_restriction_day, restriction_grounds

RULE = RestrictionRule(valid_from=date(2012, 8, 8), periods=1, notice_days=10, norm="ПП РФ № 808, п. 92–93")


@pytest.mark.parametrize("debt, allowed", [
    (Decimal("150000.00"), True),  # more than one period's charge of 100 000.00
    (Decimal("100000.00"), False),  # exactly one period: not more
    (Decimal("0.00"), False),
])
def test_the_debt_must_exceed_one_period_of_payment(debt, allowed):
    grounds = restriction_grounds(overdue_debt=debt, period_charge=Decimal("100000.00"), rule=RULE)
    assert (grounds.allowed, grounds.threshold, grounds.norm) == (allowed, Decimal("100000.00"), RULE.norm)


def test_the_restriction_comes_no_earlier_than_the_lead_time_after_the_warning():
    assert earliest_restriction_day(notice_delivered_on=date(2026, 12, 2), rule=RULE) == date(2026, 12, 12)
    assert earliest_restriction_day(notice_delivered_on=date(2028, 2, 25), rule=RULE) == date(2028, 3, 6)


@pytest.mark.parametrize("kwargs, field", [
    ({"overdue_debt": Decimal("-1"), "period_charge": Decimal("1")}, "overdue_debt"),
    ({"overdue_debt": Decimal("1"), "period_charge": Decimal("-1")}, "period_charge"),
])
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(RuleError) as refused:
        restriction_grounds(rule=RULE, **kwargs)
    assert refused.value.field == field
