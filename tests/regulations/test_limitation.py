"""The limitation of a debt (ГК РФ ст. 196, 200, 191–193) and its interruption by an
acknowledgement (ГК РФ ст. 203, 206 п. 2)."""

from datetime import date

import pytest

from regulations.errors import RuleError
from regulations.limitation import PARTIAL_PAYMENT, RECONCILIATION, Acknowledgement, add_years, limitation


@pytest.mark.parametrize(
    ("due", "expires"),
    [
        (date(2026, 3, 10), date(2029, 3, 11)),  # the breach is known on 11.03.2026
        (date(2026, 12, 31), date(2030, 1, 1)),
        (date(2027, 2, 28), date(2030, 3, 1)),
        (date(2028, 2, 28), date(2031, 2, 28)),  # 29.02.2028 → no 29.02.2031: the month's last day (ст. 192 п. 3)
    ],
)
def test_three_years_from_the_day_after_the_due_date(due, expires):
    result = limitation(due_date=due)
    assert result.expires_on == expires
    assert result.acknowledgement is None
    assert result.norm.startswith("ГК РФ ст. 196 п. 1")


def test_a_signed_reconciliation_starts_the_period_anew():
    ack = Acknowledgement(date(2027, 5, 15), RECONCILIATION)
    result = limitation(due_date=date(2026, 3, 10), acknowledgements=[ack])
    assert (result.expires_on, result.runs_from, result.acknowledgement) == (date(2030, 5, 15), date(2027, 5, 15), ack)
    assert "ст. 203" in result.norm


def test_the_latest_acknowledgement_counts():
    acks = [Acknowledgement(date(2028, 1, 20), PARTIAL_PAYMENT), Acknowledgement(date(2027, 5, 15), RECONCILIATION)]
    assert limitation(due_date=date(2026, 3, 10), acknowledgements=acks).expires_on == date(2031, 1, 20)


def test_an_acknowledgement_before_the_breach_does_not_interrupt():
    ack = Acknowledgement(date(2026, 3, 1), RECONCILIATION)
    assert limitation(due_date=date(2026, 3, 10), acknowledgements=[ack]).expires_on == date(2029, 3, 11)


def test_after_expiry_only_a_written_acknowledgement_starts_it_again():
    late_payment = Acknowledgement(date(2029, 6, 1), PARTIAL_PAYMENT)
    late_act = Acknowledgement(date(2029, 6, 1), RECONCILIATION)
    assert limitation(due_date=date(2026, 3, 10), acknowledgements=[late_payment]).expires_on == date(2029, 3, 11)
    result = limitation(due_date=date(2026, 3, 10), acknowledgements=[late_act])
    assert result.expires_on == date(2032, 6, 1)
    assert "ст. 206 п. 2" in result.norm


class Weekdays:
    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5


def test_a_last_day_off_moves_to_the_next_working_day():
    # 11.03.2029 is a Sunday
    result = limitation(due_date=date(2026, 3, 10), calendar=Weekdays())
    assert result.expires_on == date(2029, 3, 12)
    assert "ст. 193" in result.norm


def test_add_years_keeps_the_day_or_takes_the_months_last():
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2025, 7, 31), 3) == date(2028, 7, 31)


def test_an_unknown_acknowledgement_is_refused():
    with pytest.raises(RuleError) as exc:
        limitation(due_date=date(2026, 3, 10), acknowledgements=[Acknowledgement(date(2027, 1, 1), "phone_call")])
    assert exc.value.field == "acknowledgements"
