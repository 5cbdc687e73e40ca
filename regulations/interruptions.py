"""Interruptions of heat supply: the hours of an interruption and the heat a non-residential
consumer did not receive (ГК РФ ст. 542, 547; the heat-supply contract).

- The duration runs from the stop to the restoration (the dispatch log's times); hours to
  0.01, half-up, as the act prints them.
- A consumer billed by a calculated volume (no commercial meter, or a faulty one) does not
  pay for heat not delivered: the undelivered heat is the hours of the interruption times
  the object's contractual hourly load, Гкал to 0.001 (ГК РФ ст. 542 ч. 1 and ст. 547; the
  contract's clause on undersupply). A metered consumer pays for what the meter measured:
  the interruption is already in the metered volume, nothing is excluded.
- An interruption spanning months is split at midnight of the 1st (local time, the times as
  given): each month's hours go to that month (its charge, its rate); the last month takes
  the rest so the parts add up to the act's total hours.
- A fault on the consumer's side of the balance boundary (the contract's annex) is the
  consumer's: no recalculation (ГК РФ ст. 543).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .errors import RuleError
from .rounding import ZERO, gcal, money

UNDELIVERED_NORM = "ГК РФ ст. 542, 547; договор теплоснабжения (недоотпуск тепловой энергии)"
CONSUMER_SIDE_NORM = "ГК РФ ст. 543 (неисправность на стороне потребителя по акту разграничения)"
HOUR = Decimal(3600)
HOURS = Decimal("0.01")


def interruption_hours(stopped_at: datetime, restored_at: datetime) -> Decimal:
    """Hours from the stop to the restoration, to 0.01 half-up."""
    if restored_at < stopped_at:
        raise RuleError("restored_at: восстановление раньше прекращения подачи", field="restored_at")
    seconds = Decimal((restored_at - stopped_at).total_seconds())
    return (seconds / HOUR).quantize(HOURS, rounding=ROUND_HALF_UP)


def hours_by_month(stopped_at: datetime, restored_at: datetime) -> list[tuple[date, Decimal]]:
    """(first day of the month, hours in it) of an interruption, split at midnight of the 1st in
    the time zone of ``stopped_at`` (pass local times); hours to 0.01 half-up, the last month
    takes the rest so the parts add up to ``interruption_hours``. A zero-length interruption
    is one month with 0.00.

    Example: 31.01 22:00 – 01.02 06:00 → January 2.00 h, February 6.00 h."""
    total = interruption_hours(stopped_at, restored_at)
    tz = stopped_at.tzinfo
    parts: list[tuple[date, Decimal]] = []
    cursor = stopped_at
    while True:
        first = cursor.date().replace(day=1)
        following = datetime.combine((first + timedelta(days=32)).replace(day=1), time.min, tzinfo=tz)
        if following >= restored_at:
            parts.append((first, total - sum((hours for _, hours in parts), ZERO)))
            return parts
        parts.append((first, interruption_hours(cursor, following)))
        cursor = following


@dataclass(frozen=True, slots=True)
class Undelivered:
    hours: Decimal
    load_gcal_h: Decimal
    volume_gcal: Decimal  # Гкал not delivered (0 for a metered object)
    amount: Decimal  # money excluded from the charge, without VAT (≤ 0 as a correction: negated by the caller)
    metered: bool
    norm: str


def undelivered_heat(*, hours: Decimal, load_gcal_h: Decimal, rate: Decimal, metered: bool) -> Undelivered:
    """Heat a non-residential consumer did not receive during an interruption (the contract;
    ГК РФ ст. 542, 547): ``hours × load`` Гкал to 0.001 and its cost at ``rate`` (₽/Гкал
    without VAT) to the kopeck; a metered object keeps its metered volume: nothing.

    Example: 10 h × 0.2 Гкал/ч = 2.000 Гкал; at 2 500.00 ₽/Гкал — 5 000.00 ₽."""
    if hours < 0:
        raise RuleError("hours: часы не могут быть отрицательными", field="hours")
    if load_gcal_h < 0:
        raise RuleError("load_gcal_h: нагрузка не может быть отрицательной", field="load_gcal_h")
    if rate < 0:
        raise RuleError("rate: тариф не может быть отрицательным", field="rate")
    if metered:
        return Undelivered(hours, load_gcal_h, ZERO, money(ZERO), True, UNDELIVERED_NORM)
    volume = gcal(hours * load_gcal_h)
    return Undelivered(hours, load_gcal_h, volume, money(volume * rate), False, UNDELIVERED_NORM)
