"""The term of the answer to an appeal: 3 working days for residents (ПП 354 п. 31 «к»),
counted from the next day (ГК ст. 191), over weekends and holidays; a calendar-day term moved
off a non-working day (ГК ст. 193)."""

from datetime import date

import pytest

from regulations.appeals import RESIDENT_NORM, AnswerTerm, answer_due_on
from regulations.production_calendar import ProductionCalendar

RESIDENT = AnswerTerm(days=3, working_days=True, norm=RESIDENT_NORM)
THIRTY = AnswerTerm(days=30, working_days=False, norm="порядок организации")
CALENDAR_2026 = ProductionCalendar(days_off=frozenset({date(2026, 11, 4)}), years=frozenset({2026}))


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 12, 7), date(2026, 12, 10)),  # Monday → Thursday
    (date(2026, 12, 4), date(2026, 12, 9)),  # Friday → Wednesday over the weekend
    (date(2026, 12, 5), date(2026, 12, 9)),  # received on Saturday: Mon, Tue, Wed
    (date(2026, 11, 2), date(2026, 11, 6)),  # Monday before the holiday of 4 November
])
def test_three_working_days_for_residents(received, due):
    result = answer_due_on(received, RESIDENT, CALENDAR_2026)
    assert result.date == due
    assert result.norm.startswith(RESIDENT_NORM) and "ГК РФ ст. 191" in result.norm


def test_a_calendar_day_term_ending_on_a_day_off_moves_to_the_next_working_day():
    # 04.11.2026 + 30 days = Friday 04.12.2026 (a working day); 07.11.2026 + 30 = Monday 07.12.2026
    assert answer_due_on(date(2026, 11, 4), THIRTY, CALENDAR_2026).date == date(2026, 12, 4)
    result = answer_due_on(date(2026, 11, 5), THIRTY, CALENDAR_2026)  # 05.12.2026 is a Saturday
    assert result.date == date(2026, 12, 7) and "ГК РФ ст. 193" in result.norm


def test_a_term_of_no_days_is_refused():
    with pytest.raises(ValueError, match="days"):
        answer_due_on(date(2026, 12, 7), AnswerTerm(days=0, working_days=True, norm=""), CALENDAR_2026)
