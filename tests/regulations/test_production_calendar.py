from datetime import date

import pytest

from regulations.production_calendar import (
    ProductionCalendar,
    shift_to_working_day,
    statutory_days_off,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 9), False),  # moved from 03.01 (ПП № 1466)
        (date(2026, 1, 12), True),
        (date(2026, 3, 9), False),  # 08.03 is a Sunday
        (date(2026, 3, 10), True),
        (date(2026, 3, 14), False),  # an ordinary Saturday
    ],
)
def test_covered_year_uses_the_decree(calendar_2026, day, working):
    assert calendar_2026.is_working_day(day) is working


def test_a_working_saturday_is_a_working_day():
    calendar = ProductionCalendar(working_weekends=frozenset({date(2024, 4, 27)}), years=frozenset({2024}))
    assert calendar.is_working_day(date(2024, 4, 27))
    assert shift_to_working_day(date(2024, 4, 27), calendar).shifted is False


def test_uncovered_year_falls_back_to_the_labour_code(calendar_2026):
    # 2030 is not covered: weekends, holidays and the automatic move of ТК ст. 112 ч. 2
    assert not calendar_2026.is_working_day(date(2030, 1, 7))
    assert not calendar_2026.is_working_day(date(2030, 5, 9))  # Thursday, Victory Day
    assert calendar_2026.is_working_day(date(2030, 5, 8))
    assert not calendar_2026.is_covered(date(2030, 5, 8))


def test_statutory_days_off_move_a_weekend_holiday_except_in_january():
    days = statutory_days_off(2027)
    # 01.05 Saturday → 03.05, 09.05 Sunday → 10.05, 12.06 Saturday → 14.06
    assert {date(2027, 5, 3), date(2027, 5, 10), date(2027, 6, 14)} <= days
    # 02.01 and 03.01 fall on a weekend and move only by the government's decree
    assert date(2027, 1, 11) not in days


@pytest.mark.parametrize(
    ("nominal", "effective"),
    [
        (date(2026, 1, 10), date(2026, 1, 12)),  # Saturday inside the New Year holidays
        (date(2026, 3, 8), date(2026, 3, 10)),  # Sunday, then the moved Monday
        (date(2026, 3, 15), date(2026, 3, 16)),  # Sunday
        (date(2026, 2, 10), date(2026, 2, 10)),  # Tuesday: stays
    ],
)
def test_due_date_moves_to_the_next_working_day(calendar_2026, nominal, effective):
    shifted = shift_to_working_day(nominal, calendar_2026)
    assert shifted.date == effective
    assert shifted.nominal == nominal
    assert shifted.norm == "ГК РФ ст. 193"
