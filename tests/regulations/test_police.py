"""When a violation goes to the police (regulations.police): an unauthorised connection, or
damage over the large-scale threshold in force on the day found."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from regulations.errors import RuleError
from regulations.police import large_damage_threshold, police_statement_due

DAY = date(2026, 1, 31)


def test_an_unauthorised_connection_goes_to_the_police_whatever_the_damage():
    assert police_statement_due(unauthorised=True, damage=Decimal("1.00"), found_on=DAY)


def test_damage_over_250_000_goes_to_the_police_at_the_threshold_not():
    assert police_statement_due(unauthorised=False, damage=Decimal("250000.01"), found_on=DAY)
    assert not police_statement_due(unauthorised=False, damage=Decimal("250000.00"), found_on=DAY)


def test_no_threshold_before_the_first_in_force_is_refused_naming_the_day():
    assert large_damage_threshold(DAY) == Decimal("250000")
    with pytest.raises(RuleError) as refused:
        large_damage_threshold(date(2000, 1, 1))
    assert refused.value.field == "found_on"
