"""When a violation goes to the police (regulations.police): an unauthorised connection, or
damage over the large-scale threshold the caller passes (reference data in force on the day found)."""

from __future__ import annotations

from decimal import Decimal

from regulations.police import police_statement_due

THRESHOLD = Decimal("250000")


def test_an_unauthorised_connection_goes_to_the_police_whatever_the_damage():
    assert police_statement_due(unauthorised=True, damage=Decimal("1.00"), threshold=THRESHOLD)


def test_damage_over_the_threshold_goes_to_the_police_at_the_threshold_not():
    assert police_statement_due(unauthorised=False, damage=Decimal("250000.01"), threshold=THRESHOLD)
    assert not police_statement_due(unauthorised=False, damage=Decimal("250000.00"), threshold=THRESHOLD)


def test_the_threshold_is_the_one_passed():
    assert police_statement_due(unauthorised=False, damage=Decimal("100.00"), threshold=Decimal("99.99"))
    assert not police_statement_due(unauthorised=False, damage=Decimal("250000.01"), threshold=Decimal("300000"))
