"""The term of the answer to a consumer's appeal.

Norms: ПП РФ № 354 п. 31 «к» — a provider of utilities to residents keeps a register of
complaints and answers within **3 working days** of receipt; ГК РФ ст. 191 — a term counted in
days begins on the day after the day it starts from; ГК РФ ст. 193 — a term whose last day is
a non-working day ends on the next working day. Other applicants are answered within the
organisation's own term (a number of calendar or working days: reference data, dated).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .production_calendar import ProductionCalendar, shift_to_working_day

RESIDENT_NORM = "ПП РФ № 354, п. 31 «к»"
START_NORM = "ГК РФ ст. 191"


@dataclass(frozen=True, slots=True)
class AnswerTerm:
    """The term in force for one kind of applicant: ``days``, counted in working days when
    ``working_days``, else in calendar days; ``norm`` as documents cite it."""

    days: int
    working_days: bool
    norm: str


@dataclass(frozen=True, slots=True)
class AnswerDue:
    """The last day of the answer (``date``) and the norms it was counted by."""

    date: date
    norm: str


def answer_due_on(received: date, term: AnswerTerm, calendar: ProductionCalendar) -> AnswerDue:
    """The last day to answer an appeal received on ``received`` (ПП 354 п. 31 «к» for
    residents: 3 working days; ГК ст. 191: counted from the next day; ГК ст. 193: a calendar-day
    term ending on a non-working day moves to the next working day).

    >>> from regulations.production_calendar import ProductionCalendar
    >>> answer_due_on(date(2026, 12, 4), AnswerTerm(3, True, RESIDENT_NORM), ProductionCalendar()).date
    datetime.date(2026, 12, 9)
    """
    if term.days < 1:
        raise ValueError("days: the term is at least one day")
    if term.working_days:
        day, counted = received, 0
        while counted < term.days:
            day += timedelta(days=1)
            if calendar.is_working_day(day):
                counted += 1
        return AnswerDue(date=day, norm=f"{term.norm}; {START_NORM}")
    shifted = shift_to_working_day(received + timedelta(days=term.days), calendar)
    return AnswerDue(date=shifted.date, norm=f"{term.norm}; {START_NORM}; {shifted.norm}")
