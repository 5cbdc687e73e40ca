"""Days as instants (core.days): a day begins at local midnight, a term ending on a day is over
at the next day's first instant — across a month's, a year's and February's end."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from core.days import day_after, day_start

pytestmark = pytest.mark.dateless  # fixed dates of its own: no clock is read


@pytest.mark.parametrize(
    ("day", "start_utc", "after_utc"),
    [
        (date(2026, 12, 31), datetime(2026, 12, 30, 21, tzinfo=UTC), datetime(2026, 12, 31, 21, tzinfo=UTC)),
        (date(2028, 2, 28), datetime(2028, 2, 27, 21, tzinfo=UTC), datetime(2028, 2, 28, 21, tzinfo=UTC)),
        (date(2028, 2, 29), datetime(2028, 2, 28, 21, tzinfo=UTC), datetime(2028, 2, 29, 21, tzinfo=UTC)),
        (date(2027, 2, 28), datetime(2027, 2, 27, 21, tzinfo=UTC), datetime(2027, 2, 28, 21, tzinfo=UTC)),
    ],
    ids=["new-year", "leap-28-feb", "leap-29-feb", "28-feb"],
)
def test_a_day_is_moscow_midnight_to_midnight(day, start_utc, after_utc):
    # when
    start, after = day_start(day), day_after(day)
    # then: Moscow is UTC+3 all year
    assert (start, after) == (start_utc, after_utc)
    assert timezone.localtime(start).date() == day
    assert timezone.localtime(after).date() == date.fromordinal(day.toordinal() + 1)
    assert timezone.localtime(after).time().isoformat() == "00:00:00"


def test_the_active_time_zone_decides():
    # given: a user's request in another zone
    with timezone.override("Asia/Yekaterinburg"):
        # when
        start = day_start(date(2027, 3, 1))
    # then: midnight there, UTC+5
    assert start == datetime(2027, 2, 28, 19, tzinfo=UTC)
