"""A unit's status history has one rule (``metering.selectors.status_runs``): the selector
``unit_status_intervals`` and the billing run's ``status_spans`` (over preloaded rows) both
follow it. Checked against a day-by-day model over generated histories (hypothesis)."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.run.compute import status_spans
from billing.run.inputs import UnitRow
from metering.models import UnitStatus
from metering.selectors import StatusInterval, status_runs, unit_status_intervals

DAY0 = date(2026, 1, 1)
C, F, D, N = UnitStatus.COMMERCIAL, UnitStatus.FAULTY, UnitStatus.DECOMMISSIONED, UnitStatus.NOT_COMMISSIONED
HISTORIES = settings(max_examples=400, deadline=None, derandomize=True, database=None)

# few days, statuses and reasons, so that steps often share a day or repeat what holds
steps = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from([C, F, D, N]), st.sampled_from(["", "поверка", "пломба"]),
              st.sampled_from(["", "акт № 1"])),
    max_size=8,
)


def history(raw) -> list[SimpleNamespace]:
    """Recorded changes in the order they were recorded (id), as the model holds them."""
    return [
        SimpleNamespace(id=n, effective_from=DAY0 + timedelta(days=d), status=s, reason=r, basis=b)
        for n, (d, s, r, b) in enumerate(raw, start=1)
    ]


def by_date(changes):
    return sorted(changes, key=lambda c: (c.effective_from, c.id))


def day_by_day(changes, first: date, last: date) -> list[tuple[date, str, str, date | None]]:
    """For every day: the status and reason held (the latest step by date, then id) and
    since when without a break (None: since before the first step)."""
    ordered = by_date(changes)

    def held(day):
        last_step = None
        for c in ordered:
            if c.effective_from <= day:
                last_step = c
        return (N.value, "", None) if last_step is None else (last_step.status, last_step.reason, last_step)

    start = min([first] + [c.effective_from for c in ordered]) - timedelta(days=1)
    days, since, previous = [], None, None
    day = start
    while day <= last:
        status, reason, step = held(day)
        if previous is None or (status, reason) != previous:
            since = step.effective_from if step is not None else None
        previous = (status, reason)
        if day >= first:
            days.append((day, status, reason, since))
        day += timedelta(days=1)
    return days


def unfold(spans) -> list[tuple[date, str, str, date | None]]:
    days = []
    for lo, hi, status, reason, since in spans:
        day = lo
        while day <= hi:
            days.append((day, status, reason, since))
            day += timedelta(days=1)
    return days


@HISTORIES
@given(steps, st.integers(0, 35), st.integers(0, 20))
def test_the_selector_and_the_billing_run_follow_the_day_by_day_rule(raw, offset, length):
    # given a history and a range
    changes = history(raw)
    first, last = DAY0 + timedelta(days=offset), DAY0 + timedelta(days=offset + length)
    expected = day_by_day(changes, first, last)
    # when the selector reads it from the unit, the run from its preloaded rows
    unit = SimpleNamespace(status_changes=SimpleNamespace(all=lambda: changes))
    intervals = unit_status_intervals(unit, first, last)
    row = UnitRow(1, "УУ-1", "heating", False, [(c.effective_from, c.status, c.reason) for c in by_date(changes)])
    spans = status_spans(row, first, last)
    # then both give every day its status, reason and start
    assert unfold(spans) == expected
    assert unfold((i.start, i.end, i.status, i.reason, None) for i in intervals) == [d[:3] + (None,) for d in expected]
    assert [(i.start, i.end, i.status, i.reason) for i in intervals] == [s[:4] for s in spans]
    # as consecutive runs, each a change from the one before
    assert all(a[2:4] != b[2:4] for a, b in zip(spans, spans[1:], strict=False))
    # and each interval keeps the basis of the step that began it
    steps_of = {c.effective_from: c for c in by_date(changes)}  # the day's last step
    for interval, span in zip(intervals, spans, strict=True):
        assert interval.basis == (steps_of[span[4]].basis if span[4] else "")


def test_a_later_step_of_the_same_day_holds_and_a_repeat_continues_the_run():
    # given faulty from 05.01 (then corrected the same day to commercial), faulty again from 10.01,
    # and the same fault recorded once more on 20.01
    steps = [
        (date(2026, 1, 5), F, "пломба", ""), (date(2026, 1, 5), C, "", ""),
        (date(2026, 1, 10), F, "поверка", "акт 1"), (date(2026, 1, 20), F, "поверка", "акт 2"),
    ]
    # then
    assert status_runs(steps, date(2026, 1, 1), date(2026, 1, 31)) == [
        (date(2026, 1, 1), date(2026, 1, 4), (None, N, "", "")),
        (date(2026, 1, 5), date(2026, 1, 9), steps[1]),
        (date(2026, 1, 10), date(2026, 1, 31), steps[2]),
    ]
    assert status_runs(steps, date(2026, 1, 25), date(2026, 1, 25)) == [
        (date(2026, 1, 25), date(2026, 1, 25), steps[2])
    ]


def test_no_range_before_its_start():
    with pytest.raises(ValueError):
        status_runs([], date(2026, 1, 2), date(2026, 1, 1))


def test_an_interval_counts_its_days():
    assert StatusInterval(C, date(2026, 1, 1), date(2026, 1, 31)).days == 31
