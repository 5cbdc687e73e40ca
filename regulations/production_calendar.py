"""Working and non-working days (производственный календарь) and the shift of a due date.

Norms: ГК РФ ст. 193 — "если последний день срока приходится на нерабочий день, днем
окончания срока считается ближайший следующий за ним рабочий день"; ТК РФ ст. 111–112 —
Saturdays and Sundays, the official holidays, the automatic move of a day off that
coincides with a holiday (except the January holidays), and the government's yearly
decree moving days off ("О переносе выходных дней в … году").

The calendar is data: for every year it covers, it knows the weekday days off (holidays
and moved days off) and the weekend days that are working days. Outside the covered years
it falls back to ТК ст. 112 alone (weekends, holidays, the automatic move), without the
government's transfers, and says so (``is_covered``).

Days declared "нерабочие" by presidential decrees (2020–2021 epidemic, 24.06.2020,
01.07.2020) are not non-working days in the sense of ГК ст. 193 (Обзор ВС РФ № 1 от
21.04.2020, вопрос 3) and are not part of the calendar.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date, timedelta

SHIFT_NORM = "ГК РФ ст. 193"

# ТК РФ ст. 112 ч. 1: нерабочие праздничные дни (month, day).
STATUTORY_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
    (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4),
)
_JANUARY_HOLIDAYS = frozenset((1, d) for d in range(1, 9))
_ONE_DAY = timedelta(days=1)


def statutory_days_off(year: int) -> frozenset[date]:
    """Weekday days off of ``year`` under ТК РФ ст. 112 alone, without government transfers.

    The holidays falling on Monday–Friday, plus, for each non-January holiday falling on
    a Saturday or Sunday, the next working day (ТК ст. 112 ч. 2).
    """
    holidays = {date(year, m, d) for m, d in STATUTORY_HOLIDAYS}
    days_off = {d for d in holidays if d.weekday() < 5}
    for holiday in sorted(holidays):
        if holiday.weekday() < 5 or (holiday.month, holiday.day) in _JANUARY_HOLIDAYS:
            continue
        moved = holiday + _ONE_DAY
        while moved.weekday() >= 5 or moved in holidays or moved in days_off:
            moved += _ONE_DAY
        days_off.add(moved)
    return frozenset(days_off)


@dataclass(frozen=True, slots=True)
class ProductionCalendar:
    """Non-working weekdays and working weekend days of the covered years.

    ``days_off``: Monday–Friday dates that are not working days (holidays, moved days
    off); ``working_weekends``: Saturdays/Sundays that are working days; ``years``: the
    years the data covers (every other year falls back to ТК ст. 112).
    """

    days_off: frozenset[date] = frozenset()
    working_weekends: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()

    def is_covered(self, day: date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        if day.year in self.years:
            if day in self.working_weekends:
                return True
            return day.weekday() < 5 and day not in self.days_off
        return day.weekday() < 5 and day not in statutory_days_off(day.year)

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the nearest working day after it."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day


@dataclass(frozen=True, slots=True)
class ShiftedDate:
    """A due date after ГК ст. 193: ``date`` (the effective one) and ``nominal`` (as agreed)."""

    date: date
    nominal: datetime.date  # ``date`` here is the field above
    norm: str = SHIFT_NORM

    @property
    def shifted(self) -> bool:
        return self.date != self.nominal


def shift_to_working_day(nominal: date, calendar: ProductionCalendar | None) -> ShiftedDate:
    """Move a due date that falls on a non-working day to the next working day (ГК ст. 193).

    Without a calendar the date is kept as it is.
    """
    if calendar is None:
        return ShiftedDate(date=nominal, nominal=nominal)
    return ShiftedDate(date=calendar.next_working_day(nominal), nominal=nominal)
